import type { RefusalRecorder } from "@/db/inbound-refusals";
import type { WebhookLookup } from "@/db/webhook-lookup";

type ErrorBody = {
  error?: { code?: unknown; message?: unknown; fields?: unknown };
};

function fieldsOf(value: unknown): { field: string; message: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    typeof item === "object" && item !== null && "field" in item && "message" in item
      ? [{ field: String(item.field), message: String(item.message) }]
      : [],
  );
}

/**
 * The intake handler's onRefused: which account a refused request was for (by its URL's slug;
 * an unknown slug is not logged, so made-up accounts can't fill the table) and our own
 * answer to it, never the body. Looking the account up and reading the answer are
 * asynchronous, after it was sent, and skipped when the account's share of the queue is full.
 */
export function refusalLogger(lookup: WebhookLookup, recorder: RefusalRecorder) {
  return (request: Request, slug: string, response: Response) => {
    // A 503 is Beacon shedding load or unable to write: logging it would add work exactly
    // when there is none to spare (and the caller retries it with the same webhook-id).
    if (response.status === 503) return;
    const at = Date.now();
    const webhookId = request.headers.get("webhook-id");
    const endpoint = new URL(request.url).pathname.endsWith("/batch") ? "batch" : "single";
    // Cloned now, before the answer is sent and its body read; let go when nothing is logged.
    const answer = response.clone();
    lookup
      .account(slug)
      .then(async (account) => {
        if (!account || !recorder.accepts(account.id)) {
          await answer.body?.cancel();
          return;
        }
        const body = (await answer.json()) as ErrorBody;
        recorder.record({
          accountId: account.id,
          webhookId,
          endpoint,
          status: response.status,
          code: typeof body.error?.code === "string" ? body.error.code : "unknown",
          message: typeof body.error?.message === "string" ? body.error.message : "",
          fields: fieldsOf(body.error?.fields),
          at,
        });
      })
      .catch(() => {});
  };
}
