import { type ChildProcess, fork } from "node:child_process";
import os from "node:os";
import path from "node:path";
import type { DB } from "@/db/client";
import { psaSecret } from "@/db/psa-integration";
import { config } from "@/lib/config";
import { createDigestSchedule } from "@/lib/delivery/digests";
import { createDispatcher, type Dispatcher } from "@/lib/delivery/dispatcher";
import { createReminderSchedule } from "@/lib/delivery/reminders";
import { emailFrom, senderDomain } from "@/lib/delivery/sender";
import type { Transport } from "@/lib/delivery/transport";
import { onWake } from "@/lib/delivery/wake";
import { renderContent, renderDigestContent } from "@/lib/render/render";
import { createMailboxTransport } from "@/lib/transports/mailbox";
import { createPsaWebhookTransport } from "@/lib/transports/psa-webhook";
import { createResendTransport } from "@/lib/transports/resend";

/** Resend when RESEND_API_KEY is set (RESEND_BASE_URL moves it), else the local mailbox. */
export function transportFromEnv(db: DB): Transport {
  const { RESEND_API_KEY, RESEND_BASE_URL, RESEND_TIMEOUT_MS } = config();
  return RESEND_API_KEY
    ? createResendTransport({
        apiKey: RESEND_API_KEY,
        baseUrl: RESEND_BASE_URL,
        timeoutMs: RESEND_TIMEOUT_MS,
      })
    : createMailboxTransport(db);
}

/** A dispatcher on this process's database with the configured transport and the renderer. */
export function createConfiguredDispatcher(db: DB): Dispatcher & { transport: Transport } {
  const transport = transportFromEnv(db);
  const { INTEGRATIONS_ALLOW_PRIVATE_TARGETS, PSA_TIMEOUT_MS } = config();
  const psaWebhook = createPsaWebhookTransport({
    secretFor: (accountId) => psaSecret(db, accountId),
    allowPrivate: INTEGRATIONS_ALLOW_PRIVATE_TARGETS,
    timeoutMs: PSA_TIMEOUT_MS,
  });
  const dispatcher = createDispatcher({
    db,
    transport,
    psaWebhook,
    from: emailFrom(),
    render: renderContent,
    schedules: [
      createReminderSchedule(db, { fromDomain: senderDomain() }),
      createDigestSchedule({ db, render: renderDigestContent, fromDomain: senderDomain() }),
    ],
  });
  return Object.assign(dispatcher, { transport });
}

const globalForDispatcher = globalThis as unknown as {
  beaconDispatcher?: Dispatcher;
  beaconDispatcherChild?: { child: ChildProcess | null; ready: boolean };
};

/** The dispatcher inside this process (DISPATCHER=in-process): the web server's own thread sends. */
export function startInProcessDispatcher(db: DB): Dispatcher {
  if (!globalForDispatcher.beaconDispatcher) {
    const dispatcher = createConfiguredDispatcher(db);
    dispatcher.start();
    globalForDispatcher.beaconDispatcher = dispatcher;
    console.log(`Beacon: dispatcher started in-process (${dispatcher.transport.name}).`);
  }
  return globalForDispatcher.beaconDispatcher;
}

/**
 * Lowers a process's CPU priority by `nice` (never raises it). The OS then runs the web
 * server first when both want the CPU, and the dispatcher whenever it is free; sending is
 * already asynchronous to the webhook's answer, so it is the one that should wait.
 */
export function lowerPriority(pid: number, nice: number): void {
  if (nice <= 0) return;
  try {
    os.setPriority(pid, Math.min(19, os.getPriority(process.pid) + nice));
  } catch (error) {
    console.warn(`Beacon: could not lower the dispatcher's priority: ${(error as Error).message}`);
  }
}

/**
 * The default (DISPATCHER=process): rendering and sending run in a child process of the web
 * server, so they never hold up the thread that answers webhooks. Each commit here wakes it
 * at once over the IPC channel; it exits when this process goes (the channel closes, even on
 * SIGKILL) and is restarted if it dies.
 */
export function startDispatcherProcess(): { ready: () => boolean } {
  if (!globalForDispatcher.beaconDispatcherChild) {
    const state: { child: ChildProcess | null; ready: boolean } = { child: null, ready: false };
    globalForDispatcher.beaconDispatcherChild = state;
    let stopping = false;
    let wakePending = false;
    const spawnChild = () => {
      const entry = path.join(
        /*turbopackIgnore: true*/ process.cwd(),
        "lib",
        "runtime",
        "worker-cli.ts",
      );
      const child = fork(entry, [], {
        execArgv: ["--import", "tsx"],
        env: { ...process.env, BEACON_WORKER_PARENT: String(process.pid) },
        stdio: "inherit",
      });
      state.child = child;
      if (child.pid) lowerPriority(child.pid, config().DISPATCHER_NICE);
      child.on("message", (message) => {
        if (message === "ready") state.ready = true;
      });
      child.on("exit", (code, signal) => {
        state.ready = false;
        state.child = null;
        if (stopping) return;
        console.error(`Beacon: dispatcher process ended (${signal ?? code}); restarting it.`);
        setTimeout(spawnChild, 1000).unref();
      });
    };
    spawnChild();
    onWake(() => {
      // One message per turn of the event loop is enough, however many commits there were.
      if (wakePending) return;
      wakePending = true;
      setImmediate(() => {
        wakePending = false;
        if (state.child?.connected) state.child.send("wake", () => undefined);
      });
    });
    // Next's own signal handlers end this process; the child follows when its channel closes.
    process.once("exit", () => {
      stopping = true;
      state.child?.kill("SIGTERM");
    });
  }
  const state = globalForDispatcher.beaconDispatcherChild;
  return { ready: () => state.ready };
}

/** Whether this process has what it needs to send: a ready dispatcher of its own, or none by design. */
export function dispatcherReady(): boolean {
  const mode = config().DISPATCHER;
  if (mode === "off") return true;
  if (mode === "in-process") return Boolean(globalForDispatcher.beaconDispatcher);
  return globalForDispatcher.beaconDispatcherChild?.ready ?? false;
}
