// Runtime benchmarks (issue 4): durable steps/s and runs/s of webhook -> map -> branch -> HTTP call
// to a local sink, per-step overhead of a chain of 40 map steps, and the worker's memory at
// concurrency 24. Usage:
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres node --no-node-snapshot bench/engine-bench.ts [--runs 2000] [--concurrency 24]
// Runs are accepted first (each in its own transaction, with its job, as a webhook does), then a
// worker process is started and the time to drain them all is measured: every step is committed
// with its successors before the next, so steps/s here are durable steps/s.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createDb, type Db } from "../lib/db/client.ts";
import { applyMigrations } from "../lib/db/migrate.ts";
import { appSecrets, resolveDatabase, ROOT } from "../scripts/support/environment.ts";
import { recreateDatabase, withDatabase } from "../test/databases.ts";
import { flowDefinition, flowNode, releaseFlow, type ReleasedFlow } from "../test/flow-fixtures.ts";
import { startHttpSink } from "../test/http-sink.ts";
import { acceptMany } from "./accept-many.ts";
import { machineLoad, median, ms } from "./stats.ts";

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "2000" }, concurrency: { type: "string", default: "24" }, "chain-runs": { type: "string", default: "100" } },
});
const RUNS = Number(args.runs);
const CONCURRENCY = Number(args.concurrency);
const CHAIN_RUNS = Number(args["chain-runs"]);

const secrets = appSecrets();
const server = await resolveDatabase("bench-postgres", Number(process.env.MILLWRIGHT_BENCH_PG_PORT ?? 54331), "postgres", secrets.postgresPassword);
const databaseUrl = withDatabase(server.url, "millwright_bench_engine");
await recreateDatabase(server.url, "millwright_bench_engine");
await applyMigrations(databaseUrl);
const db = createDb(databaseUrl);
const sink = await startHttpSink();

function startWorker(): ChildProcess {
  return spawn(process.execPath, ["--no-node-snapshot", join(ROOT, "runtime/worker.ts")], {
    env: { ...process.env, DATABASE_URL: databaseUrl, WORKER_CONCURRENCY: String(CONCURRENCY), LOG_LEVEL: "warn", MILLWRIGHT_SECRET_KEY: secrets.MILLWRIGHT_SECRET_KEY },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  worker.kill("SIGTERM");
  await exited;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
}


async function waitAllDone(flowId: string, count: number, onTick: () => void = () => {}): Promise<void> {
  for (;;) {
    const done = await db.run.count({ where: { flowId, status: { in: ["SUCCEEDED", "FAILED"] } } });
    onTick();
    if (done >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function drain(flow: ReleasedFlow, count: number): Promise<{ seconds: number; steps: number; peakRssMb: number; failed: number }> {
  const worker = startWorker();
  let peakRssMb = 0;
  const started = performance.now();
  await waitAllDone(flow.flowId, count, () => (peakRssMb = Math.max(peakRssMb, rssMb(worker.pid as number))));
  const seconds = (performance.now() - started) / 1000;
  await stopWorker(worker);
  const steps = await db.stepRun.count({ where: { run: { flowId: flow.flowId } } });
  const failed = await db.run.count({ where: { flowId: flow.flowId, status: "FAILED" } });
  return { seconds, steps, peakRssMb, failed };
}

async function pipeline(database: Db): Promise<ReleasedFlow> {
  const flow = await releaseFlow(
    database,
    flowDefinition(
      [
        flowNode("trigger", "webhook-trigger"),
        flowNode("map", "map", { script: "return { order: input.body.order, qty: input.body.lines.reduce((s, l) => s + l.qty, 0), lines: input.body.lines };" }),
        flowNode("branch", "branch", { mode: "if", condition: "input.qty > 10" }),
        flowNode("call", "http-request", { method: "POST", url: `${sink.url}/orders`, body: { type: "json", json: { order: "{{ input.order }}", qty: "{{ input.qty }}" } } }),
        flowNode("small", "end"),
      ],
      [["trigger", "map"], ["map", "branch"], ["branch", "call", "true"], ["branch", "small", "false"]],
    ),
  );
  await database.environment.update({ where: { id: flow.environmentId }, data: { allowPrivateNetwork: true } });
  return flow;
}

async function chain(database: Db, length: number): Promise<ReleasedFlow> {
  const maps = Array.from({ length }, (_, i) => flowNode(`m${i}`, "map", { script: "return { n: (input.n ?? 0) + 1 };" }));
  const edges: [string, string][] = [["trigger", "m0"], ...maps.slice(1).map((m, i) => [`m${i}`, m.id] as [string, string])];
  return releaseFlow(database, flowDefinition([flowNode("trigger", "webhook-trigger"), ...maps], edges));
}

console.log(`engine bench: ${RUNS} runs, worker concurrency ${CONCURRENCY}; ${machineLoad()}`);

// 1. webhook -> map -> branch -> HTTP call to a local sink.
const flow = await pipeline(db);
const lines = Array.from({ length: 5 }, (_, i) => ({ product: `P-${i}`, qty: 3 }));
const acceptsPerSecond = await acceptMany(db, flow, RUNS, (i) => ({ order: `SO-${i}`, lines }));
const result = await drain(flow, RUNS);
console.log(`  accept (run + first job, one transaction each, 8 at a time): ${acceptsPerSecond.toFixed(0)} runs/s`);
console.log(
  `  drain: ${RUNS} runs, ${result.steps} steps in ${result.seconds.toFixed(2)} s -> ${(RUNS / result.seconds).toFixed(0)} runs/s, ${(result.steps / result.seconds).toFixed(0)} durable steps/s; ` +
    `${sink.effects.length} calls at the sink; ${result.failed} failed; worker peak RSS ${result.peakRssMb.toFixed(0)} MB`,
);

// 2. A chain of 40 map steps: latency of one run alone, then throughput of many.
const chained = await chain(db, 40);
const worker = startWorker();
await new Promise((resolve) => setTimeout(resolve, 1500));
const perStep: number[] = [];
for (let i = 0; i < 10; i++) {
  const started = performance.now();
  await acceptMany(db, chained, 1, () => ({ n: 0 }));
  await waitAllDone(chained.flowId, i + 1);
  perStep.push((performance.now() - started) / 41);
}
await stopWorker(worker);
console.log(`  chain of 40 maps, one run at a time: ${ms(median(perStep))} per step (median of 10 runs, incl. accept and 50 ms polling)`);
const chainMany = await chain(db, 40);
await acceptMany(db, chainMany, CHAIN_RUNS, () => ({ n: 0 }));
const chainResult = await drain(chainMany, CHAIN_RUNS);
console.log(
  `  chain of 40 maps, ${CHAIN_RUNS} runs at once: ${chainResult.steps} steps in ${chainResult.seconds.toFixed(2)} s -> ${(chainResult.steps / chainResult.seconds).toFixed(0)} steps/s, ` +
    `${ms((chainResult.seconds * 1000 * Math.min(CONCURRENCY, CHAIN_RUNS)) / chainResult.steps)} per step per worker slot; peak RSS ${chainResult.peakRssMb.toFixed(0)} MB`,
);
console.log(`  after: ${machineLoad()}`);

await sink.close();
await db.$disconnect();
await server.stop();
process.exit(0);
