import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { count, eq } from "drizzle-orm";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { first } from "@/db/client";
import { deliveryEvents, notifications, organizations } from "@/db/schema";
import { createTestAccount, e2eDb, type TestAccount } from "../support/accounts";
import { E2E } from "../support/env";
import { uniqueEvent } from "../support/webhooks";
import { FULL, report } from "./support";

/*
 * Part 4, hostile input: generated bodies and headers (fast-check) against the inbound
 * endpoints and Resend's events endpoint of the main server. Never a 5xx, every refusal
 * names its reason, a refusal stores nothing, a bad signature is always a 401, and two
 * identical requests at once make one notification.
 */
test.describe.configure({ mode: "serial" });

const RUNS = FULL
  ? { single: 2200, batch: 1200, resend: 1500, replay: 300, concurrent: 200 }
  : { single: 400, batch: 200, resend: 250, replay: 60, concurrent: 40 };
const tried = { requests: 0, refusals: 0, accepted: 0 };
const EVENT_TYPES = ["incident", "escalation", "platform_action", "account_notice"] as const;
const FIELDS = [
  "id",
  "type",
  "status",
  "organization",
  "organization.id",
  "organization.name",
  "occurred_at",
  "title",
  "summary",
  "severity",
  "product",
  "host",
  "report_url",
  "respond_url",
  "remediation_steps",
  "action_required",
  "body",
  "resolved_at",
  "vendor_extra",
];

let account: TestAccount;
test.beforeAll(async () => {
  account = await createTestAccount();
});

/** JSON nested `depth` levels deep (objects and arrays in turn), built as text: serializing
 * it inside the generators would overflow the test's own stack. */
function nestedJson(depth: number): string {
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    open += i % 2 ? "[" : '{"n":';
    close = (i % 2 ? "]" : "}") + close;
  }
  return `${open}"bottom"${close}`;
}

/** Generators stand in for deep values with a marker string; this puts the nesting in. */
function serialize(payload: unknown): string {
  const raw = JSON.stringify(payload) ?? "null";
  return raw.replace(/"__DEEP_(\d+)__"/g, (_, depth) => nestedJson(Number(depth)));
}

const crlf = fc
  .tuple(
    fc.string({ maxLength: 20 }),
    fc.constantFrom("\r\n", "\n", "\r", "\r\nBcc: x@evil.test\r\n"),
  )
  .map(([s, br]) => `${s}${br}${s}`);
const nasty = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  crlf,
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\u202egnp.exe",
    "💥".repeat(500),
    "<script>alert(1)</script>",
  ),
);
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const huge = fc.integer({ min: 5_000, max: 60_000 }).map((n) => "x".repeat(n));
// Up to 4,000 levels here; deeper bodies have their own test at the end (a known defect).
const deep = fc
  .oneof(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 1_000, max: 4_000 }))
  .map((depth) => `__DEEP_${depth}__`);
const value = fc.oneof(nasty, wrongType, huge, deep, fc.jsonValue({ maxDepth: 3 }));

/** A platform event with 0 to 3 fields changed or removed. */
const mutatedEvent = fc
  .record({
    type: fc.constantFrom(...EVENT_TYPES),
    changes: fc.array(
      fc.tuple(fc.constantFrom(...FIELDS), fc.option(value, { freq: 4, nil: undefined })),
      { maxLength: 3 },
    ),
  })
  .map(({ type, changes }) => {
    const event = uniqueEvent(type);
    for (const [field, change] of changes) {
      const [head, tail] = field.split(".") as [string, string | undefined];
      if (tail) {
        const organization = (event.organization ?? {}) as Record<string, unknown>;
        if (typeof organization === "object" && organization !== null) {
          if (change === undefined) delete organization[tail];
          else organization[tail] = change;
        }
        event.organization = organization;
      } else if (change === undefined) delete event[head];
      else event[head] = change;
    }
    return event;
  });

type Body = { raw: string; huge?: boolean };
const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 6, arbitrary: mutatedEvent.map((e) => ({ raw: serialize(e) })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ raw: serialize(v) })) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }).map((raw) => ({ raw })) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 262_145, max: 400_000 }).map((n) => ({
      raw: JSON.stringify({ ...uniqueEvent("incident"), summary: "s".repeat(n) }),
      huge: true,
    })),
  },
);

const SIGNATURES = [
  "valid",
  "valid among others",
  "bad",
  "missing",
  "other secret",
  "stale",
  "future",
  "garbage timestamp",
  "signed other body",
] as const;
type Signature = (typeof SIGNATURES)[number];
const signature = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Signature>("valid") },
  { weight: 8, arbitrary: fc.constantFrom<Signature>(...SIGNATURES) },
);
const asciiId = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 300,
});
const webhookId = fc.oneof(
  { weight: 4, arbitrary: fc.constant("fresh") },
  { weight: 1, arbitrary: asciiId },
);
const OTHER_SECRET = "whsec_b3RoZXItc2VjcmV0LW5vdC10aGlzLWFjY291bnRzLTMy";

function headersFor(secret: string, raw: string, kind: Signature, id: string) {
  const now = new Date();
  const at =
    kind === "stale"
      ? new Date(Date.now() - 6 * 60_000)
      : kind === "future"
        ? new Date(Date.now() + 6 * 60_000)
        : now;
  const sign = (s: string, b: string) => new Webhook(s).sign(id, at, b);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp":
      kind === "garbage timestamp" ? "12abc" : String(Math.floor(at.getTime() / 1000)),
    "webhook-signature":
      kind === "bad"
        ? `v1,${Buffer.from(randomUUID()).toString("base64")}`
        : kind === "other secret"
          ? sign(OTHER_SECRET, raw)
          : kind === "signed other body"
            ? sign(secret, `${raw} `)
            : kind === "valid among others"
              ? `v1,AAAA ${sign(OTHER_SECRET, raw)} ${sign(secret, raw)}`
              : sign(secret, raw),
  };
  if (kind === "missing")
    delete headers[["webhook-id", "webhook-timestamp", "webhook-signature"][raw.length % 3]!];
  return headers;
}

const signatureValid = (kind: Signature) => kind === "valid" || kind === "valid among others";

async function stateOf(accountId: string) {
  const db = e2eDb();
  return {
    notifications: (await first(
      db
        .select({ n: count() })
        .from(notifications)
        .where(eq(notifications.accountId, accountId))
        .limit(1),
    ))!.n,
    organizations: (await first(
      db
        .select({ n: count() })
        .from(organizations)
        .where(eq(organizations.accountId, accountId))
        .limit(1),
    ))!.n,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: generated requests get answers of any shape.
type Json = any;

/**
 * Posts as a well-behaved caller does: a 503 "overloaded" with Retry-After is Beacon shedding
 * load on purpose (a busy machine lags its event loop), so the same request is sent again
 * after the wait it asks for; any other answer is what the property judges.
 */
async function send(path: string, raw: string, headers: Record<string, string>) {
  tried.requests++;
  let response = await fetch(`${E2E.baseURL}${path}`, { method: "POST", body: raw, headers });
  for (let retry = 0; retry < 5 && (await shedding(response)); retry++) {
    const waitS = Number(response.headers.get("retry-after") ?? 1);
    await new Promise((resolve) => setTimeout(resolve, Math.min(waitS, 5) * 1000));
    response = await fetch(`${E2E.baseURL}${path}`, { method: "POST", body: raw, headers });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json: json as Json | undefined };
}

async function shedding(response: Response): Promise<boolean> {
  if (response.status !== 503 || !response.headers.get("retry-after")) return false;
  const answer = (await response
    .clone()
    .json()
    .catch(() => null)) as Json;
  return answer?.error?.code === "overloaded";
}

/** A refusal names its reason: {"error":{"code","message"}} with a message. */
function expectReason(answer: { status: number; text: string; json?: Json }) {
  expect(typeof answer.json?.error?.code, answer.text).toBe("string");
  expect(String(answer.json?.error?.message ?? "").length, answer.text).toBeGreaterThan(0);
}

async function expectHealthy() {
  const health = await fetch(`${E2E.baseURL}/api/health`);
  expect(health.status, "the server is still up").toBe(200);
}

test("POST …/notifications: generated bodies and headers never give a 5xx, refusals name their reason and store nothing", async () => {
  test.setTimeout(FULL ? 900_000 : 120_000);
  const path = `/api/v1/accounts/${account.slug}/notifications`;
  await fc.assert(
    fc.asyncProperty(body, signature, webhookId, async (b, kind, idKind) => {
      const id = idKind === "fresh" ? `msg_${randomUUID()}` : idKind;
      const before = await stateOf(account.id);
      const answer = await send(path, b.raw, headersFor(account.webhookSecret, b.raw, kind, id));
      expect(answer.status, answer.text).toBeLessThan(500);
      if (b.huge) expect(answer.status).toBe(413);
      else if (!signatureValid(kind)) expect(answer.status, answer.text).toBe(401);
      else expect(answer.status).not.toBe(401);
      if (answer.status >= 400) {
        tried.refusals++;
        expectReason(answer);
        expect(await stateOf(account.id), "a refusal stores nothing").toEqual(before);
      } else {
        tried.accepted++;
        expect(typeof answer.json?.id).toBe("string");
      }
    }),
    { numRuns: RUNS.single },
  );
  await expectHealthy();
});

test("POST …/notifications/batch: generated batches never give a 5xx and answer each event with its reason", async () => {
  test.setTimeout(FULL ? 900_000 : 120_000);
  const path = `/api/v1/accounts/${account.slug}/notifications/batch`;
  const batch = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.array(mutatedEvent, { maxLength: 12 }).map((events) => ({ events })),
    },
    { weight: 1, arbitrary: fc.array(mutatedEvent, { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 101, max: 130 })
        .map((n) => ({ events: Array.from({ length: n }, () => ({})) })),
    },
    { weight: 1, arbitrary: fc.record({ events: value }) },
    { weight: 1, arbitrary: value },
  );
  await fc.assert(
    fc.asyncProperty(batch, signature, async (payload, kind) => {
      const raw = serialize(payload);
      const before = await stateOf(account.id);
      const answer = await send(
        path,
        raw,
        headersFor(account.webhookSecret, raw, kind, `msg_${randomUUID()}`),
      );
      expect(answer.status, answer.text).toBeLessThan(500);
      if (!signatureValid(kind)) expect(answer.status, answer.text).toBe(401);
      if (answer.status >= 400) {
        tried.refusals++;
        expectReason(answer);
        expect(await stateOf(account.id), "a refused batch stores nothing").toEqual(before);
        return;
      }
      expect(answer.status).toBe(200);
      const results = answer.json?.results as { status: number; body: Json }[];
      let taken = 0;
      for (const result of results) {
        expect(result.status, JSON.stringify(result)).toBeLessThan(500);
        if (result.status >= 400) {
          tried.refusals++;
          expect(
            String(result.body?.error?.message ?? "").length,
            JSON.stringify(result),
          ).toBeGreaterThan(0);
        } else {
          tried.accepted++;
          if (!result.body.duplicate) taken++;
        }
      }
      expect((await stateOf(account.id)).notifications - before.notifications).toBe(taken);
    }),
    { numRuns: RUNS.batch },
  );
  await expectHealthy();
});

test("POST /api/webhooks/resend: generated events and Svix headers never give a 5xx, refusals name their reason and store nothing", async () => {
  test.setTimeout(FULL ? 900_000 : 120_000);
  const resendEvent = fc.oneof(
    fc.record(
      {
        type: fc.oneof(
          fc.constantFrom(
            "email.sent",
            "email.delivered",
            "email.bounced",
            "email.complained",
            "email.failed",
            "email.opened",
          ),
          nasty,
        ),
        created_at: fc.oneof(fc.constant(new Date().toISOString()), nasty, wrongType),
        data: fc.oneof(
          fc.record(
            {
              email_id: fc.oneof(fc.uuid(), nasty, wrongType),
              to: fc.oneof(fc.array(nasty, { maxLength: 2 }), wrongType),
              headers: fc.oneof(
                fc.constant([{ name: "X-Beacon-Delivery-Id", value: randomUUID() }]),
                wrongType,
              ),
            },
            { requiredKeys: [] },
          ),
          value,
        ),
      },
      { requiredKeys: [] },
    ),
    value,
  );
  const svixKind = fc.constantFrom(
    "valid",
    "valid",
    "valid",
    "bad",
    "missing",
    "stale",
    "other secret",
  );
  await fc.assert(
    fc.asyncProperty(resendEvent, svixKind, async (event, kind) => {
      const raw = serialize(event);
      const svixId = `msg_${randomUUID().replaceAll("-", "")}`;
      const at = kind === "stale" ? new Date(Date.now() - 10 * 60_000) : new Date();
      const secret = kind === "other secret" ? OTHER_SECRET : E2E.resendWebhookSecret;
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "svix-id": svixId,
        "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
        "svix-signature": kind === "bad" ? "v1,AAAA" : new Webhook(secret).sign(svixId, at, raw),
      };
      if (kind === "missing") delete headers["svix-signature"];
      const answer = await send("/api/webhooks/resend", raw, headers);
      expect(answer.status, answer.text).toBeLessThan(500);
      if (kind !== "valid") expect(answer.status, answer.text).toBe(400);
      const stored = await e2eDb()
        .select({ id: deliveryEvents.id })
        .from(deliveryEvents)
        .where(eq(deliveryEvents.providerEventId, svixId));
      if (answer.status >= 400) {
        tried.refusals++;
        const reason = answer.json?.error;
        expect(typeof reason === "string" ? reason : reason?.message, answer.text).toBeTruthy();
        expect(stored, "a refused event stores nothing").toEqual([]);
      } else {
        tried.accepted++;
        // No generated event names one of this server's deliveries: nothing to record.
        expect(stored).toEqual([]);
      }
    }),
    { numRuns: RUNS.resend },
  );
  await expectHealthy();
});

test("replays: the same request again is the first answer, the same webhook-id with another body is a 409", async () => {
  test.setTimeout(FULL ? 600_000 : 120_000);
  const path = `/api/v1/accounts/${account.slug}/notifications`;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...EVENT_TYPES), nasty, async (type, title) => {
      const event = uniqueEvent(type, { title: title.replace(/[\r\n]/g, " ").trim() || "t" });
      const raw = JSON.stringify(event);
      const id = `msg_${randomUUID()}`;
      const first = await send(path, raw, headersFor(account.webhookSecret, raw, "valid", id));
      const before = await stateOf(account.id);
      const again = await send(path, raw, headersFor(account.webhookSecret, raw, "valid", id));
      expect(again.status).toBe(first.status);
      if (first.status < 300)
        expect(again.json).toMatchObject({ id: first.json?.id, duplicate: true });
      const changed = JSON.stringify({ ...event, summary: `${String(event.summary)} (changed)` });
      const conflict = await send(
        path,
        changed,
        headersFor(account.webhookSecret, changed, "valid", id),
      );
      if (first.status < 300) {
        expect(conflict.status, conflict.text).toBe(409);
        expectReason(conflict);
      }
      expect(await stateOf(account.id)).toEqual(before);
    }),
    { numRuns: RUNS.replay },
  );
});

test("two identical requests at once create one notification", async () => {
  test.setTimeout(FULL ? 600_000 : 120_000);
  const path = `/api/v1/accounts/${account.slug}/notifications`;
  let pairs = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...EVENT_TYPES), fc.boolean(), async (type, sameWebhookId) => {
      const raw = JSON.stringify(uniqueEvent(type));
      const before = (await stateOf(account.id)).notifications;
      const ids = sameWebhookId
        ? [`msg_${randomUUID()}`, undefined]
        : [`msg_${randomUUID()}`, `msg_${randomUUID()}`];
      ids[1] ??= ids[0];
      const answers = await Promise.all(
        ids.map((id) => send(path, raw, headersFor(account.webhookSecret, raw, "valid", id!))),
      );
      pairs++;
      for (const answer of answers) expect(answer.status, answer.text).toBe(202);
      expect(answers[0]!.json?.id).toBe(answers[1]!.json?.id);
      expect((await stateOf(account.id)).notifications - before).toBe(1);
    }),
    { numRuns: RUNS.concurrent },
  );
  report("hostile-input", {
    "inputs tried": tried.requests,
    refused: tried.refusals,
    accepted: tried.accepted,
    "concurrent identical pairs": pairs,
    "5xx": 0,
    crashes: 0,
  });
});

async function sendDeep(depth: number) {
  const single = `/api/v1/accounts/${account.slug}/notifications`;
  const marker = `__DEEP_${depth}__`;
  const cases: [string, string, unknown][] = [
    ["the whole body", single, marker],
    ["a known field", single, { ...uniqueEvent("incident"), findings: marker }],
    ["an unknown field (kept)", single, { ...uniqueEvent("incident"), vendor: marker }],
    ["a batch", `${single}/batch`, { events: [{ ...uniqueEvent("incident"), vendor: marker }] }],
  ];
  for (const [name, path, payload] of cases) {
    const raw = serialize(payload);
    const answer = await send(
      path,
      raw,
      headersFor(account.webhookSecret, raw, "valid", `msg_${randomUUID()}`),
    );
    expect(answer.status, `${depth} levels, ${name}: ${answer.text.slice(0, 200)}`).toBeLessThan(
      500,
    );
    if (answer.status >= 400) expectReason(answer);
  }
  await expectHealthy();
}

test("bodies nested 4,000 levels deep are answered without a 5xx", async () => {
  await sendDeep(4000);
});

test("bodies nested 4,500 and 10,000 levels deep are answered without a 5xx", async () => {
  await sendDeep(4500);
  await sendDeep(10_000);
});
