import { getDb } from "@/db/client";
import { seedDemoData } from "@/db/seed";
import { startDispatcher } from "@/lib/delivery/runtime";
import { encryptStoredSecrets } from "@/lib/webhooks/secrets";

const globalForStartup = globalThis as unknown as { beaconStarted?: Promise<void> };

/**
 * Runs once per process when the app starts: migrate (inside getDb), encrypt any secret still
 * stored in plaintext (or under a previous key), seed the demo data on an empty database,
 * start the dispatcher.
 */
export function startBeacon(): Promise<void> {
  globalForStartup.beaconStarted ??= (async () => {
    const db = getDb();
    const encrypted = encryptStoredSecrets(db);
    if (encrypted > 0) console.log(`Beacon: encrypted ${encrypted} stored secret(s) at rest.`);
    if (await seedDemoData(db)) console.log("Beacon: demo data created (accounts demo and other).");
    startDispatcher(db);
  })();
  return globalForStartup.beaconStarted;
}
