// AMQP publish step: renders the routing key, headers and message over the step input and
// publishes to the exchange on the connection's broker connection (one per connection per
// worker, with one confirm channel; ../mqtt-publish/client-pool.server.ts). With confirmations
// on, the step succeeds only once the broker has taken the message (publisher confirms); the
// message id is the step's idempotency key, so a consumer can drop the copy a retried step may
// send. Errors: a missing exchange or refused access -> BusinessError (a fix is needed, not a
// retry); refused credentials -> AuthenticationError; an unreachable broker or no confirmation
// -> TransientError (retried).
import type { ChannelModel, ConfirmChannel, Options } from "amqplib";
import { ZAmqpConnectionConfig, ZAmqpConnectionSecret, type TAmqpConnectionConfig, type TBrokerSecret } from "../../lib/connections/broker-connection.ts";
import { parseConnection } from "../../runtime/engine/connections.ts";
import { AuthenticationError, BusinessError, TransientError } from "../../runtime/engine/errors.ts";
import type { ExecutorFor } from "../../runtime/engine/executor.ts";
import { connectAmqp } from "../../runtime/subscribers/brokers.ts";
import { ClientPool, withTimeout } from "../mqtt-publish/client-pool.server.ts";
import { renderMessage } from "../mqtt-publish/message.ts";
import type { ZAmqpPublishConfig } from "./definition.ts";

const CONFIRM_TIMEOUT_MS = 15_000;

export type AmqpConnection = { id: string; name: string; config: TAmqpConnectionConfig; secret: TBrokerSecret };
export type AmqpOutgoing = { exchange: string; routingKey: string; body: Buffer; options: Options.Publish; confirm: boolean };
/** Sends one message (replaceable in unit tests). */
export type AmqpPublisher = (connection: AmqpConnection, message: AmqpOutgoing) => Promise<void>;

export function createAmqpPublishExecutor(publish: AmqpPublisher = publishPooled): ExecutorFor<typeof ZAmqpPublishConfig> {
  return async (ctx) => {
    const { config } = ctx;
    const resolved = await ctx.connection(config.connection);
    const connection = parseConnection(resolved, { kind: "amqp", usedBy: "AMQP publish step", needs: "an AMQP connection", config: ZAmqpConnectionConfig, secret: ZAmqpConnectionSecret });
    const routingKey = await ctx.sandbox.renderTemplate(config.routingKey);
    if (Buffer.byteLength(routingKey) > 255) throw new BusinessError(`The routing key is longer than AMQP allows (255 bytes): "${routingKey.slice(0, 80)}..."`, { code: "amqp-bad-routing-key" });
    const headers: Record<string, string> = {};
    for (const [name, template] of Object.entries(config.headers)) headers[name] = await ctx.sandbox.renderTemplate(template);
    const { body, contentType } = await renderMessage(ctx.sandbox, config.message);
    const messageId = ctx.idempotencyKey;
    await publish(connection, {
      exchange: config.exchange,
      routingKey,
      body,
      confirm: config.confirm,
      options: { persistent: config.persistent, contentType, messageId, timestamp: Math.floor(ctx.now().getTime() / 1000), headers },
    });
    return {
      type: "next",
      port: "out",
      output: { exchange: config.exchange, routingKey, bytes: body.length, persistent: config.persistent, confirmed: config.confirm, messageId, publishedAt: ctx.now().toISOString() },
    };
  };
}

export const executeAmqpPublish = createAmqpPublishExecutor();

/** A broker connection and its confirm channel (opened again after the broker closed it). */
class AmqpPublisherClient {
  private channel: Promise<ConfirmChannel> | null = null;
  /** Why the broker closed the channel last (e.g. NOT_FOUND - no exchange 'x'). */
  private closedBecause: Error | null = null;

  readonly model: ChannelModel;

  constructor(model: ChannelModel) {
    this.model = model;
  }

  channelForPublish(): Promise<ConfirmChannel> {
    if (!this.channel) {
      this.closedBecause = null;
      const opening = this.model.createConfirmChannel();
      this.channel = opening;
      opening
        .then((channel) => {
          channel.on("error", (error: Error) => (this.closedBecause = error));
          channel.on("close", () => {
            if (this.channel === opening) this.channel = null;
          });
        })
        .catch(() => {
          if (this.channel === opening) this.channel = null;
        });
    }
    return this.channel;
  }

  lastChannelError(): Error | null {
    return this.closedBecause;
  }
}

const clients = new ClientPool<AmqpPublisherClient>(async (client) => {
  await client.model.close().catch(() => undefined);
});

async function publishPooled(connection: AmqpConnection, message: AmqpOutgoing): Promise<void> {
  const client = await clients.get(connection.id, [connection.config, connection.secret], () => openClient(connection));
  let channel: ConfirmChannel;
  try {
    channel = await client.channelForPublish();
  } catch (error) {
    await clients.drop(connection.id, client);
    throw new TransientError(`Cannot open a channel on "${connection.name}": ${error instanceof Error ? error.message : String(error)}`, { code: "amqp-unreachable", cause: error });
  }
  const confirmed = new Promise<void>((resolve, reject) => {
    channel.publish(message.exchange, message.routingKey, message.body, message.options, (error: unknown) => (error ? reject(error) : resolve()));
  });
  if (!message.confirm) {
    confirmed.catch(() => undefined);
    return;
  }
  try {
    await withTimeout(confirmed, CONFIRM_TIMEOUT_MS);
  } catch (error) {
    const cause = client.lastChannelError() ?? error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    if (/NOT_FOUND/.test(reason)) throw new BusinessError(`The exchange "${message.exchange}" does not exist on "${connection.name}"`, { code: "amqp-no-exchange", cause });
    if (/ACCESS_REFUSED/.test(reason)) throw new BusinessError(`"${connection.name}" may not publish to the exchange "${message.exchange}"`, { code: "amqp-access-refused", cause });
    throw new TransientError(`Publishing to "${message.exchange || "(default exchange)"}" on "${connection.name}" was not confirmed: ${reason}`, { code: "amqp-publish-failed", cause });
  }
}

async function openClient(connection: AmqpConnection): Promise<AmqpPublisherClient> {
  let model: ChannelModel;
  try {
    model = await connectAmqp(connection.config, connection.secret);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/ACCESS_REFUSED|403/.test(reason)) throw new AuthenticationError(`The AMQP broker of "${connection.name}" refused the user name or password`, { code: "amqp-auth" });
    throw new TransientError(`Cannot reach the AMQP broker of "${connection.name}": ${reason}`, { code: "amqp-unreachable", cause: error });
  }
  const client = new AmqpPublisherClient(model);
  // A lost connection is dropped from the pool; the next step connects again.
  model.on("error", () => undefined);
  model.on("close", () => void clients.drop(connection.id, client));
  return client;
}
