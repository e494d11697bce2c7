#!/usr/bin/env node
// The production web server: Next's request handler behind an HTTP server of Beacon's own, so
// that requests start in turns of the event loop (scripts/admission.mjs) and the timeouts
// suit a server behind a load balancer. `next start` owns its server and allows neither.
// Usage: node scripts/serve.mjs [-p port] [-H host]; PORT, HOSTNAME, KEEP_ALIVE_TIMEOUT_MS.
import http from "node:http";
import { parseArgs } from "node:util";
import { createAdmission } from "./admission.mjs";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";
// Idle keep-alive connections outlive a load balancer's (AWS ALB and nginx default to 60 s),
// so the balancer, not the server, closes them and never reuses a socket the server just shut.
const keepAliveTimeout = Number(process.env.KEEP_ALIVE_TIMEOUT_MS || 65_000);

const started = Date.now();
// As `next start` does: Next reads NODE_ENV when it loads, so it is set before.
process.env.NODE_ENV ||= "production";
const { default: next } = await import("next");
const app = next({ dev: false, dir: process.cwd(), hostname, port });
await app.prepare();
const handle = app.getRequestHandler();
const admission = createAdmission();

const server = http.createServer((request, response) => {
  admission.admit(() => {
    handle(request, response).catch((error) => {
      console.error(`Failed to handle request for ${request.url}:`, error);
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  });
});
server.keepAliveTimeout = keepAliveTimeout;
// Longer than an idle connection may last, so a balancer's reused socket is never cut while
// its next request's headers arrive.
server.headersTimeout = keepAliveTimeout + 1_000;
server.on("error", (error) => {
  console.error("Failed to start the server:", error);
  process.exit(1);
});
server.listen(port, hostname, () => {
  const address = server.address();
  const shown = typeof address === "object" && address ? address.port : port;
  console.log(`✓ Ready in ${Date.now() - started} ms on http://${hostname}:${shown}`);
});
// Exiting runs the 'exit' handlers (the dispatcher child's); connections end with the process.
process.on("SIGINT", () => process.exit(130));
process.on("SIGTERM", () => process.exit(143));
