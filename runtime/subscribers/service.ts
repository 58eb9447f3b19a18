// The subscriber service, one per worker process: on start and every few seconds it reads the
// released MQTT and AMQP triggers of every environment and makes this process's subscriptions
// follow them -- start the ones it can lock, move the ones whose version or connection changed,
// stop the ones no longer released. Each subscription is held by exactly one process at a time
// (locks.ts); a process that dies frees its locks and another one takes over at its next look.
// About once a second it writes each subscription's SubscriberStatus and applies back-pressure:
// with more than `maxQueuedRuns` runs of the flow waiting to start, it stops committing (and so
// acknowledging) until the workers catch up.
import type { Logger } from "pino";
import type { EngineIo } from "../engine/io.ts";
import { startAmqpSubscription } from "./amqp.ts";
import { openSubscriptionLocks, type SubscriptionLocks } from "./locks.ts";
import { startMqttSubscription } from "./mqtt.ts";
import { queueDepth, writeStatus } from "./status.ts";
import { DEFAULT_LIMITS, type StopMode, type Subscription, type SubscriptionContext, type SubscriptionLimits } from "./subscription.ts";
import { loadTargets, type SubscriptionTarget } from "./targets.ts";

export type SubscriberServiceOptions = {
  io: EngineIo;
  /** For the lock connection (a session of its own, outside the pool). */
  connectionString: string;
  log: Logger;
  workerId: string;
  refreshMs?: number;
  statusMs?: number;
  maxQueuedRuns?: number;
  limits?: Partial<SubscriptionLimits>;
};

export type SubscriberService = { refresh(): Promise<void>; held(): string[]; stop(): Promise<void> };

/** A subscription that failed to start waits this long before the next try. */
const RETRY_START_MS = 5_000;

export async function startSubscriberService(options: SubscriberServiceOptions): Promise<SubscriberService> {
  const log = options.log.child({ component: "subscribers" });
  const ctx: SubscriptionContext = { io: options.io, log, limits: { ...DEFAULT_LIMITS, ...options.limits } };
  const maxQueuedRuns = options.maxQueuedRuns ?? Number(process.env.SUBSCRIBER_MAX_QUEUED_RUNS ?? 10_000);
  const running = new Map<string, { revision: string; subscription: Subscription }>();
  const failedAt = new Map<string, number>();
  let locks: SubscriptionLocks | null = null;
  let stopped = false;
  let refreshing: Promise<void> = Promise.resolve();

  const onLocksLost = (error: Error) => {
    log.error({ err: error }, "lost the subscription locks' connection: stopping every subscription");
    for (const [key, entry] of running) {
      running.delete(key);
      entry.subscription.stop("shutdown").catch((err: unknown) => log.warn({ err, key }, "stop failed"));
    }
  };

  async function ensureLocks(): Promise<SubscriptionLocks> {
    if (locks?.alive()) return locks;
    locks = await openSubscriptionLocks(options.connectionString, onLocksLost);
    return locks;
  }

  async function stopOne(key: string, mode: StopMode, keepLock = false): Promise<void> {
    const entry = running.get(key);
    running.delete(key);
    if (entry) {
      await entry.subscription.stop(mode).catch((err: unknown) => log.warn({ err, key }, "subscription stop failed"));
      const { target } = entry.subscription;
      if (mode !== "moved") await writeStatus(options.io, target, { workerId: options.workerId, status: "stopped", message: null, inFlight: 0, lagMs: 0 }).catch(() => undefined);
    }
    if (!keepLock) await locks?.unlock(key).catch(() => undefined);
  }

  async function startOne(target: SubscriptionTarget): Promise<void> {
    const ref = { ...target, workerId: options.workerId };
    if (target.problem) {
      await writeStatus(options.io, target, { ...ref, status: "error", message: `The trigger's settings are invalid: ${target.problem}`, inFlight: 0, lagMs: 0 });
      return;
    }
    await writeStatus(options.io, target, { ...ref, status: "connecting", message: null, inFlight: 0, lagMs: 0 });
    try {
      const targetLog = { ...ctx, log: log.child({ environmentId: target.environmentId, flowId: target.flowId, nodeId: target.nodeId }) };
      const subscription = target.kind === "mqtt-trigger" ? await startMqttSubscription(targetLog, target) : await startAmqpSubscription(targetLog, target);
      running.set(target.key, { revision: target.revision, subscription });
      failedAt.delete(target.key);
      log.info({ key: target.key, kind: target.kind, versionId: target.versionId }, "subscription started");
    } catch (error) {
      failedAt.set(target.key, Date.now());
      const message = error instanceof Error ? error.message : String(error);
      log.warn({ key: target.key, err: error }, "subscription could not start");
      await writeStatus(options.io, target, { ...ref, status: "error", message, inFlight: 0, lagMs: 0 });
    }
  }

  async function reconcile(): Promise<void> {
    const targets = await loadTargets(options.io);
    const wanted = new Map(targets.map((target) => [target.key, target]));
    for (const [key, entry] of running) {
      const target = wanted.get(key);
      if (!target) await stopOne(key, "withdrawn");
      else if (target.revision !== entry.revision || entry.subscription.failed()) await stopOne(key, "moved", true);
    }
    if (targets.length === 0 && !locks) return;
    const held = await ensureLocks();
    for (const target of targets) {
      if (stopped || running.has(target.key)) continue;
      if (Date.now() - (failedAt.get(target.key) ?? 0) < RETRY_START_MS) continue;
      if (!(await held.tryLock(target.key))) continue;
      await startOne(target);
    }
    // Locks of subscriptions that are no longer wanted (or could not start for good) are released.
    for (const key of [...held.held()]) if (!running.has(key) && !wanted.has(key)) await held.unlock(key);
  }

  async function reportStatus(): Promise<void> {
    for (const { subscription } of running.values()) {
      const target = subscription.target;
      const depth = await queueDepth(options.io, target, maxQueuedRuns);
      subscription.setHold(depth.queued > maxQueuedRuns ? `More than ${maxQueuedRuns.toLocaleString("en-GB")} runs are waiting to start: receiving resumes when the workers catch up.` : null);
      const state = subscription.state();
      await writeStatus(options.io, target, { workerId: options.workerId, ...state, lagMs: depth.lagMs });
    }
  }

  const refresh = () => {
    refreshing = refreshing.then(() => (stopped ? undefined : reconcile())).catch((err: unknown) => log.warn({ err }, "subscriber refresh failed"));
    return refreshing;
  };
  await refresh();
  const refreshTimer = setInterval(() => void refresh(), options.refreshMs ?? Number(process.env.SUBSCRIBER_REFRESH_MS ?? 5_000));
  const statusTimer = setInterval(() => {
    refreshing = refreshing.then(() => (stopped ? undefined : reportStatus())).catch((err: unknown) => log.warn({ err }, "subscriber status failed"));
  }, options.statusMs ?? 1_000);
  refreshTimer.unref();
  statusTimer.unref();

  return {
    refresh,
    held: () => [...running.keys()],
    async stop() {
      stopped = true;
      clearInterval(refreshTimer);
      clearInterval(statusTimer);
      await refreshing;
      for (const key of [...running.keys()]) await stopOne(key, "shutdown");
      await locks?.close();
    },
  };
}
