// Prints API throughput and latency under concurrent clients on loopback (figures only, no
// pass or fail): node crates/web/e2e/load.mjs http://127.0.0.1:8080 [clients] [seconds]
// Each client sends requests one after another, cycling through a mix of list, filter, map,
// timeline and detail requests, over keep-alive connections.

import http from "node:http";

const base = new URL(process.argv[2] ?? "http://127.0.0.1:8080");
const clients = Number(process.argv[3] ?? 32);
const seconds = Number(process.argv[4] ?? 10);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });

const facets = await get("/api/facets").then((r) => JSON.parse(r.body));
const some = await get("/api/events?limit=20").then((r) => JSON.parse(r.body).items.map((e) => e.id));
const paths = [
  "/api/events?limit=50",
  "/api/events?has_contradiction=true",
  `/api/events?outlet=${facets.outlets[0]?.id ?? ""}`,
  "/api/events?bbox=35,32,42.5,37.5&from=2019-01-01",
  "/api/events/points",
  "/api/events/timeline",
  "/api/contradictions",
  ...some.slice(0, 5).map((id) => `/api/events/${id}`),
  "/api/documents/d1",
];

function get(path) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    http.get(new URL(path, base), { agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode, body, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    }).on("error", reject);
  });
}

const latencies = [];
let errors = 0;
const until = Date.now() + seconds * 1000;
await Promise.all(Array.from({ length: clients }, async (_, c) => {
  for (let i = c; Date.now() < until; i++) {
    const r = await get(paths[i % paths.length]);
    if (r.status !== 200) errors++;
    latencies.push(r.ms);
  }
}));
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
console.log(`${clients} clients, ${seconds} s, ${paths.length} kinds of request: ${latencies.length} requests, ${(latencies.length / seconds).toFixed(0)} requests/s, ` +
  `latency p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${latencies.at(-1).toFixed(2)} ms, ${errors} non-200`);
agent.destroy();
