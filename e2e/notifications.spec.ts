import { randomUUID } from "node:crypto";
import { rateLimits } from "@/db/schema";
import { PORTAL_LIMITS } from "@/lib/security/portal-limits";
import { expect, signIn, test } from "./fixtures";
import { createTestAccount, e2eDb } from "./support/accounts";
import {
  acceptPortalTestSend,
  acceptTestEvent,
  deliveriesOf,
  deliveryStatuses,
  disableResolvedMail,
  endDelivery,
} from "./support/notifications";
import { postSigned, uniqueEvent } from "./support/webhooks";

/** Waits until the app's dispatcher has delivered every email of a notification. */
async function delivered(notificationId: string, count: number) {
  await expect
    .poll(() => deliveryStatuses(notificationId), { timeout: 15_000 })
    .toEqual(Array(count).fill("delivered"));
}

function logRow(page: import("@playwright/test").Page, subjectPart: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name: subjectPart }) });
}

test("the log lists each notification with its delivery summary, and filters keep their values in the URL", async ({
  page,
}) => {
  const tag = Date.now().toString(36);
  const account = await createTestAccount({
    defaults: [`soc-${tag}@example.test`, `oncall-${tag}@example.test`],
  });
  await signIn(page, account.admin);
  const incident = await acceptTestEvent(account, { title: `Ransomware on HOST-${tag}` });
  const escalation = await acceptTestEvent(account, {
    type: "escalation",
    organization: 1,
    title: `Approve isolation of SRV-${tag}`,
  });
  await delivered(incident.notificationId, 2);
  await delivered(escalation.notificationId, 2);

  await page.goto("/notifications");
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const incidentRow = logRow(page, `Ransomware on HOST-${tag}`);
  // The title without the subject's repeated type, severity and organization; a relative time.
  await expect(incidentRow.getByRole("cell")).toHaveText([
    /(ago|now) \(/,
    "Critical",
    new RegExp(`^Ransomware on HOST-${tag}Incident · DESKTOP-RECEPTION-01 · evt_`),
    account.organizations[0]!.name,
    "Open",
    "2 delivered",
  ]);
  await expect(logRow(page, `Approve isolation of SRV-${tag}`)).toContainText("Escalation");
  // Newest first.
  await expect(
    page.getByRole("link", { name: /Ransomware on HOST-|Approve isolation/ }),
  ).toHaveText([/Approve isolation/, /Ransomware on HOST-/]);

  await page.getByLabel("Type", { exact: true }).selectOption("escalation");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]type=escalation/);
  await expect(logRow(page, `Approve isolation of SRV-${tag}`)).toBeVisible();
  await expect(logRow(page, `Ransomware on HOST-${tag}`)).toHaveCount(0);
  await expect(page.getByLabel("Type", { exact: true })).toHaveValue("escalation");

  await page.goto("/notifications");
  await page.getByLabel("Organization").selectOption({ label: account.organizations[0]!.name });
  await page.getByLabel("Delivery status").selectOption("delivered");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=delivered/);
  await expect(logRow(page, `Ransomware on HOST-${tag}`)).toBeVisible();
  await expect(logRow(page, `Approve isolation of SRV-${tag}`)).toHaveCount(0);
  await expect(page.getByLabel("Organization")).toHaveValue(account.organizations[0]!.id);
  await expect(page.getByLabel("Delivery status")).toHaveValue("delivered");

  await page.getByLabel("Delivery status").selectOption("undelivered");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No notification matches these filters.")).toBeVisible();
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(logRow(page, `Approve isolation of SRV-${tag}`)).toBeVisible();
});

test("a signed incident posted over HTTP reaches each default recipient's mailbox and shows delivered in the log", async ({
  page,
}) => {
  const tag = Date.now().toString(36);
  const account = await createTestAccount({
    defaults: [`soc-${tag}@example.test`, `oncall-${tag}@example.test`],
  });
  await signIn(page, account.user);
  const event = uniqueEvent("incident", {
    title: `Posted over HTTP ${tag}`,
    organization: { id: `org_http_${tag}`, name: "Initech Labs" },
    vendor_extension: { ticket: "T-42" },
  });
  const answer = await postSigned(account.slug, account.webhookSecret, event);
  expect(answer.status()).toBe(202);
  const { id } = (await answer.json()) as { id: string };
  await delivered(id, 2);

  await page.goto("/mailbox");
  const emails = page
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: `Posted over HTTP ${tag}` }) });
  await expect(emails).toHaveCount(2);
  const to = await emails.locator("td:nth-child(2)").allTextContents();
  expect(to.sort()).toEqual([...account.defaults].sort());

  await page.goto("/notifications");
  // The organization was added by the event, so the filter offers it.
  await page.getByLabel("Organization").selectOption({ label: "Initech Labs" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  const row = logRow(page, `Posted over HTTP ${tag}`);
  await expect(row).toContainText("2 delivered");
  await row.getByRole("link").click();
  await expect(page.getByRole("region", { name: "Details" })).toContainText(
    `Event id${String(event.id)}`,
  );
  await expect(page.getByRole("region", { name: "Payload as received" })).toContainText(
    '"ticket": "T-42"',
  );
});

test("the detail shows the facts, each recipient's history, the content as sent and the raw payload", async ({
  adminPage: page,
  account,
}) => {
  const { notificationId, event } = await acceptTestEvent(account, {
    title: "Credential dumping on DC-01",
  });
  await delivered(notificationId, 1);

  await page.goto("/notifications");
  await logRow(page, "Credential dumping on DC-01").getByRole("link").click();
  await expect(page).toHaveURL(`/notifications/${notificationId}`);
  await expect(
    page.getByRole("heading", { level: 1, name: "Credential dumping on DC-01" }),
  ).toBeVisible();

  const facts = page.getByRole("region", { name: "Details" });
  await expect(facts).toContainText("TypeIncident");
  await expect(facts).toContainText("StatusOpen");
  await expect(facts).toContainText("SeverityCritical");
  await expect(facts).toContainText(`Organization${account.organizations[0]!.name}`);
  await expect(facts).toContainText(`Event id${event.id}`);
  await expect(facts).toContainText(/Routing.*default/i);

  const deliveriesRegion = page.getByRole("region", { name: "Deliveries" });
  const card = deliveriesRegion.getByRole("region").first();
  await expect(card.getByRole("heading", { level: 3 })).toHaveText(/^soc-.*@example\.test$/);
  await expect(card).toContainText("Statusdelivered");
  await expect(card).toContainText("Attempts1");
  const history = card.getByRole("table", { name: /Status history/ });
  await expect(history.getByRole("row").nth(1).getByRole("cell")).toHaveText([
    /UTC$/,
    "queued",
    "Dispatcher",
    /default/i,
  ]);
  await expect(history.getByRole("row").last().getByRole("cell").nth(1)).toHaveText("delivered");
  await expect(history.getByRole("row").last()).toContainText("Stored in the local mailbox");

  const content = page.getByRole("region", { name: "Content as sent" });
  await expect(content).toContainText("Beacon EDR Critical Incident | Credential dumping on DC-01");
  await expect(content.getByRole("row", { name: /Auto-Submitted/ })).toContainText(
    "auto-generated",
  );
  const frame = content.locator("iframe");
  await expect(frame).toHaveAttribute("sandbox", "");
  await expect(
    page
      .frameLocator('iframe[title^="HTML of the email"]')
      .getByText("Credential dumping on DC-01")
      .first(),
  ).toBeVisible();
  await expect(content.locator("pre")).toContainText("Credential dumping on DC-01");

  const payload = page.getByRole("region", { name: "Payload as received" });
  await expect(payload).toContainText('"vendor_field": "kept as received"');
});

test("suppressed notifications and test sends say so in the log", async ({
  adminPage: page,
  account,
}) => {
  await disableResolvedMail(account, "incident");
  await acceptTestEvent(account, { status: "resolved", title: "Resolved quietly on WS-7" });
  const testSend = await acceptPortalTestSend(account, "Trial run of host isolation", [
    "designer@example.test",
  ]);
  await delivered(testSend, 1);

  await page.goto("/notifications");
  const suppressed = logRow(page, "Resolved quietly on WS-7");
  await expect(suppressed).toContainText("suppressed");
  await expect(suppressed).toContainText(/resolved/i);
  await expect(suppressed.getByRole("cell").nth(4)).toHaveText("Resolved");
  const testRow = logRow(page, "Trial run of host isolation");
  await expect(testRow.getByText("Test", { exact: true })).toBeVisible();
  await expect(testRow).toContainText("1 delivered");

  await page.getByLabel("Delivery status").selectOption("suppressed");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(suppressed).toBeVisible();
  await expect(testRow).toHaveCount(0);
});

test("an admin retries a dead delivery: it is queued again and the page tells its story", async ({
  adminPage: page,
  account,
}) => {
  const { notificationId } = await acceptTestEvent(account, { title: "Beacon lost HOST-DEAD" });
  await delivered(notificationId, 1);
  const recipient = (await deliveriesOf(notificationId))[0]!.recipient;
  await endDelivery(
    notificationId,
    recipient,
    "dead",
    "Gave up after 8 attempts: 503 Service Unavailable",
  );

  await page.goto("/notifications");
  await expect(logRow(page, "Beacon lost HOST-DEAD")).toContainText("1 dead (gave up)");
  await page.goto(`/notifications/${notificationId}`);
  const card = page.getByRole("region", { name: recipient, exact: true });
  await expect(card).toContainText("Statusdead (gave up)");
  await expect(card).toContainText("Last errorGave up after 8 attempts: 503 Service Unavailable");

  await page.getByRole("button", { name: `Retry delivery to ${recipient}` }).click();
  await expect(page.getByRole("status")).toHaveText(/Queued 1 delivery again/);
  await expect(card.getByRole("row", { name: /Admin/ })).toContainText(
    `Retry requested by ${account.admin.email}`,
  );
  // The dispatcher sends it again; the Retry button goes with the failure.
  await expect(card).toContainText("Statusdelivered", { timeout: 15_000 });
  await expect(page.getByRole("button", { name: /^Retry/ })).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveText(/Queued 1 delivery again/);
  expect(await deliveryStatuses(notificationId)).toEqual(["delivered"]);
});

test("a tampered Retry form cannot queue another account's delivery", async ({
  adminPage: page,
  account,
}) => {
  const other = await createTestAccount();
  const theirs = await acceptTestEvent(other, { title: "Their dead delivery" });
  const ours = await acceptTestEvent(account, { title: "Our dead delivery" });
  await delivered(theirs.notificationId, 1);
  await delivered(ours.notificationId, 1);
  const [ourDelivery] = await deliveriesOf(ours.notificationId);
  const [theirDelivery] = await deliveriesOf(theirs.notificationId);
  const ourRecipient = ourDelivery!.recipient;
  await endDelivery(ours.notificationId, ourRecipient, "dead", "Gave up");
  await endDelivery(theirs.notificationId, theirDelivery!.recipient, "dead", "Gave up");

  await page.goto(`/notifications/${ours.notificationId}`);
  const retry = page.getByRole("button", { name: `Retry delivery to ${ourRecipient}` });
  await expect(retry).toBeVisible();
  await page.evaluate(
    ([notificationId, deliveryId]) => {
      const form = document.getElementById("retry-deliveries") as HTMLFormElement;
      (form.elements.namedItem("notificationId") as HTMLInputElement).value = notificationId!;
      const button = document.querySelector<HTMLButtonElement>('button[name="deliveryId"]');
      if (button) button.value = deliveryId!;
    },
    [theirs.notificationId, theirDelivery!.id],
  );
  await retry.click();

  await expect(page.getByRole("status")).toHaveText(/Nothing was queued/);
  expect(await deliveryStatuses(theirs.notificationId)).toEqual(["dead"]);
  expect(await deliveryStatuses(ours.notificationId)).toEqual(["dead"]);
});

test("a user sees a failed delivery and its reason but no Retry", async ({
  userPage: page,
  account,
}) => {
  const { notificationId } = await acceptTestEvent(account, { title: "Bounced on HOST-USER" });
  await delivered(notificationId, 1);
  const recipient = (await deliveriesOf(notificationId))[0]!.recipient;
  await endDelivery(
    notificationId,
    recipient,
    "bounced",
    "Transient bounce (MailboxFull): mailbox full",
  );

  await page.goto(`/notifications/${notificationId}`);
  const card = page.getByRole("region", { name: recipient, exact: true });
  await expect(card).toContainText("Statusbounced");
  await expect(card).toContainText("mailbox full");
  await expect(page.getByText("An Account Admin can retry")).toBeVisible();
  await expect(page.getByRole("button", { name: /Retry/ })).toHaveCount(0);
});

test("a permanently bounced address gets no Retry, and the admin is told why", async ({
  adminPage: page,
  account,
}) => {
  const { notificationId } = await acceptTestEvent(account, { title: "Bounced on HOST-HARD" });
  await delivered(notificationId, 1);
  const recipient = (await deliveriesOf(notificationId))[0]!.recipient;
  await endDelivery(
    notificationId,
    recipient,
    "bounced",
    "Permanent bounce (General): mailbox unknown",
  );

  await page.goto(`/notifications/${notificationId}`);
  const card = page.getByRole("region", { name: recipient, exact: true });
  await expect(card).toContainText("mailbox unknown");
  await expect(card).toContainText("Not retryable: the address bounced permanently.");
  await expect(page.getByRole("button", { name: /Retry/ })).toHaveCount(0);
});

test("another account's notification is not found, by URL or in the log", async ({
  adminPage: page,
}) => {
  const other = await createTestAccount();
  const { notificationId } = await acceptTestEvent(other, { title: "Other tenant's secret" });

  const response = await page.goto(`/notifications/${notificationId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("Other tenant's secret")).toHaveCount(0);

  await page.goto(`/notifications?organization=${other.organizations[0]!.id}`);
  await expect(page.getByText("Other tenant's secret")).toHaveCount(0);
  await expect(page.getByText("No notification matches these filters.")).toBeVisible();
});

test("Retry is limited per account: over the limit nothing is queued and the admin is told when to try again", async ({
  adminPage: page,
  account,
}) => {
  const { notificationId } = await acceptTestEvent(account, { title: "Beacon retried too often" });
  await delivered(notificationId, 1);
  const recipient = (await deliveriesOf(notificationId))[0]!.recipient;
  await endDelivery(notificationId, recipient, "dead", "Gave up");
  // This account already used its 20 retries of the minute.
  await e2eDb()
    .insert(rateLimits)
    .values({
      id: randomUUID(),
      key: `portal:retry:${account.id}`,
      count: PORTAL_LIMITS.retry.max,
      lastRequest: Date.now(),
    });

  await page.goto(`/notifications/${notificationId}`);
  await page.getByRole("button", { name: `Retry delivery to ${recipient}` }).click();
  await expect(page.getByRole("status")).toHaveText(
    /Nothing was queued\. Too many retries from this account: try again in \d+ seconds\./,
  );
  expect(await deliveryStatuses(notificationId)).toEqual(["dead"]);
});
