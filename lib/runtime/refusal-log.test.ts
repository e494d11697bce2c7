import { describe, expect, it } from "vitest";
import type { Refusal, RefusalRecorder } from "@/db/inbound-refusals";
import type { WebhookLookup } from "@/db/webhook-lookup";
import { refusalLogger } from "./refusal-log";

function fakes() {
  const recorded: Refusal[] = [];
  const recorder: RefusalRecorder = {
    accepts: () => true,
    record: (refusal) => recorded.push(refusal) > 0,
    flush: async () => {},
    queued: 0,
  };
  const lookup: WebhookLookup = {
    account: async (slug) => (slug === "demo" ? { id: "acc_demo", slug } : null),
    secrets: async () => [],
  };
  return { recorded, log: refusalLogger(lookup, recorder) };
}

const request = (path: string, webhookId?: string) =>
  new Request(`http://beacon.test${path}`, {
    method: "POST",
    headers: webhookId ? { "webhook-id": webhookId } : {},
    body: '{"secret":"never stored"}',
  });

describe("the intake's refusal logger", () => {
  it("records our answer for a known account: status, code, message, fields, never the body", async () => {
    const { recorded, log } = fakes();
    const answer = Response.json(
      {
        error: {
          code: "invalid_event",
          message: "The event has invalid fields.",
          fields: [{ field: "host", message: "must not be empty" }],
        },
      },
      { status: 422 },
    );
    log(request("/api/v1/accounts/demo/notifications/batch", "msg_1"), "demo", answer);
    await expect.poll(() => recorded.length).toBe(1);
    expect(recorded[0]).toMatchObject({
      accountId: "acc_demo",
      webhookId: "msg_1",
      endpoint: "batch",
      status: 422,
      code: "invalid_event",
      message: "The event has invalid fields.",
      fields: [{ field: "host", message: "must not be empty" }],
    });
    expect(JSON.stringify(recorded)).not.toContain("never stored");
    // The answer itself is still readable by the caller it was sent to.
    expect((await answer.json()).error.code).toBe("invalid_event");
  });

  it("leaves out 503s: Beacon shedding load does no more work for them", async () => {
    const { recorded, log } = fakes();
    log(
      request("/api/v1/accounts/demo/notifications", "msg_3"),
      "demo",
      Response.json({ error: { code: "overloaded", message: "busy" } }, { status: 503 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recorded).toEqual([]);
  });

  it("ignores an unknown account, so made-up slugs cannot fill the log", async () => {
    const { recorded, log } = fakes();
    log(
      request("/api/v1/accounts/nobody/notifications", "msg_2"),
      "nobody",
      Response.json({ error: { code: "unauthorized", message: "x" } }, { status: 401 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recorded).toEqual([]);
  });
});
