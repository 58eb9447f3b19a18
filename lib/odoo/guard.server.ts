// Per-connection protection around Odoo calls:
// - within one worker process: at most `maxConcurrent` calls at a time (a semaphore) and at most
//   `callsPerSecond` calls per second (a token bucket allowing a burst of that size);
// - across all workers: a circuit breaker in the ConnectionCircuit table. After `breakerThreshold`
//   transient failures in a row it OPENs for `breakerCooldownMs`; while open, calls fail fast with a
//   TransientError whose retryAfterMs is the time until the probe, so the engine schedules the
//   step's retry then (runs wait and resume instead of hammering a sick server). After the cool-down
//   one call is let through (HALF_OPEN, claimed atomically by one worker, with a lease in case that
//   worker dies); its success CLOSEs the breaker, a transient failure re-OPENs it. A business or
//   authentication error counts as an answer: the server is up, the streak is broken.
import type { Db, DbTx } from "../db/client.ts";
import { getDb } from "../db/client.ts";
import { logger } from "../log.ts";
import { TransientError } from "../../runtime/engine/errors.ts";
import { ODOO_LIMIT_DEFAULTS } from "./connection.ts";
import { toStepError } from "./errors.ts";

export type GuardedConnection = {
  id: string;
  config: { maxConcurrent?: number; callsPerSecond?: number; breakerThreshold?: number; breakerCooldownMs?: number; timeoutMs?: number };
};
export type GuardDeps = { db?: Db | DbTx; now?: () => Date };

export type CircuitState = "CLOSED" | "OPEN" | "HALF_OPEN";
const CIRCUIT_OPEN_CODE = "odoo-circuit-open";
/** How long a claimed probe may take before another worker may probe instead. */
const PROBE_LEASE_MARGIN_MS = 10_000;

export async function withConnectionGuard<T>(connection: GuardedConnection, work: () => Promise<T>, deps: GuardDeps = {}): Promise<T> {
  const db = deps.db ?? getDb();
  const now = deps.now ?? (() => new Date());
  const settings = settingsOf(connection.config);
  const probing = await admit(db, connection.id, settings, now());
  const limiter = limiterFor(connection.id, settings);
  await limiter.acquire();
  let result: T;
  try {
    result = await work();
  } catch (error) {
    limiter.release();
    await bookkeeping(connection.id, () => recordFailure(db, connection.id, settings, error, probing, now()));
    throw error;
  }
  limiter.release();
  // The call succeeded (perhaps created records): a breaker write that fails must not turn it into
  // a failure the engine would retry.
  await bookkeeping(connection.id, () => recordSuccess(db, connection.id, probing));
  return result;
}

async function bookkeeping(connectionId: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    logger.warn({ err: error, connectionId }, "could not update the Odoo connection's circuit breaker");
  }
}

type Settings = { maxConcurrent: number; callsPerSecond: number; threshold: number; cooldownMs: number; leaseMs: number };

function settingsOf(config: GuardedConnection["config"]): Settings {
  return {
    maxConcurrent: positive(config.maxConcurrent, ODOO_LIMIT_DEFAULTS.maxConcurrent),
    callsPerSecond: positive(config.callsPerSecond, ODOO_LIMIT_DEFAULTS.callsPerSecond),
    threshold: positive(config.breakerThreshold, ODOO_LIMIT_DEFAULTS.breakerThreshold),
    cooldownMs: positive(config.breakerCooldownMs, ODOO_LIMIT_DEFAULTS.breakerCooldownMs),
    leaseMs: positive(config.timeoutMs, 30_000) + PROBE_LEASE_MARGIN_MS,
  };
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

// --- circuit breaker (shared by all workers) ----------------------------------------------------

type CircuitRow = { state: string; failures: number; probeAt: Date | null; lastError: string | null };

/** Lets the call through (true when it is the half-open probe) or throws the fail-fast error. */
async function admit(db: Db | DbTx, connectionId: string, settings: Settings, at: Date): Promise<boolean> {
  const row: CircuitRow | null = await db.connectionCircuit.findUnique({ where: { connectionId }, select: { state: true, failures: true, probeAt: true, lastError: true } });
  if (!row || row.state === "CLOSED") return false;
  const probeAt = row.probeAt ?? at;
  if (probeAt.getTime() > at.getTime()) throw circuitOpen(row, probeAt.getTime() - at.getTime());
  // Due (OPEN after the cool-down, or HALF_OPEN whose probe lease ran out): claim the probe.
  const claimed = await db.connectionCircuit.updateMany({
    where: { connectionId, state: row.state, probeAt: row.probeAt },
    data: { state: "HALF_OPEN", probeAt: new Date(at.getTime() + settings.leaseMs) },
  });
  if (claimed.count === 1) return true;
  // Another worker is probing right now: wait for its verdict.
  throw circuitOpen(row, Math.min(settings.leaseMs, 1_000));
}

function circuitOpen(row: CircuitRow, retryAfterMs: number): TransientError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const last = row.lastError ? ` Last error: ${row.lastError}` : "";
  return new TransientError(
    `Calls to this Odoo connection are paused after ${row.failures} failures in a row; the next attempt is in about ${seconds} s.${last}`,
    { code: CIRCUIT_OPEN_CODE, retryAfterMs, countsAsAttempt: false, details: { circuit: row.state, failures: row.failures } },
  );
}

async function recordSuccess(db: Db | DbTx, connectionId: string, probing: boolean): Promise<void> {
  // Only touch the row when there is something to reset (a streak or an open breaker).
  await db.connectionCircuit.updateMany({
    where: probing ? { connectionId } : { connectionId, OR: [{ failures: { gt: 0 } }, { state: { not: "CLOSED" } }] },
    data: { state: "CLOSED", failures: 0, openedAt: null, probeAt: null },
  });
}

async function recordFailure(db: Db | DbTx, connectionId: string, settings: Settings, error: unknown, probing: boolean, at: Date): Promise<void> {
  const stepError = toStepError(error);
  if (stepError.code === CIRCUIT_OPEN_CODE) return;
  if (stepError.errorClass !== "transient") {
    // Odoo answered (a refused record, bad credentials): the server is up, the streak ends.
    await recordSuccess(db, connectionId, probing);
    return;
  }
  const lastError = stepError.message.slice(0, 500);
  const row = await db.connectionCircuit.upsert({
    where: { connectionId },
    create: { connectionId, state: "CLOSED", failures: 1, lastError },
    update: { failures: { increment: 1 }, lastError },
    select: { failures: true, state: true },
  });
  if (probing || (row.state === "CLOSED" && row.failures >= settings.threshold)) {
    await db.connectionCircuit.updateMany({
      where: probing ? { connectionId } : { connectionId, state: "CLOSED" },
      data: { state: "OPEN", openedAt: at, probeAt: new Date(at.getTime() + settings.cooldownMs) },
    });
  }
}

/** The breaker of a connection, for tests and the connections page. */
export async function readCircuit(connectionId: string, deps: GuardDeps = {}): Promise<{ state: CircuitState; failures: number; probeAt: Date | null; lastError: string | null }> {
  const db = deps.db ?? getDb();
  const row = await db.connectionCircuit.findUnique({ where: { connectionId } });
  return row ? { state: row.state as CircuitState, failures: row.failures, probeAt: row.probeAt, lastError: row.lastError } : { state: "CLOSED", failures: 0, probeAt: null, lastError: null };
}

// --- per-process limits -------------------------------------------------------------------------

type Limiter = { acquire(): Promise<void>; release(): void; active(): number };
const limiters = new Map<string, { key: string; limiter: Limiter }>();

function limiterFor(connectionId: string, settings: Settings): Limiter {
  const key = `${settings.maxConcurrent}/${settings.callsPerSecond}`;
  const existing = limiters.get(connectionId);
  // A changed setting takes effect for new calls; calls in flight finish under the old one.
  if (existing && existing.key === key) return existing.limiter;
  const limiter = createLimiter(settings.maxConcurrent, settings.callsPerSecond);
  limiters.set(connectionId, { key, limiter });
  return limiter;
}

/** A semaphore of `maxConcurrent` slots plus a token bucket of `callsPerSecond` (burst of the same size). */
export function createLimiter(maxConcurrent: number, callsPerSecond: number, clock: () => number = () => performance.now()): Limiter {
  const capacity = Math.max(1, callsPerSecond);
  let tokens = capacity;
  let refilledAt = clock();
  let running = 0;
  const waiting: (() => void)[] = [];

  function takeToken(): number {
    const current = clock();
    tokens = Math.min(capacity, tokens + ((current - refilledAt) / 1000) * callsPerSecond);
    refilledAt = current;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - tokens) / callsPerSecond) * 1000);
  }

  async function acquireSlot(): Promise<void> {
    if (running < maxConcurrent) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  return {
    async acquire() {
      await acquireSlot();
      for (let wait = takeToken(); wait > 0; wait = takeToken()) await new Promise((resolve) => setTimeout(resolve, wait));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else running--;
    },
    active: () => running,
  };
}
