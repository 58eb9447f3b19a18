// What the service needs of a running subscription (MQTT or AMQP), and the part they share: the
// commit pipeline, back-pressure and the state shown in SubscriberStatus.
import type { Logger } from "pino";
import type { EngineIo } from "../engine/io.ts";
import { commitInbound, type Inbound } from "./commit.ts";
import { CommitPipeline } from "./pipeline.ts";
import type { SubscriberState } from "./status.ts";
import type { SubscriptionTarget } from "./targets.ts";

export type SubscriptionLimits = {
  /** Messages committed in one transaction at most. */
  maxBatch: number;
  /** A batch waits at most this long for more messages after its first. */
  lingerMs: number;
  /** A batch closes when no message came for this long. */
  gapMs: number;
  /** Unacknowledged messages the broker may send at once (MQTT Receive Maximum; AMQP uses the connection's prefetch). */
  maxInFlight: number;
};

export const DEFAULT_LIMITS: SubscriptionLimits = { maxBatch: 200, lingerMs: 5, gapMs: 2, maxInFlight: 200 };

export type SubscriptionContext = { io: EngineIo; log: Logger; limits: SubscriptionLimits };

/** "withdrawn": the release no longer has this trigger, so the broker may forget the subscription. */
export type StopMode = "shutdown" | "moved" | "withdrawn";

export type Subscription = {
  readonly target: SubscriptionTarget;
  state(): { status: SubscriberState; message: string | null; inFlight: number };
  /** It failed in a way only a fresh start mends (e.g. the AMQP channel closed). */
  failed(): boolean;
  /** Back-pressure from outside: a reason to stop committing (and so acknowledging), or null. */
  setHold(reason: string | null): void;
  stop(mode: StopMode): Promise<void>;
};

/** The shared half: subclasses connect, push Inbound messages with their broker handle, and acknowledge. */
export abstract class BaseSubscription<Target extends SubscriptionTarget, Handle> implements Subscription {
  readonly target: Target;
  protected readonly ctx: SubscriptionContext;
  protected status: SubscriberState = "connecting";
  protected message: string | null = null;
  protected broken = false;
  private hold: string | null = null;
  private readonly pipeline: CommitPipeline<{ inbound: Inbound; handle: Handle }>;

  constructor(target: Target, ctx: SubscriptionContext) {
    this.target = target;
    this.ctx = ctx;
    this.pipeline = new CommitPipeline({
      maxBatch: ctx.limits.maxBatch,
      lingerMs: ctx.limits.lingerMs,
      gapMs: ctx.limits.gapMs,
      hold: () => this.hold,
      commit: async (batch) => {
        const committed = await commitInbound(ctx.io, target, batch.map((item) => item.inbound));
        if (this.status === "error" && !this.broken) this.setState("connected", null);
        for (const item of batch) this.acknowledge(item.handle, !committed.rejected.has(item.inbound));
      },
      onError: (error, attempt) => {
        const text = error instanceof Error ? error.message : String(error);
        ctx.log.warn({ err: error, attempt }, "could not commit messages; they stay unacknowledged and are retried");
        this.setState("error", `Could not store messages (try ${attempt}): ${text}`);
      },
    });
  }

  protected receive(inbound: Inbound, handle: Handle): void {
    this.pipeline.push({ inbound, handle });
  }

  /** After the commit: `accepted` false means the message was recorded as rejected. */
  protected abstract acknowledge(handle: Handle, accepted: boolean): void;
  protected abstract disconnect(mode: StopMode): Promise<void>;

  protected setState(status: SubscriberState, message: string | null): void {
    this.status = status;
    this.message = message;
  }

  state() {
    const status = this.hold && this.status === "connected" ? "paused" : this.status;
    return { status, message: status === "paused" ? this.hold : this.message, inFlight: this.pipeline.inFlight() };
  }

  failed(): boolean {
    return this.broken;
  }

  setHold(reason: string | null): void {
    this.hold = reason;
  }

  async stop(mode: StopMode): Promise<void> {
    await this.pipeline.stop();
    await this.disconnect(mode);
    this.setState("stopped", null);
  }
}
