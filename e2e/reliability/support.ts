import { randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { addMember } from "@/db/accounts/members";
import { createAccount } from "@/db/accounts/provision";
import { type DB, openDatabase } from "@/db/client";
import { currentSecret } from "@/db/webhook-secrets";
import { E2E } from "../support/env";
import { postSigned } from "../support/webhooks";

/** Short (inside npm test) or full (on demand) mode, and the sizes that follow from it. */
export const FULL = process.env.RELIABILITY === "full";

/** Ports of the apps the parts start on their own (the main server is E2E_PORT, 3410). */
export const PORTS = {
  crash: 3420,
  provider: 3421,
  disk: 3422,
  load: 3423,
  scaleA: 3424,
  scaleB: 3425,
} as const;

/**
 * Prints a part's figures and keeps them for the summary that scripts/reliability.sh prints
 * at the end (and that the README's Reliability section copies).
 */
export function report(part: string, figures: Record<string, string | number>) {
  const line = `${part}: ${Object.entries(figures)
    .map(
      ([key, value]) =>
        `${key} ${typeof value === "number" ? value.toLocaleString("en-US") : value}`,
    )
    .join(", ")}`;
  console.log(`[reliability] ${line}`);
  const dir = path.join(E2E.dataDir, "figures");
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, `${part.split(" ")[0]}.txt`), `  ${line}\n`);
}

export type World = {
  dir: string;
  databasePath: string;
  db: DB;
  accountId: string;
  slug: string;
  secret: string;
  recipients: string[];
  admin: { email: string; password: string };
};

/** A database of its own for one part, with one account (its recipients) and an admin. */
export async function freshWorld(part: string, recipients: string[]): Promise<World> {
  const dir = path.join(E2E.dataDir, part);
  mkdirSync(dir, { recursive: true });
  return worldIn(dir, recipients);
}

export async function worldIn(dir: string, recipients: string[]): Promise<World> {
  const databasePath = path.join(dir, "beacon.db");
  const db = openDatabase(databasePath);
  const slug = `rel-${randomUUID().slice(0, 6)}`;
  const accountId = await createAccount(db, {
    name: "Reliability MSP",
    slug,
    defaults: recipients,
  });
  const admin = { email: `admin@${slug}.test`, password: `pw-${randomUUID()}` };
  await addMember(db, accountId, { ...admin, name: "Rel Admin", role: "admin" });
  const secret = (await currentSecret(db, accountId))?.secret;
  if (!secret) throw new Error("a new account must have a webhook secret");
  return { dir, databasePath, db, accountId, slug, secret, recipients, admin };
}

/** Polls until check() returns a value that is not undefined, or fails after timeoutMs. */
export async function until<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Resident memory of a process and its descendants, in MB (Linux /proc). */
export function treeRssMb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  let kb = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop()!;
    try {
      const status = readFileSync(`/proc/${current}/status`, "utf8");
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // ended
    }
    stack.push(...(children.get(current) ?? []));
  }
  return Math.round(kb / 1024);
}

/** Signs in through the auth API and returns the session cookie header. */
export async function sessionCookie(
  baseURL: string,
  credentials: { email: string; password: string },
): Promise<string> {
  const response = await fetch(`${baseURL}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseURL },
    body: JSON.stringify(credentials),
  });
  if (!response.ok) throw new Error(`sign-in of ${credentials.email}: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/**
 * A POST on a connection of its own (node:http, no keep-alive pool): a server that answers
 * before reading a huge body closes the socket, which would break fetch's next pooled call.
 */
export async function postOnce(
  url: string,
  body: BodyInit,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const encoded = new Request(url, { method: "POST", body });
  const bytes = Buffer.from(await encoded.arrayBuffer());
  const contentType = encoded.headers.get("content-type");
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: "POST",
        agent: false,
        headers: {
          ...(contentType ? { "content-type": contentType } : {}),
          ...headers,
          "content-length": String(bytes.length),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string>,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    // The server may answer and close before it has read everything: that is its answer.
    req.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error),
    );
    req.end(bytes);
  });
}

/** What became of one event a caller kept posting until it was answered. */
export type Outcome = { accepted: true; id: string } | { accepted: false; refusal: string };

/**
 * Posts one signed event until it is answered, as a Standard Webhooks sender does: no answer
 * (the app is down or died mid-request) or a 5xx is retried after a short pause, with the
 * same webhook-id, on `target(attempt)` (one app, or the next of several behind a balancer).
 * `counts` tallies the requests made and the ones retried.
 */
export async function postUntilAnswered(
  account: { slug: string; secret: string },
  event: { webhookId: string; body: string },
  target: (attempt: number) => string,
  counts: { requests: number; unanswered: number },
): Promise<Outcome> {
  for (let attempt = 0; attempt <= 2000; attempt++) {
    counts.requests++;
    try {
      const answer = await postSigned(account.slug, account.secret, null, {
        baseURL: target(attempt),
        rawBody: event.body,
        webhookId: event.webhookId,
      });
      const status = answer.status();
      if (status >= 200 && status < 300) return { accepted: true, id: (await answer.json()).id };
      if (status < 500) return { accepted: false, refusal: `${status} ${await answer.text()}` };
    } catch {
      // No answer: retried below.
    }
    counts.unanswered++;
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 100));
  }
  throw new Error(`${event.webhookId} was never answered`);
}
