import { and, eq } from "drizzle-orm";
import { first } from "@/db/client";
import { deliveries, mailboxMessages, notifications, organizations } from "@/db/schema";
import { expect, test } from "./fixtures";
import { createTestAccount, e2eDb } from "./support/accounts";
import { setEmailSettings } from "./support/settings";
import { contractEvent, postSigned, signedHeaders, uniqueEvent } from "./support/webhooks";

const db = () => e2eDb();

async function mailboxFor(accountId: string) {
  return await db().select().from(mailboxMessages).where(eq(mailboxMessages.accountId, accountId));
}

async function notificationCount(accountId: string) {
  return (await db().select().from(notifications).where(eq(notifications.accountId, accountId)))
    .length;
}

test("a signed incident reaches the default recipients in the mailbox", async ({ account }) => {
  const event = uniqueEvent("incident");
  const response = await postSigned(account.slug, account.webhookSecret, event);
  expect(response.status()).toBe(202);
  const body = await response.json();
  expect(body).toMatchObject({ status: "queued", recipients: 1 });

  await expect
    .poll(async () => (await mailboxFor(account.id)).map((m) => m.to))
    .toEqual(account.defaults);
  const [message] = await mailboxFor(account.id);
  expect(message!.subject).toBe(
    "Beacon EDR Critical Incident | Ransomware on DESKTOP-RECEPTION-01 (Acme Dental)",
  );
  expect(message!.headers["X-Beacon-Notification-Id"]).toBe(body.id);
  await expect
    .poll(
      async () =>
        (
          await first(
            db().select().from(deliveries).where(eq(deliveries.notificationId, body.id)).limit(1),
          )
        )?.status,
    )
    .toBe("delivered");
});

test("every example event of the platform is accepted as it is", async ({ account }) => {
  for (const name of [
    "incident",
    "escalation",
    "platform_action",
    "account_notice",
    "incident-resolved",
    "incident-updated",
  ]) {
    const response = await postSigned(account.slug, account.webhookSecret, contractEvent(name));
    expect(response.status(), name).toBe(202);
  }
});

test("an organization rule and a type override route to their addresses", async ({ account }) => {
  const acme = account.organizations[0]!;
  await setEmailSettings(account.id, (settings) => {
    settings.types.escalation = {
      ...settings.types.escalation,
      override: true,
      addresses: ["oncall@example.test"],
      resolved: true,
      updates: true,
      reminders: { enabled: false, everyHours: 4, times: 3 },
    };
    settings.organizationRules.push({
      id: "rule-1",
      organizationId: acme.id,
      types: ["incident"],
      addresses: ["acme-it@example.test"],
      mode: "add",
    });
  });
  const organization = { id: acme.externalId, name: acme.name };
  const incident = await postSigned(
    account.slug,
    account.webhookSecret,
    uniqueEvent("incident", { organization }),
  );
  expect(await incident.json()).toMatchObject({ recipients: 2 });
  const escalation = await postSigned(
    account.slug,
    account.webhookSecret,
    uniqueEvent("escalation", { organization }),
  );
  expect(await escalation.json()).toMatchObject({ recipients: 1 });

  await expect
    .poll(async () =>
      (await mailboxFor(account.id))
        .map((m) => `${m.to} ${m.headers["X-Beacon-Notification-Type"]}`)
        .sort(),
    )
    .toEqual([
      "acme-it@example.test incident",
      "oncall@example.test escalation",
      `${account.defaults[0]} incident`,
    ]);
});

test("a rule limited to critical severity pages on-call for critical incidents only", async ({
  account,
}) => {
  const acme = account.organizations[0]!;
  await setEmailSettings(account.id, (settings) => {
    settings.organizationRules.push({
      id: "rule-oncall",
      organizationId: acme.id,
      types: ["incident"],
      addresses: ["oncall@example.test"],
      mode: "add",
      severities: ["critical"],
    });
  });
  const organization = { id: acme.externalId, name: acme.name };
  const post = (severity: string) =>
    postSigned(
      account.slug,
      account.webhookSecret,
      uniqueEvent("incident", { organization, severity }),
    );
  expect(await (await post("critical")).json()).toMatchObject({ recipients: 2 });
  expect(await (await post("low")).json()).toMatchObject({ recipients: 1 });

  await expect
    .poll(async () =>
      (await mailboxFor(account.id)).map((m) => `${m.to} ${m.subject.split(" ")[2]}`).sort(),
    )
    .toEqual(
      [
        `${account.defaults[0]} Critical`,
        `${account.defaults[0]} Low`,
        "oncall@example.test Critical",
      ].sort(),
    );
});

test("a resolved event is suppressed when its switch is off", async ({ account }) => {
  await setEmailSettings(account.id, (settings) => {
    settings.types.incident.resolved = false;
  });
  const response = await postSigned(
    account.slug,
    account.webhookSecret,
    uniqueEvent("incident-resolved"),
  );
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "suppressed", recipients: 0 });
  expect((await response.json()).reason).toMatch(
    /Resolved Incident notifications are switched off/,
  );
  const row = await first(
    db().select().from(notifications).where(eq(notifications.accountId, account.id)).limit(1),
  );
  expect(row?.state).toBe("suppressed");
  expect(await db().select().from(deliveries).where(eq(deliveries.accountId, account.id))).toEqual(
    [],
  );
});

test("refused requests change nothing", async ({ request, account }) => {
  const event = uniqueEvent("incident", {
    organization: { id: "org_brand_new", name: "Brand New" },
  });
  const body = JSON.stringify(event);

  const badSignature = await request.post(`/api/v1/accounts/${account.slug}/notifications`, {
    data: body,
    headers: { ...signedHeaders(account.webhookSecret, body), "webhook-signature": "v1,AAAA" },
  });
  expect(badSignature.status()).toBe(401);

  const unsigned = await request.post(`/api/v1/accounts/${account.slug}/notifications`, {
    data: body,
  });
  expect(unsigned.status()).toBe(401);

  const old = await postSigned(account.slug, account.webhookSecret, event, {
    timestamp: new Date(Date.now() - 6 * 60_000),
  });
  expect(old.status()).toBe(401);
  expect((await old.json()).error.message).toMatch(/5 minutes/);

  const invalid = await postSigned(account.slug, account.webhookSecret, {
    ...event,
    severity: "apocalyptic",
    report_url: "http://insecure.example/report",
    organization: { id: "org_x" },
  });
  expect(invalid.status()).toBe(422);
  const fields = (await invalid.json()).error.fields.map((f: { field: string }) => f.field);
  expect(fields).toEqual(expect.arrayContaining(["severity", "report_url", "organization.name"]));

  const notJson = await postSigned(account.slug, account.webhookSecret, null, {
    rawBody: "{nope",
  });
  expect(notJson.status(), await notJson.text()).toBe(400);

  const huge = await postSigned(account.slug, account.webhookSecret, {
    ...event,
    summary: "x".repeat(300 * 1024),
  });
  expect(huge.status()).toBe(413);

  expect(await notificationCount(account.id)).toBe(0);
  const created = await first(
    db()
      .select()
      .from(organizations)
      .where(
        and(eq(organizations.accountId, account.id), eq(organizations.externalId, "org_brand_new")),
      )
      .limit(1),
  );
  expect(created).toBeUndefined();
});

test("another account's secret can't post into this account, and unknown accounts look the same", async ({
  account,
}) => {
  const other = await createTestAccount();
  const event = uniqueEvent("incident");
  const crossed = await postSigned(account.slug, other.webhookSecret, event);
  expect(crossed.status()).toBe(401);
  const unknown = await postSigned("no-such-account", account.webhookSecret, event);
  expect(unknown.status()).toBe(401);
  expect(await unknown.json()).toEqual(await crossed.json());
  expect(await notificationCount(account.id)).toBe(0);
});

test("a repeated event is answered as the first time and sent once", async ({ account }) => {
  const event = uniqueEvent("incident");
  const first = await postSigned(account.slug, account.webhookSecret, event, {
    webhookId: "msg_same",
  });
  const again = await postSigned(account.slug, account.webhookSecret, event, {
    webhookId: "msg_same",
  });
  const newWebhookId = await postSigned(account.slug, account.webhookSecret, event);
  const firstBody = await first.json();
  expect(again.status()).toBe(202);
  expect(await again.json()).toMatchObject({ id: firstBody.id, duplicate: true });
  expect(await newWebhookId.json()).toMatchObject({ id: firstBody.id, duplicate: true });

  const changed = await postSigned(
    account.slug,
    account.webhookSecret,
    { ...event, title: "Changed" },
    {
      webhookId: "msg_same",
    },
  );
  expect(changed.status()).toBe(409);

  await expect.poll(async () => (await mailboxFor(account.id)).length).toBe(1);
  expect(await notificationCount(account.id)).toBe(1);
});

test("a batch answers each event on its own", async ({ account }) => {
  const events = [
    uniqueEvent("incident"),
    { ...uniqueEvent("escalation"), respond_url: "ftp://x" },
    uniqueEvent("account_notice"),
  ];
  const response = await postSigned(
    account.slug,
    account.webhookSecret,
    { events },
    { batch: true },
  );
  expect(response.status()).toBe(200);
  const { results } = await response.json();
  expect(results.map((r: { status: number }) => r.status)).toEqual([202, 422, 202]);
  expect(results[1].body.error.fields[0].field).toBe("respond_url");
  expect(results[0].body).toMatchObject({ status: "queued", recipients: 1 });
  await expect.poll(async () => (await mailboxFor(account.id)).length).toBe(2);
});

test("a new organization is added to the account, and a new name renames it", async ({
  account,
}) => {
  const organization = { id: "org_newco", name: "NewCo" };
  await postSigned(account.slug, account.webhookSecret, uniqueEvent("incident", { organization }));
  await postSigned(
    account.slug,
    account.webhookSecret,
    uniqueEvent("incident", { organization: { ...organization, name: "NewCo Holdings" } }),
  );
  const row = await first(
    db()
      .select()
      .from(organizations)
      .where(
        and(eq(organizations.accountId, account.id), eq(organizations.externalId, "org_newco")),
      )
      .limit(1),
  );
  expect(row?.name).toBe("NewCo Holdings");
});
