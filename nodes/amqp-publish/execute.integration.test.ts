// The AMQP publish step against the real RabbitMQ (127.0.0.1:5672, guest/guest): the queue bound
// to the exchange receives what the step sent (persistent, with its message id and headers) once
// the broker confirmed it; a missing exchange is a business error, and the pooled connection
// recovers its channel for the next step.
import { randomUUID } from "node:crypto";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BusinessError } from "../../runtime/engine/errors.ts";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { closePublishClients } from "../mqtt-publish/client-pool.server.ts";
import { ZAmqpPublishConfig } from "./definition.ts";
import { executeAmqpPublish } from "./execute.server.ts";

const BROKER = process.env.AMQP_TEST_URL ?? "amqp://127.0.0.1:5672";
const connections = { rabbit: { id: randomUUID(), kind: "amqp", config: { url: BROKER, username: "guest" }, secret: { password: "guest" } } };
const exchange = `millwright-test-${randomUUID().slice(0, 8)}`;
const queue = `${exchange}-q`;
let model: amqp.ChannelModel;
let channel: amqp.Channel;

beforeAll(async () => {
  model = await amqp.connect(BROKER.replace("amqp://", "amqp://guest:guest@"));
  channel = await model.createChannel();
  await channel.assertExchange(exchange, "topic", { durable: false, autoDelete: false });
  await channel.assertQueue(queue, { durable: false, exclusive: false });
  await channel.bindQueue(queue, exchange, "orders.#");
});
afterAll(async () => {
  await closePublishClients();
  await channel?.deleteQueue(queue).catch(() => undefined);
  await channel?.deleteExchange(exchange).catch(() => undefined);
  await model?.close();
});

describe("AMQP publish against RabbitMQ", () => {
  it("publishes persistent, confirmed messages the bound queue receives", async () => {
    const config = ZAmqpPublishConfig.parse({
      connection: "rabbit", exchange, routingKey: "orders.{{ input.company }}.released", headers: { "x-order": "{{ input.name }}" },
      message: { type: "json", json: { order: "{{ input.name }}" } },
    });
    const result = await executeAmqpPublish(fakeContext(config, { name: "MO-7", company: "plant-1" }, { connections }));
    expect(result).toMatchObject({ output: { confirmed: true, routingKey: "orders.plant-1.released" } });
    const got = await channel.get(queue, { noAck: true });
    expect(got).not.toBe(false);
    if (!got) return;
    expect(JSON.parse(got.content.toString())).toEqual({ order: "MO-7" });
    expect(got.fields.routingKey).toBe("orders.plant-1.released");
    expect(got.properties).toMatchObject({ deliveryMode: 2, contentType: "application/json", headers: { "x-order": "MO-7" } });
    expect(got.properties.messageId).toContain(":step:");
  });

  it("says the exchange does not exist, then publishes again on a new channel", async () => {
    const missing = ZAmqpPublishConfig.parse({ connection: "rabbit", exchange: `${exchange}-missing`, routingKey: "orders.x" });
    const error = await executeAmqpPublish(fakeContext(missing, {}, { connections })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BusinessError);
    expect((error as Error).message).toContain("does not exist");
    const config = ZAmqpPublishConfig.parse({ connection: "rabbit", exchange, routingKey: "orders.again", message: { type: "text", text: "again" } });
    await executeAmqpPublish(fakeContext(config, {}, { connections }));
    const got = await channel.get(queue, { noAck: true });
    expect(got && got.content.toString()).toBe("again");
  });
});
