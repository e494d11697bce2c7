import { expect, test } from "@playwright/test";
import { count, eq } from "drizzle-orm";
import { first } from "@/db/client";
import {
  accounts,
  deliveries,
  dispatchState,
  integrationChanges,
  integrations,
  notifications,
  users,
  webhookSecrets,
} from "@/db/schema";
import { e2eDb } from "../support/accounts";
import { E2E } from "../support/env";
import { actionForm, actionResult, type BuiltAction, builtActions } from "./manifests";
import { postOnce, report, sessionCookie } from "./support";

/*
 * Part 5, forms and actions: every server action in the build's manifest, called over HTTP
 * as the browser calls it (`next-action` header, React's reply encoding), as the demo
 * account's admin, with hostile requests: bad field values, undecodable bodies, an oversized
 * body, and a cross-site or `null` Origin. Field errors or a refusal, never a 500, nothing
 * saved. The first test sends everything and checks the database; the ones after it judge
 * the answers, so the known defects can be marked one by one.
 */
test.describe.configure({ mode: "serial" });

const ADMIN = { email: "admin@demo.test", password: E2E.demoAdminPassword };

/**
 * Per action, by exported name: hostile field values that must come back as field errors, or
 * why there are none. An action missing here fails the run: add it when you add an action.
 */
const FIELDS: Record<string, Record<string, string> | { none: string }> = {
  signIn: { email: "not an address\r\nBcc: x@evil.test", password: "" },
  signOut: { none: "takes no input" },
  saveEmailSettingsAction: { integrationId: "x".repeat(500), settings: '{"defaults": 5' },
  revealWebhookSecret: { none: "takes no input" },
  rotateSecret: { none: "takes no input (a well-formed call rotates, as it should)" },
  retryDeliveriesAction: { notificationId: "x".repeat(200), deliveryId: "" },
  sendTestAction: {
    type: "apocalypse",
    status: "\u0000",
    source: "",
    recipients: "everyone",
    to: "a".repeat(6000),
  },
  removeFlaggedAddressAction: { address: "not an address\r\nBcc: x@evil.test" },
  endMaintenanceWindowAction: { windowId: "x".repeat(500) },
  revokePreviousSecrets: {
    none: "takes only the optional re-entered password (a well-formed call revokes, as it should)",
  },
  createPsaAction: {
    name: "\r\nBcc: x@evil.test",
    method: "fax",
    endpoint: "javascript:alert(1)",
    ticketAddress: "a".repeat(6000),
    "cover.incident": "on",
    "mode.incident": "always",
  },
  updatePsaAction: { name: "", method: "webhook", endpoint: "http://169.254.169.254/latest" },
  removePsaAction: { confirm: "yes please" },
  revealPsaSecretAction: { none: "takes only the optional password (the demo account has no PSA)" },
  sendTestTicketAction: { none: "takes no input (the demo account has no PSA)" },
  rotatePsaSecretAction: { none: "takes only the optional password (the demo account has no PSA)" },
  fixDuplicateAction: { fix: "everything", type: "apocalypse", address: "a".repeat(6000) },
  sendTestEventAction: { type: "apocalypse", status: "\u0000", signature: "forged" },
  retryFailedAction: { q: "x".repeat(500), status: "\u0000", from: "2026-13-45".repeat(30) },
};
/** Actions called as <form action={…}> take the form alone, not (previous state, form). */
const FORM_ONLY = new Set(["signOut"]);

type Kind = "fields" | "cross-site" | "null origin" | "malformed" | "oversized";
type Sent = { action: string; kind: Kind; variant: string; status: number; text: string };
const sent: Sent[] = [];

async function snapshot() {
  const db = e2eDb();
  const demo = (await first(db.select().from(accounts).where(eq(accounts.slug, "demo")).limit(1)))!;
  return {
    settings: await db.select().from(integrations),
    changes: (await first(db.select({ n: count() }).from(integrationChanges).limit(1)))!.n,
    secrets: await db.select().from(webhookSecrets),
    notifications: (await first(
      db
        .select({ n: count() })
        .from(notifications)
        .where(eq(notifications.accountId, demo.id))
        .limit(1),
    ))!.n,
    deliveries: (await first(
      db.select({ n: count() }).from(deliveries).where(eq(deliveries.accountId, demo.id)).limit(1),
    ))!.n,
    dispatchState: await db.select().from(dispatchState),
    users: (await first(db.select({ n: count() }).from(users).limit(1)))!.n,
  };
}

async function call(
  action: BuiltAction,
  cookie: string,
  body: BodyInit,
  headers: Record<string, string> = {},
) {
  const page = action.page.replace(/\[[^\]]+\]/g, "x");
  const answer = await postOnce(`${E2E.baseURL}${page}`, body, {
    "next-action": action.id,
    cookie,
    origin: E2E.baseURL,
    ...headers,
  });
  return { status: answer.status, text: answer.text };
}

test("hostile calls of every server action save nothing, end no session from another site and leave the server up", async () => {
  test.setTimeout(120_000);
  const actions = builtActions();
  expect(actions.length).toBeGreaterThan(0);
  const unknown = actions.filter((a) => !(a.name in FIELDS)).map((a) => `${a.name} (${a.file})`);
  expect(unknown, "actions in the build with no entry in FIELDS").toEqual([]);

  const before = await snapshot();
  const signedOut: string[] = [];
  for (const action of actions) {
    // A fresh session per action, so that one ended by a call does not hide the next ones.
    const cookie = await sessionCookie(E2E.baseURL, ADMIN);
    const args = FORM_ONLY.has(action.name) ? '["$K1"]' : undefined;
    const spec = FIELDS[action.name]!;
    const record = async (kind: Kind, variant: string, body: BodyInit, headers = {}) => {
      const answer = await call(action, cookie, body, headers);
      sent.push({ action: action.name, kind, variant, ...answer });
    };
    const hostileFields = "none" in spec ? {} : spec;
    if (!("none" in spec)) await record("fields", "hostile values", actionForm(spec, args));
    for (const origin of ["https://evil.example", "http://127.0.0.1.evil.example"]) {
      await record("cross-site", origin, actionForm(hostileFields, args), { origin });
    }
    await record("null origin", "null", actionForm(hostileFields, args), { origin: "null" });
    // Not even a cross-site signOut may end the session (the calls below are same-origin:
    // signOut may well do its job there).
    const session = await fetch(`${E2E.baseURL}/api/auth/get-session`, { headers: { cookie } });
    if (!(await session.json())?.user) signedOut.push(action.name);
    await record("malformed", "text body", "garbage{", { "content-type": "text/plain" });
    await record("malformed", "arguments not JSON", actionForm({}, "{not json"));
    await record("malformed", "arguments not a list", actionForm({}, '"just a string"'));
    await record("malformed", "JSON body of the wrong shape", '{"a":1}', {
      "content-type": "text/plain",
    });
    await record("oversized", "2 MB field", actionForm({ filler: "y".repeat(2_000_000) }, args));
  }
  const after = await snapshot();
  const health = await fetch(`${E2E.baseURL}/api/health`);
  const fiveHundreds = sent.filter((s) => s.status >= 500);
  report("forms-actions", {
    actions: actions.length,
    "hostile calls": sent.length,
    "field errors": sent.filter((s) => s.kind === "fields" && actionResult(s.text)?.errors).length,
    "answered 500": fiveHundreds.length,
    saved: JSON.stringify(after) === JSON.stringify(before) ? 0 : "changes!",
  });
  expect(after, "nothing saved").toEqual(before);
  expect(signedOut, "sessions ended by a cross-site call").toEqual([]);
  expect(health.status).toBe(200);
});

test("bad field values come back as field errors", () => {
  const calls = sent.filter((s) => s.kind === "fields");
  expect(calls.length).toBeGreaterThan(0);
  for (const s of calls) {
    expect(s.status, `${s.action}: ${s.text.slice(0, 300)}`).toBe(200);
    const result = actionResult(s.text);
    expect(result?.ok, `${s.action}: ${s.text.slice(0, 600)}`).toBe(false);
    expect(
      Object.keys((result?.errors as object) ?? {}).length,
      `${s.action}: ${s.text}`,
    ).toBeGreaterThan(0);
  }
});

test("a cross-site or null Origin is refused with 403", () => {
  const calls = sent.filter((s) => s.kind === "cross-site" || s.kind === "null origin");
  expect(calls.length).toBeGreaterThan(0);
  for (const s of calls) expect(s.status, `${s.action}, Origin ${s.variant}`).toBe(403);
});

test("undecodable action bodies are refused with a 4xx, not a 500", () => {
  // FIXME(action bodies): found by this suite, not yet reported elsewhere: Next answers a
  // body it can't decode (not multipart, arguments not JSON or not a list) with a 500 from
  // its action handler before any Beacon code runs. Remove this test.fail() once such calls
  // get a 4xx (e.g. a check in proxy.ts, or a Next.js release that answers 400).
  test.fail();
  const calls = sent.filter((s) => s.kind === "malformed");
  expect(calls.length).toBeGreaterThan(0);
  for (const s of calls) {
    expect(s.status, `${s.action}, ${s.variant}`).toBeGreaterThanOrEqual(400);
    expect(s.status, `${s.action}, ${s.variant}`).toBeLessThan(500);
  }
});

test("an oversized action body is refused with 413, not a 500", () => {
  // FIXME(action bodies): found by this suite: Next's "Body exceeded 1 MB limit" for server
  // actions is answered 500 (the error carries statusCode 413, the answer does not). Remove
  // this test.fail() once it answers 413.
  test.fail();
  const calls = sent.filter((s) => s.kind === "oversized");
  expect(calls.length).toBeGreaterThan(0);
  for (const s of calls) expect(s.status, s.action).toBe(413);
});
