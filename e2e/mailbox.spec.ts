import { eq } from "drizzle-orm";
import { mailboxMessages } from "@/db/schema";
import { expect, test } from "./fixtures";
import { createTestAccount, e2eDb } from "./support/accounts";
import { acceptTestEvent, deliveryStatuses } from "./support/notifications";

/** The local mailbox's copy of a notification's email, once the dispatcher stored it. */
async function storedMessage(accountId: string, subjectPart: string) {
  await expect
    .poll(
      async () =>
        (
          await e2eDb()
            .select()
            .from(mailboxMessages)
            .where(eq(mailboxMessages.accountId, accountId))
        ).filter((message) => message.subject.includes(subjectPart)).length,
      { timeout: 15_000 },
    )
    .toBe(1);
  const message = (
    await e2eDb().select().from(mailboxMessages).where(eq(mailboxMessages.accountId, accountId))
  ).find((m) => m.subject.includes(subjectPart));
  if (!message) throw new Error(`no stored email about ${subjectPart}`);
  return message;
}

test("an accepted incident lands in the mailbox: list, rendered HTML, text and headers", async ({
  userPage: page,
  account,
}) => {
  const { notificationId } = await acceptTestEvent(account, {
    title: "Ransomware on MAILBOX-01",
    organization: 1,
  });
  const stored = await storedMessage(account.id, "Ransomware on MAILBOX-01");
  await expect.poll(() => deliveryStatuses(notificationId)).toEqual(["delivered"]);

  await page.goto("/mailbox");
  await expect(page.getByRole("heading", { level: 1, name: "Mailbox" })).toBeVisible();
  const row = page
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: /Ransomware on MAILBOX-01/ }) });
  await expect(row.getByRole("cell")).toHaveText([
    /UTC$/,
    stored.to,
    `Beacon EDR Critical Incident | Ransomware on MAILBOX-01 (${account.organizations[1]!.name})`,
  ]);

  await row.getByRole("link").click();
  await expect(page).toHaveURL(`/mailbox/${stored.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(stored.subject);
  const envelope = page.getByRole("region", { name: "Envelope" });
  await expect(envelope).toContainText(`To${stored.to}`);
  await expect(envelope).toContainText(`From${stored.from}`);

  const message = page.getByRole("region", { name: "Message" });
  await expect(message.getByRole("row", { name: /X-Beacon-Notification-Type/ })).toContainText(
    "incident",
  );
  await expect(message.getByRole("row", { name: /Auto-Submitted/ })).toContainText(
    "auto-generated",
  );
  await expect(message.locator("iframe")).toHaveAttribute("sandbox", "");
  await expect(
    page
      .frameLocator('iframe[title^="HTML of the email"]')
      .getByRole("heading", { name: /MAILBOX-01/ })
      .first(),
  ).toBeVisible();
  await expect(message.locator("pre")).toContainText("Ransomware on MAILBOX-01");

  await envelope.getByRole("link", { name: "Delivery log of this notification" }).click();
  await expect(page).toHaveURL(`/notifications/${notificationId}`);
});

test("the mailbox shows only the account's own emails; another account's message is not found", async ({
  adminPage: page,
  account,
}) => {
  const other = await createTestAccount();
  await acceptTestEvent(other, { title: "Only for the other tenant" });
  const foreign = await storedMessage(other.id, "Only for the other tenant");

  await page.goto("/mailbox");
  await expect(page.getByText("The mailbox is empty.")).toBeVisible();
  await expect(page.getByText(/RESEND_API_KEY/).first()).toBeVisible();
  await expect(page.getByText("Only for the other tenant")).toHaveCount(0);

  const response = await page.goto(`/mailbox/${foreign.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("Only for the other tenant")).toHaveCount(0);
  expect(account.id).not.toBe(other.id);
});
