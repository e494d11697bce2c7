import { and, eq } from "drizzle-orm";
import { first } from "@/db/client";
import { insertPsaIntegration, psaSecret } from "@/db/psa-integration";
import { mailboxMessages, notifications } from "@/db/schema";
import type { PsaSettings } from "@/lib/core/psa";
import { expect, test } from "./fixtures";
import { startPsaReceiver } from "./psa-receiver/server";
import { e2eDb, type TestAccount } from "./support/accounts";
import { E2E } from "./support/env";
import { setEmailSettings } from "./support/settings";
import { postSigned, uniqueEvent } from "./support/webhooks";

/*
 * The PSA integration against a local receiver standing in for the PSA (e2e/psa-receiver/),
 * with the server's fallback deadline at E2E.psaFallbackMs (PSA_FALLBACK_AFTER_MS).
 */

async function addPsa(
  account: TestAccount,
  settings: Partial<PsaSettings> & Pick<PsaSettings, "method">,
) {
  await insertPsaIntegration(
    e2eDb(),
    account.id,
    {
      name: "Local PSA",
      endpoint: "",
      ticketAddress: "",
      types: { incident: "on_failure" },
      enabled: true,
      ...settings,
    },
    new Date(),
  );
  return (await psaSecret(e2eDb(), account.id)) as string;
}

async function mailTo(account: TestAccount, to: string) {
  return await e2eDb()
    .select()
    .from(mailboxMessages)
    .where(and(eq(mailboxMessages.accountId, account.id), eq(mailboxMessages.to, to)));
}

/** A URL nothing listens on: the receiver is started and closed again. */
async function downEndpoint() {
  const receiver = await startPsaReceiver();
  await receiver.close();
  return receiver.url;
}

async function post(account: TestAccount, event: Record<string, unknown>) {
  const answer = await postSigned(account.slug, account.webhookSecret, event);
  expect(answer.status(), await answer.text()).toBe(202);
  return (await answer.json()).id as string;
}

test("+ Add → PSA → Save → Send test ticket: a signed test ticket reaches the PSA", async ({
  adminPage: page,
  account,
}) => {
  const receiver = await startPsaReceiver();
  try {
    await page.goto("/integrations");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("menu", { name: "Add" }).getByRole("menuitem", { name: "PSA" }).click();
    await expect(page.getByRole("heading", { name: "Add a PSA integration" })).toBeVisible();

    // A bad URL is refused under its field, and what was typed stays.
    await page.getByLabel("Name").fill("Local PSA");
    await page.getByLabel("Webhook URL").fill("ftp://psa.example.test/x");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByLabel("Webhook URL")).toHaveAccessibleDescription(/must start with/);
    await expect(page.getByLabel("Name")).toHaveValue("Local PSA");

    await page.getByLabel("Webhook URL").fill(receiver.url);
    await page.getByLabel("Email Integration for Incidents").selectOption("on_failure");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { name: "Edit Local PSA" })).toBeVisible();
    await expect(page.getByRole("main")).toContainText("PSA integration added");
    expect(await page.content()).not.toContain(await psaSecret(e2eDb(), account.id));

    receiver.setSecret((await psaSecret(e2eDb(), account.id)) as string);
    await page.getByRole("button", { name: "Send test ticket" }).click();
    await expect(page.getByRole("region", { name: "Send test ticket" })).toContainText(
      "Test ticket sent",
    );
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({
      verified: true,
      ticket: { schema: "beacon.ticket.v1", test: true, type: "incident" },
    });

    await page.getByRole("region", { name: "History" }).getByText("Test ticket").waitFor();
    await page.goto("/integrations");
    await expect(page.getByRole("row", { name: /PSA: Local PSA/ })).toContainText("Enabled");
  } finally {
    await receiver.close();
  }
});

test("tickets arrive once, signed, with the schema; the resolved event updates the same ticket; a covered type is not emailed", async ({
  account,
}) => {
  const receiver = await startPsaReceiver();
  try {
    receiver.setSecret(await addPsa(account, { method: "webhook", endpoint: receiver.url }));
    const open = uniqueEvent("incident");
    const openId = await post(account, open);
    await expect.poll(() => receiver.tickets().size).toBe(1);
    await post(account, { ...open, status: "resolved", resolved_at: "2026-11-26T15:00:00Z" });
    await expect.poll(() => receiver.received.length).toBe(2);

    const tickets = receiver.tickets();
    expect([...tickets.keys()]).toEqual([openId]);
    expect(tickets.get(openId)).toMatchObject({
      status: "resolved",
      type: "incident",
      company: { name: "Acme Dental" },
      severity: expect.any(String),
    });
    expect(receiver.received.every((entry) => entry.verified)).toBe(true);
    expect(await mailTo(account, account.defaults[0]!)).toHaveLength(0);
  } finally {
    await receiver.close();
  }
});

test("the PSA down: the incident is emailed to the Email Integration's recipients within the configured time, and the portal says why", async ({
  adminPage: page,
  account,
}) => {
  await addPsa(account, { method: "webhook", endpoint: await downEndpoint() });
  const started = Date.now();
  const id = await post(account, uniqueEvent("incident"));
  await expect
    .poll(async () => (await mailTo(account, account.defaults[0]!)).length, {
      timeout: E2E.psaFallbackMs + 15_000,
    })
    .toBe(1);
  expect(Date.now() - started).toBeLessThan(E2E.psaFallbackMs + 15_000);

  await page.goto(`/notifications/${id}`);
  await expect(page.getByRole("main")).toContainText("PSA failed, sent by email instead");
  await expect(page.getByRole("main")).toContainText("ECONNREFUSED");
  await page.goto("/integrations");
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "PSA delivery is failing: reconfigure it",
  );
  await expect(page.getByRole("row", { name: /PSA: Local PSA/ })).toContainText("Failing");
  // The admins got the Platform Action notice.
  await expect.poll(async () => (await mailTo(account, account.admin.email)).length).toBe(1);
});

test("a PSA answering 5xx falls back; recovering late it gets no second copy of that notification", async ({
  account,
}) => {
  const receiver = await startPsaReceiver();
  try {
    receiver.setSecret(await addPsa(account, { method: "webhook", endpoint: receiver.url }));
    receiver.answer(503);
    await post(account, uniqueEvent("incident"));
    await expect
      .poll(async () => (await mailTo(account, account.defaults[0]!)).length, {
        timeout: E2E.psaFallbackMs + 15_000,
      })
      .toBe(1);
    const attempts = receiver.received.length;
    receiver.answer(201);
    await post(account, uniqueEvent("incident"));
    await expect.poll(() => receiver.received.length).toBe(attempts + 1);
    // The second incident was ticketed, the first not again, and nobody got a second email.
    expect(await mailTo(account, account.defaults[0]!)).toHaveLength(1);
  } finally {
    await receiver.close();
  }
});

test('"email as well" sends both the ticket and the email', async ({ account }) => {
  const receiver = await startPsaReceiver();
  try {
    receiver.setSecret(
      await addPsa(account, {
        method: "webhook",
        endpoint: receiver.url,
        types: { incident: "as_well" },
      }),
    );
    await post(account, uniqueEvent("incident"));
    await expect.poll(() => receiver.tickets().size).toBe(1);
    await expect.poll(async () => (await mailTo(account, account.defaults[0]!)).length).toBe(1);
  } finally {
    await receiver.close();
  }
});

test("the duplicate warning shows on both forms and goes away when fixed; an address routed twice gets one email", async ({
  adminPage: page,
  account,
}) => {
  const ticketAddress = "tickets@psa.example.test";
  await addPsa(account, { method: "email", ticketAddress, types: { incident: "as_well" } });
  const org = account.organizations[0]!;
  await setEmailSettings(account.id, (settings) => {
    settings.defaults = [account.defaults[0]!, "help@psa.example.test"];
    // The ticket address again, through an organization rule "in addition".
    settings.organizationRules = [
      {
        id: "r1",
        organizationId: org.id,
        types: ["incident"],
        addresses: [ticketAddress, "acme-it@example.test"],
        mode: "add",
      },
    ];
  });

  const id = await post(account, {
    ...uniqueEvent("incident"),
    organization: { id: org.externalId, name: org.name },
  });
  await expect.poll(async () => (await mailTo(account, ticketAddress)).length).toBe(1);
  await expect.poll(async () => (await mailTo(account, account.defaults[0]!)).length).toBe(1);
  const row = await first(
    e2eDb().select().from(notifications).where(eq(notifications.id, id)).limit(1),
  );
  // soc, help@psa and acme-it by email; the ticket address once, as the PSA's delivery.
  expect(row?.recipientCount).toBe(4);

  for (const path of ["/integrations/email", "/integrations/psa"]) {
    await page.goto(path);
    await expect(page.getByRole("region", { name: "Possible duplicate tickets" })).toContainText(
      "help@psa.example.test is at the PSA's domain",
    );
  }
  await page
    .getByRole("button", { name: "Email Incidents only when the PSA fails" })
    .first()
    .click();
  await expect(
    page.getByRole("main").getByRole("status").filter({ hasText: "Fixed" }),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByRole("region", { name: "Possible duplicate tickets" })).not.toContainText(
    "help@psa.example.test",
  );
  // The ticket address itself, still an Email Integration recipient, is fixed by removing it.
  await page
    .getByRole("button", {
      name: `Remove ${ticketAddress} from the Email Integration for Incidents`,
    })
    .click();
  await expect(
    page.getByRole("main").getByRole("status").filter({ hasText: "Fixed" }),
  ).toBeVisible();
  await page.goto("/integrations/email");
  await expect(page.getByRole("region", { name: "Possible duplicate tickets" })).toHaveCount(0);
});

test("an admin removes the PSA (unlike the Email Integration); the removal is in the History", async ({
  adminPage: page,
  account,
}) => {
  await addPsa(account, { method: "email", ticketAddress: "tickets@psa.example.test" });
  await page.goto("/integrations/psa");
  await page.getByRole("button", { name: "Remove PSA integration" }).click();
  const dialog = page.getByRole("dialog", { name: /Remove the PSA integration/ });
  await expect(dialog).toContainText("Notifications then go by email only");
  await dialog.getByRole("button", { name: "Remove PSA integration" }).click();
  await expect(page).toHaveURL(/\/integrations\?removed=psa$/);
  await expect(page.getByRole("row", { name: /PSA:/ })).toHaveCount(0);
  await page.goto("/integrations/email");
  await expect(page.getByRole("region", { name: "History" })).toContainText(
    "PSA integration: Local PSA → removed",
  );
  // New incidents go by email again.
  await post(account, uniqueEvent("incident"));
  await expect.poll(async () => (await mailTo(account, account.defaults[0]!)).length).toBe(1);
});

test("an Account User sees the PSA read-only, without its secret, test or remove", async ({
  userPage: page,
  account,
}) => {
  const secret = await addPsa(account, {
    method: "webhook",
    endpoint: "https://psa.example.test/t",
  });
  await page.goto("/integrations/psa");
  await expect(page.getByLabel("Name")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Send test ticket|Remove|Reveal/ })).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
});

test("an admin reveals and rotates the PSA secret; tickets are then signed with the new one", async ({
  adminPage: page,
  account,
}) => {
  const receiver = await startPsaReceiver();
  try {
    const first = await addPsa(account, { method: "webhook", endpoint: receiver.url });
    await page.goto("/integrations/psa");
    const panel = page.getByRole("region", { name: "Signing secret" });
    await panel.getByRole("button", { name: "Reveal signing secret" }).click();
    await expect(panel.getByRole("status")).toContainText(first);

    await panel.getByRole("button", { name: "Rotate signing secret" }).click();
    // Cancelling issues nothing; confirming rotates.
    const confirm = page.getByRole("dialog", { name: "Rotate the PSA signing secret?" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    expect(await psaSecret(e2eDb(), account.id)).toBe(first);
    await panel.getByRole("button", { name: "Rotate signing secret" }).click();
    await confirm.getByRole("button", { name: "Rotate signing secret" }).click();
    await expect(panel.getByRole("status")).toContainText("New PSA signing secret issued");
    const rotated = (await psaSecret(e2eDb(), account.id)) as string;
    expect(rotated).not.toBe(first);
    await expect(panel.getByRole("status")).toContainText(rotated);

    receiver.setSecret(rotated);
    await post(account, uniqueEvent("incident"));
    await expect.poll(() => receiver.tickets().size).toBe(1);
    await page.reload();
    await expect(page.getByRole("region", { name: "History" })).toContainText(
      `…${rotated.slice(-4)} (rotated)`,
    );
  } finally {
    await receiver.close();
  }
});
