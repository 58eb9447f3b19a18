// "Test connection" for MQTT and AMQP connections against the real Mosquitto and RabbitMQ: the
// broker's answer when it accepts, refused credentials as AUTH_FAILED, a closed port as UNREACHABLE.
import { describe, expect, it } from "vitest";
import { probeAmqp, probeMqtt } from "./broker-probe.ts";
import { AMQP_URL, AMQP_USER, MQTT_URL } from "./test-support.ts";

describe("Test connection for message brokers", () => {
  it("connects to the MQTT broker and says so; a closed port is unreachable", async () => {
    await expect(probeMqtt({ config: { url: MQTT_URL }, secret: null }, 5_000)).resolves.toMatchObject({
      status: "OK", message: `Connected to the MQTT broker at ${MQTT_URL} (MQTT 5).`, serverInfo: { broker: "MQTT 5 broker" },
    });
    const closed = await probeMqtt({ config: { url: "mqtt://127.0.0.1:1" }, secret: null }, 5_000);
    expect(closed).toMatchObject({ status: "UNREACHABLE", message: expect.stringMatching(/^Could not connect to mqtt:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/) });
  });

  it("connects to RabbitMQ with the stored user and password, and reports refused credentials", async () => {
    const config = { url: AMQP_URL, username: AMQP_USER.username };
    const ok = await probeAmqp({ config, secret: { password: AMQP_USER.password } }, 5_000);
    expect(ok).toMatchObject({ status: "OK", message: expect.stringMatching(/^Connected to RabbitMQ \d+\.\d+/), serverInfo: { broker: expect.stringMatching(/^RabbitMQ /) } });
    const refused = await probeAmqp({ config, secret: { password: "wrong" } }, 5_000);
    expect(refused.status).toBe("AUTH_FAILED");
    expect(refused.message).toMatch(/^The broker refused the credentials/);
  });

  it("says which setting is missing before trying", async () => {
    await expect(probeAmqp({ config: { url: "http://rabbit" }, secret: null }, 1_000)).resolves.toMatchObject({ status: "UNKNOWN", message: expect.stringMatching(/^The settings are incomplete: Broker URL must start with amqp:\/\//) });
  });
});
