// An AMQP trigger's subscription: consume the queue with manual acknowledgement and a prefetch
// limit (the bound on messages in flight). A message is acknowledged after its batch committed;
// one that cannot be decoded or fails the payload schema is recorded as rejected and nacked
// without requeueing, so the broker moves it to the queue's dead-letter exchange (if it has one).
// A closed channel or connection marks the subscription failed; the service starts it again, and
// the broker redelivers what was not acknowledged (deduplicated by the message key).
import type { Channel, ChannelModel, ConsumeMessage } from "amqplib";
import { ZAmqpConnectionConfig, ZAmqpConnectionSecret } from "../../lib/connections/broker-connection.ts";
import { checkPayload } from "../../lib/triggers/payload-schema.ts";
import { parseConnection, resolveConnection } from "../engine/connections.ts";
import { connectAmqp } from "./brokers.ts";
import type { Inbound } from "./commit.ts";
import { decodePayload, messageKey, payloadPreview, type Decoded } from "./message.ts";
import { BaseSubscription, type StopMode, type SubscriptionContext } from "./subscription.ts";
import type { AmqpTarget } from "./targets.ts";

export async function startAmqpSubscription(ctx: SubscriptionContext, target: AmqpTarget): Promise<AmqpSubscription> {
  const resolved = await resolveConnection(ctx.io, target.environmentId, target.config.connection);
  const { config, secret } = parseConnection(resolved, { kind: "amqp", usedBy: "AMQP trigger", needs: "an AMQP connection", config: ZAmqpConnectionConfig, secret: ZAmqpConnectionSecret });
  const model = await connectAmqp(config, secret);
  const subscription = new AmqpSubscription(target, ctx, model);
  try {
    const channel = await model.createChannel();
    await subscription.consume(channel, config.prefetch);
  } catch (error) {
    await model.close().catch(() => undefined);
    throw new Error(queueProblem(target.config.queue, error), { cause: error });
  }
  return subscription;
}

export class AmqpSubscription extends BaseSubscription<AmqpTarget, ConsumeMessage> {
  private channel: Channel | null = null;
  private closing = false;
  private readonly model: ChannelModel;

  constructor(target: AmqpTarget, ctx: SubscriptionContext, model: ChannelModel) {
    super(target, ctx);
    this.model = model;
    const broke = (message: string) => {
      if (this.closing) return;
      this.broken = true;
      this.setState("error", message);
    };
    model.on("error", (error: Error) => broke(`AMQP: ${error.message}`));
    model.on("close", () => broke("The connection to the broker closed; reconnecting."));
    model.on("blocked", (reason: string) => this.setState("paused", `The broker blocked the connection: ${reason}`));
    model.on("unblocked", () => this.setState("connected", null));
  }

  private get config(): AmqpTarget["config"] {
    return this.target.config;
  }

  async consume(channel: Channel, prefetch: number): Promise<void> {
    this.channel = channel;
    channel.on("error", (error: Error) => !this.closing && this.setState("error", `AMQP channel: ${error.message}`));
    channel.on("close", () => {
      if (this.closing) return;
      this.broken = true;
      this.setState("error", this.message ?? "The broker closed the channel; reconnecting.");
    });
    await channel.checkQueue(this.config.queue);
    await channel.prefetch(prefetch);
    await channel.consume(this.config.queue, (message) => message && this.onMessage(message), { noAck: false });
    this.setState("connected", null);
  }

  private onMessage(message: ConsumeMessage): void {
    const { queue, payloadFormat, dedupKeyPath } = this.config;
    const receivedAt = new Date();
    const source = `amqp:${queue}`;
    const decoded = this.validated(decodePayload(payloadFormat, message.content));
    const base = { source, preview: "", receivedAt };
    const messageId = typeof message.properties.messageId === "string" ? message.properties.messageId : null;
    const inbound: Inbound = decoded.ok
      ? {
          ...base,
          output: {
            queue, routingKey: message.fields.routingKey, exchange: message.fields.exchange, payload: decoded.payload,
            headers: (message.properties.headers ?? {}) as Record<string, unknown>, receivedAt: receivedAt.toISOString(),
          },
          key: messageKey({ source, bytes: message.content, payload: decoded.payload, keyPath: dedupKeyPath, brokerMessageId: messageId }),
          rejectReason: null,
        }
      : { ...base, output: null, key: null, rejectReason: decoded.reason, preview: payloadPreview(message.content) };
    this.receive(inbound, message);
  }

  private validated(decoded: Decoded): Decoded {
    const schema = this.config.payloadSchema;
    if (!decoded.ok || !schema) return decoded;
    const issues = checkPayload(schema, decoded.payload, `${this.target.versionId}:${this.target.nodeId}`);
    if (issues.length === 0) return decoded;
    return { ok: false, reason: `The payload does not match the schema: ${issues.map((issue) => `${issue.path} ${issue.message}`).join("; ")}.` };
  }

  protected acknowledge(message: ConsumeMessage, accepted: boolean): void {
    if (!this.channel || this.broken) return;
    try {
      if (accepted) this.channel.ack(message);
      else this.channel.nack(message, false, false);
    } catch (error) {
      // The channel closed meanwhile: the broker redelivers the message; its key makes that a no-op.
      this.ctx.log.debug({ err: error }, "could not acknowledge an AMQP message");
    }
  }

  protected async disconnect(mode: StopMode): Promise<void> {
    void mode;
    this.closing = true;
    await this.model.close().catch(() => undefined);
  }
}

function queueProblem(queue: string, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/NOT_FOUND|404/.test(text)) return `The queue "${queue}" does not exist on the broker. Declare it (with a dead-letter exchange) and the trigger starts consuming.`;
  return `Could not consume the queue "${queue}": ${text}`;
}
