import type { Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { integrationChanges } from "@/db/schema";
import { readStoredSettings } from "@/lib/core/settings";
import { expect, test } from "./fixtures";
import { e2eDb } from "./support/accounts";
import { emailIntegration } from "./support/settings";

const saved = async (accountId: string) =>
  readStoredSettings((await emailIntegration(accountId)).settings);
const historyCount = async (accountId: string) =>
  (
    await e2eDb()
      .select()
      .from(integrationChanges)
      .where(eq(integrationChanges.accountId, accountId))
  ).length;
const main = (page: Page) => page.getByRole("main");
const status = (page: Page) =>
  page.getByRole("form", { name: "Email Integration settings" }).getByRole("status");
const save = (page: Page) => page.getByRole("button", { name: "Save", exact: true }).click();

async function openEditPage(page: Page) {
  await page.goto("/integrations/email");
  await expect(
    page.getByRole("heading", { level: 1, name: "Edit Email Integration" }),
  ).toBeVisible();
}

test("updates and reminders are set per type, refused out of range under their field, and recorded", async ({
  adminPage: page,
  account,
}) => {
  await openEditPage(page);
  const escalations = main(page).getByRole("group", { name: "Escalations" });
  // Escalations are reminded by default: every 4 hours, 3 times.
  await expect(
    escalations.getByRole("switch", {
      name: "Remind about open Escalations until they are resolved",
    }),
  ).toBeChecked();
  const every = escalations.getByRole("spinbutton", { name: "Every (hours)" });
  const times = escalations.getByRole("spinbutton", { name: "At most (times)" });
  await expect(every).toHaveValue("4");
  await expect(times).toHaveValue("3");

  await every.fill("0");
  await times.fill("21");
  await main(page).getByRole("switch", { name: "Email updates of open Incidents" }).uncheck();
  const incidents = main(page).getByRole("group", { name: "Incidents" });
  await incidents
    .getByRole("switch", { name: "Remind about open Incidents until they are resolved" })
    .check();
  await incidents.getByRole("spinbutton", { name: "Every (hours)" }).fill("");
  await save(page);

  await expect(status(page)).toContainText("Some fields need attention.");
  await expect(every).toHaveAttribute("aria-invalid", "true");
  await expect(every).toHaveAccessibleDescription("Enter a number of hours from 1 to 168");
  await expect(times).toHaveAccessibleDescription("Enter a number of times from 1 to 20");
  await expect(
    incidents.getByRole("spinbutton", { name: "Every (hours)" }),
  ).toHaveAccessibleDescription("Enter a number of hours from 1 to 168");
  // What was typed stays, and nothing was saved.
  await expect(every).toHaveValue("0");
  await expect(times).toHaveValue("21");
  expect((await saved(account.id)).types.escalation.reminders).toEqual({
    enabled: true,
    everyHours: 4,
    times: 3,
  });
  expect(await historyCount(account.id)).toBe(0);

  await every.fill("2");
  await times.fill("5");
  await incidents.getByRole("spinbutton", { name: "Every (hours)" }).fill("24");
  // The summary says what will happen before it is saved.
  const summary = main(page).getByRole("table", { name: "Every organization" });
  await expect(summary.getByRole("row", { name: /^Escalations/ })).toContainText(
    "every 2 hours, at most 5 times",
  );
  await expect(summary.getByRole("row", { name: /^Incidents/ })).toContainText("Not emailed");
  await save(page);
  await expect(status(page)).toHaveText(/Saved\. 3 changes recorded in History\./);

  const stored = await saved(account.id);
  expect(stored.types.escalation.reminders).toEqual({ enabled: true, everyHours: 2, times: 5 });
  expect(stored.types.incident.reminders).toEqual({ enabled: true, everyHours: 24, times: 3 });
  expect(stored.types.incident.updates).toBe(false);
  const history = main(page).getByRole("list", { name: "Saved changes, newest first" });
  await expect(history).toContainText("Incidents: updates: on → off");
  await expect(history).toContainText(
    "Incidents: reminders: off → every 24 hours, at most 3 times",
  );
  await expect(history).toContainText(
    "Escalations: reminders: every 4 hours, at most 3 times → every 2 hours, at most 5 times",
  );

  await page.reload();
  await expect(
    main(page).getByRole("switch", { name: "Email updates of open Incidents" }),
  ).not.toBeChecked();
  await expect(escalations.getByRole("spinbutton", { name: "Every (hours)" })).toHaveValue("2");
});

test("an Account User sees the follow-up settings read-only", async ({ userPage: page }) => {
  await page.goto("/integrations/email");
  await expect(page.getByRole("heading", { level: 1, name: "Email Integration" })).toBeVisible();
  await expect(
    main(page).getByRole("switch", { name: "Email updates of open Escalations" }),
  ).toBeDisabled();
  await expect(
    main(page).getByRole("switch", {
      name: "Remind about open Escalations until they are resolved",
    }),
  ).toBeDisabled();
  await expect(
    main(page).getByRole("group", { name: "Escalations" }).getByRole("spinbutton", {
      name: "Every (hours)",
    }),
  ).not.toBeEditable();
});
