import { parseArgs } from "node:util";
import { z } from "zod";
import { faultSchema, parseFaultRates } from "./faults";
import { startResendServer } from "./server";

const USAGE = `Local Resend-compatible server (POST /emails, POST /emails/batch).

  tsx e2e/resend-server/cli.ts [--port 3100] [--rps 5] [--faults JSON] [--fault-rates 5xx=0.1,hang=0.02]
                               [--webhook-url URL] [--webhook-secret whsec_...] [--auto-events]

Each option may also come from the environment: RESEND_SERVER_PORT, RESEND_SERVER_RPS,
RESEND_SERVER_FAULTS, RESEND_SERVER_FAULT_RATES, RESEND_SERVER_WEBHOOK_URL,
RESEND_WEBHOOK_SECRET, RESEND_SERVER_AUTO_EVENTS=1. --rps 0 turns the rate limit off.
Control API: GET /_control/emails, GET /_control/requests, POST /_control/faults,
POST /_control/reset, POST /_control/rate-limit, POST /_control/events.`;

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    rps: { type: "string" },
    faults: { type: "string" },
    "fault-rates": { type: "string" },
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string" },
    "auto-events": { type: "boolean" },
    help: { type: "boolean" },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const env = process.env;
const port = Number(values.port ?? env.RESEND_SERVER_PORT ?? 3100);
const rps = Number(values.rps ?? env.RESEND_SERVER_RPS ?? 5);
const faultsText = values.faults ?? env.RESEND_SERVER_FAULTS;
const ratesText = values["fault-rates"] ?? env.RESEND_SERVER_FAULT_RATES;

if (!Number.isInteger(port) || port < 0)
  throw new Error(`--port must be a port number, got ${port}`);
if (!(rps >= 0)) throw new Error(`--rps must be 0 or more, got ${rps}`);

async function main() {
  const server = await startResendServer({
    port,
    host: values.host,
    rps: rps || null,
    faults: faultsText ? z.array(faultSchema).parse(JSON.parse(faultsText)) : [],
    faultRates: ratesText ? parseFaultRates(ratesText) : {},
    webhookUrl: values["webhook-url"] ?? env.RESEND_SERVER_WEBHOOK_URL,
    webhookSecret: values["webhook-secret"] ?? env.RESEND_WEBHOOK_SECRET,
    autoEvents: values["auto-events"] ?? env.RESEND_SERVER_AUTO_EVENTS === "1",
    log: (line) => console.log(line),
  });

  console.log(
    `Resend-compatible server on ${server.url} (rate limit: ${rps ? `${rps}/s` : "off"})`,
  );
  console.log(`Point the app at it: RESEND_BASE_URL=${server.url} RESEND_API_KEY=re_local_test`);

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      void server.close().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
