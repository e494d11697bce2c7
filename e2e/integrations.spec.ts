import type { Locator, Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { integrationChanges } from "@/db/schema";
import type { EmailSettings } from "@/lib/core/settings";
import { readStoredSettings } from "@/lib/core/settings";
import { expect, signIn, test } from "./fixtures";
import { createTestAccount, e2eDb, type TestAccount } from "./support/accounts";
import { emailIntegration } from "./support/settings";

// ── Helpers ───────────────────────────────────────────────────────────────────

async function savedSettings(accountId: string): Promise<EmailSettings> {
  return readStoredSettings((await emailIntegration(accountId)).settings);
}

async function historyCount(accountId: string): Promise<number> {
  return (
    await e2eDb()
      .select()
      .from(integrationChanges)
      .where(eq(integrationChanges.accountId, accountId))
  ).length;
}

const main = (page: Page) => page.getByRole("main");
const status = (page: Page) =>
  page.getByRole("form", { name: "Email Integration settings" }).getByRole("status");
const saveButton = (page: Page) => page.getByRole("button", { name: "Save", exact: true });
const chips = (page: Page, label: string) =>
  page.getByRole("list", { name: new RegExp(`^${label}:`) });

/** Types into an address box and presses Enter, as a keyboard user adds addresses. */
async function addAddresses(box: Locator, text: string) {
  await box.fill(text);
  await box.press("Enter");
}

/** Pastes text (new lines included, which `fill` can't do) into an address box. */
async function paste(box: Locator, text: string) {
  await box.focus();
  await box.evaluate((element, pasted) => {
    const data = new DataTransfer();
    data.setData("text/plain", pasted);
    element.dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

/**
 * Submits the form after rewriting hidden fields in the same task, the way a hand-crafted
 * request would reach the server (React would otherwise re-render the fields first).
 */
async function submitTampered(
  page: Page,
  tamper: { integrationId?: string; settings?: (settings: EmailSettings) => EmailSettings },
) {
  const current = await page.locator('input[name="settings"]').inputValue();
  const settings = tamper.settings ? tamper.settings(JSON.parse(current)) : undefined;
  await page.evaluate(
    ({ integrationId, settingsJson }) => {
      const form = document.querySelector<HTMLFormElement>(
        'form[aria-label="Email Integration settings"]',
      )!;
      if (integrationId) {
        form.querySelector<HTMLInputElement>('input[name="integrationId"]')!.value = integrationId;
      }
      if (settingsJson) {
        form.querySelector<HTMLInputElement>('input[name="settings"]')!.value = settingsJson;
      }
      form.requestSubmit(form.querySelector<HTMLButtonElement>('button[type="submit"]'));
    },
    { integrationId: tamper.integrationId, settingsJson: settings && JSON.stringify(settings) },
  );
}

async function openEditPage(page: Page) {
  await page.goto("/integrations/email");
  await expect(
    page.getByRole("heading", { level: 1, name: "Edit Email Integration" }),
  ).toBeVisible();
}

// ── The Integrations page ─────────────────────────────────────────────────────

test("the Integrations table lists the Email Integration, and its Actions menu works by keyboard", async ({
  adminPage: page,
  account,
}) => {
  await page.goto("/integrations");
  const row = main(page).getByRole("row", { name: /Email Integration/ });
  await expect(row).toContainText(`soc-${account.slug.slice(2)}@example.test`);
  await expect(main(page).getByRole("columnheader", { name: "Actions" })).toBeVisible();

  const actions = page.getByRole("button", { name: "Actions for Email Integration" });
  await actions.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: "Actions for Email Integration" });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem")).toHaveText(["Edit Integration"]);
  await expect(page.getByRole("menuitem", { name: "Edit Integration" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(actions).toBeFocused();

  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/integrations\/email$/);
  await expect(
    page.getByRole("heading", { level: 1, name: "Edit Email Integration" }),
  ).toBeVisible();
});

test("+ Add shows Email disabled, with the reason", async ({ adminPage: page }) => {
  await page.goto("/integrations");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  const email = page.getByRole("menu", { name: "Add" }).getByRole("menuitem", { name: /Email/ });
  await expect(email).toHaveAttribute("aria-disabled", "true");
  await expect(email).toContainText("Only one Email Integration per account");
  await email.click({ force: true });
  await expect(page).toHaveURL(/\/integrations$/);
});

test("the server refuses to remove the Email Integration, and says why", async ({
  adminPage: page,
  account,
}) => {
  const integration = await emailIntegration(account.id);
  const response = await page.request.delete(`/integrations/${integration.id}`);
  expect(response.status()).toBe(409);
  expect((await response.json()).error).toEqual({
    code: "conflict",
    message: expect.stringMatching(/can't be removed: it is the mandatory fallback/),
  });
  expect((await emailIntegration(account.id)).id).toBe(integration.id);

  // Another account's integration is not even acknowledged.
  const other = await createTestAccount();
  const foreign = await page.request.delete(
    `/integrations/${(await emailIntegration(other.id)).id}`,
  );
  expect(foreign.status()).toBe(404);
  expect((await foreign.json()).error.code).toBe("not_found");
});

test("an Account User can't remove it either, and is told so", async ({
  userPage: page,
  account,
}) => {
  const response = await page.request.delete(
    `/integrations/${(await emailIntegration(account.id)).id}`,
  );
  expect(response.status()).toBe(403);
  expect((await response.json()).error).toEqual({
    code: "forbidden",
    message: expect.stringMatching(/Only Account Admins/),
  });
});

// An account that predates the Email Integration gets it from migration 0002, not on a page
// visit (pages never write): lib/accounts/provision.test.ts checks that migration.

// ── Configuring it ────────────────────────────────────────────────────────────

test("an admin configures defaults, two overrides and an organization rule; a reload shows what was saved", async ({
  adminPage: page,
  account,
}) => {
  const originalDefault = (await savedSettings(account.id)).defaults[0]!;
  await openEditPage(page);

  const defaults = page.getByRole("textbox", { name: "Default Notification Emails" });
  await paste(defaults, "NOC@msp.example\nsoc@msp.example; noc@msp.example, oncall@msp.example");
  await expect(chips(page, "Default Notification Emails").getByRole("listitem")).toHaveText([
    originalDefault,
    "noc@msp.example",
    "soc@msp.example",
    "oncall@msp.example",
  ]);
  // Removing a chip by keyboard.
  await page.getByRole("button", { name: `Remove ${originalDefault}` }).focus();
  await page.keyboard.press("Enter");
  await expect(chips(page, "Default Notification Emails")).not.toContainText(originalDefault);

  await page.getByRole("checkbox", { name: "Override Global Settings for Incidents" }).check();
  await addAddresses(
    page.getByRole("textbox", { name: "Incidents notification emails" }),
    "ir@msp.example",
  );
  await page.getByRole("checkbox", { name: "Override Global Settings for Escalations" }).check();
  await addAddresses(
    page.getByRole("textbox", { name: "Escalations notification emails" }),
    "escalations@msp.example oncall@msp.example",
  );
  await page
    .getByRole("switch", { name: "Email resolved Account Notices notifications" })
    .uncheck();

  await page.getByRole("button", { name: "Add organization rule" }).click();
  await expect(page.getByLabel("Organization", { exact: true })).toBeFocused();
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "Acme Dental" });
  const rule = page.getByRole("group", { name: "Rule 1: Acme Dental" });
  await rule.getByRole("checkbox", { name: "Platform Actions" }).uncheck();
  await rule.getByRole("checkbox", { name: "Account Notices" }).uncheck();
  await addAddresses(
    rule.getByRole("textbox", { name: "Addresses for rule 1" }),
    "it@acme.example",
  );
  await rule.getByRole("radio", { name: "Instead of the account recipients" }).check();

  // The summary follows the form before saving, computed by the routing function.
  const everyone = main(page).getByRole("table", { name: "Every organization without a rule" });
  await expect(everyone.getByRole("row", { name: /^Incidents/ })).toContainText("ir@msp.example");
  await expect(everyone.getByRole("row", { name: /^Escalations/ })).toContainText(
    "escalations@msp.example, oncall@msp.example",
  );
  await expect(everyone.getByRole("row", { name: /^Account Notices/ })).toContainText(
    "Not emailed",
  );
  const acme = main(page).getByRole("table", { name: "Acme Dental" });
  await expect(acme.getByRole("row", { name: /^Incidents/ })).toContainText("it@acme.example");
  await expect(acme.getByRole("row", { name: /^Incidents/ })).not.toContainText("ir@msp.example");
  await expect(acme.getByRole("row", { name: /^Incidents/ })).toContainText(
    "Organization rule for Acme Dental (instead of account recipients)",
  );
  await expect(acme.getByRole("row", { name: /^Platform Actions/ })).toContainText(
    "noc@msp.example, soc@msp.example, oncall@msp.example",
  );

  await saveButton(page).click();
  await expect(status(page)).toHaveText(/Saved\. \d+ changes recorded in History\./);

  const stored = await savedSettings(account.id);
  expect(stored.defaults).toEqual(["noc@msp.example", "soc@msp.example", "oncall@msp.example"]);
  expect(stored.types.incident).toEqual({
    override: true,
    addresses: ["ir@msp.example"],
    resolved: true,
    updates: true,
    reminders: { enabled: false, everyHours: 4, times: 3 },
    delivery: "immediate",
    digestAt: "09:00",
    severities: ["critical", "high", "low"],
  });
  expect(stored.types.account_notice.resolved).toBe(false);
  expect(stored.organizationRules).toEqual([
    expect.objectContaining({
      organizationId: account.organizations[0]!.id,
      types: ["incident", "escalation"],
      addresses: ["it@acme.example"],
      mode: "replace",
    }),
  ]);

  await page.reload();
  await expect(chips(page, "Default Notification Emails").getByRole("listitem")).toHaveText([
    "noc@msp.example",
    "soc@msp.example",
    "oncall@msp.example",
  ]);
  await expect(
    page.getByRole("checkbox", { name: "Override Global Settings for Incidents" }),
  ).toBeChecked();
  await expect(chips(page, "Incidents notification emails")).toContainText("ir@msp.example");
  await expect(
    page.getByRole("checkbox", { name: "Override Global Settings for Platform Actions" }),
  ).not.toBeChecked();
  await expect(
    page.getByRole("switch", { name: "Email resolved Account Notices notifications" }),
  ).not.toBeChecked();
  const savedRule = page.getByRole("group", { name: "Rule 1: Acme Dental" });
  await expect(
    savedRule.getByRole("radio", { name: "Instead of the account recipients" }),
  ).toBeChecked();
  await expect(savedRule.getByRole("checkbox", { name: "Escalations" })).toBeChecked();
  await expect(savedRule.getByRole("checkbox", { name: "Account Notices" })).not.toBeChecked();

  const history = main(page).getByRole("list", { name: "Saved changes, newest first" });
  await expect(history.getByRole("listitem").first()).toContainText(account.admin.email);
  await expect(history).toContainText(
    `Default Notification Emails: ${originalDefault} → noc@msp.example, soc@msp.example, oncall@msp.example`,
  );
  await expect(history).toContainText("Incidents: Override Global Settings: off → on");
  await expect(history).toContainText("Account Notices: resolved notifications: on → off");
  await expect(history).toContainText(
    "Organization rule for Acme Dental: added → Incidents, Escalations to it@acme.example (instead of account recipients)",
  );
});

test("an admin pages the on-call address for critical incidents only, and the summary and History say so", async ({
  adminPage: page,
  account,
}) => {
  await openEditPage(page);
  await page.getByRole("button", { name: "Add organization rule" }).click();
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "Acme Dental" });
  const rule = page.getByRole("group", { name: "Rule 1: Acme Dental" });
  for (const type of ["Escalations", "Platform Actions", "Account Notices"]) {
    await rule.getByRole("checkbox", { name: type }).uncheck();
  }
  const severities = rule.getByRole("group", { name: "Severities rule 1 covers" });
  await severities.getByRole("checkbox", { name: "High" }).uncheck();
  await severities.getByRole("checkbox", { name: "Low" }).uncheck();
  await addAddresses(
    rule.getByRole("textbox", { name: "Addresses for rule 1" }),
    "oncall@msp.example",
  );

  const acme = main(page).getByRole("table", { name: "Acme Dental" });
  const critical = acme.getByRole("row", { name: /^Incidents: Critical/ });
  await expect(critical).toContainText(`${account.defaults[0]}, oncall@msp.example`);
  await expect(critical).toContainText("plus organization rule for Acme Dental (in addition)");
  const others = acme.getByRole("row", { name: /^Incidents: High and Low/ });
  await expect(others).not.toContainText("oncall@msp.example");
  await expect(acme.getByRole("row", { name: /^Escalations/ })).not.toContainText("oncall");

  // A limit that covers no severity is refused under its checkboxes, and what was typed stays.
  await severities.getByRole("checkbox", { name: "Critical" }).uncheck();
  await saveButton(page).click();
  await expect(severities).toContainText("Choose at least one severity");
  await expect(severities.getByRole("checkbox", { name: "Critical" })).toBeFocused();
  await expect(chips(page, "Addresses for rule 1")).toContainText("oncall@msp.example");

  await severities.getByRole("checkbox", { name: "Critical" }).check();
  await saveButton(page).click();
  await expect(status(page)).toHaveText(/Saved\./);
  expect((await savedSettings(account.id)).organizationRules).toEqual([
    expect.objectContaining({ types: ["incident"], severities: ["critical"], mode: "add" }),
  ]);
  const history = main(page).getByRole("list", { name: "Saved changes, newest first" });
  await expect(history).toContainText(
    "Organization rule for Acme Dental: added → Incidents (critical only) to oncall@msp.example (in addition to account recipients)",
  );
});

test("bad addresses in every list are named under their field, and nothing typed is lost", async ({
  adminPage: page,
  account,
}) => {
  const before = await savedSettings(account.id);
  await openEditPage(page);

  const defaults = page.getByRole("textbox", { name: "Default Notification Emails" });
  await defaults.fill("good@msp.example, not-an-address");
  await page.getByRole("checkbox", { name: "Override Global Settings for Incidents" }).check();
  const incidents = page.getByRole("textbox", { name: "Incidents notification emails" });
  await incidents.fill("a@b");
  await page
    .getByRole("checkbox", { name: "Override Global Settings for Account Notices" })
    .check();
  const notices = page.getByRole("textbox", { name: "Account Notices notification emails" });
  await notices.fill("Bob <bob@msp.example>");
  await page.getByRole("button", { name: "Add organization rule" }).click();
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "Globex Legal" });
  const ruleBox = page.getByRole("textbox", { name: "Addresses for rule 1" });
  await ruleBox.fill(`${"x".repeat(65)}@globex.example`);

  await saveButton(page).click();
  await expect(status(page)).toContainText("Some fields need attention.");

  await expect(defaults).toHaveAttribute("aria-invalid", "true");
  await expect(defaults).toHaveAccessibleDescription(/"not-an-address" is missing an @/);
  await expect(incidents).toHaveAccessibleDescription(/"a@b" needs a domain with a dot/);
  await expect(notices).toHaveAccessibleDescription(/enter only the address/);
  await expect(ruleBox).toHaveAccessibleDescription(/more than 64 characters before the @/);

  // What was typed is still there: the good address as a chip, the bad text in its box.
  await expect(chips(page, "Default Notification Emails")).toContainText("good@msp.example");
  await expect(defaults).toHaveValue("not-an-address");
  await expect(incidents).toHaveValue("a@b");
  await expect(page.getByLabel("Organization", { exact: true })).toHaveValue(
    account.organizations[1]!.id,
  );

  expect(await savedSettings(account.id)).toEqual(before);
  expect(await historyCount(account.id)).toBe(0);

  // Fixing one list clears its error; the others keep theirs until fixed.
  await defaults.fill("");
  await defaults.press("Enter");
  await incidents.fill("ir@msp.example");
  await incidents.press("Enter");
  await notices.fill("bob@msp.example");
  await notices.press("Enter");
  await ruleBox.fill("legal@globex.example");
  await ruleBox.press("Enter");
  await saveButton(page).click();
  await expect(status(page)).toHaveText(/Saved\./);
  expect((await savedSettings(account.id)).defaults).toEqual([
    before.defaults[0],
    "good@msp.example",
  ]);
});

test("an override switched on with no address is refused, naming the type", async ({
  adminPage: page,
  account,
}) => {
  await openEditPage(page);
  await page
    .getByRole("checkbox", { name: "Override Global Settings for Platform Actions" })
    .check();
  await saveButton(page).click();
  const box = page.getByRole("textbox", { name: "Platform Actions notification emails" });
  await expect(box).toHaveAccessibleDescription(
    "Add at least one address for Platform Actions, or uncheck Override Global Settings",
  );
  // The keyboard lands on the field to fix.
  await expect(box).toBeFocused();
  expect((await savedSettings(account.id)).types.platform_action.override).toBe(false);
});

test("the defaults can't be emptied", async ({ adminPage: page, account }) => {
  const [only] = (await savedSettings(account.id)).defaults;
  await openEditPage(page);
  await page.getByRole("button", { name: `Remove ${only}` }).click();
  await saveButton(page).click();
  await expect(
    page.getByRole("textbox", { name: "Default Notification Emails" }),
  ).toHaveAccessibleDescription(/Add at least one default notification email/);
  expect((await savedSettings(account.id)).defaults).toEqual([only]);
});

test("unchecking an override keeps its addresses for later", async ({
  adminPage: page,
  account,
}) => {
  await openEditPage(page);
  const override = page.getByRole("checkbox", { name: "Override Global Settings for Escalations" });
  await override.check();
  await addAddresses(
    page.getByRole("textbox", { name: "Escalations notification emails" }),
    "esc@msp.example",
  );
  await saveButton(page).click();
  await expect(status(page)).toHaveText(/Saved\./);

  await override.uncheck();
  await saveButton(page).click();
  await expect(status(page)).toHaveText(/Saved\. 1 change recorded/);
  expect((await savedSettings(account.id)).types.escalation).toEqual({
    override: false,
    addresses: ["esc@msp.example"],
    resolved: true,
    updates: true,
    reminders: { enabled: true, everyHours: 4, times: 3 },
    delivery: "immediate",
    digestAt: "09:00",
    severities: ["critical", "high", "low"],
  });

  await page.reload();
  await expect(main(page)).toContainText(
    "Kept for when you switch the override back on: esc@msp.example.",
  );
  await override.check();
  await expect(chips(page, "Escalations notification emails")).toContainText("esc@msp.example");
});

test("rules are added, edited and removed, and each save is in History", async ({
  adminPage: page,
  account,
}) => {
  await openEditPage(page);
  await page.getByRole("button", { name: "Add organization rule" }).click();
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "Acme Dental" });
  await addAddresses(page.getByRole("textbox", { name: "Addresses for rule 1" }), "a@acme.example");
  await page.getByRole("button", { name: "Add organization rule" }).click();
  const second = page.getByRole("group", { name: /^Rule 2/ });
  await second.getByLabel("Organization", { exact: true }).selectOption({ label: "Globex Legal" });
  await addAddresses(
    second.getByRole("textbox", { name: "Addresses for rule 2" }),
    "g@globex.example",
  );
  await saveButton(page).click();
  await expect(status(page)).toHaveText(/Saved\. 2 changes/);

  // "In addition to" is the default: Globex gets the defaults and its own address.
  const globex = main(page).getByRole("table", { name: "Globex Legal" });
  await expect(globex.getByRole("row", { name: /^Incidents/ })).toContainText(
    `${account.admin.email.replace("admin-", "soc-")}, g@globex.example`,
  );

  await page
    .getByRole("group", { name: "Rule 1: Acme Dental" })
    .getByRole("radio", { name: /Instead of/ })
    .check();
  await page.getByRole("button", { name: "Remove rule 2 (Globex Legal)" }).click();
  await expect(page.getByRole("button", { name: "Add organization rule" })).toBeFocused();
  await expect(main(page).getByRole("table", { name: "Globex Legal" })).toHaveCount(0);
  await saveButton(page).click();
  await expect(status(page)).toHaveText(/Saved\. 2 changes/);

  await page.reload();
  await expect(page.getByRole("group", { name: /^Rule \d/ })).toHaveCount(1);
  const history = main(page).getByRole("list", { name: "Saved changes, newest first" });
  await expect(history.getByRole("listitem").filter({ has: page.locator("time") })).toHaveCount(2);
  await expect(history).toContainText(
    "Organization rule for Globex Legal: Incidents, Escalations, Platform Actions, Account Notices to g@globex.example (in addition to account recipients) → removed",
  );
  await expect(history).toContainText(
    "Organization rule for Acme Dental: Incidents, Escalations, Platform Actions, Account Notices to a@acme.example (in addition to account recipients) → Incidents, Escalations, Platform Actions, Account Notices to a@acme.example (instead of account recipients)",
  );
});

test("an incomplete rule is refused field by field", async ({ adminPage: page }) => {
  await openEditPage(page);
  await page.getByRole("button", { name: "Add organization rule" }).click();
  const rule = page.getByRole("group", { name: "Rule 1" });
  for (const type of ["Incidents", "Escalations", "Platform Actions", "Account Notices"]) {
    await rule.getByRole("checkbox", { name: type }).uncheck();
  }
  await saveButton(page).click();
  await expect(rule.getByLabel("Organization", { exact: true })).toHaveAccessibleDescription(
    "Choose an organization",
  );
  await expect(rule.getByRole("group", { name: "Notification types" })).toHaveAccessibleDescription(
    "Choose at least one notification type",
  );
  await expect(
    rule.getByRole("textbox", { name: "Addresses for rule 1" }),
  ).toHaveAccessibleDescription("Add at least one address");
});

// ── Who may do what ───────────────────────────────────────────────────────────

test("a rule for another account's organization (tampered form) is refused, naming the field", async ({
  adminPage: page,
  account,
}) => {
  const other = await createTestAccount({ organizations: ["Umbrella Clinics"] });
  const foreignOrg = other.organizations[0]!.id;
  await openEditPage(page);
  await page.getByRole("button", { name: "Add organization rule" }).click();
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "Acme Dental" });
  await addAddresses(page.getByRole("textbox", { name: "Addresses for rule 1" }), "x@acme.example");

  await submitTampered(page, {
    settings: (settings) => ({
      ...settings,
      organizationRules: settings.organizationRules.map((rule) => ({
        ...rule,
        organizationId: foreignOrg,
      })),
    }),
  });
  await expect(status(page)).toContainText("Some fields need attention.");
  await expect(page.getByLabel("Organization", { exact: true })).toHaveAccessibleDescription(
    "This organization is not in your account. Choose one from the list.",
  );
  expect((await savedSettings(account.id)).organizationRules).toEqual([]);
  expect(await historyCount(account.id)).toBe(0);
});

test("a form tampered to save into another account's integration is refused", async ({
  adminPage: page,
  account,
}) => {
  const other = await createTestAccount();
  const otherBefore = await emailIntegration(other.id);
  await openEditPage(page);
  await addAddresses(
    page.getByRole("textbox", { name: "Default Notification Emails" }),
    "evil@msp.example",
  );
  await submitTampered(page, { integrationId: otherBefore.id });
  await expect(status(page)).toContainText("This integration is not in your account.");
  expect((await emailIntegration(other.id)).settings).toEqual(otherBefore.settings);
  expect(await historyCount(other.id)).toBe(0);
  expect((await savedSettings(account.id)).defaults).not.toContain("evil@msp.example");
});

test("an admin of another account sees only their own integration", async ({ page, account }) => {
  const other: TestAccount = await createTestAccount({
    defaults: ["only-other@other.example"],
    organizations: ["Umbrella Clinics"],
  });
  await signIn(page, other.admin);
  await page.goto("/integrations/email");
  await expect(chips(page, "Default Notification Emails")).toHaveText(/only-other@other\.example/);
  await expect(main(page)).not.toContainText((await savedSettings(account.id)).defaults[0]!);
  await page.getByRole("button", { name: "Add organization rule" }).click();
  await expect(page.getByLabel("Organization", { exact: true }).locator("option")).toHaveText([
    "Choose an organization…",
    "Umbrella Clinics",
  ]);
});

test("an Account User sees everything read-only, with no Save and no Add", async ({
  userPage: page,
  account,
}) => {
  await page.goto("/integrations");
  await expect(main(page).getByRole("row", { name: /Email Integration/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add", exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "Actions for Email Integration" }).click();
  await page.getByRole("menuitem", { name: "View Integration" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Email Integration" })).toBeVisible();
  await expect(main(page)).toContainText("You have read-only access.");
  await expect(chips(page, "Default Notification Emails")).toContainText(
    (await savedSettings(account.id)).defaults[0]!,
  );
  await expect(saveButton(page)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add organization rule" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await expect(main(page).getByRole("textbox")).toHaveCount(0);
  await expect(
    page.getByRole("checkbox", { name: "Override Global Settings for Incidents" }),
  ).toBeDisabled();
  await expect(main(page).getByRole("table", { name: "Every organization" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
});

test("the save action refuses an Account User even when called directly", async ({
  page,
  account,
}) => {
  const before = await savedSettings(account.id);
  // Load the admin's form, then continue in the same browser as the Account User.
  await signIn(page, account.admin);
  await openEditPage(page);
  await addAddresses(
    page.getByRole("textbox", { name: "Default Notification Emails" }),
    "user-wrote@msp.example",
  );
  await signIn(page, account.user);
  await saveButton(page).click();
  await expect(status(page)).toHaveText("Only Account Admins can make this change.");
  expect(await savedSettings(account.id)).toEqual(before);
  expect(await historyCount(account.id)).toBe(0);
});

test("unsaved changes are asked about before leaving by a link, and kept when the admin stays", async ({
  adminPage: page,
}) => {
  await openEditPage(page);
  // Nothing changed: links just go.
  await page.getByRole("link", { name: "Integrations" }).first().click();
  await expect(page).toHaveURL(/\/integrations$/);
  await openEditPage(page);

  await addAddresses(
    page.getByRole("textbox", { name: "Default Notification Emails" }),
    "new@msp.example",
  );
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("menuitem", { name: "Notifications" }).click();
  const dialog = page.getByRole("dialog", { name: "Leave without saving?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Stay and keep editing" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/integrations\/email$/);
  await expect(chips(page, "Default Notification Emails")).toContainText("new@msp.example");

  await page.getByRole("link", { name: "Integrations" }).first().click();
  await dialog.getByRole("button", { name: "Leave without saving" }).click();
  await expect(page).toHaveURL(/\/integrations$/);
});

test("chips work by keyboard: Enter adds without submitting, each chip has its Remove button", async ({
  adminPage: page,
  account,
}) => {
  await openEditPage(page);
  const box = page.getByRole("textbox", { name: "Default Notification Emails" });
  await box.focus();
  await page.keyboard.type("first@msp.example");
  await page.keyboard.press("Enter");
  await page.keyboard.type("second@msp.example,");
  await expect(chips(page, "Default Notification Emails")).toContainText("second@msp.example");
  await expect(box).toHaveValue("");
  await page.keyboard.type("FIRST@msp.example ");
  await expect(chips(page, "Default Notification Emails").getByRole("listitem")).toHaveCount(3);
  expect(await historyCount(account.id)).toBe(0);

  await page.keyboard.press("Shift+Tab");
  await expect(page.getByRole("button", { name: "Remove second@msp.example" })).toBeFocused();
  await page.keyboard.press("Space");
  await expect(chips(page, "Default Notification Emails")).not.toContainText("second@msp.example");
});
