// The AMQP publish step with the broker replaced: exchange, routing key, headers, persistence,
// confirmation and message id as sent, and the sentences it fails with.
import { describe, expect, it } from "vitest";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { ZAmqpPublishConfig } from "./definition.ts";
import { createAmqpPublishExecutor, type AmqpOutgoing } from "./execute.server.ts";

const connections = { rabbit: { kind: "amqp", config: { url: "amqp://127.0.0.1:5672" }, secret: { password: "guest" } } };
const order = { name: "MO/00042", company: "plant-1" };

describe("AMQP publish", () => {
  it("publishes to the exchange with the rendered routing key, headers and message, persistent and confirmed", async () => {
    const sent: AmqpOutgoing[] = [];
    const execute = createAmqpPublishExecutor(async (_connection, message) => {
      sent.push(message);
    });
    const config = ZAmqpPublishConfig.parse({
      connection: "rabbit", exchange: "mes.events", routingKey: "orders.{{ input.company }}.released",
      headers: { "x-order": "{{ input.name }}" }, message: { type: "json", json: { order: "{{ input.name }}" } },
    });
    const result = await execute(fakeContext(config, order, { connections, now: () => new Date("2026-03-02T08:00:00Z") }));
    expect(sent).toHaveLength(1);
    const message = sent[0]!;
    expect(message).toMatchObject({ exchange: "mes.events", routingKey: "orders.plant-1.released", confirm: true });
    expect(JSON.parse(message.body.toString())).toEqual({ order: "MO/00042" });
    expect(message.options).toMatchObject({ persistent: true, contentType: "application/json", headers: { "x-order": "MO/00042" }, timestamp: 1772438400 });
    expect(message.options.messageId).toContain(":step:");
    expect(result).toMatchObject({ type: "next", port: "out", output: { exchange: "mes.events", routingKey: "orders.plant-1.released", persistent: true, confirmed: true, messageId: message.options.messageId } });
  });

  it("passes the broker's refusal on as the step's error", async () => {
    const execute = createAmqpPublishExecutor(async () => {
      throw new Error("boom");
    });
    const config = ZAmqpPublishConfig.parse({ connection: "rabbit" });
    await expect(execute(fakeContext(config, order, { connections }))).rejects.toThrow("boom");
    await expect(execute(fakeContext(config, order, { connections: {} }))).rejects.toThrow('no connection named "rabbit"');
  });

  it("refuses exchange names AMQP does not allow when the flow is saved", () => {
    const parsed = ZAmqpPublishConfig.safeParse({ connection: "rabbit", exchange: "mes events" });
    expect(parsed.success).toBe(false);
  });
});
