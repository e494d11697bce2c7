import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { notifications } from "@/db/schema";
import { expect, test } from "./fixtures";
import { e2eDb } from "./support/accounts";
import { acceptTestEvent, deliveryStatuses, endDelivery } from "./support/notifications";
import { postSigned, uniqueEvent } from "./support/webhooks";

/** Moves a notification back in time, as if it had been received then. */
async function receivedAt(notificationId: string, at: Date) {
  await e2eDb()
    .update(notifications)
    .set({ createdAt: at })
    .where(eq(notifications.id, notificationId));
}

const day = (at: Date) => at.toISOString().slice(0, 10);

test("a critical incident from this morning is found by its host name in two interactions", async ({
  adminPage: page,
  account,
}) => {
  const host = `web-${randomUUID().slice(0, 6)}.acme.local`;
  const answer = await postSigned(
    account.slug,
    account.webhookSecret,
    uniqueEvent("incident", { host, title: "Ransomware behaviour detected", severity: "critical" }),
  );
  expect(answer.status()).toBe(202);
  for (let i = 0; i < 3; i++) await acceptTestEvent(account, { title: `Noise ${i}` });

  await page.goto("/notifications");
  await expect(page.getByRole("heading", { level: 2, name: /notification/ })).toHaveText(
    /^4 notifications/,
  );
  await page.getByRole("searchbox", { name: "Search" }).fill(host.split(".")[0]!);
  await page.getByRole("searchbox", { name: "Search" }).press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${host.split(".")[0]}`));
  await expect(page.getByRole("heading", { level: 2, name: /notification/ })).toHaveText(
    "1 notification match",
  );
  const row = page.getByRole("row").filter({ hasText: "Ransomware behaviour detected" });
  await expect(row).toContainText(host);
  await expect(row.getByText("Critical", { exact: true })).toBeVisible();
  // The search stays in the form and the URL after a reload.
  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue(host.split(".")[0]!);
  await expect(page.getByRole("row")).toHaveCount(2);
});

test("a date range keeps the days chosen, both ends included", async ({
  adminPage: page,
  account,
}) => {
  const old = await acceptTestEvent(account, { title: "Last week's alert" });
  const recent = await acceptTestEvent(account, { title: "Yesterday's alert" });
  await acceptTestEvent(account, { title: "Today's alert" });
  const now = new Date();
  await receivedAt(old.notificationId, new Date(now.getTime() - 7 * 86_400_000));
  const yesterday = new Date(now.getTime() - 86_400_000);
  await receivedAt(recent.notificationId, yesterday);

  await page.goto("/notifications");
  await page.getByLabel("From (UTC day)").fill(day(yesterday));
  await page.getByLabel("To (UTC day, included)").fill(day(yesterday));
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${day(yesterday)}&to=${day(yesterday)}`));
  await expect(page.getByRole("link", { name: /alert$/ })).toHaveText(["Yesterday's alert"]);
  await expect(page.getByRole("heading", { level: 2, name: /notification/ })).toHaveText(
    "1 notification match",
  );

  await page.getByLabel("To (UTC day, included)").fill("");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("link", { name: /alert$/ })).toHaveText([
    "Today's alert",
    "Yesterday's alert",
  ]);
});

test("an alert's open and resolved events are one row with its history linked, and its state now", async ({
  adminPage: page,
  account,
}) => {
  const opened = await acceptTestEvent(account, {
    title: "Lateral movement on SRV-7",
    eventId: `inc_${randomUUID()}`,
  });
  const resolved = await acceptTestEvent(account, {
    title: "Lateral movement on SRV-7",
    status: "resolved",
    eventId: opened.event.id,
  });

  await page.goto("/notifications");
  const rows = page.getByRole("row").filter({ hasText: "Lateral movement on SRV-7" });
  await expect(rows).toHaveCount(1);
  await expect(rows.getByRole("cell").nth(4)).toContainText("Resolved");
  const history = rows.getByRole("list", { name: "History of this alert" });
  await expect(history.getByRole("listitem")).toHaveText([/^Opened/, /^Resolved/]);
  await history.getByRole("link", { name: "Opened" }).click();
  await expect(page).toHaveURL(new RegExp(`/notifications/${opened.notificationId}$`));
  // The open event's page says the alert is resolved now, and links the resolution.
  const details = page.getByRole("region", { name: "Details" });
  await expect(details).toContainText("Open event; the alert is resolved now");
  await details.getByRole("link", { name: "Resolution" }).click();
  await expect(page).toHaveURL(new RegExp(`/notifications/${resolved.notificationId}$`));
});

test("an admin retries every failed delivery of the filtered list, and exports it as CSV", async ({
  adminPage: page,
  account,
}) => {
  const a = await acceptTestEvent(account, { title: "Failed alpha" });
  const b = await acceptTestEvent(account, { title: "Failed beta" });
  await acceptTestEvent(account, { title: "Fine gamma" });
  for (const n of [a, b]) {
    await expect.poll(() => deliveryStatuses(n.notificationId)).toEqual(["delivered"]);
    await endDelivery(n.notificationId, account.defaults[0]!, "failed", "422 invalid recipient");
  }

  await page.goto("/notifications?status=failed");
  await expect(page.getByRole("heading", { level: 2, name: /notification/ })).toHaveText(
    "2 notifications match",
  );
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = readFileSync((await (await download).path())!, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toContain('"received_at_utc","type"');
  expect(lines.slice(1).map((line) => line.split('","')[5])).toEqual([
    "Failed beta",
    "Failed alpha",
  ]);

  await page.getByRole("button", { name: "Retry failed deliveries" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Queued" })).toHaveText(
    "Queued 2 deliveries of 2 notifications again.",
  );
  await expect
    .poll(() => deliveryStatuses(a.notificationId), { timeout: 15_000 })
    .toEqual(["delivered"]);
  await expect
    .poll(() => deliveryStatuses(b.notificationId), { timeout: 15_000 })
    .toEqual(["delivered"]);
});

test("the read-only user finds alerts but is offered no bulk retry", async ({
  userPage: page,
  account,
}) => {
  const n = await acceptTestEvent(account, { title: "Failed for the user" });
  await expect.poll(() => deliveryStatuses(n.notificationId)).toEqual(["delivered"]);
  await endDelivery(n.notificationId, account.defaults[0]!, "failed", "422");
  await page.goto("/notifications");
  await expect(page.getByRole("link", { name: "Failed for the user" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Retry failed deliveries" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Retry/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();
});
