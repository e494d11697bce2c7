import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { testDb } from "@/lib/testing/db";
import { first } from "./client";
import { accounts } from "./schema";

const account = (id: string) => ({ id, name: id, slug: id });

describe("one connection shared by concurrent requests", () => {
  it("runs another request's statement after an open transaction, not inside it", async () => {
    const db = testDb();
    let release = () => {};
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    const failing = db.transaction(async (tx) => {
      await tx.insert(accounts).values(account("inside"));
      await paused;
      throw new Error("the transaction fails");
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const outside = db
      .insert(accounts)
      .values(account("outside"))
      .then(() => "done");
    // The outside insert waits for the transaction; it must not be rolled back with it.
    const raced = await Promise.race([outside, new Promise((r) => setTimeout(r, 20, "waiting"))]);
    expect(raced).toBe("waiting");
    release();
    await expect(failing).rejects.toThrow("the transaction fails");
    await outside;
    const ids = (await db.select({ id: accounts.id }).from(accounts)).map((row) => row.id);
    expect(ids).toEqual(["outside"]);
  });

  it("lets a transaction's own statements through, however deeply awaited", async () => {
    const db = testDb();
    const insertIn = async (tx: Parameters<Parameters<typeof db.transaction>[0]>[0]) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await tx.insert(accounts).values(account("nested"));
    };
    await db.transaction(async (tx) => {
      await insertIn(tx);
      await tx.transaction(async (savepoint) => {
        await savepoint.update(accounts).set({ name: "renamed" }).where(eq(accounts.id, "nested"));
      });
    });
    expect(await first(db.select().from(accounts).where(eq(accounts.id, "nested")))).toMatchObject({
      name: "renamed",
    });
  });

  it("serialises two transactions that overlap in time", async () => {
    const db = testDb();
    const order: string[] = [];
    const run = (id: string, wait: number) =>
      db.transaction(async (tx) => {
        order.push(`begin ${id}`);
        await new Promise((resolve) => setTimeout(resolve, wait));
        await tx.insert(accounts).values(account(id));
        order.push(`end ${id}`);
      });
    await Promise.all([run("a", 15), run("b", 1)]);
    expect(order).toEqual(["begin a", "end a", "begin b", "end b"]);
  });
});
