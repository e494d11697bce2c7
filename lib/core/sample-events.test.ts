import { describe, expect, it } from "vitest";
import { EVENT_STATUSES, NOTIFICATION_TYPES, notificationEvent } from "./events";
import { SAMPLE_EVENTS, sampleEvent } from "./sample-events";

describe("sample events", () => {
  it("has a valid event of every type and status, unchanged by the schema", () => {
    for (const type of NOTIFICATION_TYPES) {
      for (const status of EVENT_STATUSES) {
        const event = SAMPLE_EVENTS[type][status];
        const parsed = notificationEvent.safeParse(event);
        expect(parsed.error?.issues, `${type}/${status}`).toBeUndefined();
        expect(parsed.data).toEqual(event);
        expect(event.type).toBe(type);
        expect(event.status).toBe(status);
      }
    }
  });

  it("gives resolved samples the id of the event they resolve, a resolution and a time", () => {
    for (const type of NOTIFICATION_TYPES) {
      const { open, resolved } = SAMPLE_EVENTS[type];
      expect(resolved.id).toBe(open.id);
      expect(resolved.resolution).toBeTruthy();
      expect(Date.parse(resolved.resolved_at ?? "")).toBeGreaterThan(Date.parse(open.occurred_at));
    }
  });

  it("previews an event for a chosen organization without touching the samples", () => {
    const event = sampleEvent("incident", "open", { id: "org_9", name: "Initrode (EU)" });
    expect(event.organization).toEqual({ id: "org_9", name: "Initrode (EU)" });
    expect(SAMPLE_EVENTS.incident.open.organization.name).toBe("Acme Dental");
    event.title = "changed";
    expect(SAMPLE_EVENTS.incident.open.title).not.toBe("changed");
  });
});
