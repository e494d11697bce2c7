import { createHash, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, test } from "./fixtures";
import { createTestAccount, e2eDb } from "./support/accounts";
import { E2E } from "./support/env";
import { acceptTestEvent } from "./support/notifications";

const origin = E2E.baseURL;

// ── 1 and 7: ?next= never leaves the origin and never gives a 5xx ──────────────────

const NEXT_PAYLOADS = [
  "/%09/evil.test",
  "/%5Cevil.test",
  "/%5C%5Cevil.test",
  "//evil.test",
  "/%2F/evil.test",
  "https://evil.test",
  "https%3A%2F%2Fevil.test",
  "/%0ax",
  "/%0d%0aSet-Cookie:%20a=b",
  "/%E2%80%AEx",
  "/Z%C3%BCrich",
  "%09//evil.test",
];

test("signed in, /sign-in?next=<payload> redirects within the origin with a valid location", async ({
  adminPage: page,
}) => {
  for (const payload of NEXT_PAYLOADS) {
    const response = await page.request.get(`/sign-in?next=${payload}`, { maxRedirects: 0 });
    expect(response.status(), payload).toBeLessThan(500);
    const location = response.headers().location ?? "";
    expect(new URL(location, origin).origin, `${payload} → ${location}`).toBe(origin);
  }
});

test("through the sign-in form, a hostile ?next= lands on the portal, never elsewhere", async ({
  page,
  account,
}) => {
  for (const payload of ["/%09/evil.test", "/%0ax"]) {
    await page.context().clearCookies();
    await page.goto(`/sign-in?next=${payload}`);
    await page.getByLabel("Email").fill(account.user.email);
    await page.getByLabel("Password").fill(account.user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("banner")).toContainText(account.user.email);
    expect(new URL(page.url()).origin).toBe(origin);
  }
});

test("a server action posted from a foreign origin is refused with a 4xx, not a 500", async ({
  adminPage: page,
}) => {
  const response = await page.request.post("/integrations/email", {
    headers: { origin: "https://evil.test", "next-action": "0".repeat(42) },
    data: "[]",
  });
  expect(response.status()).toBeGreaterThanOrEqual(400);
  expect(response.status()).toBeLessThan(500);
});

// ── 2: better-auth trusts only the portal's own origin ─────────────────────────────

test("sign-in from a foreign Origin sets no cookie", async ({ request, account }) => {
  const response = await request.post("/api/auth/sign-in/email", {
    data: account.admin,
    headers: { origin: "https://evil.test" },
  });
  expect(response.status()).toBe(403);
  expect(response.headers()["set-cookie"]).toBeUndefined();
});

test("auth endpoints the portal does not use, and off-site callbacks, are refused", async ({
  request,
}) => {
  for (const path of [
    "/api/auth/verify-email?token=x&callbackURL=https://evil.test/",
    "/api/auth/reset-password/x?callbackURL=https://evil.test/",
    "/api/auth/get-session?callbackURL=https://evil.test/",
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect([403, 404], path).toContain(response.status());
    expect(response.headers().location, path).toBeUndefined();
  }
  const signUp = await request.post("/api/auth/sign-up/email", {
    data: { email: "new@example.test", password: "long-enough-pw", name: "x" },
    headers: { origin },
  });
  expect(signUp.status()).toBe(404);
});

test("sign-in with an off-site callbackURL is refused", async ({ request, account }) => {
  const response = await request.post("/api/auth/sign-in/email", {
    data: { ...account.admin, callbackURL: "https://evil.test/" },
    headers: { origin },
  });
  expect(response.status()).toBe(403);
  expect(response.headers()["set-cookie"]).toBeUndefined();
});

// ── 11: no token in the body; Secure behind a trusted TLS proxy only ───────────────

test("the sign-in answer carries the session in an HttpOnly cookie, not in its body", async ({
  request,
  account,
}) => {
  const response = await request.post("/api/auth/sign-in/email", {
    data: account.admin,
    headers: { origin },
  });
  expect(response.ok()).toBe(true);
  const body = await response.json();
  expect(body).not.toHaveProperty("token");
  expect(JSON.stringify(body)).not.toMatch(/"token"/);
  expect(response.headers()["set-cookie"]).toMatch(/HttpOnly/i);
  const session = await request.get("/api/auth/get-session");
  expect(JSON.stringify(await session.json())).not.toMatch(/"token"/);
});

// ── 3: failed sign-ins are limited per email ───────────────────────────────────────

test("the 11th failed sign-in in a minute is refused, for known and unknown emails alike", async ({
  page,
  account,
}) => {
  const unknown = `nobody-${randomUUID().slice(0, 8)}@example.test`;
  for (const email of [account.admin.email, unknown]) {
    for (let i = 0; i < 10; i++) {
      const wrong = await page.request.post("/api/auth/sign-in/email", {
        data: { email, password: `wrong-${i}-password` },
        headers: { origin },
      });
      expect(wrong.status(), `${email} #${i + 1}`).toBe(401);
    }
    const eleventh = await page.request.post("/api/auth/sign-in/email", {
      data: { email, password: "wrong-11-password" },
      headers: { origin },
    });
    expect(eleventh.status()).toBe(429);
    expect(Number(eleventh.headers()["retry-after"])).toBeGreaterThan(0);
  }
  // Even the right password waits for the window; the form says so.
  const right = await page.request.post("/api/auth/sign-in/email", {
    data: account.admin,
    headers: { origin },
  });
  expect(right.status()).toBe(429);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(account.admin.email);
  await page.getByLabel("Password").fill(account.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "Too many failed sign-ins for this email",
  );
});

test("after the minute, the right password works again", async ({ request, account }) => {
  for (let i = 0; i < 11; i++) {
    await request.post("/api/auth/sign-in/email", {
      data: { email: account.admin.email, password: `wrong-${i}-password` },
      headers: { origin },
    });
  }
  const key = `sign-in:${createHash("sha256").update(account.admin.email).digest("hex")}`;
  // The minute passes (moved back in the shared database rather than waited for).
  await e2eDb().run(
    sql`update rate_limits set last_request = last_request - 61000 where key = ${key}`,
  );
  const right = await request.post("/api/auth/sign-in/email", {
    data: account.admin,
    headers: { origin },
  });
  expect(right.status()).toBe(200);
});

// ── 10: security headers on every response; no page can be framed ─────────────────

const PAGES = [
  "/sign-in",
  "/",
  "/integrations",
  "/integrations/email",
  "/notifications",
  "/mailbox",
  "/previews",
];

test("every page carries a nonce CSP and the security headers", async ({ adminPage: page }) => {
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp, path).not.toContain("unsafe-eval");
    nonces.add(/'nonce-([^']+)'/.exec(csp)?.[1] ?? "");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["permissions-policy"], path).toContain("camera=()");
    // Served over plain http here: no HSTS.
    expect(headers["strict-transport-security"], path).toBeUndefined();
  }
  expect(nonces.size).toBe(PAGES.length);
});

test("API answers carry the headers and a CSP that allows nothing", async ({ request }) => {
  for (const path of ["/api/health", "/api/auth/get-session"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["content-security-policy"], path).toContain("default-src 'none'");
  }
});

test("HSTS is sent when a trusted TLS proxy says https, and only then", async ({ request }) => {
  const spoofed = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
  // TRUST_PROXY is not set for this server: a client's own X-Forwarded-Proto means nothing.
  expect(spoofed.headers()["strict-transport-security"]).toBeUndefined();
});

test("a same-origin page cannot frame the Email Integration page", async ({ adminPage: page }) => {
  await page.goto("/integrations/email");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const framed = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const frame = document.createElement("iframe");
        frame.src = "/integrations/email";
        frame.onload = () => {
          try {
            resolve(frame.contentDocument?.body?.textContent ?? "blocked");
          } catch {
            resolve("blocked");
          }
        };
        document.body.append(frame);
      }),
  );
  expect(framed).not.toContain("Rotate secret");
  expect(framed).not.toContain("Inbound webhook");
});

test("pages run their scripts under the CSP: no violation, the menu works", async ({
  adminPage: page,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/previews");
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(page.getByRole("menu", { name: "Menu" })).toBeVisible();
  expect(violations).toEqual([]);
});

// ── 8: no page grows with the nesting of a payload ─────────────────────────────────

test("a payload nested 3,000 deep makes a bounded page, and downloads whole", async ({
  adminPage: page,
  account,
}) => {
  const { notificationId } = await acceptTestEvent(account, { title: `Deep ${randomUUID()}` });
  const deep = `${'{"a":['.repeat(3000)}"bottom"${"]}".repeat(3000)}`;
  await e2eDb().run(sql`update notifications set payload = ${deep} where id = ${notificationId}`);

  const response = await page.request.get(`/notifications/${notificationId}`);
  expect(response.status()).toBe(200);
  const html = await response.text();
  // The page itself is some 100 KB; the payload pretty-printed whole would be 36 MB.
  expect(html.length).toBeLessThan(400_000);
  expect(html).toContain("Too deep or too large to show whole");

  const download = await page.request.get(`/notifications/${notificationId}/payload`);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toContain("attachment");
  expect(await download.text()).toBe(deep);
});

test("another account's payload cannot be downloaded", async ({ adminPage: page }) => {
  const other = await createTestAccount();
  const { notificationId } = await acceptTestEvent(other);
  const response = await page.request.get(`/notifications/${notificationId}/payload`);
  expect(response.status()).toBe(404);
});

test("an email frame keeps its sandbox, gets a CSP of its own, and still shows the email", async ({
  adminPage: page,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/previews");
  const frame = page.locator('iframe[title^="HTML of the email"]').first();
  await expect(frame).toHaveAttribute("sandbox", "");
  const srcdoc = (await frame.getAttribute("srcdoc")) ?? "";
  expect(srcdoc).toMatch(
    /<head[^>]*><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'/,
  );
  await expect(
    page.frameLocator('iframe[title^="HTML of the email"]').first().locator("body"),
  ).toContainText("Beacon");
  expect(violations).toEqual([]);
});
