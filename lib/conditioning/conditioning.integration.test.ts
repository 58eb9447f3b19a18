// Event conditioning on a real PostgreSQL with the clock in the test's hands: messages go in
// through ingestMessages (as the subscriber calls it), due windows come out through emitWindow
// (as the emit-window task calls it) and once through the real graphile-worker. The state lives
// only in Postgres: a "restart" is a new pool, and two emitters at once still emit once.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZConditioning, type TConditioning } from "../../nodes/conditioning.ts";
import { releaseTestFlow, triggerFlow, type TestRelease } from "../triggers/test-release.ts";
import { testPool } from "../../test/pg-pool.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { engineIo, type EngineIo } from "../../runtime/engine/io.ts";
import { startWorker } from "../../runtime/worker.ts";
import { emitWindow } from "./emit.server.ts";
import { ingestMessages, type IngestMessage, type IngestTarget } from "./ingest.server.ts";

let t: TestDatabase;
let pool: pg.Pool;
let io: EngineIo;
let flowCount = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  pool = testPool(t.url, 6);
  io = engineIo(pool);
});
afterAll(async () => {
  await pool?.end();
  await t?.drop();
});

const T0 = Date.parse("2026-03-02T08:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
let seq = 0;

function message(minutes: number, body: Record<string, unknown>, messageKey = `msg-${++seq}`): IngestMessage {
  const receivedAt = at(minutes);
  return { messageKey, receivedAt, payload: { topic: `plant/${String(body.asset ?? "x")}/state`, payload: body, qos: 1, retain: false, receivedAt: receivedAt.toISOString() } };
}

async function conditioned(raw: Record<string, unknown>): Promise<{ release: TestRelease; target: IngestTarget }> {
  const release = await releaseTestFlow(t.db, {
    slug: `machines-${++flowCount}`,
    definition: triggerFlow({ kind: "mqtt-trigger", config: { connection: "mqtt", topic: "plant/+/state", qos: 1, payloadFormat: "json" } }),
  });
  const conditioning: TConditioning = ZConditioning.parse(raw);
  return {
    release,
    target: { environmentId: release.environmentId, flowId: release.flowId, versionId: release.versionId, nodeId: "start", triggerKind: "mqtt", conditioning },
  };
}

function ingest(target: IngestTarget, messages: IngestMessage[], now = messages.at(-1)?.receivedAt ?? at(0), using: EngineIo = io) {
  return using.transaction((sql) => ingestMessages(sql, target, messages, now));
}

async function runsOf(release: TestRelease) {
  const runs = await t.db.run.findMany({ where: { flowId: release.flowId }, orderBy: { createdAt: "asc" }, select: { idempotencyKey: true, triggerPayload: true, triggerKind: true } });
  return runs.map((run) => ({ key: run.idempotencyKey, payload: run.triggerPayload as { payload: Record<string, unknown>; event?: Record<string, unknown> } }));
}

async function windowsOf(release: TestRelease) {
  return t.db.eventWindow.findMany({ where: { flowId: release.flowId }, orderBy: [{ key: "asc" }, { windowStart: "asc" }] });
}

/** Emits every window of the flow that is due at `now` (what the queued jobs would do). */
async function emitDueWindows(release: TestRelease, now: Date, using: EngineIo = io) {
  const due = await t.db.eventWindow.findMany({ where: { flowId: release.flowId, dueAt: { lte: now } }, select: { id: true } });
  for (const window of due) await using.transaction((sql) => emitWindow(sql, window.id, now));
}

describe("without conditioning", () => {
  it("starts one run per message; a redelivered message key starts nothing", async () => {
    const { release, target } = await conditioned({});
    const first = await ingest(target, [message(0, { asset: "P-7", state: "RUN" }, "a"), message(0.1, { asset: "P-7", state: "DOWN" }, "b")]);
    expect(first).toEqual({ accepted: 2, duplicates: 0, filtered: 0, windowed: 0 });
    const again = await ingest(target, [message(0.1, { asset: "P-7", state: "DOWN" }, "b")]);
    expect(again).toEqual({ accepted: 0, duplicates: 1, filtered: 0, windowed: 0 });
    const runs = await runsOf(release);
    expect(runs.map((run) => run.key)).toEqual(["a", "b"]);
    expect((await t.db.run.findFirstOrThrow({ where: { flowId: release.flowId } })).triggerKind).toBe("mqtt");
  });

  it("drops messages the filter rejects and counts them; a failing filter is explained", async () => {
    const { release, target } = await conditioned({ filter: 'payload.state !== "IDLE" && input.topic.startsWith("plant/")' });
    const result = await ingest(target, [message(0, { asset: "P-1", state: "IDLE" }), message(1, { asset: "P-1", state: "RUN" })]);
    expect(result).toMatchObject({ accepted: 1, filtered: 1 });
    expect((await runsOf(release)).map((run) => run.payload.payload.state)).toEqual(["RUN"]);

    const broken = await conditioned({ filter: "payload.nested.value > 1" });
    const failed = await ingest(broken.target, [message(0, { asset: "P-1" }, "no-nested")]);
    expect(failed.filtered).toBe(1);
    expect(failed.problems?.[0]).toMatchObject({ messageKey: "no-nested", reason: expect.stringContaining("The filter failed") });
  });
});

describe("dedupe", () => {
  it("starts one run per key and period, also when two batches for the key commit at once", async () => {
    const { release, target } = await conditioned({ key: "asset", window: { mode: "dedupe", period: "PT10M" } });
    const [a, b] = await Promise.all([
      ingest(target, [message(0, { asset: "P-7", alarm: "hot" }), message(1, { asset: "P-8", alarm: "hot" })]),
      ingest(target, [message(0.5, { asset: "P-7", alarm: "hot" }), message(2, { asset: "P-7", alarm: "hot" })]),
    ]);
    expect(a.accepted + b.accepted).toBe(2);
    expect(a.windowed + b.windowed).toBe(2);
    await ingest(target, [message(12, { asset: "P-7", alarm: "hot" })]);
    const runs = await runsOf(release);
    expect(runs.filter((run) => run.payload.payload.asset === "P-7")).toHaveLength(2);
    expect(runs.filter((run) => run.payload.payload.asset === "P-8")).toHaveLength(1);
  });
});

describe("debounce", () => {
  it("emits one run with the last message of a burst after the quiet time", async () => {
    const { release, target } = await conditioned({ key: "asset", window: { mode: "debounce", quiet: "PT1M" } });
    await ingest(target, [message(0, { asset: "P-7", n: 1 }), message(0.5, { asset: "P-7", n: 2 })]);
    await ingest(target, [message(1, { asset: "P-7", n: 3 })]);
    await emitDueWindows(release, at(1.9));
    expect(await runsOf(release)).toEqual([]);
    await emitDueWindows(release, at(2));
    const runs = await runsOf(release);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.payload).toMatchObject({ payload: { n: 3 }, event: { type: "debounced", key: "P-7", count: 3 } });
  });
});

describe("state duration", () => {
  const config = { key: "asset", window: { mode: "state", statePath: "state", value: "DOWN", minDuration: "PT5M" } };

  it("DOWN for more than 5 minutes: one started run, one recovered run with the duration; a blip nothing", async () => {
    const { release, target } = await conditioned(config);
    await ingest(target, [message(0, { asset: "P-7", state: "RUN" }), message(1, { asset: "P-7", state: "DOWN" }), message(1, { asset: "P-9", state: "DOWN" })]);
    await ingest(target, [message(3, { asset: "P-9", state: "RUN" }), message(4, { asset: "P-7", state: "DOWN" })]);
    await emitDueWindows(release, at(5.5));
    expect(await runsOf(release)).toEqual([]);

    // A restart: a new pool (nothing in memory), the emitter runs at the due time.
    const restarted = testPool(t.url, 2);
    try {
      await emitDueWindows(release, at(6), engineIo(restarted));
      await ingest(target, [message(8, { asset: "P-7", state: "RUN" })], at(8), engineIo(restarted));
    } finally {
      await restarted.end();
    }
    const runs = await runsOf(release);
    expect(runs.map((run) => [run.payload.event?.type, run.payload.event?.key])).toEqual([
      ["started", "P-7"],
      ["recovered", "P-7"],
    ]);
    expect(runs[1]?.payload.event).toMatchObject({ durationMs: 7 * 60_000, since: at(1).toISOString(), until: at(8).toISOString() });
  });

  it("two emitters at the same due window start one run", async () => {
    const { release, target } = await conditioned(config);
    await ingest(target, [message(0, { asset: "P-3", state: "DOWN" })]);
    const [window] = await windowsOf(release);
    const results = await Promise.all([0, 1, 2].map(() => io.transaction((sql) => emitWindow(sql, window!.id, at(10)))));
    expect(results.filter((result) => result.status === "emitted")).toHaveLength(1);
    expect(await runsOf(release)).toHaveLength(1);
  });
});

describe("tumbling windows", () => {
  it("counts and sums per key and window, emits each window once; late messages are counted, not emitted", async () => {
    const { release, target } = await conditioned({ key: "asset", window: { mode: "tumbling", size: "PT1H", sums: ["scrap"] } });
    await Promise.all([
      ingest(target, [message(0, { asset: "P-7", scrap: 2 }), message(10, { asset: "P-8", scrap: 1 })]),
      ingest(target, [message(20, { asset: "P-7", scrap: 3 }), message(70, { asset: "P-7", scrap: 5 })]),
    ]);
    await ingest(target, [message(20, { asset: "P-7", scrap: 3 }, "redelivered"), message(21, { asset: "P-7", scrap: 3 }, "redelivered")]);
    const closeFirst = new Date(T0 + 3_600_000 + 5_000);
    await Promise.all([emitDueWindows(release, closeFirst), emitDueWindows(release, closeFirst)]);
    const runs = await runsOf(release);
    expect(runs.map((run) => run.payload.event).sort((a, b) => String(a?.key).localeCompare(String(b?.key)))).toEqual([
      expect.objectContaining({ type: "window", key: "P-7", count: 3, sums: { scrap: 8 }, windowStart: at(0).toISOString(), windowEnd: at(60).toISOString() }),
      expect.objectContaining({ type: "window", key: "P-8", count: 1, sums: { scrap: 1 } }),
    ]);
    const late = await ingest(target, [message(30, { asset: "P-7", scrap: 9 })], at(62));
    expect(late).toMatchObject({ accepted: 0, windowed: 1 });
    const windows = await windowsOf(release);
    expect(windows.map((w) => [w.key, (w.state as { count: number }).count, (w.state as { late: number }).late, w.emittedAt !== null])).toEqual([
      ["P-7", 3, 1, true],
      ["P-7", 1, 0, false],
      ["P-8", 1, 0, true],
    ]);
    expect(await runsOf(release)).toHaveLength(2);
  });
});

describe("emission jobs", () => {
  it("one job per window, moved (not added) when the due time moves; a Timer row when due beyond 2 minutes", async () => {
    const debounce = await conditioned({ key: "asset", window: { mode: "debounce", quiet: "PT30S" } });
    const now = Date.now();
    await ingest(debounce.target, [{ ...message(0, { asset: "P-1" }), receivedAt: new Date(now) }], new Date(now));
    await ingest(debounce.target, [{ ...message(0, { asset: "P-1" }), receivedAt: new Date(now + 20_000) }], new Date(now + 20_000));
    const [window] = await windowsOf(debounce.release);
    const jobs = await t.db.$queryRawUnsafe<{ run_at: Date }[]>(`SELECT run_at FROM graphile_worker._private_jobs WHERE key = $1`, `window:${window!.id}`);
    expect(jobs.map((job) => job.run_at.getTime())).toEqual([now + 50_000]);

    const state = await conditioned({ key: "asset", window: { mode: "state", statePath: "state", value: "DOWN", minDuration: "PT5M" } });
    await ingest(state.target, [{ ...message(0, { asset: "P-2", state: "DOWN" }), receivedAt: new Date(now) }], new Date(now));
    const [held] = await windowsOf(state.release);
    const timers = await t.db.timer.findMany({ where: { jobKey: `window:${held!.id}` } });
    expect(timers.map((timer) => [timer.task, timer.dueAt.getTime()])).toEqual([["emit-window", now + 300_000]]);
  });
});

describe("through graphile-worker", () => {
  it("the emit-window job queued at the due time starts the run", async () => {
    const { release, target } = await conditioned({ key: "asset", window: { mode: "debounce", quiet: "PT1S" } });
    const now = new Date();
    await ingest(target, [{ ...message(0, { asset: "P-1", n: 1 }), receivedAt: now }], now);
    // Only the graphile side: no broker subscriptions in this test.
    process.env.MILLWRIGHT_SUBSCRIBERS = "0";
    const worker = await startWorker(t.url);
    try {
      const deadline = Date.now() + 20_000;
      while ((await runsOf(release)).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await worker.stop();
    }
    const runs = await runsOf(release);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.payload.event).toMatchObject({ type: "debounced", key: "P-1", count: 1 });
    expect((await windowsOf(release))[0]?.emittedAt).not.toBeNull();
  });
});
