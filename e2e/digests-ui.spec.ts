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
  expect(readStoredSettings(emailIntegration(account.id).settings).timeZone).toBe("UTC");

  await zone.fill("Europe/Berlin");
  await expect(page.locator("#time-zone-error")).toHaveText("");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(status(page)).toHaveText(/Saved\. 3 changes recorded in History\./);
  const stored = readStoredSettings(emailIntegration(account.id).settings);
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
  setEmailSettings(account.id, (settings) => {
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
  setEmailSettings(account.id, (settings) => {
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
  await main(page)
    .getByRole("link", { name: /the \d\d:00 digest/ })
    .click();
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
