"use server";

import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { db } from "@/db/client";
import { currentSecret } from "@/db/webhook-secrets";
import { portalAction } from "@/lib/auth/action";
import { EVENT_STATUSES, NOTIFICATION_TYPES } from "@/lib/core/events";
import { sampleEvent } from "@/lib/core/sample-events";
import { intakeRuntime } from "@/lib/runtime/intake";
import { requestOrigin } from "@/lib/security/origin";
import { refuseOverLimit } from "@/lib/security/portal-limits";
import { handleSingleEvent } from "@/lib/webhooks/intake-handler";

const schema = z.object({
  type: z.enum(NOTIFICATION_TYPES, { error: "Choose a notification type." }),
  status: z.enum(EVENT_STATUSES, { error: "Choose open, updated or resolved." }),
  signature: z.enum(["valid", "wrong"], { error: "Choose how to sign it." }),
});

export type TestEventAnswer = { status: number; body: string; webhookId: string; sent: string };

/**
 * Send test event: a sample event signed with the account's current secret (or, to see a
 * refusal, with a wrong one) and handed as an HTTP request to the very handler the webhook
 * route runs: signature check, rate limit, validation, routing, storage and the inbound log.
 * In-process rather than over the network, so no Host header can point the signed request
 * elsewhere. The event is real: it is routed and emailed like any other.
 */
export const sendTestEventAction = portalAction(
  { role: "admin", schema },
  async (input, session) => {
    const refused = await refuseOverLimit(db, "send-test", session.account.id);
    if (refused) return { ok: false, message: refused.message };
    const secret = await currentSecret(db, session.account.id);
    if (!secret)
      return { ok: false, message: "This account has no signing secret: rotate it first." };

    const event = sampleEvent(input.type, input.status);
    event.id = `test_${randomUUID()}`;
    event.title = `Test event: ${event.title}`;
    const body = JSON.stringify(event);
    const webhookId = `msg_test_${randomUUID()}`;
    const key =
      input.signature === "valid"
        ? secret.secret
        : `whsec_${Buffer.from(randomUUID().replaceAll("-", "")).toString("base64")}`;
    const origin = requestOrigin(await headers()) ?? "http://localhost";
    const url = `${origin}/api/v1/accounts/${session.account.slug}/notifications`;
    const request = new Request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": webhookId,
        "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
        "webhook-signature": new Webhook(key).sign(webhookId, new Date(), body),
      },
      body,
    });
    const response = await handleSingleEvent(intakeRuntime(), request, session.account.slug);
    const answer: TestEventAnswer = {
      status: response.status,
      body: await response.text(),
      webhookId,
      sent: JSON.stringify(event, null, 2),
    };
    return {
      ok: response.status < 400,
      message: `Beacon answered HTTP ${response.status}.`,
      values: { ...input, answer },
    };
  },
);
