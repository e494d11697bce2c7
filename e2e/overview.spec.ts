import { expect, signIn, test } from "./fixtures";
import { createTestAccount } from "./support/accounts";
import {
  acceptTestEvent,
  deliveryStatuses,
  disableResolvedMail,
  endDelivery,
} from "./support/notifications";
import { postSigned, uniqueEvent } from "./support/webhooks";

test("the overview counts the last 24 hours of the account and names the last accepted and refused webhook", async ({
  page,
}) => {
  const tag = Date.now().toString(36);
  const account = await createTestAccount({ defaults: [`soc-${tag}@example.test`] });
  await disableResolvedMail(account, "incident");
  const first = await acceptTestEvent(account, { title: `Ransomware on HOST-${tag}` });
  const second = await acceptTestEvent(account, { type: "escalation" });
  await acceptTestEvent(account, { status: "resolved" }); // suppressed: resolved mail is off
  await expect.poll(() => deliveryStatuses(first.notificationId)).toEqual(["delivered"]);
  await expect.poll(() => deliveryStatuses(second.notificationId)).toEqual(["delivered"]);
  await endDelivery(
    second.notificationId,
    `soc-${tag}@example.test`,
    "bounced",
    "550 no such user",
  );
  // Another account's traffic never shows here.
  const other = await createTestAccount();
  await acceptTestEvent(other);

  await signIn(page, account.admin);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const counters = page.getByRole("list", { name: "Last 24 hours" });
  await expect(counters.getByRole("listitem")).toHaveText([
    /Alerts received\s*3/,
    /Emails delivered\s*1/,
    /Emails failed or dead\s*1/,
    /Alerts suppressed\s*1/,
  ]);
  await expect(page.getByRole("status").filter({ hasText: "Needs attention" })).toContainText(
    "1 email did not reach their recipient",
  );
  await expect(page.getByText("Last refused").locator("xpath=following-sibling::dd[1]")).toHaveText(
    "None in the last 7 days",
  );

  // A request with a bad signature: refused, and the overview says when.
  const refused = await postSigned(account.slug, account.webhookSecret, uniqueEvent("incident"), {
    secret: "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC0zMi1i",
  });
  expect(refused.status()).toBe(401);
  await expect
    .poll(
      async () => {
        await page.reload();
        return page
          .getByText("Last refused")
          .locator("xpath=following-sibling::dd[1]")
          .textContent();
      },
      { timeout: 10_000 },
    )
    .toMatch(/(now|second|minute).*\(HTTP 401\)/);
  await expect(
    page.getByText("Last accepted").locator("xpath=following-sibling::dd[1]"),
  ).not.toHaveText("None yet");

  // The chart's numbers are there for screen readers, per hour and type.
  const byType = page.getByRole("table", { name: /Alerts by type, last 24 hours/ });
  // This hour: two incidents (one of them the suppressed resolved one) and one escalation.
  await expect(byType.getByRole("row").last().getByRole("cell")).toHaveText(["2", "1", "0", "0"]);
  await page.getByRole("link", { name: "7 days" }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page.getByRole("table", { name: /Alerts by type, last 7 days/ })).toBeAttached();
  // The counters go to the list they count.
  await page.getByRole("link", { name: /Emails failed or dead/ }).click();
  await expect(page).toHaveURL(/\/notifications\?status=undelivered/);
});
