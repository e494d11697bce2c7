import type { DB } from "@/db/client";
import { createMailboxTransport } from "@/lib/transports/mailbox";
import { createResendTransport } from "@/lib/transports/resend";
import { createDispatcher, type Dispatcher } from "./dispatcher";
import { emailFrom } from "./sender";
import type { Transport } from "./transport";

/** Resend when RESEND_API_KEY is set (RESEND_BASE_URL moves it), else the local mailbox. */
export function transportFromEnv(db: DB): Transport {
  const apiKey = process.env.RESEND_API_KEY;
  return apiKey
    ? createResendTransport({
        apiKey,
        baseUrl: process.env.RESEND_BASE_URL || undefined,
        timeoutMs: Number(process.env.RESEND_TIMEOUT_MS) || undefined,
      })
    : createMailboxTransport(db);
}

const globalForDispatcher = globalThis as unknown as { beaconDispatcher?: Dispatcher };

/**
 * The process's dispatcher, started once. DISPATCHER=off leaves sending to a separate
 * `npm run worker` process (any number of them may run: claims never overlap).
 */
export function startDispatcher(db: DB): Dispatcher | null {
  if (process.env.DISPATCHER === "off") return null;
  if (!globalForDispatcher.beaconDispatcher) {
    const transport = transportFromEnv(db);
    const dispatcher = createDispatcher({ db, transport, from: emailFrom() });
    dispatcher.start();
    globalForDispatcher.beaconDispatcher = dispatcher;
    console.log(`Beacon: dispatcher started (${transport.name}).`);
  }
  return globalForDispatcher.beaconDispatcher;
}
