// Webhook accept latency (issue 4): signed POSTs to the production web app at a fixed rate
// (open loop: requests leave on schedule whatever the answers, so queueing shows up as latency).
// Every 202 means the run and its first job were committed. Two phases: the web app alone (runs
// queue up), then with a worker draining the runs on the same two cores. Usage:
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres node --no-node-snapshot bench/webhook-bench.ts [--rate 200] [--worker-rate 100] [--seconds 20] [--port 3271] [--build]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { spawn, type ChildProcess } from "node:child_process";
import { createDb } from "../lib/db/client.ts";
import { applyMigrations } from "../lib/db/migrate.ts";
import { signWebhook } from "../lib/triggers/webhook-auth.ts";
import { rotateTriggerSecret } from "../lib/triggers/trigger-secrets.server.ts";
import { appSecrets, resolveDatabase, ROOT } from "../scripts/support/environment.ts";
import { stopService } from "../scripts/support/processes.ts";
import { recreateDatabase, withDatabase } from "../test/databases.ts";
import { flowDefinition, flowNode, releaseFlow } from "../test/flow-fixtures.ts";
import { benchEnv, ensureBuild, startWebApp } from "./app-server.ts";
import { machineLoad, ms, percentile } from "./stats.ts";

const { values: args } = parseArgs({
  options: { rate: { type: "string", default: "200" }, "worker-rate": { type: "string", default: "100" }, seconds: { type: "string", default: "20" }, port: { type: "string", default: "3271" }, build: { type: "boolean", default: false } },
});
const RATE = Number(args.rate);
const WORKER_RATE = Number(args["worker-rate"]);
const SECONDS = Number(args.seconds);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;

const secrets = appSecrets();
const server = await resolveDatabase("bench-postgres", Number(process.env.MILLWRIGHT_BENCH_PG_PORT ?? 54331), "postgres", secrets.postgresPassword);
const databaseUrl = withDatabase(server.url, "millwright_bench_webhook");
await recreateDatabase(server.url, "millwright_bench_webhook");
await applyMigrations(databaseUrl);
const db = createDb(databaseUrl);
const flow = await releaseFlow(
  db,
  flowDefinition(
    [
      flowNode("trigger", "webhook-trigger", { auth: "hmac", businessKeyPath: "workOrder", idempotency: { source: "header", header: "Idempotency-Key", required: true } }),
      flowNode("map", "map", { script: "return { workOrder: input.body.workOrder, parts: input.body.parts.length };" }),
      flowNode("end", "end"),
    ],
    [["trigger", "map"], ["map", "end"]],
  ),
);
const analyst = await db.user.findUniqueOrThrow({ where: { email: "analyst@millwright.local" } });
const { secret } = await rotateTriggerSecret(db, { id: analyst.id, email: analyst.email }, { environmentId: flow.environmentId, flowId: flow.flowId, nodeId: "trigger" });

const env = benchEnv(databaseUrl, BASE, secrets);
await ensureBuild(env, args.build);
const web = await startWebApp(env, PORT);

const url = `${BASE}/api/hooks/dev/${flow.slug}`;
const parts = Array.from({ length: 20 }, (_, i) => ({ code: `BRG-${i}`, qty: i + 1 }));

async function send(i: number): Promise<{ status: number; ms: number }> {
  const body = JSON.stringify({ workOrder: `WO-${i}`, parts });
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `bench-${i}`, "x-millwright-timestamp": String(timestamp), "x-millwright-signature": signWebhook(secret, timestamp, body) },
    body,
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

/** CPU time (user + system) a process has used, in ms, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
}

async function phase(label: string, rate: number, offset: number): Promise<void> {
  const total = rate * SECONDS;
  const webCpuBefore = cpuMs(web.child.pid as number);
  const results: Promise<{ status: number; ms: number }>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    results.push(send(offset + i).catch(() => ({ status: 0, ms: NaN })));
  }
  const done = await Promise.all(results);
  const latencies = done.filter((r) => r.status === 202).map((r) => r.ms).sort((a, b) => a - b);
  const statuses = new Map<number, number>();
  for (const r of done) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  const webCpuPerRequest = (cpuMs(web.child.pid as number) - webCpuBefore) / total;
  console.log(`  ${label}, ${rate} req/s: 202 latency p50 ${ms(percentile(latencies, 50))}, p90 ${ms(percentile(latencies, 90))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? NaN)}`);
  console.log(`    answers: ${[...statuses].map(([status, n]) => `${status} x ${n}`).join(", ")}; web process CPU ${ms(webCpuPerRequest)} per request; ${machineLoad()}`);
}

let worker: ChildProcess | null = null;
try {
  for (let i = 0; i < 50; i++) await send(-1 - i); // warm-up: routes compiled, pools filled
  console.log(`webhook bench: ${SECONDS} s per phase, body ${JSON.stringify({ workOrder: "WO-0", parts }).length} bytes; ${machineLoad()}`);
  await phase("web app alone", RATE, 0);
  worker = spawn(process.execPath, ["--no-node-snapshot", join(ROOT, "runtime/worker.ts")], { env: { ...env, WORKER_CONCURRENCY: "8" }, stdio: ["ignore", "ignore", "inherit"] });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await phase("with a worker running the runs", WORKER_RATE, 1_000_000);
  const runs = await db.run.count({ where: { flowId: flow.flowId } });
  const finished = await db.run.count({ where: { flowId: flow.flowId, status: "SUCCEEDED" } });
  console.log(`  runs stored: ${runs} (50 warm-up), succeeded so far: ${finished}`);
} finally {
  worker?.kill("SIGTERM");
  await stopService(web);
  await db.$disconnect();
  await server.stop();
}
process.exit(0);
