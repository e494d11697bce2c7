import type { Page } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { first } from "@/db/client";
import { deliveries, sessions, users } from "@/db/schema";
import { readStoredSettings } from "@/lib/core/settings";
import { clearPause, readPause, setPause } from "@/lib/delivery/pause";
import { expect, signIn, test } from "./fixtures";
import { createTestAccount, e2eDb } from "./support/accounts";
import { emailIntegration, setEmailSettings } from "./support/settings";
import { postSigned, uniqueEvent } from "./support/webhooks";

const savedSettings = async (accountId: string) =>
  readStoredSettings((await emailIntegration(accountId)).settings);

/** Confirms in the portal's dialog, which must say what it is about first. */
async function confirm(page: Page, button: string) {
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: button }).click();
  await expect(dialog).toBeHidden();
}

test("an admin reveals and rotates the signing secret; the old one keeps working", async ({
  adminPage: page,
  account,
}) => {
  await page.goto("/integrations/email");
  const panel = page.getByRole("region", { name: "Inbound webhook" });
  await expect(panel).toContainText(`/api/v1/accounts/${account.slug}/notifications`);
  const secret = panel.getByLabel("Signing secret");
  // The secret is base64: its last characters may be "+" or "/", which a pattern must escape.
  const lastFour = account.webhookSecret.slice(-4).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  await expect(secret).toHaveValue(new RegExp(`${lastFour}$`));
  await expect(secret).not.toHaveValue(account.webhookSecret);
  expect(await page.content()).not.toContain(account.webhookSecret);

  await panel.getByRole("button", { name: "Reveal secret" }).click();
  await expect(secret).toHaveValue(account.webhookSecret);

  // Asked in the portal's dialog, which says what rotating does; Cancel keeps the secret.
  await panel.getByRole("button", { name: "Rotate secret" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate the signing secret?" });
  await expect(dialog).toContainText("The current one keeps working for 24 hours");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByRole("button", { name: "Rotate secret" })).toBeFocused();
  await expect(secret).toHaveValue(account.webhookSecret);

  await panel.getByRole("button", { name: "Rotate secret" }).click();
  await confirm(page, "Rotate secret");
  await expect(panel.getByRole("status")).toContainText("previous one keeps working for 24 hours");
  const rotated = await secret.inputValue();
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(account.webhookSecret);

  const withOld = await postSigned(account.slug, account.webhookSecret, uniqueEvent("incident"));
  expect(withOld.status()).toBe(202);
  const withNew = await postSigned(account.slug, rotated, uniqueEvent("incident"));
  expect(withNew.status()).toBe(202);
  await page.reload();
  await expect(panel).toContainText("Previous secret");
});

test("15 minutes after sign-in, the secret needs the password again; reveal, rotate and revoke are in the History", async ({
  adminPage: page,
  account,
}) => {
  // The session was created 20 minutes ago.
  const [user] = await e2eDb().select().from(users).where(eq(users.email, account.admin.email));
  await e2eDb()
    .update(sessions)
    .set({ createdAt: new Date(Date.now() - 20 * 60_000) })
    .where(eq(sessions.userId, user!.id));

  await page.goto("/integrations/email");
  const panel = page.getByRole("region", { name: "Inbound webhook" });
  const secret = panel.getByLabel("Signing secret");
  await panel.getByRole("button", { name: "Reveal secret" }).click();
  await expect(panel.getByRole("status")).toContainText("enter your password again");
  await expect(secret).not.toHaveValue(account.webhookSecret);

  const password = panel.getByLabel("Your password");
  await password.fill("not-my-password");
  await panel.getByRole("button", { name: "Reveal secret" }).click();
  await expect(panel.getByRole("status")).toContainText("That password is not correct.");
  await expect(secret).not.toHaveValue(account.webhookSecret);

  await panel.getByLabel("Your password").fill(account.admin.password);
  await panel.getByRole("button", { name: "Reveal secret" }).click();
  await expect(secret).toHaveValue(account.webhookSecret);

  await panel.getByRole("button", { name: "Rotate secret" }).click();
  await confirm(page, "Rotate secret");
  await expect(panel.getByRole("status")).toContainText("enter your password again");
  await panel.getByLabel("Your password").fill(account.admin.password);
  await panel.getByRole("button", { name: "Rotate secret" }).click();
  await confirm(page, "Rotate secret");
  await expect(panel.getByRole("status")).toContainText("previous one keeps working for 24 hours");
  const rotated = await secret.inputValue();
  expect(
    (await postSigned(account.slug, account.webhookSecret, uniqueEvent("incident"))).status(),
  ).toBe(202);

  await page.reload();
  await panel.getByRole("button", { name: "Revoke previous secret now" }).click();
  await confirm(page, "Revoke it now");
  await panel.getByLabel("Your password").fill(account.admin.password);
  await panel.getByRole("button", { name: "Revoke previous secret now" }).click();
  await confirm(page, "Revoke it now");
  await expect(panel.getByRole("status")).toContainText("no longer verifies anything");
  expect(
    (await postSigned(account.slug, account.webhookSecret, uniqueEvent("incident"))).status(),
  ).toBe(401);
  expect((await postSigned(account.slug, rotated, uniqueEvent("incident"))).status()).toBe(202);

  await page.reload();
  const history = page.getByRole("region", { name: "History" });
  await expect(history).toContainText(
    `Signing secret: …${account.webhookSecret.slice(-4)} → revealed`,
  );
  await expect(history).toContainText(`→ …${rotated.slice(-4)} (rotated`);
  await expect(history).toContainText("Previous signing secret");
  await expect(history).toContainText("→ revoked");
  await expect(history).toContainText(account.admin.email);
  expect(await page.content()).not.toContain(rotated);
});

test("a read-only user never sees the signing secret", async ({ userPage: page, account }) => {
  await page.goto("/integrations/email");
  const panel = page.getByRole("region", { name: "Inbound webhook" });
  await expect(panel).toContainText("Only Account Admins can see and rotate the signing secret.");
  await expect(panel.getByRole("button", { name: "Reveal secret" })).toHaveCount(0);
  expect(await page.content()).not.toContain(account.webhookSecret.slice(6, 20));
});

test("an address that never receives anything is flagged", async ({ adminPage: page, account }) => {
  const response = await postSigned(account.slug, account.webhookSecret, uniqueEvent("incident"));
  const { id } = await response.json();
  await expect
    .poll(
      async () =>
        (
          await first(
            e2eDb().select().from(deliveries).where(eq(deliveries.notificationId, id)).limit(1),
          )
        )?.status,
    )
    .toBe("delivered");
  await e2eDb()
    .update(deliveries)
    .set({ status: "bounced", lastError: "Mailbox does not exist" })
    .where(eq(deliveries.notificationId, id));

  await page.goto("/integrations/email");
  const panel = page.getByRole("region", { name: "Addresses that receive nothing" });
  await expect(panel.getByRole("row", { name: new RegExp(account.defaults[0]!) })).toContainText(
    "Mailbox does not exist",
  );
});

test("an admin removes a flagged address from every list, after confirming; History says so", async ({
  page,
}) => {
  const account = await createTestAccount({ defaults: ["soc@msp.example", "typo@msp.example"] });
  await setEmailSettings(account.id, (settings) => {
    settings.types.incident = {
      ...settings.types.incident,
      override: true,
      addresses: ["typo@msp.example", "ir@msp.example"],
      resolved: true,
      updates: true,
      reminders: { enabled: false, everyHours: 4, times: 3 },
    };
  });
  await signIn(page, account.admin);
  const response = await postSigned(account.slug, account.webhookSecret, uniqueEvent("incident"));
  const { id } = await response.json();
  await expect
    .poll(() => e2eDb().select().from(deliveries).where(eq(deliveries.notificationId, id)))
    .toHaveLength(2);
  await e2eDb()
    .update(deliveries)
    .set({ status: "bounced", lastError: "Permanent bounce (General): no such user" })
    .where(and(eq(deliveries.notificationId, id), eq(deliveries.recipient, "typo@msp.example")));

  await page.goto("/integrations/email");
  const panel = page.getByRole("region", { name: "Addresses that receive nothing" });
  const row = panel.getByRole("row", { name: /typo@msp\.example/ });
  await row.getByRole("button", { name: "Remove typo@msp.example" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove typo@msp.example?" });
  // Cancel changes nothing.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await savedSettings(account.id)).defaults).toContain("typo@msp.example");

  await row.getByRole("button", { name: "Remove typo@msp.example" }).click();
  await dialog.getByRole("button", { name: "Remove address" }).click();
  await expect(row.getByRole("status")).toHaveText(
    "Removed typo@msp.example. The change is recorded in History.",
  );
  const saved = await savedSettings(account.id);
  expect(saved.defaults).toEqual(["soc@msp.example"]);
  expect(saved.types.incident.addresses).toEqual(["ir@msp.example"]);
  // The form shows what is saved now, so a later Save can't put the address back.
  await expect(
    page.getByRole("list", { name: /^Default Notification Emails:/ }).getByRole("listitem"),
  ).toHaveText(["soc@msp.example"]);
  await expect(row).toContainText("No longer in the settings");
  await expect(page.getByRole("region", { name: "History" })).toContainText("typo@msp.example");
});

test("the last default address can't be removed from the panel, and the admin is told where to change it", async ({
  adminPage: page,
  account,
}) => {
  const response = await postSigned(account.slug, account.webhookSecret, uniqueEvent("incident"));
  const { id } = await response.json();
  await expect
    .poll(
      async () =>
        (
          await first(
            e2eDb().select().from(deliveries).where(eq(deliveries.notificationId, id)).limit(1),
          )
        )?.status,
    )
    .toBe("delivered");
  await e2eDb()
    .update(deliveries)
    .set({ status: "bounced", lastError: "Permanent bounce (General): no such user" })
    .where(eq(deliveries.notificationId, id));
  const only = account.defaults[0]!;
  await page.goto("/integrations/email");
  const row = page
    .getByRole("region", { name: "Addresses that receive nothing" })
    .getByRole("row", { name: new RegExp(only) });
  await row.getByRole("button", { name: `Remove ${only}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove address" }).click();
  await expect(row.getByRole("status")).toHaveText(
    `${only} is the only address of the Default Notification Emails: change it in the form above instead.`,
  );
  expect((await savedSettings(account.id)).defaults).toEqual([only]);
});

test("a provider pause is shown to every account in neutral words, and no account admin can lift it", async ({
  adminPage: page,
}) => {
  const pause = {
    until: Date.now() + 3_600_000,
    reason: "Resend 429 daily_quota_exceeded: quota reached",
  };
  await setPause(e2eDb(), pause);
  try {
    for (const path of ["/notifications", "/integrations/email", "/previews"]) {
      await page.goto(path);
      const banner = page
        .getByRole("main")
        .getByRole("alert")
        .filter({ hasText: "Email sending is paused" });
      // One sentence: until when, why in words, what happens to the alerts.
      await expect(banner.getByRole("paragraph").first(), path).toHaveText(
        /^Email sending is paused until .+ because the email provider's daily sending quota is used up\. Accepted alerts are kept and are sent when it resumes, at that time or earlier if the operator resumes it\.$/,
      );
      // The provider's code only on asking; its message (about the deployment's provider
      // account, not this one) never.
      const details = banner.locator("details");
      await expect(details, path).not.toHaveAttribute("open");
      await details.getByText("Details for the operator").click();
      await expect(details, path).toContainText("daily_quota_exceeded (HTTP 429)");
      await expect(banner, path).not.toContainText("quota reached");
      await expect(banner, path).not.toContainText("Resend");
      await expect(page.getByRole("button", { name: /Resume/ }), path).toHaveCount(0);
    }
    expect(await readPause(e2eDb())).toEqual(pause);
  } finally {
    await clearPause(e2eDb());
  }
});
