import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/*
 * A local HTTP receiver standing in for a PSA's webhook, as e2e/resend-server/ stands in for
 * Resend: it verifies each ticket's Standard Webhooks signature with the PSA secret it is
 * given, keeps tickets by external reference the way a PSA files them, and answers as told
 * (201 with a ticket id, or 5xx).
 */

export type ReceivedTicket = {
  webhookId: string;
  verified: boolean;
  ticket: Record<string, unknown>;
};

export type PsaReceiver = {
  url: string;
  received: ReceivedTicket[];
  /** Tickets as the PSA holds them: one per external reference, its latest status. */
  tickets(): Map<string, Record<string, unknown>>;
  answer(status: number): void;
  setSecret(secret: string): void;
  close(): Promise<void>;
};

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

export function startPsaReceiver(options: { secret?: string } = {}): Promise<PsaReceiver> {
  let status = 201;
  let secret = options.secret ?? "";
  const received: ReceivedTicket[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let verified = false;
      try {
        if (secret) {
          new Webhook(secret).verify(body, {
            "webhook-id": header(req.headers, "webhook-id"),
            "webhook-timestamp": header(req.headers, "webhook-timestamp"),
            "webhook-signature": header(req.headers, "webhook-signature"),
          });
          verified = true;
        }
      } catch {}
      let ticket: Record<string, unknown> = {};
      try {
        ticket = JSON.parse(body);
      } catch {}
      received.push({ webhookId: header(req.headers, "webhook-id"), verified, ticket });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status < 300 ? JSON.stringify({ ticket_id: `T-${received.length}` }) : "unavailable");
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/beacon/tickets`,
        received,
        tickets() {
          const byReference = new Map<string, Record<string, unknown>>();
          // A webhook-id seen twice is one delivery retried: filed once.
          const seen = new Set<string>();
          for (const entry of received) {
            if (!entry.verified || seen.has(entry.webhookId)) continue;
            seen.add(entry.webhookId);
            const reference = String(entry.ticket.external_reference);
            byReference.set(reference, { ...byReference.get(reference), ...entry.ticket });
          }
          return byReference;
        },
        answer(next) {
          status = next;
        },
        setSecret(next) {
          secret = next;
        },
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
