// MQTT triggers against the real Mosquitto (127.0.0.1:1883) and PostgreSQL: published messages
// become runs; a message repeating a key starts nothing; a malformed payload is rejected with its
// reason and does not block the others; a new release moves the subscription to its topic; two
// subscriber services (two workers) never both consume, and the second takes over when the first
// stops; too many runs waiting to start pause the subscription. Topics are unique per test run.
import { randomBytes, randomUUID } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import pg from "pg";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testPool } from "../../test/pg-pool.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { engineIo, type EngineIo } from "../engine/io.ts";
import { startWorker } from "../worker.ts";
import { startSubscriberService, type SubscriberService } from "./service.ts";
import { addBrokerConnection, countRuns, eventually, MQTT_URL, releaseMessageFlow, releaseNewVersion } from "./test-support.ts";

let t: TestDatabase;
let pool: pg.Pool;
let io: EngineIo;
let publisher: MqttClient;
const services: SubscriberService[] = [];
const log = pino({ level: process.env.TEST_LOG ?? "silent" });
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  process.env.MILLWRIGHT_SECRET_KEY ??= randomBytes(32).toString("base64");
  t = await createTestDatabase();
  pool = testPool(t.url, 8);
  io = engineIo(pool);
  await addBrokerConnection(t.db, { name: "broker", kind: "mqtt", config: { url: MQTT_URL, clientIdPrefix: `mwtest-${run}` } });
  publisher = await mqtt.connectAsync(MQTT_URL, { clientId: `mwtest-pub-${run}` });
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
});
afterAll(async () => {
  await publisher?.endAsync();
  await pool?.end();
  await t?.drop();
});

async function service(workerId = `worker-${services.length + 1}`, options: { maxQueuedRuns?: number } = {}): Promise<SubscriberService> {
  const started = await startSubscriberService({ io, connectionString: t.url, log, workerId, refreshMs: 60_000, statusMs: 200, ...options });
  services.push(started);
  return started;
}

const topicBase = () => `mwtest/${run}/${randomUUID().slice(0, 8)}`;
const trigger = (topic: string, extra: Record<string, unknown> = {}) => ({ connection: "broker", topic, qos: 1, payloadFormat: "json", ...extra });

async function publish(topic: string, payloads: (string | Record<string, unknown>)[]): Promise<void> {
  for (const payload of payloads) await publisher.publishAsync(topic, typeof payload === "string" ? payload : JSON.stringify(payload), { qos: 1 });
}

async function statusOf(flowId: string) {
  return t.db.subscriberStatus.findFirst({ where: { flowId } });
}

/** Waits until the subscription is connected (and subscribed: a probe message comes through). */
async function connected(flowId: string, topic: string): Promise<void> {
  await eventually(() => statusOf(flowId), (row) => row?.status === "connected", 10_000, "connected");
  await publish(topic.replace("+", "probe"), [{ probe: randomUUID() }]);
  await eventually(() => countRuns(t.db, flowId), (n) => n >= 1, 10_000, "probe run");
  await t.db.$executeRaw`DELETE FROM "StepRun" WHERE "runId" IN (SELECT id FROM "Run" WHERE "flowId" = ${flowId}::uuid)`;
  await t.db.run.deleteMany({ where: { flowId } });
}

describe("MQTT trigger", () => {
  it("turns each message into a run, committed before it is acknowledged", async () => {
    const base = topicBase();
    const flow = await releaseMessageFlow(t.db, "mqtt-trigger", trigger(`${base}/+/state`));
    await service();
    await connected(flow.flowId, `${base}/+/state`);

    await publish(`${base}/p7/state`, Array.from({ length: 40 }, (_, seq) => ({ asset: "P-7", state: seq % 2 ? "DOWN" : "RUN", seq })));
    await eventually(() => countRuns(t.db, flow.flowId), (n) => n === 40, 10_000, "40 runs");

    const runs = await t.db.run.findMany({ where: { flowId: flow.flowId }, include: { steps: true } });
    const seqs = runs.map((r) => (r.triggerPayload as { payload: { seq: number } }).payload.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, seq) => seq));
    const first = runs[0];
    expect(first?.triggerKind).toBe("mqtt");
    expect(first?.versionId).toBe(flow.versionId);
    expect(first?.triggerPayload).toMatchObject({ topic: `${base}/p7/state`, qos: 1, retain: false, receivedAt: expect.any(String) });
    // Each run has its trigger step queued with the message as input, ready for a worker.
    expect(first?.steps).toEqual([expect.objectContaining({ nodeId: "start", status: "QUEUED", input: first?.triggerPayload })]);
    const jobs = await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'run-step'`;
    expect(jobs[0]?.n).toBeGreaterThanOrEqual(40);
    await eventually(() => statusOf(flow.flowId), (row) => Number(row?.accepted) >= 41 && row?.workerId === "worker-1" && row.inFlight === 0, 5_000, "status counters");
  });

  it("starts one run for messages repeating a key (a redelivery), and rejects a malformed payload with its reason", async () => {
    const base = topicBase();
    const flow = await releaseMessageFlow(t.db, "mqtt-trigger", trigger(`${base}/#`, { dedupKeyPath: "id" }));
    await service();
    await connected(flow.flowId, `${base}/x`);

    await publish(`${base}/a`, [{ id: "m-1", v: 1 }, { id: "m-1", v: 1 }, "{not json", { id: "m-2", v: 2 }, { id: "m-1", v: 3 }]);
    await eventually(() => t.db.rejectedMessage.count({ where: { flowId: flow.flowId } }), (n) => n === 1, 10_000, "rejected message");
    await eventually(() => countRuns(t.db, flow.flowId), (n) => n === 2, 10_000, "two runs");
    const keys = (await t.db.run.findMany({ where: { flowId: flow.flowId }, select: { idempotencyKey: true } })).map((r) => r.idempotencyKey).sort();
    expect(keys).toEqual(["key:m-1", "key:m-2"]);

    const rejected = await t.db.rejectedMessage.findFirstOrThrow({ where: { flowId: flow.flowId } });
    expect(rejected).toMatchObject({ source: `mqtt:${base}/a`, payload: "{not json", nodeId: "start" });
    expect(rejected.reason).toMatch(/^The payload is not valid JSON \(/);
    await eventually(() => statusOf(flow.flowId), (row) => Number(row?.rejected) === 1, 5_000, "rejected counter");
  });

  it("hands messages to the trigger's conditioning: a filter keeps only what it accepts", async () => {
    const base = topicBase();
    const flow = await releaseMessageFlow(t.db, "mqtt-trigger", trigger(`${base}/+`, { conditioning: { filter: 'input.payload.state === "DOWN"', window: { mode: "none" } } }));
    await service();
    await eventually(() => statusOf(flow.flowId), (row) => row?.status === "connected", 10_000, "connected");
    await publish(`${base}/p7`, [{ state: "RUN", n: 1 }, { state: "DOWN", n: 2 }, { state: "RUN", n: 3 }, { state: "DOWN", n: 4 }]);
    await eventually(() => statusOf(flow.flowId), (row) => Number(row?.accepted) === 4, 10_000, "4 messages accepted");
    const runs = await t.db.run.findMany({ where: { flowId: flow.flowId } });
    expect(runs.map((run) => (run.triggerPayload as { payload: { n: number } }).payload.n).sort()).toEqual([2, 4]);

    // A filter that fails on a message (rather than saying no) shows as a rejected message with the reason.
    const broken = await releaseMessageFlow(t.db, "mqtt-trigger", trigger(`${base}/b/+`, { conditioning: { filter: "input.payload.missing.deep === 1", window: { mode: "none" } } }));
    await services[0]?.refresh();
    await eventually(() => statusOf(broken.flowId), (row) => row?.status === "connected", 10_000, "connected");
    await publish(`${base}/b/p7`, [{ state: "RUN" }]);
    const rejected = await eventually(() => t.db.rejectedMessage.findFirst({ where: { flowId: broken.flowId } }), (row) => row !== null, 10_000, "rejected by the filter");
    expect(rejected?.payload).toBe('{"state":"RUN"}');
    expect(rejected?.reason).toMatch(/missing|undefined/);
    await eventually(() => statusOf(broken.flowId), (row) => Number(row?.rejected) === 1 && Number(row?.accepted) === 0, 5_000, "counted as rejected");
  });

  it("moves the subscription to a newly released version's topic", async () => {
    const base = topicBase();
    const flow = await releaseMessageFlow(t.db, "mqtt-trigger", trigger(`${base}/old`));
    const subscriber = await service();
    await connected(flow.flowId, `${base}/old`);

    const v2 = await releaseNewVersion(t.db, flow, "mqtt-trigger", trigger(`${base}/new`));
    await subscriber.refresh();
    await eventually(() => statusOf(flow.flowId), (row) => row?.versionId === v2 && row.status === "connected", 10_000, "moved");
    await publish(`${base}/old`, [{ n: "old" }]);
    await publish(`${base}/new`, [{ n: "new" }]);
    const runs = await eventually(() => t.db.run.findMany({ where: { flowId: flow.flowId } }), (rows) => rows.length >= 1, 10_000, "run on the new topic");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await countRuns(t.db, flow.flowId)).toBe(1);
    expect(runs[0]).toMatchObject({ versionId: v2, triggerPayload: expect.objectContaining({ topic: `${base}/new` }) });

    // Withdrawn: the subscription stops.
    await t.db.release.delete({ where: { environmentId_flowId: { environmentId: flow.environmentId, flowId: flow.flowId } } });
    await subscriber.refresh();
    expect(subscriber.held().filter((key) => key.includes(flow.flowId))).toEqual([]);
    expect((await statusOf(flow.flowId))?.status).toBe("stopped");
  });

  it("is held by one subscriber service at a time; another takes over when it stops", async () => {
    const base = topicBase();
    const flow = await releaseMessageFlow(t.db, "mqtt-trigger", trigger(`${base}/+`));
    const first = await service("worker-a");
    const second = await service("worker-b");
    await second.refresh();
    const holds = (s: SubscriberService) => s.held().filter((key) => key.includes(flow.flowId));
    expect(holds(first)).toHaveLength(1);
    expect(holds(second)).toEqual([]);
    await connected(flow.flowId, `${base}/+`);

    await publish(`${base}/m`, Array.from({ length: 100 }, (_, seq) => ({ seq })));
    await eventually(() => countRuns(t.db, flow.flowId), (n) => n === 100, 10_000, "100 runs");
    expect((await statusOf(flow.flowId))?.workerId).toBe("worker-a");

    await first.stop();
    await second.refresh();
    expect(holds(second)).toHaveLength(1);
    await eventually(() => statusOf(flow.flowId), (row) => row?.workerId === "worker-b" && row.status === "connected", 10_000, "taken over");
    await publish(`${base}/m`, Array.from({ length: 50 }, (_, seq) => ({ seq: 100 + seq })));
    await eventually(() => countRuns(t.db, flow.flowId), (n) => n === 150, 10_000, "150 runs");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await countRuns(t.db, flow.flowId)).toBe(150);
  });

  it("pauses while too many runs wait to start, and resumes when the workers catch up", async () => {
    const base = topicBase();
    const flow = await releaseMessageFlow(t.db, "mqtt-trigger", trigger(`${base}/+`));
    await service("worker-1", { maxQueuedRuns: 20 });
    await connected(flow.flowId, `${base}/+`);

    await publish(`${base}/m`, Array.from({ length: 300 }, (_, seq) => ({ seq })));
    await eventually(() => statusOf(flow.flowId), (row) => row?.status === "paused", 10_000, "paused");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const whilePaused = await countRuns(t.db, flow.flowId);
    expect(whilePaused).toBeLessThan(300);
    expect((await statusOf(flow.flowId))?.message).toMatch(/More than 20 runs are waiting to start/);

    // The workers catch up: the runs leave QUEUED, the rest of the messages come through.
    // (A Prisma query runs only once awaited: .catch() starts it.)
    const drain = setInterval(() => void t.db.run.updateMany({ where: { flowId: flow.flowId, status: "QUEUED" }, data: { status: "SUCCEEDED" } }).catch(() => undefined), 100);
    try {
      await eventually(() => countRuns(t.db, flow.flowId), (n) => n === 300, 20_000, "all 300 runs");
    } finally {
      clearInterval(drain);
    }
  });

  it("runs in every worker: a worker process subscribes, and the runs it accepts run to their end", async () => {
    const base = topicBase();
    const flow = await releaseMessageFlow(t.db, "mqtt-trigger", trigger(`${base}/+`));
    const worker = await startWorker(t.url);
    try {
      await connected(flow.flowId, `${base}/+`);
      await publish(`${base}/m`, Array.from({ length: 20 }, (_, seq) => ({ seq })));
      await eventually(() => t.db.run.count({ where: { flowId: flow.flowId, status: "SUCCEEDED" } }), (n) => n === 20, 20_000, "20 runs succeeded");
      const run = await t.db.run.findFirstOrThrow({ where: { flowId: flow.flowId }, include: { steps: { orderBy: { queuedAt: "asc" } } } });
      expect(run.steps.map((step) => [step.nodeId, step.status])).toEqual([["start", "SUCCEEDED"], ["done", "SUCCEEDED"]]);
      expect(run.steps[0]?.output).toEqual(run.triggerPayload);
    } finally {
      await worker.stop();
    }
  });
});

