import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookLookup } from "@/db/webhook-lookup";
import { parseNotificationEvent } from "@/lib/core/events";
import { sampleEvent } from "@/lib/core/sample-events";
import { parseJson, verifySignedRequest } from "./inbound";
import { curlSnippet, nodeSnippet, SECRET_VARIABLE } from "./snippets";

const run = promisify(execFile);
const SECRET = `whsec_${Buffer.from("snippet-test-secret-of-32-bytes!").toString("base64")}`;
const lookup: WebhookLookup = {
  account: async (slug) => (slug === "demo" ? { id: "acc", slug } : null),
  secrets: async () => [SECRET],
};

// A stand-in endpoint that answers as the real one checks: the same verifier, the same parser.
let endpoint = "";
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", async () => {
    try {
      const raw = Buffer.concat(chunks);
      const headers = new Headers(request.headers as Record<string, string>);
      await verifySignedRequest(lookup, "demo", raw, headers);
      const parsed = parseNotificationEvent(parseJson(raw));
      response.writeHead(parsed.ok ? 202 : 422).end(parsed.ok ? "verified" : "invalid");
    } catch {
      response.writeHead(401).end("refused");
    }
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/accounts/demo/notifications`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const event = sampleEvent("incident", "open");
const dir = mkdtempSync(path.join(tmpdir(), "beacon-snippets-"));

describe("the API reference's snippets", () => {
  it("the Node snippet signs a request the endpoint's verifier accepts", async () => {
    const file = path.join(dir, "send.mjs");
    writeFileSync(file, nodeSnippet(endpoint, event));
    const ok = await run(process.execPath, [file], {
      env: { ...process.env, [SECRET_VARIABLE]: SECRET },
    });
    expect(ok.stdout.trim()).toBe("202 verified");
    const wrong = `whsec_${Buffer.from("another-secret-also-32-bytes-ok!").toString("base64")}`;
    const bad = await run(process.execPath, [file], {
      env: { ...process.env, [SECRET_VARIABLE]: wrong },
    });
    expect(bad.stdout.trim()).toBe("401 refused");
  });

  it("the curl snippet signs a request the endpoint's verifier accepts", async () => {
    const hasTools = await run("bash", ["-c", "command -v curl && command -v openssl"]).then(
      () => true,
      () => false,
    );
    if (!hasTools) return expect.fail("curl and openssl are needed to test the curl snippet");
    const file = path.join(dir, "send.sh");
    writeFileSync(file, curlSnippet(endpoint, { ...event, title: "It's quoted" }));
    const out = await run("bash", [file], { env: { ...process.env, [SECRET_VARIABLE]: SECRET } });
    expect(out.stdout.trim()).toBe("verified");
  });
});
