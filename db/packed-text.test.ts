import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notifications } from "@/db/schema";
import { sampleEvent } from "@/lib/core/sample-events";
import { acceptEvent } from "@/lib/intake/intake";
import { renderContent } from "@/lib/render/render";
import { testDb } from "@/lib/testing/db";
import { createAccount } from "./accounts/provision";
import { type DB, first } from "./client";
import { intakeStoreFor } from "./intake-store";
import { withConnection } from "./sqlite/open";

async function storedNotification() {
  const db = testDb();
  const accountId = await createAccount(db, { slug: "acme", name: "Acme", defaults: ["a@x.test"] });
  const event = sampleEvent("incident", "open");
  const result = await acceptEvent(
    intakeStoreFor(db),
    { id: accountId, slug: "acme" },
    {
      event,
      payload: event,
      webhookId: "msg_1",
    },
  );
  if (result.status !== "queued") throw new Error(result.status);
  return { db, id: result.notificationId, event };
}

function stored(db: DB, id: string) {
  return first(db.select().from(notifications).where(eq(notifications.id, id)).limit(1));
}

describe("a notification's rendered email at rest", () => {
  it("reads back exactly what was rendered, in a fraction of the bytes", async () => {
    const { db, id, event } = await storedNotification();
    expect((await stored(db, id))?.html).toBe("");
    const { html, text } = await renderContent(event, false);
    await db
      .update(notifications)
      .set({ html, text, renderedAt: new Date() })
      .where(eq(notifications.id, id));
    const row = await stored(db, id);
    expect(row?.html).toBe(html);
    expect(row?.text).toBe(text);
    const packed = await withConnection(
      db,
      (sqlite) =>
        sqlite
          .prepare(
            "select length(html) as bytes, typeof(html) as kind from notifications where id = ?",
          )
          .get(id) as { bytes: number; kind: string } | undefined,
    );
    expect(packed?.kind).toBe("blob");
    expect(packed!.bytes).toBeLessThan(html.length / 2);
  });

  it("reads an email stored as plain text before packing as it is", async () => {
    const { db, id } = await storedNotification();
    await db.run(sql`update notifications set html = '<p>old</p>', text = 'old' where id = ${id}`);
    const row = await stored(db, id);
    expect(row).toMatchObject({ html: "<p>old</p>", text: "old" });
  });
});
