// The promise of a message trigger: a subscriber killed with SIGKILL in the middle of a burst loses
// no message and starts none twice. Two processes run the subscriber service (as two workers do); the one
// holding the MQTT subscription is killed while 2,000 QoS 1 messages stream in; the other takes the
// subscription over (the dead one's advisory lock is freed with its database session) and the
// broker redelivers what was sent but not acknowledged. Every message is exactly one run.
// The publisher stays at most 400 messages ahead of the committed runs: Mosquitto's default queue
// per client (max_queued_messages 1000) silently drops messages beyond it, which is the broker's
// limit, not the subscriber's.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import mqtt from "mqtt";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { addBrokerConnection, countRuns, eventually, MQTT_URL, releaseMessageFlow } from "./test-support.ts";

let t: TestDatabase;
const children: ChildProcess[] = [];
const MESSAGES = 2_000;
const KILL_AFTER = 600;
const AHEAD = 400;

beforeAll(async () => {
  process.env.MILLWRIGHT_SECRET_KEY ??= randomBytes(32).toString("base64");
  t = await createTestDatabase();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await t?.drop();
});

function startSubscriberProcess(): ChildProcess {
  const child = spawn(process.execPath, ["--no-node-snapshot", fileURLToPath(new URL("./subscriber-process.ts", import.meta.url))], {
    env: { ...process.env, DATABASE_URL: t.url, SUBSCRIBER_REFRESH_MS: "200", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  return child;
}

it("loses and doubles nothing when the subscriber holding the subscription is killed mid-burst", { timeout: 180_000 }, async () => {
  const run = randomUUID().slice(0, 8);
  const topic = `mwtest/${run}/crash`;
  await addBrokerConnection(t.db, { name: "broker", kind: "mqtt", config: { url: MQTT_URL, clientIdPrefix: `mwcrash-${run}` } });
  const flow = await releaseMessageFlow(t.db, "mqtt-trigger", { connection: "broker", topic, qos: 1, payloadFormat: "json" });
  const workers = [startSubscriberProcess(), startSubscriberProcess()];
  const status = await eventually(() => t.db.subscriberStatus.findFirst({ where: { flowId: flow.flowId } }), (row) => row?.status === "connected", 30_000, "subscribed");
  const victim = workers.find((child) => status?.workerId === `subscriber-${child.pid}`);
  expect(victim).toBeDefined();

  const publisher = await mqtt.connectAsync(MQTT_URL, { clientId: `mwcrash-pub-${run}` });
  let committed = 0;
  let killedAt = -1;
  try {
    for (let seq = 0; seq < MESSAGES; seq++) {
      while (seq - committed >= AHEAD) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        committed = await countRuns(t.db, flow.flowId);
      }
      await publisher.publishAsync(topic, JSON.stringify({ seq, asset: `P-${seq % 7}`, state: seq % 3 ? "RUN" : "DOWN" }), { qos: 1 });
      if (killedAt < 0 && seq % 50 === 0 && (committed = await countRuns(t.db, flow.flowId)) >= KILL_AFTER) {
        victim?.kill("SIGKILL");
        killedAt = committed;
      }
    }
  } finally {
    await publisher.endAsync();
  }
  expect(killedAt).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(killedAt).toBeLessThan(MESSAGES);

  await eventually(() => countRuns(t.db, flow.flowId), (n) => n >= MESSAGES, 60_000, `${MESSAGES} runs`);
  // Redeliveries still on their way would show up now as extra runs: give them a moment.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const runs = await t.db.run.findMany({ where: { flowId: flow.flowId }, select: { idempotencyKey: true, triggerPayload: true } });
  const seqs = runs.map((row) => (row.triggerPayload as { payload: { seq: number } }).payload.seq).sort((a, b) => a - b);
  expect(runs).toHaveLength(MESSAGES);
  expect(new Set(runs.map((row) => row.idempotencyKey)).size).toBe(MESSAGES);
  expect(seqs).toEqual(Array.from({ length: MESSAGES }, (_, seq) => seq));
  const after = await t.db.subscriberStatus.findFirstOrThrow({ where: { flowId: flow.flowId } });
  expect(after.workerId).not.toBe(status?.workerId);
});
