// The pure half of message triggers: decoding, the key that makes a redelivery a no-op, and the
// text kept of a rejected payload.
import { describe, expect, it } from "vitest";
import { ZAmqpConnectionConfig, ZMqttConnectionConfig } from "../../lib/connections/broker-connection.ts";
import { amqpUrl } from "./brokers.ts";
import { decodePayload, messageKey, payloadPreview, REJECTED_PREVIEW_BYTES } from "./message.ts";
import { mqttClientId } from "./mqtt.ts";

describe("decodePayload", () => {
  it("reads JSON, or text as it is", () => {
    expect(decodePayload("json", Buffer.from('{"state":"DOWN","asset":"P-7"}'))).toEqual({ ok: true, payload: { state: "DOWN", asset: "P-7" } });
    expect(decodePayload("text", Buffer.from("P-7 DOWN"))).toEqual({ ok: true, payload: "P-7 DOWN" });
  });

  it("rejects what it cannot store or read, saying why", () => {
    expect(decodePayload("json", Buffer.from("{oops"))).toMatchObject({ ok: false, reason: expect.stringMatching(/^The payload is not valid JSON \(/) });
    expect(decodePayload("json", Buffer.alloc(0))).toEqual({ ok: false, reason: "The payload is empty; the trigger expects JSON." });
    expect(decodePayload("json", Buffer.from('{"a":"\\u0000"}'))).toMatchObject({ ok: false, reason: expect.stringContaining("NUL") });
    expect(decodePayload("text", Buffer.from("a\u0000b"))).toMatchObject({ ok: false, reason: expect.stringContaining("NUL") });
  });
});

describe("messageKey", () => {
  const bytes = Buffer.from('{"id":"m-1","v":1}');
  const payload = { id: "m-1", v: 1 };

  it("takes the payload's key when the trigger names one, then the broker's message id, then a hash of source and bytes", () => {
    expect(messageKey({ source: "mqtt:a", bytes, payload, keyPath: "id" })).toBe("key:m-1");
    expect(messageKey({ source: "amqp:q", bytes, payload, keyPath: "missing", brokerMessageId: "abc" })).toBe("id:abc");
    expect(messageKey({ source: "mqtt:a", bytes, payload })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("gives a redelivered message the same key, and the same bytes on another topic another", () => {
    const key = messageKey({ source: "mqtt:a", bytes, payload });
    expect(messageKey({ source: "mqtt:a", bytes: Buffer.from(bytes), payload })).toBe(key);
    expect(messageKey({ source: "mqtt:b", bytes, payload })).not.toBe(key);
  });
});

describe("payloadPreview", () => {
  it("keeps the first 4 KB as text, without cutting a character in half", () => {
    const long = Buffer.from("é".repeat(3000));
    const preview = payloadPreview(long);
    expect(Buffer.byteLength(preview)).toBeLessThanOrEqual(REJECTED_PREVIEW_BYTES);
    expect(preview).toBe("é".repeat(REJECTED_PREVIEW_BYTES / 2));
  });
});

describe("broker connections", () => {
  it("checks the broker URL and fills the defaults", () => {
    expect(ZMqttConnectionConfig.parse({ url: "mqtts://broker.plant.local:8883" })).toEqual({ url: "mqtts://broker.plant.local:8883", clientIdPrefix: "millwright", tls: { rejectUnauthorized: true } });
    expect(ZAmqpConnectionConfig.parse({ url: "amqp://rabbit:5672/prod" })).toMatchObject({ prefetch: 200 });
    const bad = ZMqttConnectionConfig.safeParse({ url: "http://broker" });
    expect(bad.error?.issues[0]?.message).toBe("Broker URL must start with mqtt://, mqtts://, ws:// or wss://, e.g. mqtt://broker.plant.local:1883");
    expect(ZAmqpConnectionConfig.safeParse({ url: "amqp://guest:guest@rabbit" }).error?.issues[0]?.message).toMatch(/^Do not put a user name or password in the URL/);
  });

  it("puts the credentials into the AMQP URL, escaped", () => {
    const config = ZAmqpConnectionConfig.parse({ url: "amqp://rabbit:5672/prod", username: "mw bot" });
    expect(amqpUrl(config, { password: "p@ss/word" })).toBe("amqp://mw%20bot:p%40ss%2Fword@rabbit:5672/prod");
  });

  it("names each MQTT subscription's session by environment, flow and node, short enough for any broker", () => {
    const target = { environmentKey: "prod", flowSlug: "pump-down", nodeId: "trigger", flowId: "f1" };
    expect(mqttClientId("millwright", target)).toBe("millwright-prod-pump-down-trigger");
    const long = mqttClientId("millwright", { ...target, flowSlug: "a-very-long-flow-slug-that-goes-on-and-on-and-on" });
    expect(long).toHaveLength(64);
    expect(long).not.toBe(mqttClientId("millwright", { ...target, flowSlug: "a-very-long-flow-slug-that-goes-on-and-on-and-on", flowId: "f2" }));
  });
});
