import { demo, expect, signIn, test } from "./fixtures";

test("the demo admin signs in and reaches Integrations through the 3-bar menu by keyboard", async ({
  page,
}) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demo.admin.email);
  await page.getByLabel("Password").fill(demo.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  const banner = page.getByRole("banner");
  await expect(banner).toContainText("Demo MSP");
  await expect(banner).toContainText(demo.admin.email);

  const menu = page.getByRole("button", { name: "Menu" });
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu", { name: "Menu" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Overview" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Integrations" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toBeHidden();
  await expect(menu).toBeFocused();

  await menu.click();
  await page.getByRole("menuitem", { name: "Integrations" }).click();
  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByRole("heading", { level: 1, name: "Integrations" })).toBeVisible();
});

test("a wrong password shows an error and keeps the email typed", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demo.admin.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "Email or password is incorrect.",
  );
  await expect(page.getByLabel("Email")).toHaveValue(demo.admin.email);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an invalid email is named under its field", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("not-an-address");
  await page.getByLabel("Password").fill("x");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("not-an-address");
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("a signed-out visit to a portal page lands on sign-in and returns after it", async ({
  page,
}) => {
  await page.goto("/integrations?from=bookmark");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fintegrations%3Ffrom%3Dbookmark$/);
  await page.getByLabel("Email").fill(demo.user.email);
  await page.getByLabel("Password").fill(demo.user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/integrations\?from=bookmark$/);
  await expect(page.getByRole("heading", { level: 1, name: "Integrations" })).toBeVisible();
});

test("sign-in never redirects to another site", async ({ page }) => {
  await page.goto("/sign-in?next=//evil.example/steal");
  await page.getByLabel("Email").fill(demo.user.email);
  await page.getByLabel("Password").fill(demo.user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
});

test("signing out ends the session", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demo.user.email);
  await page.getByLabel("Password").fill(demo.user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/integrations");
  await expect(page).toHaveURL(/\/sign-in\?next=/);
});

test("the health check answers", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});

test("an Account User sees no control that changes anything, on any page", async ({ page }) => {
  await signIn(page, demo.user);
  const changing =
    /^(Save|Add|\+ Add|Add organization rule|Remove|Retry.*|Send test|Reveal secret|Rotate secret|Resume sending now|Edit Integration)$/;
  for (const path of [
    "/",
    "/integrations",
    "/integrations/email",
    "/notifications",
    "/mailbox",
    "/previews",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const main = page.getByRole("main");
    await expect(main.getByRole("button", { name: changing }), path).toHaveCount(0);
    for (const field of await main.locator("input:not([type=hidden]), textarea").all()) {
      const editable =
        (await field.isEditable()) && (await field.getAttribute("type")) !== "search";
      const inFilterForm = await field.evaluate((el) => el.closest("form")?.method === "get");
      expect(
        editable && !inFilterForm,
        `${path}: ${await field.evaluate((el) => el.outerHTML)}`,
      ).toBe(false);
    }
  }
  await expect(page.getByRole("banner")).toContainText("Account User");
});
