import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_STATUSES, NOTIFICATION_TYPES, parseNotificationEvent } from "./events";

/** The repository's own examples of what the platform sends (documented in the README). */
const CONTRACTS = path.resolve(__dirname, "../../docs/events");

describe("event schemas", () => {
  const files = readdirSync(CONTRACTS).filter((file) => file.endsWith(".json"));

  it("find the platform's example events", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)("accept %s as it is", (file) => {
    const result = parseNotificationEvent(
      JSON.parse(readFileSync(path.join(CONTRACTS, file), "utf8")),
    );
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it("have an example of every notification type and status in the repository", () => {
    const events = files.map((file) =>
      JSON.parse(readFileSync(path.join(CONTRACTS, file), "utf8")),
    );
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(NOTIFICATION_TYPES));
    expect(new Set(events.map((event) => event.status))).toEqual(new Set(EVENT_STATUSES));
  });

  it("keep unknown fields, so callers can add fields without breaking sends", () => {
    const event = JSON.parse(readFileSync(path.join(CONTRACTS, "incident.json"), "utf8"));
    const result = parseNotificationEvent({ ...event, tenant_tier: "gold" });
    expect(result.ok && result.event).toMatchObject({ tenant_tier: "gold" });
  });

  it("name every bad field", () => {
    const result = parseNotificationEvent({
      type: "incident",
      id: "inc 1",
      status: "closed",
      organization: { id: "org_1", name: "Acme\r\nBcc: x@evil.test" },
      occurred_at: "yesterday",
      title: "T",
      summary: "S",
      severity: "medium",
      product: "EDR",
      host: "H",
      report_url: "javascript:alert(1)",
    });
    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : result.issues.map((issue) => issue.field);
    expect(fields.sort()).toEqual(
      ["id", "occurred_at", "organization.name", "report_url", "severity", "status"].sort(),
    );
  });

  it("require updated_at on an update, and only there", () => {
    const event = JSON.parse(readFileSync(path.join(CONTRACTS, "incident-updated.json"), "utf8"));
    const { updated_at: _, ...withoutTime } = event;
    expect(parseNotificationEvent(withoutTime)).toEqual({
      ok: false,
      issues: [{ field: "updated_at", message: "is required when status is updated" }],
    });
    expect(parseNotificationEvent({ ...withoutTime, status: "open" }).ok).toBe(true);
    expect(parseNotificationEvent({ ...event, updated_at: "soon" }).ok).toBe(false);
  });

  it("refuse an unknown type by naming it", () => {
    const result = parseNotificationEvent({ type: "weather" });
    expect(result.ok ? [] : result.issues).toEqual([
      {
        field: "type",
        message: "must be one of incident, escalation, platform_action, account_notice",
      },
    ]);
  });
});
