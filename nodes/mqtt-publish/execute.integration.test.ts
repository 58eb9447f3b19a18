// The MQTT publish step against the real Mosquitto (127.0.0.1:1883): a subscriber receives what
// the step sent, a retained message reaches a later subscriber, one pooled client serves every
// step, and an unreachable broker is a transient error (the step is retried).
import { randomUUID } from "node:crypto";
import mqtt from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { TransientError } from "../../runtime/engine/errors.ts";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { closePublishClients } from "./client-pool.server.ts";
import { ZMqttPublishConfig } from "./definition.ts";
import { executeMqttPublish } from "./execute.server.ts";

const BROKER = process.env.MQTT_TEST_URL ?? "mqtt://127.0.0.1:1883";
const connections = { broker: { id: randomUUID(), kind: "mqtt", config: { url: BROKER }, secret: null } };

afterAll(async () => {
  await closePublishClients();
});

async function subscriber(topic: string) {
  const client = await mqtt.connectAsync(BROKER, { clientId: `test-sub-${randomUUID().slice(0, 8)}`, protocolVersion: 5, clean: true });
  const received: { topic: string; body: string; retain: boolean; properties: mqtt.IPublishPacket["properties"] }[] = [];
  client.on("message", (topic, payload, packet) => received.push({ topic, body: payload.toString(), retain: packet.retain, properties: packet.properties }));
  await client.subscribeAsync(topic, { qos: 1 });
  return { client, received };
}

async function until(check: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe("MQTT publish against Mosquitto", () => {
  it("delivers the rendered message at QoS 1 with the idempotency key; retained messages reach later subscribers", async () => {
    const base = `millwright-test/${randomUUID().slice(0, 8)}`;
    const live = await subscriber(`${base}/#`);
    try {
      const config = ZMqttPublishConfig.parse({ connection: "broker", topic: `${base}/orders/{{ input.name }}`, qos: 1, retain: true, message: { type: "json", json: { order: "{{ input.name }}" } } });
      for (const name of ["MO-1", "MO-2"]) await executeMqttPublish(fakeContext(config, { name }, { connections }));
      await until(() => live.received.length === 2);
      expect(live.received.map((m) => [m.topic, JSON.parse(m.body)])).toEqual([
        [`${base}/orders/MO-1`, { order: "MO-1" }],
        [`${base}/orders/MO-2`, { order: "MO-2" }],
      ]);
      expect(live.received[0]?.properties?.userProperties?.["idempotency-key"]).toContain(":step:");

      const late = await subscriber(`${base}/orders/MO-1`);
      await until(() => late.received.length === 1);
      expect(late.received[0]).toMatchObject({ body: '{"order":"MO-1"}', retain: true });
      await late.client.endAsync();
      // Clear the retained messages so the broker does not keep them.
      for (const name of ["MO-1", "MO-2"]) await live.client.publishAsync(`${base}/orders/${name}`, "", { retain: true, qos: 1 });
    } finally {
      await live.client.endAsync();
    }
  });

  it("fails with a transient error when the broker cannot be reached", async () => {
    const config = ZMqttPublishConfig.parse({ connection: "down", topic: "x/y" });
    const down = { down: { id: randomUUID(), kind: "mqtt", config: { url: "mqtt://127.0.0.1:1" }, secret: null } };
    const error = await executeMqttPublish(fakeContext(config, {}, { connections: down })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toContain("Cannot reach the MQTT broker");
  });
});
