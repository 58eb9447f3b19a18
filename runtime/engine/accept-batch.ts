// Accepting many runs of one released trigger at once (message triggers: a subscriber commits a
// batch of broker messages in one transaction). The same contract as acceptWithSql (accept.ts) for
// each run -- the run, its trigger step and the step's job, in the caller's transaction; a repeated
// idempotency key starts nothing -- in one statement: a multi-row INSERT of the runs, of their
// trigger steps, and one graphile_worker.add_jobs call for their jobs.
// Flows with concurrency limits or a run deadline take the one-by-one path (gate and timer per run).
import { acceptWithSql } from "./accept.ts";
import { hasLimits } from "./gate.ts";
import { flowOfRun } from "./run-flow.ts";
import { json, STEP_TASK, type Sql } from "./sql.ts";

export type BatchTarget = { flowId: string; versionId: string; environmentId: string; triggerNodeId: string; triggerKind: string };
export type BatchRun = { idempotencyKey: string; payload: unknown; businessKey?: string | null };
export type BatchAccepted = { runIds: Map<string, string>; accepted: number; duplicates: number };

export async function acceptBatch(sql: Sql, target: BatchTarget, runs: BatchRun[]): Promise<BatchAccepted> {
  const unique = [...new Map(runs.map((run) => [run.idempotencyKey, run])).values()];
  const flow = await flowOfRun(sql, { id: "", versionId: target.versionId });
  if (hasLimits(flow) || flow.settings.timeoutMs) return acceptOneByOne(sql, target, unique, runs.length);
  const rows = unique.length === 0 ? [] : await insertAll(sql, target, unique);
  const runIds = new Map(rows.map((row) => [row.key, row.id]));
  return { runIds, accepted: rows.length, duplicates: runs.length - rows.length };
}

async function insertAll(sql: Sql, target: BatchTarget, runs: BatchRun[]): Promise<{ id: string; key: string }[]> {
  const records = runs.map((run) => ({ key: run.idempotencyKey, payload: run.payload ?? null, business_key: run.businessKey ?? null }));
  // The job's key and payload are those queueStep gives a trigger step (queue.ts), so a worker
  // cannot tell a batch-accepted run from one accepted alone.
  return sql.query<{ id: string; key: string }>(
    `WITH runs AS (
       INSERT INTO "Run" (id, "flowId", "versionId", "environmentId", mode, status, "triggerKind", "triggerNodeId", "triggerPayload", "idempotencyKey", "businessKey", pending, "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, 'LIVE', 'QUEUED', $4, $5, r.payload, r.key, r.business_key, 1, now(), now()
         FROM jsonb_to_recordset($6::jsonb) AS r(key text, payload jsonb, business_key text)
       ON CONFLICT ("flowId", "environmentId", "idempotencyKey") DO NOTHING
       RETURNING id, "idempotencyKey" AS key, "triggerPayload" AS payload
     ), steps AS (
       INSERT INTO "StepRun" (id, "runId", "nodeId", generation, "maxAttempts", status, input, inline, "queuedAt")
       SELECT gen_random_uuid(), runs.id, $5, 0, 1, 'QUEUED', runs.payload, false, now() FROM runs
       RETURNING "runId"
     ), jobs AS (
       SELECT count(*) AS n FROM graphile_worker.add_jobs(array(
         SELECT ($7, json_build_object('runId', steps."runId", 'nodeId', $5::text, 'generation', 0), NULL, NULL, 25,
                 'step:' || steps."runId" || ':' || $5 || ':0', NULL, NULL)::graphile_worker.job_spec
           FROM steps))
     )
     SELECT runs.id, runs.key FROM runs, jobs`,
    [target.flowId, target.versionId, target.environmentId, target.triggerKind, target.triggerNodeId, json(records), STEP_TASK],
  );
}

async function acceptOneByOne(sql: Sql, target: BatchTarget, runs: BatchRun[], given: number): Promise<BatchAccepted> {
  const runIds = new Map<string, string>();
  for (const run of runs) {
    const accepted = await acceptWithSql(sql, {
      flowId: target.flowId, versionId: target.versionId, environmentId: target.environmentId, mode: "LIVE",
      triggerNodeId: target.triggerNodeId, triggerKind: target.triggerKind, payload: run.payload, idempotencyKey: run.idempotencyKey, businessKey: run.businessKey ?? null,
    });
    if (!accepted.duplicate) runIds.set(run.idempotencyKey, accepted.runId);
  }
  return { runIds, accepted: runIds.size, duplicates: given - runIds.size };
}
