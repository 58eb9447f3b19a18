// The conditioning rules with the clock in the test's hands: what starts a run, when, and with what.
import { describe, expect, it } from "vitest";
import { ZConditioningMode, type TConditioningMode } from "../../nodes/conditioning.ts";
import { emitDue, fold, initialState, tumblingBounds, type FoldMessage, type WindowKind, type WindowRow } from "./windows.ts";

const T0 = Date.parse("2026-03-02T08:00:00Z");
const min = (n: number) => T0 + n * 60_000;

function mode(raw: Record<string, unknown>) {
  return ZConditioningMode.parse(raw) as Exclude<TConditioningMode, { mode: "none" }>;
}

function row(kind: WindowKind, extra: Partial<WindowRow> = {}): WindowRow {
  return { id: "w1", key: "P-7", windowStart: new Date(0), windowEnd: null, state: initialState(kind), dueAt: null, emittedAt: null, ...extra };
}

let seq = 0;
function msg(at: number, body: Record<string, unknown>, messageKey = `m${++seq}`): FoldMessage {
  return { messageKey, message: { topic: "plant/P-7/state", payload: body, qos: 1, retain: false, receivedAt: new Date(at).toISOString() }, body, at };
}

/** Applies an outcome to the row, as saveWindow does. */
function after(current: WindowRow, outcome: ReturnType<typeof fold>): WindowRow {
  return { ...current, state: outcome.state, dueAt: outcome.dueAt, emittedAt: outcome.emittedAt };
}

describe("dedupe", () => {
  const dedupe = mode({ mode: "dedupe", period: "PT10M" });

  it("starts a run for the first message per period only, then again after the period", () => {
    const first = fold(dedupe, row("dedupe"), [msg(min(0), { a: 1 }, "k1"), msg(min(3), { a: 2 }), msg(min(9), { a: 3 })]);
    expect(first.emissions.map((e) => e.idempotencyKey)).toEqual(["k1"]);
    expect(first.windowed).toBe(2);
    const second = fold(dedupe, after(row("dedupe"), first), [msg(min(10), { a: 4 }, "k4")]);
    expect(second.emissions.map((e) => e.idempotencyKey)).toEqual(["k4"]);
  });
});

describe("debounce", () => {
  const debounce = mode({ mode: "debounce", quiet: "PT30S" });

  it("emits one run with the last message after the quiet time, not before", () => {
    const folded = fold(debounce, row("debounce"), [msg(min(0), { n: 1 }), msg(min(0.25), { n: 2 }), msg(min(0.5), { n: 3 })]);
    expect(folded.emissions).toEqual([]);
    expect(folded.dueAt?.getTime()).toBe(min(1));
    const waiting = after(row("debounce"), folded);
    expect(emitDue("debounce", waiting, min(0.9)).emissions).toEqual([]);
    const due = emitDue("debounce", waiting, min(1));
    expect(due.emissions).toHaveLength(1);
    expect(due.emissions[0]?.payload).toMatchObject({ payload: { n: 3 }, event: { type: "debounced", key: "P-7", count: 3 } });
    // Emitted once: the same row emits nothing again.
    expect(emitDue("debounce", after(waiting, due), min(5)).emissions).toEqual([]);
  });

  it("closes a burst whose quiet time passed before the next message, even if the emitter was late", () => {
    const first = after(row("debounce"), fold(debounce, row("debounce"), [msg(min(0), { n: 1 })]));
    const next = fold(debounce, first, [msg(min(2), { n: 2 })]);
    expect(next.emissions).toHaveLength(1);
    expect(next.emissions[0]?.payload).toMatchObject({ payload: { n: 1 } });
    expect(next.dueAt?.getTime()).toBe(min(2.5));
  });

  it("does not count a redelivered message twice", () => {
    const once = fold(debounce, row("debounce"), [msg(min(0), { n: 1 }, "same"), msg(min(0.1), { n: 1 }, "same")]);
    expect(once.duplicates).toBe(1);
    expect((once.state as { count: number }).count).toBe(1);
  });
});

describe("state duration", () => {
  const down = mode({ mode: "state", statePath: "state", value: "DOWN", minDuration: "PT5M" });

  it("emits started once the state held past the threshold, and recovered with the duration", () => {
    const entered = fold(down, row("state"), [msg(min(0), { state: "RUN" }), msg(min(1), { state: "DOWN" }, "down"), msg(min(2), { state: "DOWN" })]);
    expect(entered.emissions).toEqual([]);
    expect(entered.dueAt?.getTime()).toBe(min(6));
    const pending = after(row("state"), entered);
    expect(emitDue("state", pending, min(5.9)).emissions).toEqual([]);
    const started = emitDue("state", pending, min(6));
    expect(started.emissions.map((e) => e.idempotencyKey)).toEqual([`window:w1:${min(1)}:started`]);
    expect(started.emissions[0]?.payload).toMatchObject({ payload: { state: "DOWN" }, event: { type: "started", key: "P-7", state: "DOWN", heldMs: 300_000 } });
    const recovered = fold(down, after(pending, started), [msg(min(7), { state: "DOWN" }), msg(min(8), { state: "RUN" })]);
    expect(recovered.emissions.map((e) => e.idempotencyKey)).toEqual([`window:w1:${min(1)}:recovered`]);
    expect(recovered.emissions[0]?.payload).toMatchObject({ event: { type: "recovered", durationMs: 7 * 60_000 } });
    expect(recovered.dueAt).toBeNull();
  });

  it("emits nothing for a blip shorter than the threshold", () => {
    const blip = fold(down, row("state"), [msg(min(0), { state: "DOWN" }), msg(min(4), { state: "RUN" })]);
    expect(blip.emissions).toEqual([]);
    expect(blip.dueAt).toBeNull();
    expect(emitDue("state", after(row("state"), blip), min(10)).emissions).toEqual([]);
  });

  it("emits started then recovered when the recovery arrives before the emitter ran", () => {
    const pending = after(row("state"), fold(down, row("state"), [msg(min(0), { state: "DOWN" })]));
    const both = fold(down, pending, [msg(min(9), { state: "RUN" })]);
    expect(both.emissions.map((e) => (e.payload as { event: { type: string } }).event.type)).toEqual(["started", "recovered"]);
  });
});

describe("tumbling windows", () => {
  const scrap = mode({ mode: "tumbling", size: "PT1H", sums: ["scrap"] });

  it("counts and sums per window and emits once when it closes", () => {
    const bounds = tumblingBounds(min(10), 3_600_000);
    const window = row("tumbling", { windowStart: new Date(bounds.start), windowEnd: new Date(bounds.end) });
    const folded = fold(scrap, window, [msg(min(1), { scrap: 2 }), msg(min(20), { scrap: "3.5" }), msg(min(30), { scrap: "n/a" })]);
    expect(folded.state).toMatchObject({ count: 3, sums: { scrap: 5.5 } });
    expect(folded.dueAt?.getTime()).toBe(bounds.end + 5_000);
    const closed = emitDue("tumbling", after(window, folded), bounds.end + 5_000);
    expect(closed.emissions).toEqual([
      expect.objectContaining({ idempotencyKey: "window:w1", payload: expect.objectContaining({ event: expect.objectContaining({ count: 3, sums: { scrap: 5.5 } }) }) }),
    ]);
    const emitted = after(after(window, folded), closed);
    expect(emitDue("tumbling", emitted, bounds.end + 60_000).emissions).toEqual([]);
    // A late message is counted on the emitted window, not emitted again.
    const late = fold(scrap, emitted, [msg(min(40), { scrap: 1 })]);
    expect(late.emissions).toEqual([]);
    expect(late.state).toMatchObject({ count: 3, late: 1 });
  });

  it("aligns to the epoch, or to shifts starting 06:00 in a time zone across a DST change", () => {
    expect(tumblingBounds(Date.parse("2026-03-02T08:20:00Z"), 900_000)).toEqual({ start: Date.parse("2026-03-02T08:15:00Z"), end: Date.parse("2026-03-02T08:30:00Z") });
    const zone = { timeZone: "Europe/Brussels", offsetMs: 6 * 3_600_000 };
    // 03:00 local (02:00Z) belongs to the previous day's 22:00 shift.
    expect(tumblingBounds(Date.parse("2026-03-02T02:00:00Z"), 8 * 3_600_000, zone)).toEqual({ start: Date.parse("2026-03-01T21:00:00Z"), end: Date.parse("2026-03-02T05:00:00Z") });
    // The night of 29 March 2026 (clocks go forward): the 22:00 shift ends at 06:00 local = 04:00Z.
    expect(tumblingBounds(Date.parse("2026-03-29T01:30:00Z"), 8 * 3_600_000, zone)).toEqual({ start: Date.parse("2026-03-28T21:00:00Z"), end: Date.parse("2026-03-29T04:00:00Z") });
    // 5-hour windows restart at the day start: 06:00-11:00, ..., 21:00-02:00, 02:00-06:00 (cut at the next 06:00).
    expect(tumblingBounds(Date.parse("2026-03-02T04:30:00Z"), 5 * 3_600_000, zone)).toEqual({ start: Date.parse("2026-03-02T01:00:00Z"), end: Date.parse("2026-03-02T05:00:00Z") });
    // Weeks run from Monday 06:00 local (Wednesday 4 March 2026 is in the week of Monday 2 March).
    expect(tumblingBounds(Date.parse("2026-03-04T12:00:00Z"), 7 * 86_400_000, zone)).toEqual({ start: Date.parse("2026-03-02T05:00:00Z"), end: Date.parse("2026-03-09T05:00:00Z") });
  });
});
