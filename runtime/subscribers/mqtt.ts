// An MQTT trigger's subscription: a persistent session (clean: false, a fixed client id per
// subscription, MQTT 5 session expiry) at QoS 1, so messages sent but not acknowledged, and those
// published while no worker held it, come again to whoever holds it next.
// PUBACK only after the commit: MQTT.js hands each QoS 1 message to `customHandleAcks` and sends
// its PUBACK when that calls back, but it also reads the next packet only after that, so waiting
// there would commit one message at a time. Instead the callback returns at once and this
// client's automatic PUBACKs are dropped; each message's PUBACK is sent by `acknowledge` after its
// batch committed. Unacknowledged messages are bounded by the Receive Maximum sent on connect
// (and the broker's own in-flight limit): the back-pressure.
import { createHash } from "node:crypto";
import type { IClientOptions, IPublishPacket, MqttClient, Packet } from "mqtt";
import { ZMqttConnectionConfig, ZMqttConnectionSecret } from "../../lib/connections/broker-connection.ts";
import { parseConnection, resolveConnection } from "../engine/connections.ts";
import type { Sql } from "../engine/sql.ts";
import { connectMqtt } from "./brokers.ts";
import type { Inbound } from "./commit.ts";
import { decodePayload, messageKey, payloadPreview } from "./message.ts";
import { BaseSubscription, type StopMode, type SubscriptionContext } from "./subscription.ts";
import type { MqttTarget } from "./targets.ts";

type Handle = { messageId: number | undefined; qos: number };
type SendPacket = (packet: Packet, cb?: () => void, cbStorePut?: () => void, noStore?: boolean) => void;

/** millwright-<env>-<flow>-<node>; long names are cut and keep a hash, so ids stay unique and short. */
export function mqttClientId(prefix: string, target: Pick<MqttTarget, "environmentKey" | "flowSlug" | "nodeId" | "flowId">): string {
  const id = `${prefix}-${target.environmentKey}-${target.flowSlug}-${target.nodeId}`.replace(/[^A-Za-z0-9_-]/g, "_");
  if (id.length <= 64) return id;
  const hash = createHash("sha256").update(`${target.environmentKey}:${target.flowId}:${target.nodeId}`).digest("hex").slice(0, 12);
  return `${id.slice(0, 51)}-${hash}`;
}

export async function startMqttSubscription(ctx: SubscriptionContext, target: MqttTarget): Promise<MqttSubscription> {
  const resolved = await resolveConnection(ctx.io, target.environmentId, target.config.connection);
  const { config, secret } = parseConnection(resolved, { kind: "mqtt", usedBy: "MQTT trigger", needs: "an MQTT connection", config: ZMqttConnectionConfig, secret: ZMqttConnectionSecret });
  const previousTopic = await subscribedTopic(ctx.io, target);
  const subscription = new MqttSubscription(target, ctx);
  const clientId = mqttClientId(config.clientIdPrefix, target);
  const customHandleAcks: IClientOptions["customHandleAcks"] = (topic, message, packet, done) => {
    subscription.onMessage(topic, message, packet);
    done(0);
  };
  subscription.attach(connectMqtt(config, secret, { clientId, receiveMaximum: ctx.limits.maxInFlight }, { customHandleAcks }), previousTopic);
  await rememberTopic(ctx.io, target);
  return subscription;
}

export class MqttSubscription extends BaseSubscription<MqttTarget, Handle> {
  private client: MqttClient | null = null;
  private sendPacket: SendPacket | null = null;

  attach(client: MqttClient, previousTopic: string | null): void {
    this.client = client;
    const internals = client as unknown as { _sendPacket: SendPacket };
    const send = internals._sendPacket.bind(client);
    this.sendPacket = send;
    internals._sendPacket = (packet, cb, cbStorePut, noStore) => {
      if (packet.cmd === "puback") return cb?.();
      send(packet, cb, cbStorePut, noStore);
    };
    const { topic, qos } = this.target.config;
    client.on("connect", () => {
      this.setState("connected", null);
      if (previousTopic && previousTopic !== topic) client.unsubscribe(previousTopic);
      client.subscribe(topic, { qos: qos as 0 | 1 }, (error, granted) => {
        const refused = granted?.find((grant) => grant.qos === 128);
        if (error || refused) this.setState("error", `The broker refused the subscription to "${topic}"${error ? `: ${error.message}` : ""}.`);
      });
    });
    client.on("reconnect", () => this.status !== "error" && this.setState("connecting", null));
    client.on("error", (error) => this.setState("error", `MQTT: ${error.message}`));
    client.on("offline", () => this.setState("connecting", "The broker is not reachable; reconnecting."));
    // QoS 0 messages do not pass through customHandleAcks.
    client.on("message", (messageTopic, payload, packet) => packet.qos === 0 && this.onMessage(messageTopic, payload, packet));
  }

  onMessage(topic: string, bytes: Buffer, packet: IPublishPacket): void {
    const { payloadFormat, dedupKeyPath } = this.target.config;
    const receivedAt = new Date();
    const source = `mqtt:${topic}`;
    const decoded = decodePayload(payloadFormat, bytes);
    const base = { source, preview: "", receivedAt };
    const inbound: Inbound = decoded.ok
      ? {
          ...base,
          output: { topic, payload: decoded.payload, qos: packet.qos, retain: packet.retain, receivedAt: receivedAt.toISOString() },
          key: messageKey({ source, bytes, payload: decoded.payload, keyPath: dedupKeyPath }),
          rejectReason: null,
        }
      : { ...base, output: null, key: null, rejectReason: decoded.reason, preview: payloadPreview(bytes) };
    this.receive(inbound, { messageId: packet.messageId, qos: packet.qos });
  }

  /** Rejected messages are acknowledged too: they are recorded (RejectedMessage), not lost. */
  protected acknowledge(handle: Handle): void {
    if (handle.qos === 0 || handle.messageId === undefined || !this.client?.connected) return;
    this.sendPacket?.({ cmd: "puback", messageId: handle.messageId, reasonCode: 0 } as Packet);
  }

  protected async disconnect(mode: StopMode): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (mode === "withdrawn" && client.connected) await client.unsubscribeAsync(this.target.config.topic).catch(() => undefined);
    await client.endAsync(true).catch(() => undefined);
  }
}

/** The topic the subscription's session was last subscribed to (a new version may change it). */
async function subscribedTopic(sql: Sql, target: MqttTarget): Promise<string | null> {
  const [row] = await sql.query<{ topic: string | null }>(
    `SELECT state->>'topic' AS topic FROM "TriggerState" WHERE "environmentId" = $1::uuid AND "flowId" = $2::uuid AND "nodeId" = $3`,
    [target.environmentId, target.flowId, target.nodeId],
  );
  return row?.topic ?? null;
}

async function rememberTopic(sql: Sql, target: MqttTarget): Promise<void> {
  await sql.query(
    `INSERT INTO "TriggerState" ("environmentId", "flowId", "nodeId", "versionId", state, "updatedAt") VALUES ($1::uuid, $2::uuid, $3, $4::uuid, jsonb_build_object('topic', $5::text), now())
     ON CONFLICT ("environmentId", "flowId", "nodeId") DO UPDATE SET "versionId" = EXCLUDED."versionId", state = "TriggerState".state || EXCLUDED.state, "updatedAt" = now()`,
    [target.environmentId, target.flowId, target.nodeId, target.versionId, target.config.topic],
  );
}
