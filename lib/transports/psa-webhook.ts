import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { signTicket, ticketBody } from "@/lib/core/ticket";
import type { BatchResult, OutboundEmail, Transport } from "@/lib/delivery/transport";
import { blockedAddressReason, guardedLookup } from "@/lib/security/ssrf";

/*
 * The PSA's webhook ticket: one signed JSON POST per delivery. The ticket's bytes are
 * fixed when the delivery is claimed (stored with the batch), and signed afresh on each
 * attempt with the same webhook-id, so a receiver dedupes retries by webhook-id and its
 * timestamp check still passes minutes later. Redirects are not followed; the address
 * connected to is checked after DNS (lib/security/ssrf.ts).
 */

export type PsaWebhookOptions = {
  /** The account's PSA signing secret (decrypted), or null when it has none any more. */
  secretFor: (accountId: string) => Promise<string | null>;
  allowPrivate: boolean;
  timeoutMs: number;
};

type Request = { endpoint: string; accountId: string; deliveryId: string; body: string };

export type TicketAnswer =
  | { kind: "answered"; status: number; location: string | null; text: string }
  | { kind: "failed"; code: string; message: string };

const MAX_ANSWER_BYTES = 64 * 1024;

/** POSTs a signed ticket; resolves with the PSA's answer or why there was none. */
export function postTicket(
  endpoint: string,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<TicketAnswer> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return Promise.resolve({ kind: "failed", code: "EINVALIDURL", message: "not a URL" });
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  // An IP literal never goes through `lookup`: check it here.
  if (!options.allowPrivate && isIP(host)) {
    const reason = blockedAddressReason(host);
    if (reason)
      return Promise.resolve({
        kind: "failed",
        code: "EBLOCKEDTARGET",
        message: `${reason}: refused`,
      });
  }
  if (url.protocol !== "https:" && !(options.allowPrivate && url.protocol === "http:")) {
    return Promise.resolve({
      kind: "failed",
      code: "EINSECURE",
      message: "only https:// endpoints are called",
    });
  }
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Beacon-PSA/1",
          "content-length": String(Buffer.byteLength(body)),
          ...headers,
        },
        lookup: guardedLookup(options) as never,
        timeout: options.timeoutMs,
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        });
        response.on("end", () =>
          resolve({
            kind: "answered",
            status: response.statusCode ?? 0,
            location: response.headers.location ?? null,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", (error) =>
          resolve({ kind: "failed", code: "ERESPONSE", message: error.message }),
        );
      },
    );
    req.on("timeout", () => {
      req.destroy(
        Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: "ETIMEDOUT" }),
      );
    });
    req.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ kind: "failed", code: error.code ?? "ERROR", message: error.message }),
    );
    req.end(body);
  });
}

/** The PSA's ticket id from its answer, when it gives one. */
function ticketId(text: string): string | null {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const id = value.ticket_id ?? value.id;
    return typeof id === "string" || typeof id === "number" ? String(id).slice(0, 200) : null;
  } catch {
    return null;
  }
}

/** What an answer means for the delivery: the same words the log and the test ticket show. */
export function classifyAnswer(
  deliveryId: string,
  host: string,
  answer: TicketAnswer,
): BatchResult {
  if (answer.kind === "failed") {
    const error = `PSA ${host} unreachable (${answer.code}): ${answer.message}`;
    // A refused target or a bad URL will not get better by waiting.
    return answer.code === "EBLOCKEDTARGET" ||
      answer.code === "EINSECURE" ||
      answer.code === "EINVALIDURL"
      ? { kind: "rejected", error }
      : { kind: "retry", error };
  }
  const { status } = answer;
  const snippet = answer.text.replace(/\s+/g, " ").trim().slice(0, 200);
  if (status >= 200 && status < 300) {
    const id = ticketId(answer.text);
    return {
      kind: "done",
      outcomes: [
        {
          deliveryId,
          ok: true,
          providerMessageId: id,
          delivered: true,
          detail: `Ticket accepted by ${host} (HTTP ${status})${id ? ` as ${id}` : ""}`,
        },
      ],
    };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: "rejected",
      error: `PSA ${host} answered HTTP ${status} (a redirect${answer.location ? ` to ${answer.location.slice(0, 200)}` : ""}); redirects are not followed: enter the final URL`,
    };
  }
  const error = `PSA ${host} answered HTTP ${status}${snippet ? `: ${snippet}` : ""}`;
  return status === 408 || status === 429 || status >= 500
    ? { kind: "retry", error }
    : { kind: "rejected", error };
}

export function createPsaWebhookTransport(options: PsaWebhookOptions): Transport {
  return {
    name: "psa-webhook",
    maxBatchSize: 1,
    encode(emails: OutboundEmail[]) {
      const email = emails[0];
      if (!email?.ticket) throw new Error("a PSA webhook batch needs its ticket");
      const { ticket } = email;
      const request: Request = {
        endpoint: ticket.endpoint,
        accountId: ticket.accountId,
        deliveryId: email.deliveryId,
        body: ticketBody({ ...ticket, subject: email.subject, text: email.text }),
      };
      return JSON.stringify(request);
    },
    async send(body: string): Promise<BatchResult> {
      const request = JSON.parse(body) as Request;
      if (!request.endpoint) {
        return {
          kind: "rejected",
          error: "The PSA integration was removed or no longer takes webhook tickets",
        };
      }
      const secret = await options.secretFor(request.accountId);
      if (!secret) return { kind: "rejected", error: "The PSA integration has no signing secret" };
      const headers = signTicket(secret, `msg_${request.deliveryId}`, request.body);
      const answer = await postTicket(request.endpoint, request.body, headers, options);
      let host = request.endpoint;
      try {
        host = new URL(request.endpoint).host;
      } catch {}
      return classifyAnswer(request.deliveryId, host, answer);
    },
  };
}
