import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { mailboxMessages } from "@/db/schema";
import { expect, signIn, test } from "./fixtures";
import { e2eDb, type TestAccount } from "./support/accounts";
import { acceptTestEvent } from "./support/notifications";

/**
 * Every page of the portal, as each role sees it, on a phone (390 px) and a laptop (1366 px),
 * in light and dark: nothing wider than the screen, Sign out on screen, and axe finds nothing.
 */

const WIDTHS = [390, 1366] as const;

/** Every page, with real ids: a delivered notification and its email in the mailbox. */
async function portalPages(account: TestAccount): Promise<string[]> {
  const { notificationId } = await acceptTestEvent(account, { title: "Layout check on HOST-01" });
  await expect
    .poll(
      async () =>
        (
          await e2eDb()
            .select({ id: mailboxMessages.id })
            .from(mailboxMessages)
            .where(eq(mailboxMessages.accountId, account.id))
        ).length,
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);
  const [message] = await e2eDb()
    .select({ id: mailboxMessages.id })
    .from(mailboxMessages)
    .where(eq(mailboxMessages.accountId, account.id));
  return [
    "/",
    "/integrations",
    "/integrations/email",
    "/notifications",
    `/notifications/${notificationId}`,
    "/mailbox",
    `/mailbox/${message!.id}`,
    "/previews",
    "/developers",
    "/developers/requests",
    "/no-such-page",
  ];
}

async function expectFits(page: Page, path: string, width: number) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${path} at ${width} px is wider than the screen`).toBeLessThanOrEqual(
    clientWidth,
  );
  const signOut = await page.getByRole("button", { name: "Sign out" }).boundingBox();
  expect(signOut, `Sign out on ${path}`).not.toBeNull();
  expect(signOut!.x + signOut!.width, `Sign out on ${path} at ${width} px`).toBeLessThanOrEqual(
    clientWidth,
  );
}

async function expectNoAxeViolations(page: Page, label: string) {
  // The email inside its sandboxed frame runs no script, so axe can't enter it: the emails'
  // own accessibility is tested on their HTML (emails/accessibility.test.tsx).
  const results = await new AxeBuilder({ page })
    .exclude('iframe[title^="HTML of the email"]')
    .analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(found, label).toEqual([]);
}

for (const role of ["admin", "user"] as const) {
  for (const width of WIDTHS) {
    test(`every page fits ${width} px, Sign out on screen: ${role}`, async ({ page, account }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height: 900 });
      await signIn(page, account[role]);
      for (const path of await portalPages(account)) {
        await page.goto(path);
        await expect(page.getByRole("banner")).toBeVisible();
        await expectFits(page, path, width);
      }
    });
  }
  for (const colorScheme of ["light", "dark"] as const) {
    test(`no page has an axe violation: ${role}, ${colorScheme}`, async ({ page, account }) => {
      test.setTimeout(180_000);
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width: 1366, height: 900 });
      await signIn(page, account[role]);
      for (const path of await portalPages(account)) {
        await page.goto(path);
        await expect(page.getByRole("banner")).toBeVisible();
        await expectNoAxeViolations(page, `${path}, ${role}, ${colorScheme}`);
      }
    });
  }
}

test("the sign-in page fits a phone and has no axe violation, light and dark", async ({ page }) => {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto("/sign-in");
      const width_ = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width_).toBeLessThanOrEqual(width);
      await expectNoAxeViolations(page, `/sign-in at ${width} px, ${colorScheme}`);
    }
  }
});

test("the Actions column is on screen on a phone, and its menu opens", async ({
  adminPage: page,
}) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto("/integrations");
  const actions = page.getByRole("button", { name: "Actions for Email Integration" });
  await expect(actions).toBeInViewport({ ratio: 1 });
  await actions.click();
  await expect(page.getByRole("menuitem", { name: "Edit Integration" })).toBeInViewport();
});

test("the colour scheme follows the system until chosen, and the choice is remembered", async ({
  adminPage: page,
}) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/integrations");
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe("rgb(13, 17, 23)");

  await page.getByRole("button", { name: "Colour scheme: System" }).click();
  await page.getByRole("menuitemradio", { name: "Light" }).click();
  expect(await background()).toBe("rgb(246, 247, 249)");

  await page.goto("/notifications");
  await expect(page.getByRole("button", { name: "Colour scheme: Light" })).toBeVisible();
  expect(await background()).toBe("rgb(246, 247, 249)");
});

test("a keyboard user skips the top bar to the page's content", async ({ adminPage: page }) => {
  await page.goto("/integrations");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});

test("an unknown address answers 404 inside the portal, titled once", async ({
  adminPage: page,
}) => {
  const response = await page.goto("/integrations/no-such-thing/really");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Menu" })).toBeVisible();
  await expect(page).toHaveTitle("Page not found · Beacon");
});

test("titles are said once, and fit the role", async ({ page, account }) => {
  await signIn(page, account.user);
  await page.goto("/integrations");
  await expect(page).toHaveTitle("Integrations · Beacon");
  await page.goto("/integrations/email");
  await expect(page).toHaveTitle("Email Integration · Beacon");
  await signIn(page, account.admin);
  await page.goto("/integrations/email");
  await expect(page).toHaveTitle("Edit Email Integration · Beacon");
});
