// The "schedule-tick" task, run every minute by graphile-worker's crontab: starts the runs of
// released flows whose trigger is a schedule. Per release, in ONE transaction: lock its
// TriggerState row, plan the ticks since the cursor (lib/triggers/schedule-plan.ts), accept one run
// per tick with the idempotency key "schedule:<scheduledAt ISO>" (a tick a second worker or a
// redelivered job plans again is a duplicate and starts nothing) and a start time (runAt) for
// ticks still ahead, then move the cursor.
//
// Missed ticks (Millwright stopped, workers down, database unreachable): a tick is started up to
// 60 s late; older ones are dropped and logged with missedTicks "skip", or, with "run-once", the
// latest of them starts one catch-up run. A newly released version starts from its release time
// (at most 60 s back): ticks from before the release are never backfilled.
import type { Task } from "graphile-worker";
import type { Logger } from "pino";
import { z } from "zod";
import { acceptWithSql } from "../engine/accept.ts";
import { cachedVersion, compiledVersion, type CompiledFlow } from "../engine/compiled-flow.ts";
import type { EngineIo } from "../engine/io.ts";
import { json, type Sql } from "../engine/sql.ts";
import type { ZScheduleTriggerConfig } from "../../nodes/schedule-trigger/definition.ts";
import { GRACE_MS, planTicks } from "../../lib/triggers/schedule-plan.ts";

export const SCHEDULE_TICK_TASK = "schedule-tick";

type ScheduleConfig = z.output<typeof ZScheduleTriggerConfig>;
type ReleaseRow = { environmentId: string; flowId: string; versionId: string; releasedAt: Date };
/** TriggerState.state of a schedule: the cursor, the latest tick started (for the flow page) and the release it belongs to. */
export type ScheduleState = { coveredUntil?: string; lastTickAt?: string | null; releasedAt?: string };
export type TickSummary = { schedules: number; started: number; duplicates: number; failed: number };

const ZPayload = z.object({}).passthrough();

export function scheduleTickTask(deps: { io: EngineIo; log: Logger }): Task {
  return async (payload) => {
    ZPayload.parse(payload ?? {});
    await tickSchedules(deps.io, { now: new Date(), log: deps.log });
  };
}

/** One pass over every released schedule; `now` is a parameter so tests control the clock. */
export async function tickSchedules(io: EngineIo, { now, log }: { now: Date; log: Logger }): Promise<TickSummary> {
  const releases = await io.query<ReleaseRow>(
    `SELECT r."environmentId", r."flowId", r."versionId", r."releasedAt"
       FROM "Release" r JOIN "Flow" f ON f.id = r."flowId" JOIN "FlowVersion" v ON v.id = r."versionId"
      WHERE f."archivedAt" IS NULL AND v.definition->'nodes' @> '[{"kind": "schedule-trigger"}]'::jsonb`,
  );
  const summary: TickSummary = { schedules: 0, started: 0, duplicates: 0, failed: 0 };
  for (const release of releases) {
    const context = { environmentId: release.environmentId, flowId: release.flowId, versionId: release.versionId };
    try {
      const trigger = scheduleTriggerOf(await versionOf(io, release.versionId));
      if (!trigger) continue;
      summary.schedules += 1;
      const result = await io.transaction((sql) => tickOne(sql, release, trigger, now, log.child(context)));
      summary.started += result.started;
      summary.duplicates += result.duplicates;
    } catch (err) {
      summary.failed += 1;
      log.error({ err, ...context }, "schedule tick failed for a release; the next pass retries it");
    }
  }
  return summary;
}

async function versionOf(io: EngineIo, versionId: string): Promise<CompiledFlow> {
  const cached = cachedVersion(versionId);
  if (cached) return cached;
  const [row] = await io.query<{ definition: unknown }>(`SELECT definition FROM "FlowVersion" WHERE id = $1::uuid`, [versionId]);
  return compiledVersion(versionId, row?.definition);
}

function scheduleTriggerOf(flow: CompiledFlow): { nodeId: string; config: ScheduleConfig } | null {
  const trigger = flow.triggerNodeId ? flow.nodes.get(flow.triggerNodeId) : undefined;
  if (!trigger || trigger.node.kind !== "schedule-trigger") return null;
  if (trigger.configError) throw new Error(`the schedule trigger's settings are invalid: ${trigger.configError}`);
  return { nodeId: trigger.node.id, config: trigger.config as ScheduleConfig };
}

async function tickOne(sql: Sql, release: ReleaseRow, trigger: { nodeId: string; config: ScheduleConfig }, now: Date, log: Logger): Promise<{ started: number; duplicates: number }> {
  const key = [release.environmentId, release.flowId, trigger.nodeId];
  await sql.query(
    `INSERT INTO "TriggerState" ("environmentId", "flowId", "nodeId", "versionId", state, "updatedAt") VALUES ($1::uuid, $2::uuid, $3, $4::uuid, '{}'::jsonb, now())
     ON CONFLICT DO NOTHING`,
    [...key, release.versionId],
  );
  const [row] = await sql.query<{ versionId: string; state: ScheduleState }>(
    `SELECT "versionId", state FROM "TriggerState" WHERE "environmentId" = $1::uuid AND "flowId" = $2::uuid AND "nodeId" = $3 FOR UPDATE`,
    key,
  );
  // A version released anew (or again, after being withdrawn) starts from its release: no backfill.
  const sameRelease = row?.versionId === release.versionId && row.state.coveredUntil !== undefined && row.state.releasedAt === release.releasedAt.toISOString();
  const from = sameRelease ? new Date(row.state.coveredUntil!) : new Date(Math.max(release.releasedAt.getTime(), now.getTime() - GRACE_MS));
  const { config } = trigger;
  const plan = planTicks({ cron: config.cron, timeZone: config.timezone, missedTicks: config.missedTicks, from, now });
  if (plan.skippedLatest) log.warn({ from: from.toISOString(), latestSkipped: plan.skippedLatest.toISOString(), missedTicks: config.missedTicks }, "schedule ticks missed while stopped were skipped");
  if (plan.catchUp) log.info({ scheduledAt: plan.catchUp.toISOString() }, "starting one catch-up run for the latest missed schedule tick");

  let started = 0;
  let duplicates = 0;
  const ticks = plan.catchUp ? [plan.catchUp, ...plan.due] : plan.due;
  for (const scheduledAt of ticks) {
    const ahead = scheduledAt > now;
    const accepted = await acceptWithSql(sql, {
      flowId: release.flowId, versionId: release.versionId, environmentId: release.environmentId, mode: "LIVE",
      triggerNodeId: trigger.nodeId, triggerKind: "schedule", idempotencyKey: `schedule:${scheduledAt.toISOString()}`,
      payload: { scheduledAt: scheduledAt.toISOString(), firedAt: (ahead ? scheduledAt : now).toISOString(), payload: config.payload },
      runAt: ahead ? scheduledAt : undefined,
    });
    if (accepted.duplicate) duplicates += 1;
    else started += 1;
  }
  const lastTick = ticks[ticks.length - 1];
  const state: ScheduleState = {
    coveredUntil: plan.coveredUntil.toISOString(),
    lastTickAt: lastTick ? lastTick.toISOString() : sameRelease ? row.state.lastTickAt ?? null : null,
    releasedAt: release.releasedAt.toISOString(),
  };
  await sql.query(
    `UPDATE "TriggerState" SET "versionId" = $4::uuid, state = $5::jsonb, "updatedAt" = now() WHERE "environmentId" = $1::uuid AND "flowId" = $2::uuid AND "nodeId" = $3`,
    [...key, release.versionId, json(state)],
  );
  return { started, duplicates };
}
