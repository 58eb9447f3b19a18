// The promise of a message trigger: a subscriber killed with SIGKILL in the middle of a burst loses
// no message and starts none twice. Two processes run the subscriber service (as two workers do); the one
// holding the MQTT subscription is killed while 2,000 QoS 1 messages stream in; the other takes the
// subscription over (the dead one's advisory lock is freed with its database session) and the
// broker redelivers what was sent but not acknowledged. Every message is exactly one run.
// The publisher stays at most 400 messages ahead of the committed runs: Mosquitto's default queue
// per client (max_queued_messages 1000) silently drops messages beyond it, which is the broker's
// limit, not the subscriber's. The same for AMQP: all 2,000 messages wait in a durable queue,
// the holder is killed with up to `prefetch` messages delivered but unacknowledged, RabbitMQ
// requeues them for the survivor.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import amqp from "amqplib";
import mqtt from "mqtt";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { amqpUrl } from "./brokers.ts";
import { addBrokerConnection, AMQP_URL, AMQP_USER, countRuns, eventually, MQTT_URL, releaseMessageFlow } from "./test-support.ts";

let t: TestDatabase;
const children: ChildProcess[] = [];
const MESSAGES = 2_000;
const KILL_AFTER = 600;
const AHEAD = 400;

beforeAll(async () => {
  process.env.MILLWRIGHT_SECRET_KEY ??= randomBytes(32).toString("base64");
  t = await createTestDatabase();
});
// Each test starts its own two processes: a survivor of the previous test would take subscriptions too.
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});
afterAll(async () => {
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
  const { victim, holder } = await twoSubscribers(flow.flowId);

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
        victim.kill("SIGKILL");
        killedAt = committed;
      }
    }
  } finally {
    await publisher.endAsync();
  }
  expect(killedAt).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(killedAt).toBeLessThan(MESSAGES);

  await expectEachMessageOnce(flow.flowId, holder);
});

it("loses and doubles nothing when the AMQP consumer holding the queue is killed mid-burst", { timeout: 180_000 }, async () => {
  const run = randomUUID().slice(0, 8);
  const queue = `mwtest.${run}.crash`;
  const password = { password: AMQP_USER.password };
  const broker = await amqp.connect(amqpUrl({ url: AMQP_URL, username: AMQP_USER.username, prefetch: 100, tls: { rejectUnauthorized: true } }, password));
  try {
    const channel = await broker.createConfirmChannel();
    await channel.assertQueue(queue, { durable: true });
    await addBrokerConnection(t.db, { name: "rabbit", kind: "amqp", config: { url: AMQP_URL, username: AMQP_USER.username, prefetch: 100 }, secret: password });
    const flow = await releaseMessageFlow(t.db, "amqp-trigger", { connection: "rabbit", queue, payloadFormat: "json" });
    const { victim, holder } = await twoSubscribers(flow.flowId);
    // Paced like the MQTT burst, so the kill lands in the middle of it.
    let committed = 0;
    let killedAt = -1;
    for (let seq = 0; seq < MESSAGES; seq++) {
      while (seq - committed >= AHEAD) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        committed = await countRuns(t.db, flow.flowId);
      }
      channel.sendToQueue(queue, Buffer.from(JSON.stringify({ seq, order: `WO-${seq}` })), { persistent: true });
      if (seq % 50 === 0) await channel.waitForConfirms();
      if (killedAt < 0 && seq % 50 === 0 && (committed = await countRuns(t.db, flow.flowId)) >= KILL_AFTER) {
        victim.kill("SIGKILL");
        killedAt = committed;
      }
    }
    await channel.waitForConfirms();
    expect(killedAt).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(killedAt).toBeLessThan(MESSAGES);
    await expectEachMessageOnce(flow.flowId, holder);
    expect((await channel.checkQueue(queue)).messageCount).toBe(0);
    await channel.deleteQueue(queue);
  } finally {
    await broker.close();
  }
});

/** Two subscriber processes; the one holding the flow's subscription is the victim. */
async function twoSubscribers(flowId: string): Promise<{ victim: ChildProcess; holder: string }> {
  const workers = [startSubscriberProcess(), startSubscriberProcess()];
  const status = await eventually(() => t.db.subscriberStatus.findFirst({ where: { flowId } }), (row) => row?.status === "connected", 30_000, "subscribed");
  const victim = workers.find((child) => status?.workerId === `subscriber-${child.pid}`);
  expect(victim).toBeDefined();
  return { victim: victim as ChildProcess, holder: status?.workerId as string };
}

/** Every message (seq 0..MESSAGES-1) is exactly one run, and another process holds the subscription now. */
async function expectEachMessageOnce(flowId: string, killedHolder: string): Promise<void> {
  await eventually(() => countRuns(t.db, flowId), (n) => n >= MESSAGES, 60_000, `${MESSAGES} runs`);
  // Redeliveries still on their way would show up now as extra runs: give them a moment.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const runs = await t.db.run.findMany({ where: { flowId }, select: { idempotencyKey: true, triggerPayload: true } });
  const seqs = runs.map((row) => (row.triggerPayload as { payload: { seq: number } }).payload.seq).sort((a, b) => a - b);
  expect(runs).toHaveLength(MESSAGES);
  expect(new Set(runs.map((row) => row.idempotencyKey)).size).toBe(MESSAGES);
  expect(seqs).toEqual(Array.from({ length: MESSAGES }, (_, seq) => seq));
  const after = await t.db.subscriberStatus.findFirstOrThrow({ where: { flowId } });
  expect(after.workerId).not.toBe(killedHolder);
}
