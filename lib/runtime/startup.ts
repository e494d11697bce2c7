import { getDb } from "@/db/client";
import { encryptStoredPsaSecrets } from "@/db/psa-integration";
import { seedDemoData } from "@/db/seed";
import { checkpointOffTheLoop } from "@/db/sqlite/open";
import { encryptStoredSecrets } from "@/db/webhook-secrets";
import { config } from "@/lib/config";
import { startDispatcherProcess, startInProcessDispatcher } from "./dispatcher";
import { followTestClock } from "./test-clock";

const globalForStartup = globalThis as unknown as { beaconStarted?: Promise<void> };

/**
 * Runs once per web process when the app starts: validate the configuration (a bad variable
 * stops the start, naming it), migrate (inside getDb), encrypt any secret still stored in
 * plaintext (or under a previous key), seed the demo data on an empty database, start the dispatcher (by default in its own child process).
 */
export function startBeacon(): Promise<void> {
  globalForStartup.beaconStarted ??= (async () => {
    const settings = config();
    followTestClock();
    const db = getDb();
    await db.$ready;
    const encrypted = (await encryptStoredSecrets(db)) + (await encryptStoredPsaSecrets(db));
    if (encrypted > 0) console.log(`Beacon: encrypted ${encrypted} stored secret(s) at rest.`);
    if (await seedDemoData(db)) console.log("Beacon: demo data created (accounts demo and other).");
    checkpointOffTheLoop(db);
    if (settings.DISPATCHER === "in-process") startInProcessDispatcher(db);
    else if (settings.DISPATCHER !== "off") startDispatcherProcess();
  })();
  return globalForStartup.beaconStarted;
}
