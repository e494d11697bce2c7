import { getDb } from "@/db/client";
import { config } from "@/lib/config";
import { wakeDispatcher } from "@/lib/delivery/wake";
import { createConfiguredDispatcher } from "./dispatcher";

// A dispatcher in its own process: started by the web server (its child, woken over IPC), or
// by hand with `npm run worker`, any number of them beside the portal (claims never overlap).
const db = getDb();
const dispatcher = createConfiguredDispatcher(db);
dispatcher.start();

function stop(code: number) {
  dispatcher.stop().then(() => process.exit(code));
}

if (process.send) {
  process.on("message", (message) => {
    if (message === "wake") wakeDispatcher();
  });
  // The parent is gone (even killed): stop too, so no orphan keeps sending.
  process.on("disconnect", () => stop(0));
  process.send("ready");
} else {
  console.log(
    `Beacon worker: dispatching with ${dispatcher.transport.name} from ${config().DATABASE_PATH}`,
  );
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(0));
