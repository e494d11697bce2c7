import { sql } from "drizzle-orm";
import { db } from "@/db/client";
import { dispatcherReady } from "@/lib/runtime/dispatcher";

export const dynamic = "force-dynamic";

/** 200 once the database answers and this instance's dispatcher is up; 503 otherwise. */
export async function GET() {
  try {
    await db.run(sql`select 1`);
  } catch {
    return Response.json({ status: "unavailable", database: "down" }, { status: 503 });
  }
  return dispatcherReady()
    ? Response.json({ status: "ok" })
    : Response.json({ status: "starting", dispatcher: "starting" }, { status: 503 });
}
