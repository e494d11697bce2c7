import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { and, count, eq, like } from "drizzle-orm";
import { first } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import {
  accounts,
  deliveries,
  integrationChanges,
  integrations,
  mailboxMessages,
  notifications,
  organizations,
  webhookSecrets,
} from "@/db/schema";
import { sampleEvent } from "@/lib/core/sample-events";
import { acceptTestSend } from "@/lib/intake/intake";
import { e2eDb } from "../support/accounts";
import { E2E } from "../support/env";
import { postSigned, uniqueEvent } from "../support/webhooks";
import { actionForm, actionResult, builtActions, builtRoutes } from "./manifests";
import { postOnce, report, sessionCookie, until } from "./support";

/*
 * Part 6, isolation: every page, route handler and server action of the build (read from
 * its manifests, so a new one can't be forgotten) tried with no session, as the demo
 * account's read-only Account User and as the other account's admin, with the demo
 * account's ids: refused, and nothing of the demo account in any answer it should not be in.
 */
test.describe.configure({ mode: "serial" });

type Who = "nobody" | "user" | "other admin";
const CREDENTIALS = {
  user: { email: "user@demo.test", password: E2E.demoUserPassword },
  "other admin": { email: "admin@other.test", password: E2E.demoAdminPassword },
};

type Ids = {
  accountId: string;
  integrationId: string;
  notificationId: string;
  testSendId: string;
  mailboxId: string;
  organizationId: string;
  marker: string;
};
let ids: Ids;
const cookies: Record<Who, string> = { nobody: "", user: "", "other admin": "" };

/** What of the demo account each identity must never see. */
function secretsFor(who: Who): string[] {
  const always = [E2E.demoWebhookSecret];
  return who === "user" ? always : [...always, ids.marker, "soc@demo.test", "Demo MSP"];
}

function expectNoLeak(who: Who, what: string, text: string) {
  for (const secret of secretsFor(who)) {
    expect(text.includes(secret), `${who}: ${what} shows "${secret.slice(0, 40)}"`).toBe(false);
  }
}

test.beforeAll(async () => {
  test.setTimeout(60_000);
  const db = e2eDb();
  const demo = (await first(db.select().from(accounts).where(eq(accounts.slug, "demo")).limit(1)))!;
  const marker = `Isolation marker ${randomUUID()}`;
  const answer = await postSigned(
    "demo",
    E2E.demoWebhookSecret,
    uniqueEvent("incident", { title: marker }),
  );
  expect(answer.status()).toBe(202);
  const notificationId = (await answer.json()).id as string;
  const organization = (await first(
    db.select().from(organizations).where(eq(organizations.accountId, demo.id)).limit(1),
  ))!;
  const event = sampleEvent("platform_action", "open", {
    id: organization.externalId,
    name: organization.name,
  });
  event.title = marker;
  const testSend = await acceptTestSend(intakeStoreFor(db), demo, {
    event,
    recipients: ["soc@demo.test"],
    organizationId: organization.id,
  });
  if (testSend.status === "conflict") throw new Error(testSend.message);
  const mailbox = await until(
    "the demo event in the mailbox",
    async () =>
      await first(
        db
          .select()
          .from(mailboxMessages)
          .where(
            and(
              eq(mailboxMessages.accountId, demo.id),
              like(mailboxMessages.subject, `%${marker}%`),
            ),
          )
          .limit(1),
      ),
    30_000,
  );
  const integration = (await first(
    db.select().from(integrations).where(eq(integrations.accountId, demo.id)).limit(1),
  ))!;
  ids = {
    accountId: demo.id,
    integrationId: integration.id,
    notificationId,
    testSendId: testSend.notificationId,
    mailboxId: mailbox.id,
    organizationId: organization.id,
    marker,
  };
  cookies.user = await sessionCookie(E2E.baseURL, CREDENTIALS.user);
  cookies["other admin"] = await sessionCookie(E2E.baseURL, CREDENTIALS["other admin"]);
});

/** The demo account as the database holds it: what no refused call may change. */
async function demoState() {
  const db = e2eDb();
  return {
    integration: await db
      .select()
      .from(integrations)
      .where(eq(integrations.accountId, ids.accountId)),
    changes: (await first(
      db
        .select({ n: count() })
        .from(integrationChanges)
        .where(eq(integrationChanges.integrationId, ids.integrationId))
        .limit(1),
    ))!.n,
    secrets: await db
      .select()
      .from(webhookSecrets)
      .where(eq(webhookSecrets.accountId, ids.accountId)),
    notifications: (await first(
      db
        .select({ n: count() })
        .from(notifications)
        .where(eq(notifications.accountId, ids.accountId))
        .limit(1),
    ))!.n,
    queued: (await first(
      db
        .select({ n: count() })
        .from(deliveries)
        .where(and(eq(deliveries.accountId, ids.accountId), eq(deliveries.status, "queued")))
        .limit(1),
    ))!.n,
  };
}

/** Fills a route's params with the demo account's ids. */
function fill(route: string): string {
  return route
    .replace("[integrationId]", ids.integrationId)
    .replace("[notificationId]", ids.testSendId)
    .replace("/mailbox/[id]", `/mailbox/${ids.mailboxId}`)
    .replace("/notifications/[id]", `/notifications/${ids.notificationId}`)
    .replace("[slug]", "demo")
    .replace("[...all]", "get-session");
}

type Expect = {
  status: number | number[] | "sign-in";
  public?: string;
  /** The answer must show the demo notification (proof that the ids tried are the right ones). */
  shows?: boolean;
};
type RouteRule = { method: "GET" | "POST" | "DELETE"; expect: Record<Who, Expect> };
const PAGE: RouteRule = {
  method: "GET",
  expect: {
    nobody: { status: "sign-in" },
    user: { status: 200 },
    "other admin": { status: [200, 404] },
  },
};
const BY_ID: RouteRule = {
  method: "GET",
  expect: {
    nobody: { status: "sign-in" },
    user: { status: 200, shows: true },
    "other admin": { status: 404 },
  },
};
const UNSIGNED_WEBHOOK: RouteRule = {
  method: "POST",
  expect: { nobody: { status: 401 }, user: { status: 401 }, "other admin": { status: 401 } },
};
const PUBLIC = (reason: string, status: number | number[] = 200): RouteRule => ({
  method: "GET",
  expect: {
    nobody: { status, public: reason },
    user: { status, public: reason },
    "other admin": { status, public: reason },
  },
});

/**
 * Every entry of the build's app-paths manifest. A new page or route handler fails the run
 * until it is added here with what each identity must get.
 */
const ROUTES: Record<string, RouteRule> = {
  "/(auth)/sign-in/page": {
    method: "GET",
    expect: {
      nobody: { status: 200, public: "the sign-in form is for visitors without a session" },
      // Someone signed in is sent on to the portal.
      user: { status: [200, 303, 307], public: "the caller's own session" },
      "other admin": { status: [200, 303, 307], public: "the caller's own session" },
    },
  },
  "/(portal)/page": PAGE,
  "/(portal)/integrations/page": PAGE,
  "/(portal)/integrations/email/page": PAGE,
  "/(portal)/integrations/psa/page": PAGE,
  "/(portal)/integrations/[integrationId]/route": {
    method: "DELETE",
    expect: { nobody: { status: 401 }, user: { status: 403 }, "other admin": { status: 404 } },
  },
  "/(portal)/mailbox/page": PAGE,
  "/(portal)/mailbox/[id]/page": BY_ID,
  "/(portal)/notifications/page": PAGE,
  "/(portal)/notifications/[id]/page": BY_ID,
  "/(portal)/notifications/[id]/payload/route": {
    method: "GET",
    expect: { nobody: { status: 401 }, user: { status: 200 }, "other admin": { status: 404 } },
  },
  "/(portal)/previews/page": PAGE,
  "/(portal)/previews/digest/page": PAGE,
  "/(portal)/developers/page": PAGE,
  "/(portal)/developers/requests/page": PAGE,
  // The CSV of the caller's own account: the other admin gets theirs, never the demo's rows.
  "/(portal)/notifications/export/route": {
    method: "GET",
    expect: { nobody: { status: 401 }, user: { status: 200 }, "other admin": { status: 200 } },
  },
  // The same description for every signed-in caller; nothing of an account is in it.
  "/api/v1/openapi.json/route": {
    method: "GET",
    expect: {
      nobody: { status: 401 },
      user: { status: 200, public: "the API description, the same for every account" },
      "other admin": { status: 200, public: "the API description, the same for every account" },
    },
  },
  "/(portal)/previews/outcome/[notificationId]/route": {
    method: "GET",
    expect: { nobody: { status: 401 }, user: { status: 200 }, "other admin": { status: 404 } },
  },
  "/_global-error/page": PUBLIC("Next's error page, rendered only on a failure", [200, 404, 500]),
  "/_not-found/page": PUBLIC("Next's not-found page", 404),
  "/api/auth/[...all]/route": PUBLIC(
    "better-auth's own API; get-session answers the caller's own session",
  ),
  "/api/bench/floor/route": PUBLIC("the benchmark's floor: 404 unless BENCH_FLOOR=1", [404, 405]),
  "/api/health/route": PUBLIC("the liveness probe; answers only ok or unavailable"),
  "/icon.svg/route": PUBLIC("the favicon, the same file for everyone"),
  "/api/v1/accounts/[slug]/notifications/route": UNSIGNED_WEBHOOK,
  "/api/v1/accounts/[slug]/notifications/batch/route": UNSIGNED_WEBHOOK,
  // Authenticated by the Svix signature alone: a session is no substitute.
  "/api/webhooks/resend/route": {
    method: "POST",
    expect: { nobody: { status: 400 }, user: { status: 400 }, "other admin": { status: 400 } },
  },
};

let tried = 0;

test("every page and route handler refuses the wrong caller and leaks nothing", async () => {
  test.setTimeout(120_000);
  const routes = builtRoutes();
  const missing = routes.filter((r) => !(r.entry in ROUTES)).map((r) => r.entry);
  expect(missing, "routes in the build with no entry in ROUTES").toEqual([]);
  const before = await demoState();
  for (const route of routes) {
    const rule = ROUTES[route.entry]!;
    const path =
      route.entry === "/_not-found/page"
        ? `/no-such-page-${randomUUID()}`
        : route.entry === "/_global-error/page"
          ? "/_global-error"
          : fill(route.route);
    for (const who of ["nobody", "user", "other admin"] as const) {
      const expected = rule.expect[who];
      const response = await fetch(`${E2E.baseURL}${path}`, {
        method: rule.method,
        headers: { cookie: cookies[who], origin: E2E.baseURL },
        body: rule.method === "POST" ? JSON.stringify({ events: [] }) : undefined,
        redirect: "manual",
      });
      tried++;
      const text = await response.text();
      const what = `${rule.method} ${path} (${route.entry})`;
      if (expected.status === "sign-in") {
        expect([303, 307], `${who}: ${what}`).toContain(response.status);
        expect(response.headers.get("location"), `${who}: ${what}`).toMatch(/\/sign-in/);
      } else {
        const statuses = Array.isArray(expected.status) ? expected.status : [expected.status];
        expect(statuses, `${who}: ${what} answered ${response.status}`).toContain(response.status);
      }
      if (expected.shows)
        expect(text, `${who}: ${what} shows the notification`).toContain(ids.marker);
      expectNoLeak(who, what, text);
    }
  }
  expect(await demoState()).toEqual(before);
});

type ActionRule = {
  fields: () => Record<string, string> | Promise<Record<string, string>>;
  /** What each identity's call must come to; `public` says why it is open to that caller. */
  expect: Record<Who, RegExp | { public: string }>;
};
const SIGNED_OUT = /Your session has ended/;
const ADMINS_ONLY = /Only Account Admins/;
const demoSettings = async () =>
  JSON.stringify({
    ...((await first(
      e2eDb().select().from(integrations).where(eq(integrations.id, ids.integrationId)).limit(1),
    ))!.settings as object),
    defaults: ["attacker@evil.test"],
  });

/** Every server action of the build, called with the demo account's ids. */
const ACTIONS: Record<string, ActionRule | { skip: string }> = {
  signIn: {
    fields: () => ({ email: "admin@demo.test", password: "not-the-password" }),
    expect: {
      nobody: /Email or password is incorrect/,
      user: /Email or password is incorrect/,
      "other admin": /Email or password is incorrect/,
    },
  },
  signOut: { skip: "ends only the caller's own session (and would end the ones used here)" },
  saveEmailSettingsAction: {
    fields: async () => ({ integrationId: ids.integrationId, settings: await demoSettings() }),
    expect: { nobody: SIGNED_OUT, user: ADMINS_ONLY, "other admin": /./ },
  },
  revealWebhookSecret: {
    fields: () => ({}),
    expect: {
      nobody: SIGNED_OUT,
      user: ADMINS_ONLY,
      "other admin": { public: "shows the other account's own secret (checked: never the demo's)" },
    },
  },
  rotateSecret: {
    fields: () => ({}),
    expect: {
      nobody: SIGNED_OUT,
      user: ADMINS_ONLY,
      "other admin": { public: "rotates the other account's own secret (the demo's is unchanged)" },
    },
  },
  retryDeliveriesAction: {
    fields: () => ({ notificationId: ids.notificationId }),
    expect: { nobody: SIGNED_OUT, user: ADMINS_ONLY, "other admin": /Nothing was queued/ },
  },
  sendTestAction: {
    fields: () => ({
      type: "incident",
      status: "open",
      source: ids.notificationId,
      organizationId: ids.organizationId,
      recipients: "routed",
      to: "",
    }),
    expect: { nobody: SIGNED_OUT, user: ADMINS_ONLY, "other admin": /Not sent/ },
  },
  removeFlaggedAddressAction: {
    // The demo's own address, in capitals: the action reads it lower-cased, while a refusal
    // echoing the caller's input doesn't count as showing the demo's address.
    fields: () => ({ address: "SOC@DEMO.TEST" }),
    expect: {
      nobody: SIGNED_OUT,
      user: ADMINS_ONLY,
      "other admin": {
        public:
          "removes the address from the other account's own settings (the demo's are unchanged)",
      },
    },
  },
  // Windows are looked up in the caller's own settings: the demo's id matches none of the other's.
  endMaintenanceWindowAction: {
    fields: () => ({ windowId: "demo-window" }),
    expect: { nobody: SIGNED_OUT, user: ADMINS_ONLY, "other admin": /not on now/ },
  },
  // The filters select among the caller's own notifications: the other account has no failed ones.
  retryFailedAction: {
    fields: () => ({ status: "undelivered" }),
    expect: { nobody: SIGNED_OUT, user: ADMINS_ONLY, "other admin": /Nothing was queued/ },
  },
  sendTestEventAction: {
    fields: () => ({ type: "incident", status: "open", signature: "wrong" }),
    expect: {
      nobody: SIGNED_OUT,
      user: ADMINS_ONLY,
      "other admin": {
        public:
          "posts a wrongly signed sample to the other account's own webhook (refused, as shown)",
      },
    },
  },
  // The PSA's actions act on the caller's own account only: the other admin's account has none.
  createPsaAction: {
    fields: () => ({ name: "", method: "webhook", endpoint: "https://psa.example.com/x" }),
    expect: { nobody: SIGNED_OUT, user: ADMINS_ONLY, "other admin": /Some fields need attention/ },
  },
  updatePsaAction: {
    fields: () => ({ name: "", method: "webhook", endpoint: "https://psa.example.com/x" }),
    expect: { nobody: SIGNED_OUT, user: ADMINS_ONLY, "other admin": /Some fields need attention/ },
  },
  removePsaAction: {
    fields: () => ({ confirm: "remove" }),
    expect: { nobody: SIGNED_OUT, user: ADMINS_ONLY, "other admin": /no PSA integration/ },
  },
  revealPsaSecretAction: {
    fields: () => ({}),
    expect: { nobody: SIGNED_OUT, user: ADMINS_ONLY, "other admin": /no PSA integration/ },
  },
  sendTestTicketAction: {
    fields: () => ({}),
    expect: { nobody: SIGNED_OUT, user: ADMINS_ONLY, "other admin": /no PSA integration/ },
  },
  rotatePsaSecretAction: {
    fields: () => ({}),
    expect: { nobody: SIGNED_OUT, user: ADMINS_ONLY, "other admin": /no PSA integration/ },
  },
  fixDuplicateAction: {
    fields: () => ({ fix: "on_failure", type: "incident", address: "help@psa.test" }),
    expect: { nobody: SIGNED_OUT, user: ADMINS_ONLY, "other admin": /does not cover/ },
  },
  revokePreviousSecrets: {
    fields: () => ({}),
    expect: {
      nobody: SIGNED_OUT,
      user: ADMINS_ONLY,
      "other admin": {
        public: "revokes the other account's own old secrets (the demo's are unchanged)",
      },
    },
  },
};

test("every server action refuses the wrong caller, changes nothing of this account and leaks nothing", async () => {
  test.setTimeout(120_000);
  const actions = builtActions();
  const missing = actions.filter((a) => !(a.name in ACTIONS)).map((a) => a.name);
  expect(missing, "actions in the build with no entry in ACTIONS").toEqual([]);
  const before = await demoState();
  let skipped = 0;
  for (const action of actions) {
    const rule = ACTIONS[action.name]!;
    if ("skip" in rule) {
      skipped++;
      continue;
    }
    for (const who of ["nobody", "user", "other admin"] as const) {
      const page = action.page.replace("[id]", ids.notificationId);
      const answer = await postOnce(`${E2E.baseURL}${page}`, actionForm(await rule.fields()), {
        "next-action": action.id,
        cookie: cookies[who],
        origin: E2E.baseURL,
      });
      tried++;
      const what = `${action.name} as ${who}`;
      expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBe(200);
      const result = actionResult(answer.text);
      const expected = rule.expect[who];
      if (expected instanceof RegExp) {
        expect(result?.ok, `${what}: ${answer.text.slice(0, 300)}`).toBe(false);
        expect(String(result?.message), what).toMatch(expected);
      }
      expectNoLeak(who, what, answer.text);
    }
  }
  expect(await demoState(), "nothing of the demo account changed").toEqual(before);
  report("isolation", {
    "pages and route handlers": builtRoutes().length,
    "server actions": actions.length - skipped,
    identities: 3,
    "calls tried": tried,
    leaked: 0,
    "changed by a refused call": 0,
  });
});
