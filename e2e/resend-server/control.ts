import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { type FaultPlan, faultRatesSchema, faultSchema } from "./faults";
import { readBody, send } from "./http";
import type { AcceptedEmail, EventRequest, RequestRecord } from "./records";

export type ControlContext = {
  emails(): AcceptedEmail[];
  requests(): RequestRecord[];
  faults: FaultPlan;
  reset(): void;
  setRateLimit(rps: number | null): void;
  sendEvent(input: EventRequest): Promise<unknown>;
};

const faultsBody = z.object({
  queue: z.array(faultSchema).optional(),
  rates: faultRatesSchema.optional(),
  append: z.boolean().optional(),
});

/** The test-facing API under /_control/ (no auth: the server is for local use only). */
export function createControlHandler(ctx: ControlContext) {
  return async function handleControl(req: IncomingMessage, res: ServerResponse, path: string) {
    const raw = (await readBody(req)) ?? Buffer.alloc(0);
    const input = raw.length > 0 ? JSON.parse(raw.toString("utf8")) : {};
    const method = req.method ?? "GET";
    if (method === "GET" && path === "/_control/health")
      return send(res, { status: 200, body: { status: "ok" } });
    if (method === "GET" && path === "/_control/emails") {
      // ?summary=1 leaves out html and text, for runs of thousands of emails.
      const summary = new URL(req.url ?? "/", "http://local").searchParams.get("summary") === "1";
      const data = summary
        ? ctx.emails().map(({ html: _h, text: _t, ...rest }) => rest)
        : ctx.emails();
      return send(res, { status: 200, body: { data } });
    }
    if (method === "GET" && path === "/_control/requests") {
      return send(res, { status: 200, body: { data: ctx.requests() } });
    }
    if (path === "/_control/faults" && method === "GET")
      return send(res, { status: 200, body: ctx.faults.describe() });
    if (path === "/_control/faults" && method === "POST") {
      const parsed = faultsBody.parse(input);
      ctx.faults.set(parsed);
      return send(res, { status: 200, body: ctx.faults.describe() });
    }
    if (path === "/_control/reset" && method === "POST") {
      ctx.reset();
      return send(res, { status: 200, body: { status: "reset" } });
    }
    if (path === "/_control/rate-limit" && method === "POST") {
      const { rps } = z.object({ rps: z.number().positive().nullable() }).parse(input);
      ctx.setRateLimit(rps);
      return send(res, { status: 200, body: { rps } });
    }
    if (path === "/_control/events" && method === "POST") {
      return send(res, { status: 200, body: await ctx.sendEvent(input as EventRequest) });
    }
    send(res, { status: 404, body: { message: `No control route ${method} ${path}.` } });
  };
}
