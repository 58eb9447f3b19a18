// The conditioning modes as pure functions over one window row's state: fold a key's messages in
// (in time order) and say what becomes due, and what a due window emits. The database side
// (ingest.server.ts, emit.server.ts) locks the row, calls these, and writes the result back in the
// same transaction, so the rules here are the whole behaviour and are tested without a database.
//
// Times are the messages' receivedAt. A message redelivered by the broker (same message key, kept
// in a short per-row list) is recognised and not counted twice.
import type { TConditioningMode } from "../../nodes/conditioning.ts";
import { durationMs } from "../../nodes/fields.ts";
import { instantOf, wallClock } from "../triggers/cron.ts";
import { keyText, valueAtPath } from "../triggers/paths.ts";

/** A message as the modes see it: the trigger output, its decoded body and its time. */
export type FoldMessage = { messageKey: string; message: unknown; body: unknown; at: number };
/** A run to start: its idempotency key and its trigger payload. */
export type Emission = { idempotencyKey: string; payload: unknown };
export type WindowKind = "dedupe" | "debounce" | "state" | "tumbling";

export type WindowRow = { id: string; key: string; windowStart: Date; windowEnd: Date | null; state: unknown; dueAt: Date | null; emittedAt: Date | null };

export type FoldOutcome = {
  state: unknown;
  dueAt: Date | null;
  emittedAt: Date | null;
  emissions: Emission[];
  /** Messages folded in without starting a run (suppressed, waiting in a window, late). */
  windowed: number;
  /** Messages seen before (broker redelivery). */
  duplicates: number;
};

/** The open row of a per-key mode (dedupe, debounce, state) lives at this window start. */
export const OPEN_WINDOW_START = new Date(0);
/** A tumbling window emits this long after its end, so messages still in flight at the end count. */
export const TUMBLING_GRACE_MS = 5_000;
/** Message keys remembered per row to recognise redeliveries. */
const RECENT_KEYS = 200;

export function windowKind(mode: TConditioningMode): WindowKind | null {
  return mode.mode === "none" ? null : mode.mode;
}

/** The group a message belongs to: the value at the key path as text, "" when not grouped or missing. */
export function groupKey(keyPath: string | undefined, body: unknown): string {
  if (!keyPath) return "";
  return keyText(valueAtPath(body, keyPath)) ?? "";
}

function ms(value: number | string | undefined, fallback: number): number {
  return value === undefined ? fallback : (durationMs(value, "minutes") ?? fallback);
}

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());
const time = (text: unknown) => (typeof text === "string" ? Date.parse(text) : null);

/** The trigger output with the conditioning event beside it, so the flow keeps topic, payload, .... */
function withEvent(message: unknown, event: Record<string, unknown>): unknown {
  const base = message !== null && typeof message === "object" && !Array.isArray(message) ? message : { payload: message };
  return { ...base, event };
}

function remember(recent: string[], key: string): string[] {
  const next = [...recent, key];
  return next.length > RECENT_KEYS ? next.slice(next.length - RECENT_KEYS) : next;
}

// ---------------------------------------------------------------------------------------------
// Tumbling windows: where a message's window starts and ends.

/**
 * The window [start, end) holding `at`. Without a time zone, windows of `size` are aligned to the
 * Unix epoch (UTC). With one, they follow wall-clock time in that zone from the day start
 * (midnight plus `offset`), so 8-hour shifts stay at 06:00, 14:00 and 22:00 across daylight-saving
 * changes; windows shorter than a day restart each day (the last one ends at the next day start),
 * windows of a day or more are counted from a Monday (P7D: weeks from Monday plus the offset).
 */
export function tumblingBounds(at: number, sizeMs: number, zone?: { timeZone: string; offsetMs: number }): { start: number; end: number } {
  if (!zone) {
    const start = Math.floor(at / sizeMs) * sizeMs;
    return { start, end: start + sizeMs };
  }
  const wall = wallClock(at, zone.timeZone).getTime();
  let startWall: number;
  let endWall: number;
  if (sizeMs >= DAY_MS) {
    const anchor = FIRST_MONDAY + zone.offsetMs;
    startWall = anchor + Math.floor((wall - anchor) / sizeMs) * sizeMs;
    endWall = startWall + sizeMs;
  } else {
    const dayStart = Math.floor((wall - zone.offsetMs) / DAY_MS) * DAY_MS + zone.offsetMs;
    startWall = dayStart + Math.floor((wall - dayStart) / sizeMs) * sizeMs;
    endWall = Math.min(startWall + sizeMs, dayStart + DAY_MS);
  }
  return { start: instantNear(startWall, zone.timeZone), end: instantNear(endWall, zone.timeZone) };
}

const DAY_MS = 86_400_000;
/** Monday 5 January 1970, the anchor of windows of a day or more. */
const FIRST_MONDAY = Date.UTC(1970, 0, 5);

/** The instant of a wall-clock time; a time skipped by a daylight-saving change moves to the first instant after the gap. */
function instantNear(wall: number, timeZone: string): number {
  for (let shift = 0; shift <= 120; shift += 15) {
    const found = instantOf(new Date(wall + shift * 60_000), timeZone);
    if (found !== null) return found;
  }
  return wall;
}

export function tumblingWindowOf(mode: Extract<TConditioningMode, { mode: "tumbling" }>, at: number): { start: number; end: number } {
  const sizeMs = ms(mode.size, 3_600_000);
  return tumblingBounds(at, sizeMs, mode.timeZone ? { timeZone: mode.timeZone, offsetMs: ms(mode.offset, 0) } : undefined);
}

// ---------------------------------------------------------------------------------------------
// Folding messages in (ingest) and emitting what is due (the emit-window task).

type DedupeState = { until: string | null; suppressed: number };
type DebounceState = { count: number; firstAt: string | null; lastAt: string | null; last: unknown; recent: string[]; emitted: number };
type StatePhase = "idle" | "pending" | "started";
type HoldState = { phase: StatePhase; since: string | null; value?: unknown; startMessage: unknown; blips: number; recent: string[]; episodes: number };
type TumblingState = { count: number; sums: Record<string, number>; last: unknown; lastAt: string | null; recent: string[]; late: number };

export function initialState(kind: WindowKind): unknown {
  switch (kind) {
    case "dedupe":
      return { until: null, suppressed: 0 } satisfies DedupeState;
    case "debounce":
      return { count: 0, firstAt: null, lastAt: null, last: null, recent: [], emitted: 0 } satisfies DebounceState;
    case "state":
      return { phase: "idle", since: null, startMessage: null, blips: 0, recent: [], episodes: 0 } satisfies HoldState;
    case "tumbling":
      return { count: 0, sums: {}, last: null, lastAt: null, recent: [], late: 0 } satisfies TumblingState;
  }
}

function outcomeOf(row: WindowRow, state: unknown): FoldOutcome {
  return { state, dueAt: row.dueAt, emittedAt: row.emittedAt, emissions: [], windowed: 0, duplicates: 0 };
}

/** Folds a key's messages (sorted by time) into its window row. */
export function fold(mode: Exclude<TConditioningMode, { mode: "none" }>, row: WindowRow, messages: FoldMessage[]): FoldOutcome {
  switch (mode.mode) {
    case "dedupe":
      return foldDedupe(ms(mode.period, 600_000), row, messages);
    case "debounce":
      return foldDebounce(ms(mode.quiet, 30_000), row, messages);
    case "state":
      return foldState(mode, row, messages);
    case "tumbling":
      return foldTumbling(mode.sums, row, messages);
  }
}

/** What a window emits when its due time has come (`now`); nothing when it is not due (any more). */
export function emitDue(kind: WindowKind, row: WindowRow, now: number): FoldOutcome {
  const outcome = outcomeOf(row, row.state);
  if (row.dueAt === null || row.dueAt.getTime() > now) return outcome;
  if (kind === "debounce") emitDebounce(row, outcome, row.state as DebounceState);
  else if (kind === "state") startHold(row, outcome, row.state as HoldState);
  else if (kind === "tumbling" && row.emittedAt === null) emitTumbling(row, outcome, row.state as TumblingState, now);
  return outcome;
}

// Dedupe: the first message of a key starts a run and opens a period; others within it are dropped.
function foldDedupe(periodMs: number, row: WindowRow, messages: FoldMessage[]): FoldOutcome {
  const state = { ...(row.state as DedupeState) };
  const outcome = outcomeOf(row, state);
  for (const message of messages) {
    const until = time(state.until);
    if (until === null || message.at >= until) {
      outcome.emissions.push({ idempotencyKey: message.messageKey, payload: message.message });
      state.until = iso(message.at + periodMs);
    } else {
      state.suppressed += 1;
      outcome.windowed += 1;
    }
  }
  return outcome;
}

// Debounce: each message moves the due time to its time plus the quiet time; when due, one run
// with the last message.
function foldDebounce(quietMs: number, row: WindowRow, messages: FoldMessage[]): FoldOutcome {
  let state = { ...(row.state as DebounceState) };
  const outcome = outcomeOf(row, state);
  for (const message of messages) {
    if (state.recent.includes(message.messageKey)) {
      outcome.duplicates += 1;
      continue;
    }
    // A quiet time that passed before this message (the emitter had not run yet) closes that burst first.
    if (outcome.dueAt && outcome.dueAt.getTime() <= message.at) {
      emitDebounce(row, outcome, state);
      state = outcome.state as DebounceState;
    }
    const lastAt = time(state.lastAt);
    state = {
      ...state,
      count: state.count + 1,
      firstAt: state.firstAt ?? iso(message.at),
      ...(lastAt === null || message.at >= lastAt ? { last: message.message, lastAt: iso(message.at) } : {}),
      recent: remember(state.recent, message.messageKey),
    };
    outcome.state = state;
    outcome.dueAt = new Date((time(state.lastAt) as number) + quietMs);
    outcome.windowed += 1;
  }
  return outcome;
}

function emitDebounce(row: WindowRow, outcome: FoldOutcome, state: DebounceState): void {
  if (state.count === 0 || state.firstAt === null) return;
  outcome.emissions.push({
    idempotencyKey: `window:${row.id}:${Date.parse(state.firstAt)}`,
    payload: withEvent(state.last, { type: "debounced", key: row.key, count: state.count, firstAt: state.firstAt, lastAt: state.lastAt }),
  });
  outcome.state = { ...state, count: 0, firstAt: null, lastAt: null, last: null, emitted: state.emitted + 1 } satisfies DebounceState;
  outcome.emittedAt = outcome.dueAt;
  outcome.dueAt = null;
}

// State duration: entering the watched state opens a pending episode due after the minimum
// duration; leaving it before is a blip (nothing); when due, "started"; leaving after, "recovered".
function foldState(mode: Extract<TConditioningMode, { mode: "state" }>, row: WindowRow, messages: FoldMessage[]): FoldOutcome {
  const minMs = ms(mode.minDuration, 300_000);
  let state = { ...(row.state as HoldState) };
  const outcome = outcomeOf(row, state);
  for (const message of messages) {
    if (state.recent.includes(message.messageKey)) {
      outcome.duplicates += 1;
      continue;
    }
    const emittedBefore = outcome.emissions.length;
    state = { ...state, recent: remember(state.recent, message.messageKey) };
    outcome.state = state;
    // The threshold passed before this message (the emitter had not run yet): "started" comes first.
    if (state.phase === "pending" && outcome.dueAt && outcome.dueAt.getTime() <= message.at) {
      startHold(row, outcome, state);
      state = outcome.state as HoldState;
    }
    const matches = valueAtPath(message.body, mode.statePath) === mode.value;
    if (state.phase === "idle" && matches) {
      state = { ...state, phase: "pending", since: iso(message.at), value: mode.value, startMessage: message.message };
      outcome.dueAt = new Date(message.at + minMs);
    } else if (state.phase === "pending" && !matches) {
      state = { ...state, phase: "idle", since: null, startMessage: null, blips: state.blips + 1 };
      outcome.dueAt = null;
    } else if (state.phase === "started" && !matches) {
      const since = time(state.since) as number;
      outcome.emissions.push({
        idempotencyKey: `window:${row.id}:${since}:recovered`,
        payload: withEvent(message.message, { type: "recovered", key: row.key, state: mode.value, since: state.since, until: iso(message.at), durationMs: message.at - since }),
      });
      state = { ...state, phase: "idle", since: null, startMessage: null };
    }
    outcome.state = state;
    if (outcome.emissions.length === emittedBefore) outcome.windowed += 1;
  }
  return outcome;
}

function startHold(row: WindowRow, outcome: FoldOutcome, state: HoldState): void {
  if (state.phase !== "pending" || state.since === null || outcome.dueAt === null) return;
  const since = Date.parse(state.since);
  outcome.emissions.push({
    idempotencyKey: `window:${row.id}:${since}:started`,
    payload: withEvent(state.startMessage, { type: "started", key: row.key, state: state.value, since: state.since, heldMs: outcome.dueAt.getTime() - since }),
  });
  outcome.state = { ...state, phase: "started", episodes: state.episodes + 1 } satisfies HoldState;
  outcome.emittedAt = outcome.dueAt;
  outcome.dueAt = null;
}

// Tumbling: counts and sums per key and window; one run when the window closes. Messages for a
// window that already emitted are late: dropped, and counted on the window (state.late).
function foldTumbling(sums: string[], row: WindowRow, messages: FoldMessage[]): FoldOutcome {
  let state = { ...(row.state as TumblingState) };
  const outcome = outcomeOf(row, state);
  for (const message of messages) {
    if (state.recent.includes(message.messageKey)) {
      outcome.duplicates += 1;
      continue;
    }
    outcome.windowed += 1;
    if (row.emittedAt !== null) {
      state = { ...state, late: state.late + 1, recent: remember(state.recent, message.messageKey) };
      continue;
    }
    const nextSums = { ...state.sums };
    for (const path of sums) {
      const value = valueAtPath(message.body, path);
      const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (Number.isFinite(number)) nextSums[path] = (nextSums[path] ?? 0) + number;
    }
    const lastAt = time(state.lastAt);
    state = {
      ...state,
      count: state.count + 1,
      sums: nextSums,
      ...(lastAt === null || message.at >= lastAt ? { last: message.message, lastAt: iso(message.at) } : {}),
      recent: remember(state.recent, message.messageKey),
    };
  }
  outcome.state = state;
  if (row.emittedAt === null && row.windowEnd) outcome.dueAt = new Date(row.windowEnd.getTime() + TUMBLING_GRACE_MS);
  return outcome;
}

function emitTumbling(row: WindowRow, outcome: FoldOutcome, state: TumblingState, now: number): void {
  outcome.emissions.push({
    idempotencyKey: `window:${row.id}`,
    payload: withEvent(state.last, {
      type: "window",
      key: row.key,
      windowStart: row.windowStart.toISOString(),
      windowEnd: row.windowEnd?.toISOString() ?? null,
      count: state.count,
      sums: state.sums,
    }),
  });
  outcome.dueAt = null;
  outcome.emittedAt = new Date(now);
}
