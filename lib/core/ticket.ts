import { createHmac } from "node:crypto";

/*
 * The PSA webhook ticket (schema `beacon.ticket.v1`, documented in the README) and its
 * Standard Webhooks signature. Pure, so the transport, the test ticket and the tests build
 * the same bytes.
 */

export const TICKET_SCHEMA = "beacon.ticket.v1";

const PRIORITY: Record<string, 1 | 2 | 3> = { critical: 1, high: 2, low: 3 };

const LINK_FIELDS = [
  ["report_url", "report"],
  ["respond_url", "respond"],
  ["url", "details"],
] as const;

export type TicketInput = {
  notificationId: string;
  reference: string;
  isTest: boolean;
  payload: Record<string, unknown>;
  subject: string;
  text: string;
};

const str = (value: unknown) => (typeof value === "string" ? value : null);

export function ticketBody(input: TicketInput): string {
  const p = input.payload;
  const organization = (typeof p.organization === "object" && p.organization) as
    | { id?: unknown; name?: unknown }
    | false;
  const severity = str(p.severity);
  return JSON.stringify({
    schema: TICKET_SCHEMA,
    external_reference: input.reference,
    notification_id: input.notificationId,
    event_id: str(p.id),
    type: str(p.type),
    status: p.status === "resolved" ? "resolved" : "open",
    test: input.isTest,
    summary: input.subject,
    description: input.text,
    severity,
    priority: severity ? (PRIORITY[severity] ?? null) : null,
    company: organization
      ? { id: str(organization.id), name: str(organization.name) }
      : { id: null, name: null },
    occurred_at: str(p.occurred_at),
    resolved_at: str(p.resolved_at),
    links: LINK_FIELDS.flatMap(([field, rel]) => {
      const url = str(p[field]);
      return url ? [{ rel, url }] : [];
    }),
  });
}

/** The Standard Webhooks headers for `body`, signed with a `whsec_…` secret. */
export function signTicket(
  secret: string,
  webhookId: string,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key)
    .update(`${webhookId}.${nowSeconds}.${body}`)
    .digest("base64");
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": String(nowSeconds),
    "webhook-signature": `v1,${signature}`,
  };
}
