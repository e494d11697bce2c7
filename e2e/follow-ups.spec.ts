import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { createAccount } from "@/db/accounts/provision";
import { type DB, openDatabase } from "@/db/client";
import { mailboxMessages } from "@/db/schema";
import { currentSecret } from "@/db/webhook-secrets";
import { expect, test } from "./fixtures";
import { e2eDb } from "./support/accounts";
import { type AppProcess, startApp } from "./support/app-process";
import { testClock } from "./support/clock";
import { E2E } from "./support/env";
import { setEmailSettings } from "./support/settings";
import { postSigned, uniqueEvent } from "./support/webhooks";

/*
 * Updates and reminders over HTTP, read back at the local mailbox as a mail client would see
 * them: subject, recipients and the threading headers.
 */

async function mailbox(db: DB, accountId: string) {
  return (
    await db.select().from(mailboxMessages).where(eq(mailboxMessages.accountId, accountId))
  ).map((m) => ({
    to: m.to,
    subject: m.subject,
    id: m.headers["Message-ID"],
    inReplyTo: m.headers["In-Reply-To"],
    references: m.headers.References,
  }));
}

test("updates thread under the original and go to its recipients, each one once", async ({
  account,
}) => {
  const open = uniqueEvent("incident");
  expect((await postSigned(account.slug, account.webhookSecret, open)).status()).toBe(202);
  await expect.poll(() => mailbox(e2eDb(), account.id)).toHaveLength(1);
  const [original] = await mailbox(e2eDb(), account.id);

  // Recipients are the original's, whatever the settings say by now.
  await setEmailSettings(account.id, (settings) => {
    settings.defaults = ["newcomer@example.test"];
  });
  const update = (at: string, text: string) =>
    uniqueEvent("incident-updated", { id: open.id, updated_at: at, update: text });
  const first = await postSigned(
    account.slug,
    account.webhookSecret,
    update("2026-11-26T15:00:00Z", "A second host ran the task."),
  );
  const second = await postSigned(
    account.slug,
    account.webhookSecret,
    update("2026-11-26T16:00:00Z", "The second host is clean."),
  );
  const retry = await postSigned(
    account.slug,
    account.webhookSecret,
    update("2026-11-26T15:00:00Z", "A second host ran the task."),
  );
  expect(first.status()).toBe(202);
  expect(second.status()).toBe(202);
  expect(await retry.json()).toMatchObject({ duplicate: true });

  await expect.poll(() => mailbox(e2eDb(), account.id)).toHaveLength(3);
  const updates = (await mailbox(e2eDb(), account.id)).filter((m) =>
    m.subject.startsWith("[Update] "),
  );
  expect(updates).toHaveLength(2);
  for (const m of updates) {
    expect(m.to).toBe(account.defaults[0]);
    expect(m.subject).toBe(`[Update] ${original!.subject}`);
    expect(m.inReplyTo).toBe(original!.id);
    expect(m.references).toBe(original!.id);
  }
  expect(new Set(updates.map((m) => m.id)).size).toBe(2);
});

test("an update of an alert Beacon never saw is routed as usual, unthreaded", async ({
  account,
}) => {
  const response = await postSigned(
    account.slug,
    account.webhookSecret,
    uniqueEvent("incident-updated"),
  );
  expect(response.status()).toBe(202);
  await expect.poll(() => mailbox(e2eDb(), account.id)).toHaveLength(1);
  const [message] = await mailbox(e2eDb(), account.id);
  expect(message!.to).toBe(account.defaults[0]);
  expect(message!.subject).toMatch(/^\[Update\] Beacon /);
  expect(message!.inReplyTo).toBeUndefined();
});

test("the log links an update to the original it follows; previews show the update and reminder forms", async ({
  adminPage: page,
  account,
}) => {
  const open = uniqueEvent("incident");
  const opened = await (await postSigned(account.slug, account.webhookSecret, open)).json();
  const updated = await (
    await postSigned(
      account.slug,
      account.webhookSecret,
      uniqueEvent("incident-updated", { id: open.id }),
    )
  ).json();

  await page.goto(`/notifications/${updated.id}`);
  const main = page.getByRole("main");
  await expect(main.getByRole("term").filter({ hasText: /^Follows$/ })).toBeVisible();
  await main.getByRole("link", { name: "the original notification" }).click();
  await expect(page).toHaveURL(new RegExp(`/notifications/${opened.id}$`));

  const subject = main.getByRole("region", { name: "Subject", exact: true }).getByRole("paragraph");
  await page.goto("/previews?type=escalation&status=reminder");
  await expect(main.getByLabel("Form")).toHaveValue("reminder");
  await expect(subject.first()).toHaveText(/^\[Reminder\] Beacon ITDR High Escalation \| /);
  await expect(
    page
      .frameLocator('iframe[title^="HTML of the email"]')
      .locator("p")
      .filter({ hasText: "Reminder 1:" }),
  ).toHaveText("Reminder 1: this alert has been open for 4 hours and is not resolved yet.");
  await expect(main.getByRole("form", { name: "Send test" })).toHaveCount(0);
  await expect(main.getByRole("region", { name: "Who would receive this?" })).toContainText(
    "A real reminder goes to the addresses the alert's first email was sent to",
  );
  await expect(main).toContainText("Reminders are sent by Beacon's schedule");
  await page.goto("/previews?type=incident&status=updated");
  await expect(subject.first()).toHaveText(/^\[Update\] Beacon EDR Critical Incident \| /);
});

test.describe("reminders on a clock the test moves", () => {
  test.describe.configure({ mode: "serial", timeout: 180_000 });
  // Its own port: digests.spec.ts starts its app on E2E.port + 5.
  const PORT = E2E.port + 7;
  const HOUR = 3_600_000;
  let app: AppProcess | null = null;

  test.afterEach(async () => {
    await app?.stop();
    app = null;
  });

  test("an open escalation is reminded every 4 hours, once each across a restart, until resolved", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "beacon-reminders-"));
    const clock = testClock(dir);
    const databasePath = path.join(dir, "beacon.db");
    const db = openDatabase(databasePath);
    const accountId = await createAccount(db, {
      name: "Reminder MSP",
      slug: "reminders",
      defaults: ["oncall@reminders.test"],
    });
    const secret = (await currentSecret(db, accountId))!.secret;
    const env = { DATABASE_PATH: databasePath, DEMO_SEED: "0", BEACON_CLOCK_FILE: clock.file };
    app = await startApp(PORT, env);
    const post = (event: Record<string, unknown>) =>
      postSigned("reminders", secret, event, { baseURL: app!.url });

    const escalation = uniqueEvent("escalation");
    expect((await post(escalation)).status()).toBe(202);
    await expect.poll(() => mailbox(db, accountId)).toHaveLength(1);
    const [original] = await mailbox(db, accountId);
    const reminders = async () =>
      (await mailbox(db, accountId)).filter((m) => m.subject.startsWith("[Reminder] "));

    await clock.advance(4 * HOUR + 60_000);
    await expect.poll(reminders).toHaveLength(1);
    expect((await reminders())[0]).toMatchObject({
      to: "oncall@reminders.test",
      subject: `[Reminder] ${original!.subject}`,
      inReplyTo: original!.id,
      references: original!.id,
    });

    // Down while reminder 2 falls due: it goes out once when the app is back.
    await app.kill();
    app = null;
    await clock.advance(4 * HOUR);
    app = await startApp(PORT, env);
    await expect.poll(reminders).toHaveLength(2);
    // A second look: nothing more is sent for the same due time.
    await clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await reminders()).toHaveLength(2);
    expect(new Set((await reminders()).map((m) => m.id)).size).toBe(2);

    // Resolved: the third reminder never comes.
    expect(
      (await post({ ...escalation, status: "resolved", resolution: "Confirmed." })).status(),
    ).toBe(202);
    await expect.poll(() => mailbox(db, accountId)).toHaveLength(4);
    await clock.advance(8 * HOUR);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await reminders()).toHaveLength(2);
    expect(
      (await mailbox(db, accountId)).map((m) => /^(\[\w+\] )?/.exec(m.subject)?.[0].trim()),
    ).toEqual(["", "[Reminder]", "[Reminder]", "[Resolved]"]);
  });
});
