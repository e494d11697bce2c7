import { getDb } from "@/db/client";
import { seedDemoData } from "@/db/seed";
import { startDispatcher } from "@/lib/delivery/runtime";

const globalForStartup = globalThis as unknown as { beaconStarted?: Promise<void> };

/**
 * Runs once per process when the app starts: migrate (inside getDb), seed the demo data on an
 * empty database, start the dispatcher.
 */
export function startBeacon(): Promise<void> {
  globalForStartup.beaconStarted ??= (async () => {
    const db = getDb();
    if (await seedDemoData(db)) console.log("Beacon: demo data created (accounts demo and other).");
    startDispatcher(db);
  })();
  return globalForStartup.beaconStarted;
}
