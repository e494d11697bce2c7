// ad-hoc load: N connections posting signed single events (or batches of B)
import { createHmac } from "node:crypto";
import http from "node:http";

const [, , port, secretB64, seconds = "10", conns = "50", batch = "0"] = process.argv;
const key = Buffer.from(secretB64.replace(/^whsec_/, ""), "base64");
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(conns) });
let n = 0,
  ok = 0,
  other = {},
  lat = [];
const end = Date.now() + Number(seconds) * 1000;
function event(i) {
  return {
    id: `ld_${process.pid}_${i}`,
    type: "incident",
    status: "open",
    organization: { id: `org_${i % 5}`, name: `Org ${i % 5}` },
    occurred_at: "2026-11-26T14:03:27Z",
    title: `Load ${i}`,
    summary: "x",
    severity: "high",
    product: "EDR",
    host: "H",
    report_url: "https://p.test/r",
  };
}
function post(body, path) {
  return new Promise((resolve) => {
    const id = `msg_${process.pid}_${n++}`;
    const ts = Math.floor(Date.now() / 1000);
    const sig = createHmac("sha256", key).update(`${id}.${ts}.${body}`).digest("base64");
    const t0 = performance.now();
    const req = http.request(
      {
        port,
        path,
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "webhook-id": id,
          "webhook-timestamp": ts,
          "webhook-signature": `v1,${sig}`,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          lat.push(performance.now() - t0);
          if (res.statusCode < 300) ok++;
          else other[res.statusCode] = (other[res.statusCode] ?? 0) + 1;
          resolve();
        });
      },
    );
    req.on("error", (e) => {
      other[e.code] = (other[e.code] ?? 0) + 1;
      resolve();
    });
    req.end(body);
  });
}
let i = 0;
const B = Number(batch);
async function loop() {
  while (Date.now() < end) {
    if (B) {
      const evs = [];
      for (let k = 0; k < B; k++) evs.push(event(i++));
      await post(JSON.stringify({ events: evs }), "/api/v1/accounts/demo/notifications/batch");
    } else await post(JSON.stringify(event(i++)), "/api/v1/accounts/demo/notifications");
  }
}
const t = Date.now();
await Promise.all(Array.from({ length: Number(conns) }, loop));
lat.sort((a, b) => a - b);
const s = (Date.now() - t) / 1000;
console.log(
  JSON.stringify({
    requests: lat.length,
    ok,
    other,
    perSec: Math.round(lat.length / s),
    eventsPerSec: Math.round((ok * (B || 1)) / s),
    p50: lat[Math.floor(lat.length * 0.5)]?.toFixed(1),
    p99: lat[Math.floor(lat.length * 0.99)]?.toFixed(1),
  }),
);
