// MQTT trigger throughput and latency (issue 8): N messages published at QoS 1 to Mosquitto on one
// topic, consumed by the subscriber service in a process of its own (as in a worker) that commits
// each batch of messages as runs (run + trigger step + job) before acknowledging them. Measured:
// messages/s durably accepted (first publish to last commit) and the latency from publish to the
// run's row (the run's createdAt, the start of the transaction that committed it, minus the send
// time carried in the payload). The publisher keeps at most --ahead messages beyond what the
// subscriber has committed: Mosquitto drops messages queued beyond its max_queued_messages (1000 by
// default) per client. A second phase publishes at a fixed rate well under the maximum (open loop)
// for the latency of a message that does not queue behind hundreds of others. No worker runs the
// runs: they stay QUEUED, so the subscriber's pause at 10,000 waiting runs is lifted for the bench.
// Usage:
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres node bench/mqtt-bench.ts [--messages 20000] [--ahead 800] [--rate 500] [--seconds 10] [--broker mqtt://127.0.0.1:1883]
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import mqtt from "mqtt";
import { createDb } from "../lib/db/client.ts";
import { applyMigrations } from "../lib/db/migrate.ts";
import { appSecrets, resolveDatabase } from "../scripts/support/environment.ts";
import { recreateDatabase, withDatabase } from "../test/databases.ts";
import { flowDefinition, flowNode, releaseFlow } from "../test/flow-fixtures.ts";
import { machineLoad, ms, percentile } from "./stats.ts";

const { values: args } = parseArgs({
  options: {
    messages: { type: "string", default: "20000" }, ahead: { type: "string", default: "800" }, rate: { type: "string", default: "500" }, seconds: { type: "string", default: "10" },
    broker: { type: "string", default: "mqtt://127.0.0.1:1883" },
  },
});
const MESSAGES = Number(args.messages);
const AHEAD = Number(args.ahead);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const BROKER = args.broker as string;

const secrets = appSecrets();
const server = await resolveDatabase("bench-postgres", Number(process.env.MILLWRIGHT_BENCH_PG_PORT ?? 54331), "postgres", secrets.postgresPassword);
const databaseUrl = withDatabase(server.url, "millwright_bench_mqtt");
await recreateDatabase(server.url, "millwright_bench_mqtt");
await applyMigrations(databaseUrl);
const db = createDb(databaseUrl);

const tag = randomUUID().slice(0, 8);
const topic = `mwbench/${tag}/line-1/state`;
const flow = await releaseFlow(
  db,
  flowDefinition([flowNode("trigger", "mqtt-trigger", { connection: "broker", topic: `mwbench/${tag}/+/state`, qos: 1, payloadFormat: "json" }), flowNode("end", "end")], [["trigger", "end"]]),
);
await db.connection.create({ data: { environmentId: flow.environmentId, name: "broker", kind: "mqtt", config: { url: BROKER, clientIdPrefix: `mwbench-${tag}` } } });

const subscriber = spawn(process.execPath, ["--no-node-snapshot", fileURLToPath(new URL("../runtime/subscribers/subscriber-process.ts", import.meta.url))], {
  env: { ...process.env, DATABASE_URL: databaseUrl, MILLWRIGHT_SECRET_KEY: secrets.MILLWRIGHT_SECRET_KEY, LOG_LEVEL: "warn", SUBSCRIBER_MAX_QUEUED_RUNS: "1000000000" },
  stdio: ["ignore", "inherit", "inherit"],
});

const accepted = async () => Number((await db.subscriberStatus.findFirst({ where: { flowId: flow.flowId }, select: { accepted: true } }))?.accepted ?? 0);
async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const payload = (seq: number) => JSON.stringify({ seq, sentAt: Date.now(), asset: `P-${seq % 12}`, state: seq % 5 ? "RUN" : "DOWN", rpm: 1400 + (seq % 50) });

/** Publish -> run row latencies of the runs with seq in [from, to). */
async function latencies(from: number, to: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ latency: number }[]>`
    SELECT extract(epoch FROM "createdAt") * 1000 - ("triggerPayload"->'payload'->>'sentAt')::float8 AS latency FROM "Run"
     WHERE "flowId" = ${flow.flowId}::uuid AND ("triggerPayload"->'payload'->>'seq')::int >= ${from} AND ("triggerPayload"->'payload'->>'seq')::int < ${to}`;
  return rows.map((row) => Number(row.latency)).sort((a, b) => a - b);
}

function report(label: string, sorted: number[]): void {
  console.log(`${label}: ${sorted.length.toLocaleString("en-GB")} runs; publish -> run row p50 ${ms(percentile(sorted, 50))}, p90 ${ms(percentile(sorted, 90))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1) ?? NaN)}`);
}

try {
  await until(async () => (await db.subscriberStatus.findFirst({ where: { flowId: flow.flowId } }))?.status === "connected", 30_000, "subscribed");
  const publisher = await mqtt.connectAsync(BROKER, { clientId: `mwbench-pub-${tag}` });

  // Phase 1: as fast as the subscriber commits, at most AHEAD messages beyond it.
  console.log(`phase 1: ${MESSAGES.toLocaleString("en-GB")} messages at QoS 1, at most ${AHEAD} ahead of the commits (${machineLoad()})`);
  const started = performance.now();
  let committed = 0;
  const stallDeadline = () => Date.now() + 60_000;
  for (let seq = 0; seq < MESSAGES; seq++) {
    const deadline = stallDeadline();
    while (seq - committed >= AHEAD) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      committed = await accepted();
      if (Date.now() > deadline) throw new Error(`the subscriber stopped committing at ${committed} messages`);
    }
    if (seq % 100 === 0) committed = await accepted();
    // QoS 1 without waiting for each PUBACK: MQTT.js keeps them in flight.
    publisher.publish(topic, payload(seq), { qos: 1 });
  }
  await until(async () => (await accepted()) >= MESSAGES, 120_000, "all accepted");
  const seconds = (performance.now() - started) / 1000;
  console.log(`phase 1: accepted ${MESSAGES.toLocaleString("en-GB")} messages in ${seconds.toFixed(2)} s: ${Math.round(MESSAGES / seconds).toLocaleString("en-GB")} messages/s durably committed`);
  report("phase 1 (saturated)", await latencies(0, MESSAGES));

  // Phase 2: a fixed rate, open loop.
  const total = RATE * SECONDS;
  console.log(`phase 2: ${total.toLocaleString("en-GB")} messages at ${RATE}/s (${machineLoad()})`);
  const phaseStart = performance.now();
  for (let i = 0; i < total; i++) {
    const due = phaseStart + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    publisher.publish(topic, payload(MESSAGES + i), { qos: 1 });
  }
  await until(async () => (await accepted()) >= MESSAGES + total, 60_000, "phase 2 accepted");
  report(`phase 2 (${RATE}/s)`, await latencies(MESSAGES, MESSAGES + total));
  await publisher.endAsync();
  const runs = await db.run.count({ where: { flowId: flow.flowId } });
  console.log(`runs: ${runs.toLocaleString("en-GB")} (messages published: ${(MESSAGES + total).toLocaleString("en-GB")}); after: ${machineLoad()}`);
} finally {
  subscriber.kill("SIGTERM");
  await db.$disconnect();
}
