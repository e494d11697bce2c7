import { describeTarget, getDb } from "@/db/client";
import { wakeDispatcher } from "@/lib/delivery/wake";
import { createConfiguredDispatcher } from "./dispatcher";
import { followTestClock } from "./test-clock";

// A dispatcher in its own process: started by the web server (its child, woken over IPC), or
// by hand with `npm run worker`, any number of them beside the portal (claims never overlap).
followTestClock();
const db = getDb();
const dispatcher = createConfiguredDispatcher(db);
dispatcher.start();

/** Stops after the batch in flight is recorded, but never waits longer than `graceMs`. */
function stop(code: number, graceMs = 5_000) {
  setTimeout(() => process.exit(code), graceMs).unref();
  void dispatcher.stop().then(() => process.exit(code));
}

if (process.send) {
  process.on("message", (message) => {
    if (message === "wake") wakeDispatcher();
  });
  // The parent is gone (even killed): go at once, so no orphan keeps sending or holds the
  // provider's connections. A batch in flight is safe: its request bytes and idempotency key
  // are stored, and the next dispatcher sends the very same request after the lease.
  process.on("disconnect", () => process.exit(0));
  process.send("ready");
} else {
  console.log(
    `Beacon worker: dispatching with ${dispatcher.transport.name} from ${describeTarget()}`,
  );
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(0));
