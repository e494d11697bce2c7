/*
 * The copy-and-paste examples of the API reference: a signed request in bash (openssl, curl)
 * and in Node (node:crypto, fetch). The secret is read from an environment variable, never
 * written into the page. lib/webhooks/snippets.test.ts runs both against the real verifier.
 */

export const SECRET_VARIABLE = "BEACON_WEBHOOK_SECRET";

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function curlSnippet(endpoint: string, event: unknown): string {
  return [
    `# ${SECRET_VARIABLE}='whsec_…'   (Email Integration page → Reveal secret)`,
    `URL=${shellQuote(endpoint)}`,
    `BODY=${shellQuote(JSON.stringify(event))}`,
    `ID="msg_$(date +%s%N)"`,
    "TS=$(date +%s)",
    `KEY=$(printf '%s' "\${${SECRET_VARIABLE}#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \\n')`,
    `SIG=$(printf '%s' "$ID.$TS.$BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY" -binary | base64)`,
    `curl -sS "$URL" -H 'content-type: application/json' \\`,
    `  -H "webhook-id: $ID" -H "webhook-timestamp: $TS" -H "webhook-signature: v1,$SIG" \\`,
    `  --data-binary "$BODY"`,
  ].join("\n");
}

export function nodeSnippet(endpoint: string, event: unknown): string {
  return [
    "// Node 18 or later, no dependencies. Save as send.mjs, run: node send.mjs",
    'import { createHmac, randomUUID } from "node:crypto";',
    "",
    `const secret = process.env.${SECRET_VARIABLE}; // whsec_… (Email Integration page → Reveal secret)`,
    `const url = ${JSON.stringify(endpoint)};`,
    `const body = JSON.stringify(${JSON.stringify(event, null, 2)});`,
    'const id = "msg_" + randomUUID();',
    "const timestamp = Math.floor(Date.now() / 1000).toString();",
    'const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");',
    'const signed = id + "." + timestamp + "." + body;',
    'const signature = createHmac("sha256", key).update(signed).digest("base64");',
    "",
    "const response = await fetch(url, {",
    '  method: "POST",',
    "  headers: {",
    '    "content-type": "application/json",',
    '    "webhook-id": id,',
    '    "webhook-timestamp": timestamp,',
    '    "webhook-signature": "v1," + signature,',
    "  },",
    "  body,",
    "});",
    "console.log(response.status, await response.text());",
  ].join("\n");
}
