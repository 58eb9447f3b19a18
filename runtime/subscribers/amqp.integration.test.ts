// AMQP triggers against the real RabbitMQ (127.0.0.1:5672, guest/guest) and PostgreSQL: queued
// messages become runs and are acknowledged (the queue empties); a message repeating its message-id
// starts nothing; a malformed payload and one failing the payload schema are rejected with their
// reasons AND dead-lettered by the broker (the queue has x-dead-letter-exchange); a missing queue
// is reported on the subscription; a stopped subscriber's unacknowledged messages come back to the
// next one. Queue names are unique per test run.
import { randomBytes, randomUUID } from "node:crypto";
import amqp, { type Channel, type ChannelModel } from "amqplib";
import pg from "pg";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testPool } from "../../test/pg-pool.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { engineIo, type EngineIo } from "../engine/io.ts";
import { amqpUrl } from "./brokers.ts";
import { startSubscriberService, type SubscriberService } from "./service.ts";
import { addBrokerConnection, AMQP_URL, AMQP_USER, countRuns, eventually, releaseMessageFlow } from "./test-support.ts";

let t: TestDatabase;
let pool: pg.Pool;
let io: EngineIo;
let broker: ChannelModel;
let channel: Channel;
const services: SubscriberService[] = [];
const queues: string[] = [];
const exchanges: string[] = [];
const log = pino({ level: process.env.TEST_LOG ?? "silent" });
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  process.env.MILLWRIGHT_SECRET_KEY ??= randomBytes(32).toString("base64");
  t = await createTestDatabase();
  pool = testPool(t.url, 8);
  io = engineIo(pool);
  await addBrokerConnection(t.db, { name: "rabbit", kind: "amqp", config: { url: AMQP_URL, username: AMQP_USER.username, prefetch: 50 }, secret: { password: AMQP_USER.password } });
  broker = await amqp.connect(amqpUrl({ url: AMQP_URL, username: AMQP_USER.username, prefetch: 50, tls: { rejectUnauthorized: true } }, { password: AMQP_USER.password }));
  channel = await broker.createChannel();
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
});
afterAll(async () => {
  for (const queue of queues) await channel?.deleteQueue(queue).catch(() => undefined);
  for (const exchange of exchanges) await channel?.deleteExchange(exchange).catch(() => undefined);
  await broker?.close();
  await pool?.end();
  await t?.drop();
});

async function service(workerId = "worker-1"): Promise<SubscriberService> {
  const started = await startSubscriberService({ io, connectionString: t.url, log, workerId, refreshMs: 60_000, statusMs: 200 });
  services.push(started);
  return started;
}

/** A queue whose rejected messages the broker moves to a dead-letter queue. */
async function queueWithDeadLetters(): Promise<{ queue: string; deadLetters: string }> {
  const queue = `mwtest.${run}.${randomUUID().slice(0, 8)}`;
  const exchange = `${queue}.dlx`;
  const deadLetters = `${queue}.dead`;
  await channel.assertExchange(exchange, "fanout", { durable: false, autoDelete: false });
  await channel.assertQueue(deadLetters, { durable: false });
  await channel.bindQueue(deadLetters, exchange, "");
  await channel.assertQueue(queue, { durable: false, arguments: { "x-dead-letter-exchange": exchange } });
  queues.push(queue, deadLetters);
  exchanges.push(exchange);
  return { queue, deadLetters };
}

function send(queue: string, body: string | Record<string, unknown>, options: amqp.Options.Publish = {}): void {
  channel.sendToQueue(queue, Buffer.from(typeof body === "string" ? body : JSON.stringify(body)), options);
}

const trigger = (queue: string, extra: Record<string, unknown> = {}) => ({ connection: "rabbit", queue, payloadFormat: "json", ...extra });
const statusOf = (flowId: string) => t.db.subscriberStatus.findFirst({ where: { flowId } });
const depth = async (queue: string) => (await channel.checkQueue(queue)).messageCount;

describe("AMQP trigger", () => {
  it("turns each message into a run and acknowledges it after the commit; a repeated message-id starts nothing", async () => {
    const { queue } = await queueWithDeadLetters();
    const flow = await releaseMessageFlow(t.db, "amqp-trigger", trigger(queue));
    for (let seq = 0; seq < 60; seq++) send(queue, { order: `WO-${seq}` }, { messageId: `msg-${seq}`, headers: { plant: "BRU" } });
    send(queue, { order: "WO-0" }, { messageId: "msg-0" });
    await service();

    await eventually(() => countRuns(t.db, flow.flowId), (n) => n === 60, 15_000, "60 runs");
    await eventually(() => depth(queue), (n) => n === 0, 5_000, "queue drained");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await countRuns(t.db, flow.flowId)).toBe(60);
    const first = await t.db.run.findFirstOrThrow({ where: { flowId: flow.flowId, idempotencyKey: "id:msg-1" } });
    expect(first).toMatchObject({ triggerKind: "amqp", versionId: flow.versionId });
    expect(first.triggerPayload).toMatchObject({ queue, routingKey: queue, exchange: "", payload: { order: "WO-1" }, headers: { plant: "BRU" } });
    await eventually(() => statusOf(flow.flowId), (row) => row?.status === "connected" && Number(row.accepted) === 61 && row.inFlight === 0, 5_000, "status");
  });

  it("rejects malformed and invalid payloads with their reasons, and the broker dead-letters them", async () => {
    const { queue, deadLetters } = await queueWithDeadLetters();
    const schema = { type: "object", required: ["order"], properties: { order: { type: "string" }, qty: { type: "number" } } };
    const flow = await releaseMessageFlow(t.db, "amqp-trigger", trigger(queue, { payloadSchema: schema }));
    send(queue, "{oops");
    send(queue, { qty: "three" });
    send(queue, { order: "WO-9", qty: 3 });
    await service();

    await eventually(() => countRuns(t.db, flow.flowId), (n) => n === 1, 15_000, "one run");
    await eventually(() => depth(deadLetters), (n) => n === 2, 10_000, "two dead letters");
    const rejected = await t.db.rejectedMessage.findMany({ where: { flowId: flow.flowId }, orderBy: { payload: "asc" } });
    expect(rejected.map((row) => [row.source, row.payload])).toEqual([
      [`amqp:${queue}`, '{"qty":"three"}'],
      [`amqp:${queue}`, "{oops"],
    ]);
    expect(rejected[0]?.reason).toBe("The payload does not match the schema: /order is required; /qty must be number.");
    expect(rejected[1]?.reason).toMatch(/^The payload is not valid JSON/);
    expect(await depth(queue)).toBe(0);
    await eventually(() => statusOf(flow.flowId), (row) => Number(row?.rejected) === 2, 5_000, "rejected counter");
  });

  it("says when the queue does not exist", async () => {
    const flow = await releaseMessageFlow(t.db, "amqp-trigger", trigger(`mwtest.${run}.missing`));
    await service();
    const row = await eventually(() => statusOf(flow.flowId), (status) => status?.status === "error", 10_000, "error status");
    expect(row?.message).toBe(`The queue "mwtest.${run}.missing" does not exist on the broker. Declare it (with a dead-letter exchange) and the trigger starts consuming.`);
  });

  it("gives messages it has not committed back to the broker when it stops, and the next subscriber takes them", async () => {
    const { queue } = await queueWithDeadLetters();
    const flow = await releaseMessageFlow(t.db, "amqp-trigger", trigger(queue));
    const first = await service("worker-a");
    await eventually(() => statusOf(flow.flowId), (row) => row?.status === "connected", 10_000, "connected");
    for (let seq = 0; seq < 500; seq++) send(queue, { seq });
    await eventually(() => countRuns(t.db, flow.flowId), (n) => n > 0, 10_000, "first runs");
    await first.stop();
    const second = await service("worker-b");
    await second.refresh();
    await eventually(() => countRuns(t.db, flow.flowId), (n) => n === 500, 15_000, "500 runs");
    await eventually(() => depth(queue), (n) => n === 0, 5_000, "queue drained");
    expect((await statusOf(flow.flowId))?.workerId).toBe("worker-b");
  });
});
