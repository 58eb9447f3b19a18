// MQTT publish step: renders the topic and the message over the step input and publishes them
// with the connection's broker client (one per connection per worker, client-pool.server.ts).
// QoS 1 waits for the broker's PUBACK; QoS 0 only for the write. Each message carries the step's
// idempotency key as the MQTT 5 user property "idempotency-key": a retried step may publish
// twice (at least once), and a subscriber can drop the copy by that key.
// Errors: an unreachable broker or a publish without answer -> TransientError (retried); refused
// credentials -> AuthenticationError; a topic that renders invalid -> BusinessError.
import { randomUUID } from "node:crypto";
import type { IClientPublishOptions, MqttClient } from "mqtt";
import { ZMqttConnectionConfig, ZMqttConnectionSecret, type TBrokerSecret, type TMqttConnectionConfig } from "../../lib/connections/broker-connection.ts";
import { parseConnection } from "../../runtime/engine/connections.ts";
import { AuthenticationError, BusinessError, TransientError } from "../../runtime/engine/errors.ts";
import type { ExecutorFor } from "../../runtime/engine/executor.ts";
import { connectMqtt } from "../../runtime/subscribers/brokers.ts";
import { ClientPool, withTimeout } from "./client-pool.server.ts";
import { mqttPublishTopicProblem, type ZMqttPublishConfig } from "./definition.ts";
import { renderMessage } from "./message.ts";

const CONNECT_TIMEOUT_MS = 10_000;
const PUBLISH_TIMEOUT_MS = 15_000;

export type MqttConnection = { id: string; name: string; config: TMqttConnectionConfig; secret: TBrokerSecret };
export type MqttOutgoing = { topic: string; body: Buffer; options: IClientPublishOptions };
/** Sends one message (replaceable in unit tests). */
export type MqttPublisher = (connection: MqttConnection, message: MqttOutgoing) => Promise<void>;

export function createMqttPublishExecutor(publish: MqttPublisher = publishPooled): ExecutorFor<typeof ZMqttPublishConfig> {
  return async (ctx) => {
    const { config } = ctx;
    const resolved = await ctx.connection(config.connection);
    const connection = parseConnection(resolved, { kind: "mqtt", usedBy: "MQTT publish step", needs: "an MQTT connection", config: ZMqttConnectionConfig, secret: ZMqttConnectionSecret });
    const topic = (await ctx.sandbox.renderTemplate(config.topic)).trim();
    const problem = mqttPublishTopicProblem(topic);
    if (problem) throw new BusinessError(`Cannot publish: ${problem}`, { code: "mqtt-bad-topic", details: { topic } });
    const { body, contentType } = await renderMessage(ctx.sandbox, config.message);
    await publish(connection, {
      topic,
      body,
      options: { qos: config.qos, retain: config.retain, properties: { contentType, userProperties: { "idempotency-key": ctx.idempotencyKey } } },
    });
    return { type: "next", port: "out", output: { topic, qos: config.qos, retain: config.retain, bytes: body.length, publishedAt: ctx.now().toISOString() } };
  };
}

export const executeMqttPublish = createMqttPublishExecutor();

const clients = new ClientPool<MqttClient>(async (client) => {
  await client.endAsync(true).catch(() => undefined);
});

async function publishPooled(connection: MqttConnection, message: MqttOutgoing): Promise<void> {
  const client = await clients.get(connection.id, [connection.config, connection.secret], () => openClient(connection));
  try {
    await withTimeout(client.publishAsync(message.topic, message.body, message.options), PUBLISH_TIMEOUT_MS);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: number }).code;
    if (code === 135) throw new AuthenticationError(`The MQTT broker of "${connection.name}" does not allow publishing to "${message.topic}"`, { code: "mqtt-not-authorized" });
    throw new TransientError(`Publishing to "${message.topic}" on "${connection.name}" failed: ${reason}`, { code: "mqtt-publish-failed", cause: error });
  }
}

/** A connected client (a clean session: a publisher keeps no subscriptions), or why not. */
async function openClient(connection: MqttConnection): Promise<MqttClient> {
  const session = { clientId: `${connection.config.clientIdPrefix}-publish-${randomUUID().slice(0, 8)}`, receiveMaximum: 100 };
  const client = connectMqtt(connection.config, connection.secret, session, { clean: true, properties: {} });
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        client.once("connect", () => resolve());
        client.once("error", reject);
      }),
      CONNECT_TIMEOUT_MS,
    );
  } catch (error) {
    client.end(true);
    const code = (error as { code?: number }).code;
    if (code === 134 || code === 135 || code === 4 || code === 5)
      throw new AuthenticationError(`The MQTT broker of "${connection.name}" refused the user name or password`, { code: "mqtt-auth" });
    throw new TransientError(`Cannot reach the MQTT broker of "${connection.name}" (${connection.config.url}): ${error instanceof Error ? error.message : String(error)}`, {
      code: "mqtt-unreachable",
      cause: error,
    });
  }
  // Later errors (a lost connection) are retried by the client; publishes meanwhile time out.
  client.on("error", () => undefined);
  return client;
}
