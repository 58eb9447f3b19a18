// The schedule tick against a real PostgreSQL with the clock passed in: ticks become runs (ahead
// ones with their start time), nothing starts twice, missed ticks are skipped or caught up once.
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPool } from "../../test/pg-pool.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { releaseTestFlow, triggerFlow, type TestRelease } from "../../lib/triggers/test-release.ts";
import { engineIo, type EngineIo } from "../engine/io.ts";
import { tickSchedules, type ScheduleState } from "./schedule-tick.ts";

let t: TestDatabase;
let pool: pg.Pool;
let io: EngineIo;
const log = pino({ level: "silent" });
// Times near the real clock, so start times go to graphile's queue as they would in production.
const minute = Math.floor(Date.now() / 60_000) * 60_000;
const at = (offsetSeconds: number) => new Date(minute + offsetSeconds * 1000);
const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const atHour = (offsetSeconds: number) => new Date(hour + offsetSeconds * 1000);

beforeAll(async () => {
  t = await createTestDatabase();
  pool = testPool(t.url, 4);
  io = engineIo(pool);
});
afterAll(async () => {
  await pool?.end();
  await t?.drop();
});

async function scheduled(options: { slug: string; cron: string; missedTicks?: "skip" | "run-once"; releasedAt: Date }): Promise<TestRelease> {
  const release = await releaseTestFlow(t.db, {
    slug: options.slug,
    definition: triggerFlow({ kind: "schedule-trigger", config: { cron: options.cron, timezone: "UTC", missedTicks: options.missedTicks ?? "skip", payload: { report: "daily" } } }),
  });
  await t.db.release.update({ where: { environmentId_flowId: { environmentId: release.environmentId, flowId: release.flowId } }, data: { releasedAt: options.releasedAt } });
  return release;
}

async function runsOf(flowId: string): Promise<{ key: string | null; payload: { scheduledAt: string; firedAt: string; payload: unknown } }[]> {
  const runs = await t.db.run.findMany({ where: { flowId }, orderBy: { idempotencyKey: "asc" }, select: { idempotencyKey: true, triggerPayload: true, triggerKind: true } });
  for (const run of runs) expect(run.triggerKind).toBe("schedule");
  return runs.map((run) => ({ key: run.idempotencyKey, payload: run.triggerPayload as { scheduledAt: string; firedAt: string; payload: unknown } }));
}

async function stateOf(release: TestRelease): Promise<ScheduleState> {
  const row = await t.db.triggerState.findUniqueOrThrow({ where: { environmentId_flowId_nodeId: { environmentId: release.environmentId, flowId: release.flowId, nodeId: "start" } } });
  return row.state as ScheduleState;
}

async function setCursor(release: TestRelease, coveredUntil: Date): Promise<void> {
  const where = { environmentId_flowId_nodeId: { environmentId: release.environmentId, flowId: release.flowId, nodeId: "start" } };
  const state = (await t.db.triggerState.findUniqueOrThrow({ where })).state as ScheduleState;
  await t.db.triggerState.update({ where, data: { state: { ...state, coveredUntil: coveredUntil.toISOString(), lastTickAt: null } } });
}

describe("the schedule tick", () => {
  let everyMinute: TestRelease;

  it("starts a new release from now: the late tick at once, the next one queued for its time, nothing from before", async () => {
    everyMinute = await scheduled({ slug: "every-minute", cron: "* * * * *", releasedAt: at(-7200) });
    const summary = await tickSchedules(io, { now: at(30), log });
    expect(summary).toMatchObject({ schedules: 1, started: 2, duplicates: 0, failed: 0 });
    const runs = await runsOf(everyMinute.flowId);
    expect(runs.map((run) => run.key)).toEqual([`schedule:${at(0).toISOString()}`, `schedule:${at(60).toISOString()}`]);
    expect(runs[0]!.payload).toEqual({ scheduledAt: at(0).toISOString(), firedAt: at(30).toISOString(), payload: { report: "daily" } });
    expect(runs[1]!.payload.firedAt).toBe(at(60).toISOString());
    const jobs = await t.db.$queryRawUnsafe<{ run_at: Date }[]>(
      `SELECT j.run_at FROM graphile_worker.jobs j JOIN "Run" r ON j.key LIKE 'step:' || r.id || ':%' WHERE r."idempotencyKey" = $1`,
      `schedule:${at(60).toISOString()}`,
    );
    expect(jobs.map((job) => job.run_at.toISOString())).toEqual([at(60).toISOString()]);
    expect(await stateOf(everyMinute)).toEqual({ coveredUntil: at(90).toISOString(), lastTickAt: at(60).toISOString(), releasedAt: at(-7200).toISOString() });
  });

  it("never starts a tick twice: the next pass continues at the cursor, a replanned tick is a duplicate", async () => {
    await tickSchedules(io, { now: at(90), log });
    expect((await runsOf(everyMinute.flowId)).map((run) => run.key)).toEqual([0, 60, 120].map((s) => `schedule:${at(s).toISOString()}`));
    // Two workers at once, after a pass that lost its cursor (a redelivered job): nothing starts again.
    await setCursor(everyMinute, at(-30));
    const [a, b] = await Promise.all([tickSchedules(io, { now: at(25), log }), tickSchedules(io, { now: at(25), log })]);
    expect(a.started + b.started).toBe(0);
    expect(a.duplicates + b.duplicates).toBe(2);
    expect(await runsOf(everyMinute.flowId)).toHaveLength(3);
  });

  it("skips ticks missed while stopped (missedTicks skip)", async () => {
    await setCursor(everyMinute, at(-3 * 3600));
    const before = (await runsOf(everyMinute.flowId)).length;
    const summary = await tickSchedules(io, { now: at(3600 + 30), log });
    // Only the tick 30 s late and the one ahead start; the hour in between is dropped.
    expect(summary.started).toBe(2);
    const keys = (await runsOf(everyMinute.flowId)).map((run) => run.key).slice(before);
    expect(keys).toEqual([`schedule:${at(3600).toISOString()}`, `schedule:${at(3660).toISOString()}`]);
  });

  it("starts one catch-up run for the latest missed tick (missedTicks run-once)", async () => {
    const hourly = await scheduled({ slug: "hourly-catch-up", cron: "0 * * * *", missedTicks: "run-once", releasedAt: atHour(-7 * 3600) });
    await tickSchedules(io, { now: atHour(-6 * 3600 + 1800), log });
    expect(await runsOf(hourly.flowId)).toEqual([]);
    // Stopped for five hours: one run for the latest missed hour, started now.
    const summary = await tickSchedules(io, { now: atHour(-3600 + 1800), log });
    expect(summary.started).toBe(1);
    const runs = await runsOf(hourly.flowId);
    expect(runs.map((run) => run.payload)).toEqual([{ scheduledAt: atHour(-3600).toISOString(), firedAt: atHour(-3600 + 1800).toISOString(), payload: { report: "daily" } }]);
    expect((await stateOf(hourly)).lastTickAt).toBe(atHour(-3600).toISOString());
  });

  it("starts a flow released again from its new release time, without catching up", async () => {
    const hourly = await scheduled({ slug: "released-again", cron: "0 * * * *", missedTicks: "run-once", releasedAt: atHour(-10 * 3600) });
    await tickSchedules(io, { now: atHour(-9 * 3600 + 1800), log });
    // Withdrawn for hours, then released again (a new release time): no catch-up run for the gap.
    await t.db.release.update({ where: { environmentId_flowId: { environmentId: hourly.environmentId, flowId: hourly.flowId } }, data: { releasedAt: atHour(-3600 + 1700) } });
    const summary = await tickSchedules(io, { now: atHour(-3600 + 1800), log });
    expect(summary.started).toBe(0);
    expect(await runsOf(hourly.flowId)).toEqual([]);
  });

  it("leaves archived flows and other triggers alone", async () => {
    const archived = await scheduled({ slug: "archived-schedule", cron: "* * * * *", releasedAt: at(-60) });
    await t.db.flow.update({ where: { id: archived.flowId }, data: { archivedAt: new Date() } });
    await releaseTestFlow(t.db, { slug: "manual-only", definition: triggerFlow({ kind: "manual-trigger", config: {} }) });
    await tickSchedules(io, { now: at(7200), log });
    expect(await runsOf(archived.flowId)).toEqual([]);
  });
});
