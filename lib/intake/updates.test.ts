import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { first } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { deliveries, integrations, notifications } from "@/db/schema";
import type { NotificationEvent } from "@/lib/core/events";
import { readStoredSettings } from "@/lib/core/settings";
import { testDb } from "@/lib/testing/db";
import { testIncident } from "@/lib/testing/events";
import { acceptEvent } from "./intake";

const open: NotificationEvent = testIncident();

const update = (at: string, text = "New findings"): NotificationEvent => ({
  ...open,
  status: "updated",
  updated_at: at,
  update: text,
});

async function setup() {
  const db = testDb();
  const id = await createAccount(db, {
    name: "A",
    slug: "a",
    defaults: ["soc@a.test", "lead@a.test"],
  });
  return { db, store: intakeStoreFor(db), account: { id, slug: "a" } };
}

async function changeSettings(
  db: ReturnType<typeof testDb>,
  change: (s: ReturnType<typeof readStoredSettings>) => void,
) {
  const settings = readStoredSettings(
    (await first(db.select().from(integrations).limit(1)))!.settings,
  );
  change(settings);
  await db.update(integrations).set({ settings });
}

async function stored(db: ReturnType<typeof testDb>, id: string) {
  const row = (await first(db.select().from(notifications).where(eq(notifications.id, id))))!;
  const to = (await db.select().from(deliveries).where(eq(deliveries.notificationId, id)))
    .map((d) => d.recipient)
    .sort();
  return { row, to };
}

async function accept(
  setupResult: Awaited<ReturnType<typeof setup>>,
  event: NotificationEvent,
  webhookId: string,
  payload: unknown = event,
) {
  return acceptEvent(setupResult.store, setupResult.account, { event, payload, webhookId });
}

function idOf(result: Awaited<ReturnType<typeof acceptEvent>>): string {
  if (result.status === "conflict") throw new Error(result.message);
  return result.notificationId;
}

describe("updates of an open event", () => {
  it("go to the original's recipients, threaded under it, with the [Update] subject", async () => {
    const s = await setup();
    const original = idOf(await accept(s, open, "w1"));
    // A settings change after the original must not split the thread's audience.
    await changeSettings(s.db, (settings) => {
      settings.defaults = ["someone-else@a.test"];
    });
    const first = await accept(s, update("2026-11-26T15:00:00Z"), "w2");
    expect(first).toMatchObject({ status: "queued", recipients: 2, duplicate: false });
    const { row, to } = await stored(s.db, idOf(first));
    const { row: originalRow } = await stored(s.db, original);
    expect(to).toEqual(["lead@a.test", "soc@a.test"]);
    expect(row.subject).toBe(
      "[Update] Beacon EDR High Incident | Ransomware on DESKTOP-01 (Acme Dental)",
    );
    expect(row.followsId).toBe(original);
    expect(row.routeReason).toBe("Recipients of the original notification");
    expect(row.headers["In-Reply-To"]).toBe(originalRow.headers["Message-ID"]);
    expect(row.headers.References).toBe(originalRow.headers["Message-ID"]);
    expect(row.headers["Message-ID"]).not.toBe(originalRow.headers["Message-ID"]);
  });

  it("are told apart by updated_at: a second update is new, a repeat is a duplicate", async () => {
    const s = await setup();
    await accept(s, open, "w1");
    const first = await accept(s, update("2026-11-26T15:00:00Z"), "w2");
    const second = await accept(s, update("2026-11-26T16:00:00Z", "More"), "w3");
    const retry = await accept(s, update("2026-11-26T15:00:00Z"), "w4");
    const clash = await accept(s, update("2026-11-26T15:00:00Z", "Other text"), "w5");
    expect(second).toMatchObject({ status: "queued", duplicate: false });
    expect(idOf(second)).not.toBe(idOf(first));
    expect(retry).toEqual({ ...first, duplicate: true });
    expect(clash.status).toBe("conflict");
    const ids = [];
    for (const id of [idOf(first), idOf(second)])
      ids.push((await stored(s.db, id)).row.headers["Message-ID"]);
    expect(new Set(ids).size).toBe(2);
  });

  it("of an alert Beacon never saw are routed as usual and go out unthreaded", async () => {
    const s = await setup();
    await changeSettings(s.db, (settings) => {
      settings.types.incident = {
        ...settings.types.incident,
        override: true,
        addresses: ["ir@a.test"],
        resolved: true,
        updates: true,
        reminders: { enabled: false, everyHours: 4, times: 3 },
      };
    });
    const result = await accept(s, update("2026-11-26T15:00:00Z"), "w1");
    const { row, to } = await stored(s.db, idOf(result));
    expect(to).toEqual(["ir@a.test"]);
    expect(row.followsId).toBeNull();
    expect(row.headers["In-Reply-To"]).toBeUndefined();
    expect(row.headers.References).toBeUndefined();
    expect(row.routeReason).toMatch(/never emailed/);
  });

  it("of a suppressed original are routed as usual, unthreaded, and still link to it", async () => {
    const s = await setup();
    await changeSettings(s.db, (settings) => {
      settings.defaults = [];
    });
    const original = idOf(await accept(s, open, "w1"));
    expect((await stored(s.db, original)).row.state).toBe("suppressed");
    await changeSettings(s.db, (settings) => {
      settings.defaults = ["back@a.test"];
    });
    const { row, to } = await stored(
      s.db,
      idOf(await accept(s, update("2026-11-26T15:00:00Z"), "w2")),
    );
    expect(to).toEqual(["back@a.test"]);
    expect(row.followsId).toBe(original);
    expect(row.headers["In-Reply-To"]).toBeUndefined();
  });

  it("are suppressed when the type's updates switch is off", async () => {
    const s = await setup();
    await accept(s, open, "w1");
    await changeSettings(s.db, (settings) => {
      settings.types.incident.updates = false;
    });
    const result = await accept(s, update("2026-11-26T15:00:00Z"), "w2");
    expect(result).toMatchObject({
      status: "suppressed",
      reason: "Updates of Incidents are switched off",
    });
    expect((await stored(s.db, idOf(result))).to).toEqual([]);
  });
});

describe("updates and digests", () => {
  it("an update of a high incident on an hourly digest waits for it, like the alert it follows", async () => {
    const s = await setup();
    const original = idOf(await accept(s, open, "w-open"));
    await changeSettings(s.db, (settings) => {
      settings.types.incident.delivery = "hourly";
    });
    const next = idOf(await accept(s, update("2026-11-26T15:00:00Z"), "w-update"));
    const statuses = async (id: string) =>
      (
        await s.db
          .select({ status: deliveries.status })
          .from(deliveries)
          .where(eq(deliveries.notificationId, id))
      ).map((d) => d.status);
    expect(await statuses(original)).toEqual(["queued", "queued"]);
    expect(await statuses(next)).toEqual(["held", "held"]);
    expect((await stored(s.db, next)).to).toEqual((await stored(s.db, original)).to);
  });
});
