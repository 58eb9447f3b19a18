// Concurrency per flow and environment (settings.concurrency), and "one at a time per business
// key" (settings.oneAtATimePerBusinessKey). A run over the limit is accepted (it is durable at once)
// but gated: QUEUED with no job. When a run ends, the transaction that ends it admits the oldest
// gated runs that now fit. An advisory lock per flow+environment serialises these decisions.
import type { CompiledFlow } from "./compiled-flow.ts";
import { scheduleDeadline } from "./deadline.ts";
import { queueStep } from "./queue.ts";
import type { Sql } from "./sql.ts";

export type GateRun = { id: string; flowId: string; environmentId: string | null; businessKey: string | null; mode: string };

export function hasLimits(flow: CompiledFlow): boolean {
  return Boolean(flow.settings.concurrency || flow.settings.oneAtATimePerBusinessKey);
}

async function lockGate(sql: Sql, run: GateRun): Promise<void> {
  await sql.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('run-gate:' || $1 || ':' || $2))`, [run.flowId, run.environmentId]);
}

const ACTIVE = `status IN ('RUNNING', 'WAITING') OR (status = 'QUEUED' AND NOT gated)`;

/** Whether `run` may start now; call inside the transaction, after lockGate. */
async function fits(sql: Sql, flow: CompiledFlow, run: GateRun): Promise<boolean> {
  const rows = await sql.query<{ active: number; same_key: number }>(
    `SELECT count(*)::int AS active, count(*) FILTER (WHERE "businessKey" = $3)::int AS same_key
       FROM "Run" WHERE "flowId" = $1::uuid AND "environmentId" = $2::uuid AND id <> $4::uuid AND (${ACTIVE})`,
    [run.flowId, run.environmentId, run.businessKey, run.id],
  );
  const { active, same_key } = rows[0] ?? { active: 0, same_key: 0 };
  if (flow.settings.concurrency && active >= flow.settings.concurrency) return false;
  if (flow.settings.oneAtATimePerBusinessKey && run.businessKey !== null && same_key > 0) return false;
  return true;
}

/** At accept: true if the run may start now, false if it must wait for a slot. Test runs are never gated. */
export async function admitOnAccept(sql: Sql, flow: CompiledFlow, run: GateRun): Promise<boolean> {
  if (run.mode === "TEST" || !run.environmentId || !hasLimits(flow)) return true;
  await lockGate(sql, run);
  return fits(sql, flow, run);
}

/** When a run ends: start the oldest gated runs of the same flow and environment that now fit. */
export async function admitWaiting(sql: Sql, flow: CompiledFlow, ended: GateRun): Promise<void> {
  if (ended.mode === "TEST" || !ended.environmentId || !hasLimits(flow)) return;
  await lockGate(sql, ended);
  const waiting = await sql.query<GateRun & { triggerNodeId: string; triggerPayload: unknown; generation: number }>(
    `SELECT id, "flowId", "environmentId", "businessKey", mode, "triggerNodeId", "triggerPayload", generation FROM "Run"
      WHERE "flowId" = $1::uuid AND "environmentId" = $2::uuid AND gated AND status = 'QUEUED' ORDER BY "createdAt", id LIMIT 100`,
    [ended.flowId, ended.environmentId],
  );
  for (const run of waiting) {
    if (!(await fits(sql, flow, run))) {
      if (!flow.settings.oneAtATimePerBusinessKey) return; // the flow is full: nobody else fits either
      continue; // another business key may still fit
    }
    await startGatedRun(sql, run);
    await scheduleDeadline(sql, flow, { runId: run.id, generation: run.generation });
  }
}

async function startGatedRun(sql: Sql, run: { id: string; triggerNodeId: string; triggerPayload: unknown; generation: number }): Promise<void> {
  await sql.query(`UPDATE "Run" SET gated = false, pending = 1, "updatedAt" = now() WHERE id = $1::uuid`, [run.id]);
  await queueStep(sql, { runId: run.id, nodeId: run.triggerNodeId, generation: run.generation, input: run.triggerPayload, maxAttempts: 1 });
}
