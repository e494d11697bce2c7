import { getDb } from "@/db/client";
import { createDispatcher } from "./dispatcher";
import { transportFromEnv } from "./runtime";
import { emailFrom } from "./sender";

// `npm run worker`: a dispatcher in its own process, beside or instead of the portal's
// (start the portal with DISPATCHER=off to leave all sending here).
const db = getDb();
const transport = transportFromEnv(db);
const dispatcher = createDispatcher({ db, transport, from: emailFrom() });
dispatcher.start();
console.log(
  `Beacon worker: dispatching with ${transport.name} from ${process.env.DATABASE_PATH || "data/beacon.db"}`,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    dispatcher.stop().then(() => process.exit(0));
  });
}
