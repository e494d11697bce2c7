import { db, ping } from "@/db/client";
import { dispatcherReady } from "@/lib/runtime/dispatcher";

export const dynamic = "force-dynamic";

/** 200 once the database answers and this instance's dispatcher is up; 503 otherwise. */
export async function GET() {
  try {
    await ping(db);
  } catch {
    return Response.json({ status: "unavailable", database: "down" }, { status: 503 });
  }
  return dispatcherReady()
    ? Response.json({ status: "ok" })
    : Response.json({ status: "starting", dispatcher: "starting" }, { status: 503 });
}
