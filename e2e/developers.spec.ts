import { expect, signIn, test } from "./fixtures";
import { createTestAccount } from "./support/accounts";
import { postSigned, uniqueEvent } from "./support/webhooks";

test("an integrator copies the endpoint, reads the reference, and finds a badly signed request in the inbound log", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const account = await createTestAccount();
  await signIn(page, account.admin);
  await page.goto("/developers");
  await expect(page.getByRole("heading", { level: 1, name: "Developers" })).toBeVisible();

  await page.getByRole("button", { name: "Copy the endpoint URL" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(new RegExp(`/api/v1/accounts/${account.slug}/notifications$`));

  // The reference lists the fields the endpoint requires, from its schema.
  const incident = page.getByRole("table", { name: "Fields of Incident" });
  await expect(incident.getByRole("row", { name: /^host\b/ })).toContainText("Required");
  await expect(incident.getByRole("row", { name: /^report_url\b/ })).toContainText("https://");
  await expect(page.getByRole("region", { name: "Node.js" })).toContainText("createHmac");

  // A badly signed request, posted as the integrator would.
  const bad = await postSigned(account.slug, account.webhookSecret, uniqueEvent("incident"), {
    webhookId: "msg_bad_signature_1",
    secret: "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC0zMi1i",
  });
  expect(bad.status()).toBe(401);
  // And an invalid event, correctly signed.
  const invalid = await postSigned(
    account.slug,
    account.webhookSecret,
    uniqueEvent("incident", { host: "" }),
    { webhookId: "msg_invalid_host_1" },
  );
  expect(invalid.status()).toBe(422);

  await page.getByRole("link", { name: "inbound request log" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Inbound request log" })).toBeVisible();
  const row = (id: string) => page.getByRole("row").filter({ hasText: id });
  await expect
    .poll(
      async () => {
        await page.reload();
        return row("msg_invalid_host_1").count();
      },
      { timeout: 10_000 },
    )
    .toBe(1);
  await expect(row("msg_bad_signature_1")).toContainText("401 Refused");
  await expect(row("msg_bad_signature_1")).toContainText("Missing or invalid webhook signature");
  await expect(row("msg_invalid_host_1")).toContainText("422 Refused");
  await expect(row("msg_invalid_host_1").getByRole("listitem")).toHaveText(
    "host: must not be empty",
  );
  // The refused body is never shown.
  await expect(page.getByText("Ransomware", { exact: false })).toHaveCount(0);

  await page.getByRole("link", { name: "Refused", exact: true }).click();
  await expect(page).toHaveURL(/outcome=refused/);
  await expect(page.getByRole("row")).toHaveCount(3); // header + 2
});

test("Send test event signs a sample, posts it through the webhook handler and shows the answer", async ({
  page,
}) => {
  const account = await createTestAccount();
  await signIn(page, account.admin);
  await page.goto("/developers");
  await page.getByRole("combobox", { name: "Type" }).selectOption("escalation");
  await page.getByRole("button", { name: "Send test event" }).click();
  const answer = page.getByRole("region", { name: "Beacon's answer" });
  await expect(answer).toContainText("HTTP 202");
  await expect(answer).toContainText('"status": "queued"');
  await expect(page.getByRole("combobox", { name: "Type" })).toHaveValue("escalation");

  await page.getByRole("combobox", { name: "Signature" }).selectOption("wrong");
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(answer).toContainText("HTTP 401");

  await page.getByRole("link", { name: "See it in the inbound request log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inbound request log" })).toBeVisible();
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByRole("row").filter({ hasText: "401 Refused" }).count();
      },
      { timeout: 10_000 },
    )
    .toBe(1);
  const accepted = page.getByRole("row").filter({ hasText: "202 Accepted" });
  await expect(accepted).toContainText("Test event:");
  await accepted.getByRole("link").click();
  await expect(page).toHaveURL(/\/notifications\/[\w-]+$/);
});

test("the API description is served to signed-in users only", async ({ page, request }) => {
  expect((await request.get("/api/v1/openapi.json")).status()).toBe(401);
  const account = await createTestAccount();
  await signIn(page, account.user);
  const doc = await (await page.request.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toEqual([
    "/api/v1/accounts/{slug}/notifications",
    "/api/v1/accounts/{slug}/notifications/batch",
  ]);
  await page.goto("/developers");
  await expect(page.getByRole("button", { name: "Send test event" })).toHaveCount(0);
  await expect(page.getByText("Account Admins can send a signed test event")).toBeVisible();
});
