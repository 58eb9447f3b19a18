// "Test connection" for the broker kinds: connect with the stored settings and password and say
// what the broker answered. MQTT connects with a throw-away clean session (never the subscriptions'
// client ids, which would take their sessions over); refused credentials are AUTH_FAILED.
import { randomBytes } from "node:crypto";
import type { ConnectionServerInfo, ConnectionStatus } from "../../lib/connections/connection-types.ts";
import { ZAmqpConnectionConfig, ZAmqpConnectionSecret, ZMqttConnectionConfig, ZMqttConnectionSecret } from "../../lib/connections/broker-connection.ts";
import { amqpServerName, connectAmqp, connectMqtt } from "./brokers.ts";

type Probed = { config: unknown; secret: unknown };
type Outcome = { status: ConnectionStatus; message: string; serverInfo: ConnectionServerInfo | null };

/** MQTT 5 CONNACK reason codes that mean "these credentials are not accepted" (3.1.1: 4 and 5). */
const MQTT_AUTH_CODES = new Set([4, 5, 134, 135, 140]);

export async function probeMqtt(connection: Probed, timeoutMs: number): Promise<Outcome> {
  const config = ZMqttConnectionConfig.safeParse(connection.config);
  if (!config.success) return incomplete(config.error.issues[0]?.message);
  const secret = ZMqttConnectionSecret.safeParse(connection.secret ?? {});
  const clientId = `${config.data.clientIdPrefix}-test-${randomBytes(4).toString("hex")}`;
  const client = connectMqtt(config.data, secret.success ? secret.data : null, { clientId, receiveMaximum: 10, reconnect: false }, { clean: true, properties: {}, connectTimeout: timeoutMs });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("error", reject);
      client.once("close", () => reject(new Error(`The broker at ${config.data.url} closed the connection without answering`)));
    });
    return { status: "OK", message: `Connected to the MQTT broker at ${config.data.url} (MQTT 5).`, serverInfo: { broker: "MQTT 5 broker" } };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (typeof code === "number" && MQTT_AUTH_CODES.has(code)) return { status: "AUTH_FAILED", message: `The broker refused the credentials: ${message}.`, serverInfo: null };
    return { status: "UNREACHABLE", message: `Could not connect to ${config.data.url}: ${message}.`, serverInfo: null };
  } finally {
    client.end(true);
  }
}

export async function probeAmqp(connection: Probed, timeoutMs: number): Promise<Outcome> {
  const config = ZAmqpConnectionConfig.safeParse(connection.config);
  if (!config.success) return incomplete(config.error.issues[0]?.message);
  const secret = ZAmqpConnectionSecret.safeParse(connection.secret ?? {});
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const model = await Promise.race([connectAmqp(config.data, secret.success ? secret.data : null), timeout]);
    const server = amqpServerName(model);
    await model.close().catch(() => undefined);
    return { status: "OK", message: `Connected to ${server} at ${redacted(config.data.url)}.`, serverInfo: { broker: server } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/ACCESS_REFUSED|403|authentication/i.test(message)) return { status: "AUTH_FAILED", message: `The broker refused the credentials: ${message}.`, serverInfo: null };
    return { status: "UNREACHABLE", message: `Could not connect to ${redacted(config.data.url)}: ${message}.`, serverInfo: null };
  } finally {
    clearTimeout(timer);
  }
}

function incomplete(issue: string | undefined): Outcome {
  return { status: "UNKNOWN", message: `The settings are incomplete: ${issue ?? "check them"}.`, serverInfo: null };
}

function redacted(url: string): string {
  return url.replace(/\/\/[^/@]*@/, "//");
}
