// Connecting to the message brokers with a connection's settings: the options MQTT.js and amqplib
// take, built in one place for the subscriber service, "Test connection" and the tests.
import amqp, { type ChannelModel } from "amqplib";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import type { TAmqpConnectionConfig, TBrokerSecret, TMqttConnectionConfig } from "../../lib/connections/broker-connection.ts";

/** How long a broker keeps a subscription's session (and its unacknowledged messages) while it is away. */
const SESSION_EXPIRY_SECONDS = 7 * 24 * 3600;
const CONNECT_TIMEOUT_MS = 10_000;

export type MqttSessionOptions = {
  clientId: string;
  /** Unacknowledged QoS 1 messages the broker may send at once (MQTT 5 Receive Maximum). */
  receiveMaximum: number;
  /** false: one try, no reconnect (Test connection). */
  reconnect?: boolean;
};

export function mqttOptions(config: TMqttConnectionConfig, secret: TBrokerSecret | null, session: MqttSessionOptions): IClientOptions {
  const ca = config.tls.ca?.trim();
  return {
    clientId: session.clientId,
    protocolVersion: 5,
    // A persistent session: a restarted or replacing subscriber with the same client id gets the
    // messages that were sent but not acknowledged, and those published meanwhile.
    clean: false,
    properties: { sessionExpiryInterval: SESSION_EXPIRY_SECONDS, receiveMaximum: session.receiveMaximum },
    username: config.username || undefined,
    password: secret?.password,
    rejectUnauthorized: config.tls.rejectUnauthorized,
    ...(ca ? { ca } : {}),
    connectTimeout: CONNECT_TIMEOUT_MS,
    reconnectPeriod: session.reconnect === false ? 0 : 2_000,
    manualConnect: false,
  };
}

export function connectMqtt(config: TMqttConnectionConfig, secret: TBrokerSecret | null, session: MqttSessionOptions, extra: Partial<IClientOptions> = {}): MqttClient {
  return mqtt.connect(config.url, { ...mqttOptions(config, secret, session), ...extra });
}

/** The broker URL with the credentials in it (amqplib reads them from there), never logged. */
export function amqpUrl(config: TAmqpConnectionConfig, secret: TBrokerSecret | null): string {
  const url = new URL(config.url);
  if (config.username) url.username = encodeURIComponent(config.username);
  if (secret?.password) url.password = encodeURIComponent(secret.password);
  return url.toString();
}

export function connectAmqp(config: TAmqpConnectionConfig, secret: TBrokerSecret | null): Promise<ChannelModel> {
  const ca = config.tls.ca?.trim();
  return amqp.connect(amqpUrl(config, secret), { timeout: CONNECT_TIMEOUT_MS, rejectUnauthorized: config.tls.rejectUnauthorized, ...(ca ? { ca: [ca] } : {}) });
}

/** "RabbitMQ 3.12.1": what the broker said it is, for Test connection. */
export function amqpServerName(model: ChannelModel): string {
  const properties = model.connection.serverProperties as Record<string, unknown>;
  const product = typeof properties.product === "string" ? properties.product : "AMQP broker";
  return typeof properties.version === "string" ? `${product} ${properties.version}` : product;
}
