import type { Page } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { intakeStoreFor } from "@/db/intake-store";
import { mailboxMessages, notifications } from "@/db/schema";
import { sampleEvent } from "@/lib/core/sample-events";
import { acceptEvent } from "@/lib/intake/intake";
import { expect, signIn, test } from "./fixtures";
import { createTestAccount, e2eDb, type TestAccount } from "./support/accounts";
import { setEmailSettings } from "./support/settings";

// ── Helpers ───────────────────────────────────────────────────────────────────

const main = (page: Page) => page.getByRole("main");
const region = (page: Page, name: string) => main(page).getByRole("region", { name, exact: true });
const sendTestForm = (page: Page) => main(page).getByRole("form", { name: "Send test" });
const outcome = (page: Page) => sendTestForm(page).getByRole("status");
const emailFrame = (page: Page) => page.frameLocator('iframe[title^="HTML of the email"]');

/** The fixture account's Default Notification Email (see createTestAccount). */
const defaultAddress = (account: TestAccount) => `soc-${account.slug.slice(2)}@example.test`;

async function testSends(accountId: string) {
  return await e2eDb()
    .select()
    .from(notifications)
    .where(and(eq(notifications.accountId, accountId), eq(notifications.isTest, true)));
}

async function mailboxTo(accountId: string, address: string) {
  return await e2eDb()
    .select()
    .from(mailboxMessages)
    .where(and(eq(mailboxMessages.accountId, accountId), eq(mailboxMessages.to, address)));
}

/** Picks what to preview through the GET form, as a person would. */
async function showPreview(
  page: Page,
  choice: { type?: string; form?: string; source?: RegExp; organization?: string },
) {
  await page.goto("/previews");
  if (choice.type)
    await page.getByLabel("Type", { exact: true }).selectOption({ label: choice.type });
  if (choice.form)
    await page.getByLabel("Form", { exact: true }).selectOption({ label: choice.form });
  if (choice.type || choice.form) {
    // The sources listed depend on the type and form: show those first.
    await page.getByRole("button", { name: "Show preview" }).click();
    await page.waitForURL(/\/previews\?/);
  }
  if (choice.source) {
    const option = page
      .getByLabel("Source", { exact: true })
      .locator("option", { hasText: choice.source });
    await page
      .getByLabel("Source", { exact: true })
      .selectOption((await option.getAttribute("value")) ?? "");
  }
  if (choice.organization) {
    await page
      .getByLabel("Organization", { exact: true })
      .selectOption({ label: choice.organization });
  }
  await page.getByRole("button", { name: "Show preview" }).click();
  await page.waitForURL(/\/previews\?/);
}

/**
 * Submits the Send test form after rewriting a hidden field in the same task, the way a
 * hand-crafted request would reach the server.
 */
async function submitTampered(page: Page, field: string, value: string) {
  // Hydrated first: before React takes the form over, requestSubmit would post it natively
  // (a navigation, no answer in the status), as a CI machine under load showed.
  await page.waitForFunction(() => {
    const form = document.querySelector('form[aria-labelledby="send-test-heading"]');
    return form !== null && Object.keys(form).some((key) => key.startsWith("__reactProps"));
  });
  await page.evaluate(
    ({ field, value }) => {
      const form = document.querySelector<HTMLFormElement>(
        'form[aria-labelledby="send-test-heading"]',
      )!;
      form.querySelector<HTMLInputElement>(`input[name="${field}"]`)!.value = value;
      form.requestSubmit(form.querySelector<HTMLButtonElement>('button[type="submit"]'));
    },
    { field, value },
  );
}

// ── Preview and routing dry run ───────────────────────────────────────────────

test("the email comes first on a wide screen, at a phone's width or dark on asking, and its text is keyboard-scrollable", async ({
  userPage: page,
}) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto("/previews");
  const frame = page.locator('iframe[title^="HTML of the email"]');
  const controls = page.getByRole("complementary", { name: "Preview controls" });
  // The email on the left, the picker beside it (not above it).
  const [frameBox, controlsBox] = [await frame.boundingBox(), await controls.boundingBox()];
  expect(controlsBox!.x).toBeGreaterThan(frameBox!.x + frameBox!.width);
  expect(frameBox!.y).toBeLessThan(900);

  const width = page.getByRole("group", { name: "Width" });
  await expect(width.getByRole("button", { name: "Desktop" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  expect(frameBox!.width).toBeGreaterThan(600);
  await width.getByRole("button", { name: "Mobile" }).click();
  await expect(width.getByRole("button", { name: "Mobile" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect.poll(async () => (await frame.boundingBox())!.width).toBeLessThanOrEqual(375);

  const scheme = page.getByRole("group", { name: "Colour scheme of the email" });
  await scheme.getByRole("button", { name: "Dark" }).click();
  // Shown as a client that inverts light emails shows it: the white page turns dark.
  await expect
    .poll(() =>
      emailFrame(page)
        .locator("html")
        .evaluate((html) => getComputedStyle(html).filter),
    )
    .toContain("invert(1)");
  await scheme.getByRole("button", { name: "Light" }).click();
  await expect
    .poll(() =>
      emailFrame(page)
        .locator("html")
        .evaluate((html) => getComputedStyle(html).filter),
    )
    .toBe("none");

  const text = page.getByRole("region", { name: /^Plain text of the email: / });
  await text.focus();
  await expect(text).toBeFocused();
  await page.keyboard.press("End");
  await expect.poll(() => text.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
});

test("an admin previews an Incident for one organization: subject, headers, HTML, text and who gets it", async ({
  adminPage: page,
  account,
}) => {
  const globex = account.organizations.find((org) => org.name === "Globex Legal")!;
  await showPreview(page, { type: "Incident", form: "Open", organization: "Globex Legal" });

  // The choice is in the URL, so the preview can be linked.
  expect(new URL(page.url()).searchParams.get("org")).toBe(globex.id);
  expect(new URL(page.url()).searchParams.get("type")).toBe("incident");

  const subject = region(page, "Subject").getByRole("paragraph").first();
  await expect(subject).toHaveText(/^Beacon EDR Critical Incident \| .+ \(Globex Legal\)$/);
  await expect(subject).not.toContainText("[Test]");

  const headers = region(page, "Headers");
  await expect(headers.getByRole("row", { name: /^X-Beacon-Organization(?!-)/ })).toContainText(
    "Globex Legal",
  );
  await expect(headers.getByRole("row", { name: /Auto-Submitted/ })).toContainText(
    "auto-generated",
  );
  await expect(headers.getByRole("row", { name: /X-Beacon-Severity/ })).toContainText("critical");

  const frame = page.locator('iframe[title^="HTML of the email"]');
  await expect(frame).toHaveAttribute("sandbox", "");
  await expect(emailFrame(page).getByText("Globex Legal").first()).toBeVisible();
  await expect(emailFrame(page).getByText(/Isolate the host from the network/)).toBeVisible();

  const text = region(page, "Plain text").locator("pre");
  await expect(text).toContainText("Globex Legal");
  await expect(text).toContainText("Remove the scheduled task");

  const recipients = region(page, "Who would receive this?");
  await expect(recipients.getByRole("list", { name: "Recipients" })).toHaveText(
    defaultAddress(account),
  );
  await expect(recipients).toContainText("Default Notification Emails");
});

test("the dry run follows the settings: an organization rule, and a resolved form switched off", async ({
  adminPage: page,
  account,
}) => {
  const acme = account.organizations.find((org) => org.name === "Acme Dental")!;
  await setEmailSettings(account.id, (settings) => {
    settings.types.incident.resolved = false;
    settings.organizationRules = [
      {
        id: "rule-1",
        organizationId: acme.id,
        types: ["escalation"],
        addresses: ["oncall@acme.example"],
        mode: "replace",
      },
    ];
  });

  await showPreview(page, { type: "Escalation", form: "Open", organization: "Acme Dental" });
  const recipients = region(page, "Who would receive this?");
  await expect(recipients.getByRole("list", { name: "Recipients" })).toHaveText(
    "oncall@acme.example",
  );
  await expect(recipients).toContainText("Organization rule for Acme Dental");

  await showPreview(page, { type: "Incident", form: "Resolved", organization: "Acme Dental" });
  await expect(region(page, "Subject").getByRole("paragraph").first()).toHaveText(
    /^\[Resolved\] Beacon EDR Critical Incident \| .+ \(Acme Dental\)$/,
  );
  await expect(recipients).toContainText(
    "Suppressed: Resolved Incident notifications are switched off",
  );
  // Nobody to send to: the routed choice is off, a typed address still works.
  await expect(sendTestForm(page).getByRole("radio", { name: /recipients above/ })).toBeDisabled();
  await expect(sendTestForm(page).getByRole("radio", { name: "An address I type" })).toBeChecked();
});

test("a past notification of the account can be previewed as it was sent", async ({
  adminPage: page,
  account,
}) => {
  const acme = account.organizations.find((org) => org.name === "Acme Dental")!;
  const event = {
    ...sampleEvent("incident", "open", { id: acme.externalId, name: acme.name }),
    id: `inc-${account.slug}`,
    title: "Credential theft on SRV-9",
    host: "SRV-9",
  };
  const accepted = await acceptEvent(intakeStoreFor(e2eDb()), account, {
    event,
    payload: event,
    webhookId: `wh-${account.slug}`,
  });
  expect(accepted.status).toBe("queued");

  await showPreview(page, { type: "Incident", form: "Open", source: /Credential theft on SRV-9/ });
  await expect(region(page, "Subject")).toContainText(
    "Beacon EDR Critical Incident | Credential theft on SRV-9 (Acme Dental)",
  );
  await expect(region(page, "Plain text")).toContainText("SRV-9");
  await expect(main(page).getByRole("link", { name: "a past notification" })).toHaveAttribute(
    "href",
    /\/notifications\/.+/,
  );

  // Its past notifications are of that type and form: choosing another starts from samples.
  await page.getByLabel("Type", { exact: true }).selectOption({ label: "Escalation" });
  await expect(page.getByLabel("Source", { exact: true })).toHaveValue("sample");
});

// ── Send test ─────────────────────────────────────────────────────────────────

test("Send test to a typed address goes through the real delivery path and shows the outcome", async ({
  adminPage: page,
  account,
}) => {
  const address = `designer-${account.slug.slice(2)}@example.test`;
  await showPreview(page, { type: "Incident", form: "Open", organization: "Globex Legal" });
  await sendTestForm(page).getByRole("radio", { name: "An address I type" }).check();
  await page.getByLabel("Test address").fill(address);
  await page.getByRole("button", { name: "Send test" }).click();

  await expect(outcome(page)).toContainText("Test queued to 1 recipient");
  const [sent] = await testSends(account.id);
  expect(sent?.subject).toMatch(/^\[Test\] Beacon EDR Critical Incident \| .+ \(Globex Legal\)$/);
  expect(sent?.recipientCount).toBe(1);
  await expect(outcome(page).getByRole("link", { name: "See its deliveries" })).toHaveAttribute(
    "href",
    `/notifications/${sent?.id}`,
  );
  await expect(outcome(page).getByRole("link", { name: "Open the Mailbox" })).toHaveAttribute(
    "href",
    "/mailbox",
  );

  // The dispatcher delivers it to the local mailbox, and the outcome follows it there.
  await expect(
    outcome(page).getByRole("row", { name: new RegExp(address.replace(/[.]/g, "\\.")) }),
  ).toContainText("delivered");
  const [message] = await mailboxTo(account.id, address);
  expect(message?.subject).toBe(sent?.subject);
  expect(message?.headers["X-Beacon-Test"]).toBe("true");
  expect(message?.text).toContain("Globex Legal");

  // The admin finds it in the portal's Mailbox.
  await outcome(page).getByRole("link", { name: "Open the Mailbox" }).click();
  const row = main(page).getByRole("row", { name: new RegExp(address.replace(/[.]/g, "\\.")) });
  await expect(row.getByRole("link", { name: sent?.subject ?? "" })).toBeVisible();
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(sent?.subject ?? "");
});

test("Send test to the routed recipients reaches the account's defaults", async ({
  adminPage: page,
  account,
}) => {
  await showPreview(page, { type: "Account Notice", form: "Open", organization: "Acme Dental" });
  await expect(
    sendTestForm(page).getByRole("radio", { name: /recipients above \(1\)/ }),
  ).toBeChecked();
  await page.getByRole("button", { name: "Send test" }).click();
  await expect(outcome(page)).toContainText("Test queued to 1 recipient");
  const [sent] = await testSends(account.id);
  await outcome(page).getByRole("link", { name: "See its deliveries" }).click();
  await expect(page).toHaveURL(`/notifications/${sent?.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Test");
  await expect(main(page)).toContainText(defaultAddress(account));
  await expect
    .poll(async () => (await mailboxTo(account.id, defaultAddress(account))).map((m) => m.subject))
    .toEqual([expect.stringMatching(/^\[Test\] Beacon Account Notice \| .+ \(Acme Dental\)$/)]);
});

test("the 6th Send test of an account within a minute is refused, and nothing more is queued", async ({
  adminPage: page,
  account,
}) => {
  await showPreview(page, {});
  await sendTestForm(page).getByRole("radio", { name: "An address I type" }).check();
  await page.getByLabel("Test address").fill(`limit-${account.slug.slice(2)}@example.test`);
  for (let i = 1; i <= 5; i++) {
    await page.getByRole("button", { name: "Send test" }).click();
    await expect.poll(async () => (await testSends(account.id)).length).toBe(i);
    await expect(outcome(page)).toContainText("Test queued to 1 recipient");
  }
  await page.getByRole("button", { name: "Send test" }).click();
  await expect(outcome(page)).toContainText(
    /Too many test sends from this account: try again in \d+ seconds/,
  );
  expect(await testSends(account.id)).toHaveLength(5);
});

test("a bad typed address is refused under the field, naming it, and the text is kept", async ({
  adminPage: page,
  account,
}) => {
  await showPreview(page, {});
  await sendTestForm(page).getByRole("radio", { name: "An address I type" }).check();
  const box = page.getByLabel("Test address");
  await box.fill("ok@example.test, soc@@example");
  await page.getByRole("button", { name: "Send test" }).click();

  await expect(outcome(page)).toContainText("Not sent: check the address.");
  await expect(box).toHaveAccessibleDescription(/"soc@@example" has more than one @/);
  await expect(box).toHaveAttribute("aria-invalid", "true");
  await expect(box).toHaveValue("ok@example.test, soc@@example");
  expect(await testSends(account.id)).toEqual([]);

  // Fixed, it goes to the typed addresses only, not back to the routed recipients.
  await expect(sendTestForm(page).getByRole("radio", { name: "An address I type" })).toBeChecked();
  const fixed = `fixed-${account.slug.slice(2)}@example.test`;
  await box.fill(fixed);
  await page.getByRole("button", { name: "Send test" }).click();
  await expect(outcome(page)).toContainText("Test queued to 1 recipient");
  await expect.poll(async () => (await mailboxTo(account.id, fixed)).length).toBe(1);
  expect(await mailboxTo(account.id, defaultAddress(account))).toEqual([]);
});

test("an Account User sees the preview but no Send test, and the server refuses one anyway", async ({
  userPage: page,
  account,
}) => {
  await showPreview(page, { type: "Incident", form: "Open", organization: "Acme Dental" });
  await expect(region(page, "Subject")).toContainText("(Acme Dental)");
  await expect(region(page, "Who would receive this?")).toContainText(defaultAddress(account));
  await expect(page.getByRole("button", { name: "Send test" })).toHaveCount(0);
  await expect(sendTestForm(page)).toHaveCount(0);

  // A form loaded as admin, submitted after the session became the user's.
  await signIn(page, account.admin);
  await page.reload();
  await signIn(page, account.user);
  await page.getByRole("button", { name: "Send test" }).click();
  await expect(outcome(page)).toContainText("Only Account Admins can make this change.");
  expect(await testSends(account.id)).toEqual([]);
});

test("another account's organization, by URL or by a tampered form, is refused", async ({
  adminPage: page,
  account,
}) => {
  const other = await createTestAccount({ organizations: ["Umbrella Clinics"] });
  const foreign = other.organizations[0]!;

  await page.goto(`/previews?type=incident&status=open&org=${foreign.id}`);
  await expect(main(page).getByRole("alert")).toContainText(
    "That organization is not one of this account's.",
  );
  await expect(main(page)).not.toContainText("Umbrella Clinics");

  await showPreview(page, {});
  await submitTampered(page, "organizationId", foreign.id);
  await expect(outcome(page)).toContainText(
    "Not sent: That organization is not one of this account's.",
  );
  expect(await testSends(account.id)).toEqual([]);
  expect(await testSends(other.id)).toEqual([]);
});

test("another account's past notification, by URL or by a tampered form, is refused", async ({
  adminPage: page,
  account,
}) => {
  const other = await createTestAccount({ organizations: ["Umbrella Clinics"] });
  const org = other.organizations[0]!;
  const event = {
    ...sampleEvent("incident", "open", { id: org.externalId, name: org.name }),
    id: `inc-${other.slug}`,
    title: "Secret incident of another MSP",
  };
  const accepted = await acceptEvent(intakeStoreFor(e2eDb()), other, {
    event,
    payload: event,
    webhookId: `wh-${other.slug}`,
  });
  if (accepted.status !== "queued") throw new Error(`not queued: ${accepted.status}`);

  await page.goto(`/previews?type=incident&status=open&source=${accepted.notificationId}`);
  await expect(main(page).getByRole("alert")).toContainText(
    "That notification is not one of this account's",
  );
  await expect(main(page)).not.toContainText("Secret incident of another MSP");
  await expect(main(page)).not.toContainText("Umbrella Clinics");

  await showPreview(page, {});
  await submitTampered(page, "source", accepted.notificationId);
  await expect(outcome(page)).toContainText(
    "Not sent: That notification is not one of this account's",
  );
  expect(await testSends(account.id)).toEqual([]);
  expect(await testSends(other.id)).toEqual([]);
});
