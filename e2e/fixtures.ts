import { test as base, expect, type Page } from "@playwright/test";
import { type Credentials, createTestAccount, type TestAccount } from "./support/accounts";
import { E2E } from "./support/env";

/** The demo accounts, with the passwords playwright.config.ts gives the server. */
export const demo = {
  admin: { email: "admin@demo.test", password: E2E.demoAdminPassword },
  user: { email: "user@demo.test", password: E2E.demoUserPassword },
  otherAdmin: { email: "admin@other.test", password: E2E.demoAdminPassword },
};

/** Signs in through the auth API (the form has its own test), leaving the session cookie in the page. */
export async function signIn(page: Page, credentials: Credentials) {
  const response = await page.request.post("/api/auth/sign-in/email", {
    data: credentials,
    headers: { origin: E2E.baseURL },
  });
  expect(response.ok(), `sign-in of ${credentials.email}`).toBe(true);
}

type Fixtures = {
  /** A fresh account of its own for this test, with an admin, a user and two organizations. */
  account: TestAccount;
  /** The page, signed in as that account's admin. */
  adminPage: Page;
  /** The page, signed in as that account's read-only user. */
  userPage: Page;
};

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture dependencies from this pattern.
  account: async ({}, use) => {
    await use(await createTestAccount());
  },
  adminPage: async ({ page, account }, use) => {
    await signIn(page, account.admin);
    await use(page);
  },
  userPage: async ({ page, account }, use) => {
    await signIn(page, account.user);
    await use(page);
  },
});

export { expect };
