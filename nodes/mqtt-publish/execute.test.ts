// The MQTT publish step with the broker replaced: what it sends (topic, bytes, QoS, retain, the
// idempotency key), and the sentences it fails with.
import { describe, expect, it } from "vitest";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { ZMqttPublishConfig } from "./definition.ts";
import { createMqttPublishExecutor, type MqttConnection, type MqttOutgoing } from "./execute.server.ts";

const connections = { broker: { kind: "mqtt", config: { url: "mqtt://127.0.0.1:1883" }, secret: null } };
const order = { name: "MO/00042", product: "Pump housing", qty: 12 };

function recorder() {
  const sent: { connection: MqttConnection; message: MqttOutgoing }[] = [];
  const execute = createMqttPublishExecutor(async (connection, message) => {
    sent.push({ connection, message });
  });
  return { sent, execute };
}

describe("MQTT publish", () => {
  it("publishes the rendered topic and JSON message with QoS, retain and the step's idempotency key", async () => {
    const { sent, execute } = recorder();
    const config = ZMqttPublishConfig.parse({
      connection: "broker", topic: "mes/orders/{{ input.name }}/released", qos: 1, retain: true,
      message: { type: "json", json: { order: "{{ input.name }}", qty: "{{ input.qty }}" } },
    });
    const result = await execute(fakeContext(config, order, { connections, now: () => new Date("2026-03-02T08:00:00Z") }));
    expect(sent).toHaveLength(1);
    const { message, connection } = sent[0]!;
    expect(connection.config.url).toBe("mqtt://127.0.0.1:1883");
    expect(message.topic).toBe("mes/orders/MO/00042/released");
    expect(JSON.parse(message.body.toString("utf8"))).toEqual({ order: "MO/00042", qty: 12 });
    expect(message.options).toMatchObject({ qos: 1, retain: true, properties: { contentType: "application/json", userProperties: { "idempotency-key": expect.stringContaining(":step:") } } });
    expect(result).toEqual({ type: "next", port: "out", output: { topic: "mes/orders/MO/00042/released", qos: 1, retain: true, bytes: message.body.length, publishedAt: "2026-03-02T08:00:00.000Z" } });
  });

  it("sends text as it renders", async () => {
    const { sent, execute } = recorder();
    const config = ZMqttPublishConfig.parse({ connection: "broker", topic: "andon/line-1", qos: 0, message: { type: "text", text: "RELEASED {{ input.name }}" } });
    await execute(fakeContext(config, order, { connections }));
    expect(sent[0]?.message.body.toString()).toBe("RELEASED MO/00042");
    expect(sent[0]?.message.options.qos).toBe(0);
  });

  it("refuses a topic that renders with a wildcard or empty, and a connection of another kind", async () => {
    const { sent, execute } = recorder();
    const wildcard = ZMqttPublishConfig.parse({ connection: "broker", topic: "mes/{{ input.line }}" });
    await expect(execute(fakeContext(wildcard, { line: "#" }, { connections }))).rejects.toThrow("cannot contain the wildcards");
    await expect(execute(fakeContext(wildcard, { line: "" }, { connections }))).resolves.toBeTruthy();
    const empty = ZMqttPublishConfig.parse({ connection: "broker", topic: "{{ input.missing }}" });
    await expect(execute(fakeContext(empty, {}, { connections }))).rejects.toThrow("The topic is empty");
    const odoo = { broker: { kind: "odoo", config: {}, secret: null } };
    await expect(execute(fakeContext(wildcard, { line: "1" }, { connections: odoo }))).rejects.toThrow("needs an MQTT connection");
    expect(sent).toHaveLength(1);
  });

  it("refuses wildcards in a fixed topic when the flow is saved", () => {
    const parsed = ZMqttPublishConfig.safeParse({ connection: "broker", topic: "mes/+/released" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain("wildcards");
  });
});
