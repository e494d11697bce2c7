import type { Page } from "@playwright/test";
import { readStoredSettings } from "@/lib/core/settings";
import { createDigestSchedule } from "@/lib/delivery/digests";
import { renderDigestContent } from "@/lib/render/render";
import { expect, test } from "./fixtures";
import { e2eDb } from "./support/accounts";
import { emailIntegration, setEmailSettings } from "./support/settings";
import { postSigned, uniqueEvent } from "./support/webhooks";

const main = (page: Page) => page.getByRole("main");
const status = (page: Page) =>
  page.getByRole("form", { name: "Email Integration settings" }).getByRole("status");

test("an admin puts types on digests in the account's time zone; a bad zone is named under its field and kept", async ({
  adminPage: page,
  account,
}) => {
  await page.goto("/integrations/email");
  const zone = page.getByRole("combobox", { name: "Account time zone" });
  await expect(zone).toHaveValue("UTC");
  await zone.fill("Europe/Atlantis");
  await page.getByLabel("Send Account Notices").selectOption({ label: "Hourly digest" });
  await page.getByLabel("Send Escalations").selectOption({ label: "Daily digest" });
  await page.getByLabel("Daily digest time for Escalations").fill("07:30");

  // The summary follows the form before saving.
  const everyone = main(page).getByRole("table", { name: "Every organization" });
  await expect(everyone.getByRole("row", { name: /^Account Notices: High/ })).toContainText(
    "Hourly digest",
  );
  await expect(everyone.getByRole("row", { name: /^Account Notices: Critical/ })).toContainText(
    "Immediately (critical)",
  );

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(zone).toHaveAttribute("aria-invalid", "true");
  await expect(zone).toBeFocused();
  await expect(page.locator("#time-zone-error")).toHaveText(/Not a time zone we know/);
  await expect(zone).toHaveValue("Europe/Atlantis");
  await expect(page.getByLabel("Send Account Notices")).toHaveValue("hourly");
  expect(readStoredSettings((await emailIntegration(account.id)).settings).timeZone).toBe("UTC");

  await zone.fill("Europe/Berlin");
  await expect(page.locator("#time-zone-error")).toHaveText("");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(status(page)).toHaveText(/Saved\. 3 changes recorded in History\./);
  const stored = readStoredSettings((await emailIntegration(account.id)).settings);
  expect(stored.timeZone).toBe("Europe/Berlin");
  expect(stored.types.account_notice.delivery).toBe("hourly");
  expect(stored.types.escalation).toMatchObject({ delivery: "daily", digestAt: "07:30" });

  await page.reload();
  await expect(everyone.getByRole("row", { name: /^Escalations: High and Low/ })).toContainText(
    "Daily digest at 07:30 (Europe/Berlin)",
  );
  const history = page.getByRole("list", { name: "Saved changes, newest first" });
  await expect(history).toContainText("Time zone: UTC → Europe/Berlin");
  await expect(history).toContainText("Escalations: delivery: immediately → daily digest at 07:30");
});

test("an Account User sees the digest settings read-only", async ({ userPage: page, account }) => {
  await setEmailSettings(account.id, (settings) => {
    settings.types.account_notice.delivery = "hourly";
  });
  await page.goto("/integrations/email");
  await expect(page.getByLabel("Send Account Notices")).toBeDisabled();
  await expect(page.getByLabel("Send Account Notices")).toHaveValue("hourly");
  await expect(page.getByRole("combobox", { name: "Account time zone" })).toHaveAttribute(
    "readonly",
    "",
  );
});

test("the delivery log says a notice is held for its digest, then that it went in it, linked both ways", async ({
  adminPage: page,
  account,
}) => {
  await setEmailSettings(account.id, (settings) => {
    settings.types.account_notice.delivery = "hourly";
  });
  const title = `Digest me ${account.slug}`;
  const answer = await postSigned(
    account.slug,
    account.webhookSecret,
    uniqueEvent("account_notice", { title }),
  );
  expect(answer.status()).toBe(202);

  await page.goto("/notifications");
  await page
    .getByLabel("Delivery status")
    .selectOption({ label: "Held (for a digest or a maintenance window)" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  const row = main(page).getByRole("row", { name: new RegExp(title) });
  await expect(row).toContainText(/1 held for the \d\d:00 digest/);

  await row.getByRole("link", { name: title }).click();
  await expect(main(page)).toContainText(/Held\s*for the \d\d:00 digest/);
  await expect(main(page)).toContainText("Account Notices go out in an hourly digest");

  // The hour passes for a dispatcher in this process (the shared server's clock stays put).
  const schedule = createDigestSchedule({
    db: e2eDb(),
    render: renderDigestContent,
    log: () => undefined,
  });
  expect(await schedule.runDue(Date.now() + 2 * 3_600_000)).toBeGreaterThanOrEqual(1);

  await page.reload();
  await expect(main(page).getByText("sent in digest").first()).toBeVisible();
  await main(page).getByRole("link", { name: "its digest" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(
    /The \d\d:00 digest: 1 notification/,
  );
  const items = page.getByRole("region", { name: "In this digest" });
  await items.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  await page.goto("/notifications?status=digested");
  await expect(main(page).getByRole("row", { name: new RegExp(title) })).toContainText(
    "1 sent in digest",
  );
});

/** A moment as a datetime-local value in UTC, the test account's time zone. */
const utcLocal = (ms: number) => new Date(ms).toISOString().slice(0, 16);

test("an admin plans a maintenance window for one organization; it holds that organization's notices until ended early", async ({
  adminPage: page,
  account,
}) => {
  const acme = account.organizations[0]!;
  await page.goto("/integrations/email");
  await page.getByRole("button", { name: "Add maintenance window" }).click();
  await expect(page.getByLabel("Organization for window 1")).toBeFocused();
  await page.getByLabel("Organization for window 1").selectOption({ label: acme.name });
  const now = Date.now();
  await page.getByLabel("Window 1 starts").fill(utcLocal(now - 3_600_000));
  await page.getByLabel("Window 1 ends").fill(utcLocal(now - 7_200_000));
  await page.getByLabel("Reason for window 1").fill("Server upgrade");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  // Refused under its field, with everything typed kept.
  const end = page.getByLabel("Window 1 ends");
  await expect(end).toHaveAttribute("aria-invalid", "true");
  await expect(end).toBeFocused();
  await expect(main(page)).toContainText("The window must end after it starts");
  await expect(page.getByLabel("Reason for window 1")).toHaveValue("Server upgrade");

  await end.fill(utcLocal(now + 2 * 3_600_000));
  const acmeSummary = main(page).getByRole("table", { name: acme.name });
  await expect(acmeSummary.getByRole("row", { name: /^Account Notices: High/ })).toContainText(
    /Held by a maintenance window until \d\d:\d\d \(UTC\)/,
  );
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(status(page)).toHaveText(/Saved\. 1 change recorded in History\./);
  const windows = page.getByRole("list", { name: "Maintenance windows" });
  await expect(windows).toContainText(`Active: ${acme.name}`);
  await expect(windows).toContainText("Server upgrade");

  const title = `Held by the window ${account.slug}`;
  const answer = await postSigned(
    account.slug,
    account.webhookSecret,
    uniqueEvent("account_notice", {
      title,
      organization: { id: acme.externalId, name: acme.name },
    }),
  );
  expect(answer.status()).toBe(202);
  await page.goto("/notifications");
  await expect(main(page).getByRole("row", { name: new RegExp(title) })).toContainText(
    /1 held by a maintenance window until \d\d:\d\d/,
  );

  await page.goto("/integrations/email");
  await page.getByRole("button", { name: `End the window for ${acme.name} now` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "End window" }).click();
  await expect(windows.getByRole("status")).toHaveText(
    "Ended. 1 held email goes out now in a digest; History records it.",
  );
  await page.reload();
  await expect(page.getByRole("list", { name: "Saved changes, newest first" })).toContainText(
    `Maintenance window for ${acme.name}: on → ended early`,
  );
  await expect(windows).toContainText(`Ended early: ${acme.name}`);
  await expect(
    page.getByRole("button", { name: `End the window for ${acme.name} now` }),
  ).toHaveCount(0);

  // The shared server's dispatcher sends what the window held as a digest.
  await page.goto("/notifications");
  await page.getByRole("link", { name: title }).click();
  await expect(async () => {
    await page.reload();
    await expect(main(page).getByText("sent in digest").first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
});
