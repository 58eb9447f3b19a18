// Which schedule ticks to start now: the pure half of the schedule trigger (the worker's
// runtime/tasks/schedule-tick.ts does the database half every minute).
//
// Each released schedule keeps a cursor, `coveredUntil`: every tick up to it has been dealt with.
// A tick pass plans the ticks after the cursor up to now + LOOKAHEAD (60 s): those still ahead are
// accepted at once with a start time (runAt), so they start on time although the pass runs only
// once a minute; those at most GRACE (60 s) late start now. Older ticks were MISSED (Millwright or
// its workers were stopped, or the database was unreachable): with missedTicks "skip" they are
// dropped (and logged); with "run-once" the latest of them starts one catch-up run and the others
// are dropped. A new release (or a new version released) starts from the release time, at most
// GRACE back: no backfill of ticks from before it was released.
import { nextCronRuns } from "./cron.ts";

export const LOOKAHEAD_MS = 60_000;
export const GRACE_MS = 60_000;
/** Enough for a pass: at most GRACE + LOOKAHEAD = 120 s of ticks, one a second at most. */
const MAX_TICKS_PER_PASS = 200;

export type TickPlan = {
  /** Ticks to start, oldest first: late by at most GRACE_MS, or ahead by at most LOOKAHEAD_MS. */
  due: Date[];
  /** run-once: the latest missed tick, to start one catch-up run for. */
  catchUp: Date | null;
  /** The latest tick missed and dropped (skip; or before the catch-up), for the log. */
  skippedLatest: Date | null;
  /** The new cursor: every tick up to here is dealt with. */
  coveredUntil: Date;
};

export type PlanInput = {
  cron: string;
  timeZone: string;
  missedTicks: "skip" | "run-once";
  /** The cursor (exclusive): the last pass's coveredUntil, or for a new release its release time. */
  from: Date;
  now: Date;
};

export function planTicks({ cron, timeZone, missedTicks, from, now }: PlanInput): TickPlan {
  const missedUntil = new Date(now.getTime() - GRACE_MS);
  const horizon = new Date(now.getTime() + LOOKAHEAD_MS);
  const latestMissed = from < missedUntil ? latestTickIn(cron, timeZone, from, missedUntil) : null;
  const catchUp = missedTicks === "run-once" ? latestMissed : null;
  const skippedLatest = latestMissed && !catchUp ? latestMissed : latestMissed && catchUp ? previousTick(cron, timeZone, from, catchUp) : null;

  const start = from > missedUntil ? from : missedUntil;
  const due = start < horizon ? nextCronRuns(cron, { from: start, until: horizon, count: MAX_TICKS_PER_PASS, timeZone }) : [];
  return { due, catchUp, skippedLatest, coveredUntil: horizon > from ? horizon : from };
}

// Growing windows back from `to`: a schedule ticking often is found in the first, a rare one in a
// later one; each window holds a bounded number of ticks because the smaller ones held none.
const WINDOWS_MS = [60_000, 3_600_000, 86_400_000, 31 * 86_400_000, 366 * 86_400_000, 5 * 366 * 86_400_000];

/** The latest tick in (from, to], or null. */
export function latestTickIn(cron: string, timeZone: string, from: Date, to: Date): Date | null {
  for (const width of WINDOWS_MS) {
    const start = new Date(Math.max(from.getTime(), to.getTime() - width));
    const ticks = nextCronRuns(cron, { from: start, until: to, count: 5000, timeZone });
    if (ticks.length > 0) return ticks[ticks.length - 1]!;
    if (start.getTime() === from.getTime()) return null;
  }
  return null;
}

/** The latest tick in (from, before), or null. */
function previousTick(cron: string, timeZone: string, from: Date, before: Date): Date | null {
  return latestTickIn(cron, timeZone, from, new Date(before.getTime() - 1));
}
