// Queuing a step: its row (QUEUED, with its input) and, unless the job that queued it runs it
// next (inline), its graphile job -- both in the caller's transaction. The unique
// (run, node, generation) row makes a second queuing of the same step a no-op.
import { enqueue, json, STEP_TASK, type Sql } from "./sql.ts";

export type StepJobPayload = { runId: string; nodeId: string; generation: number };

export type QueueStep = StepJobPayload & {
  input: unknown;
  maxAttempts: number;
  inline?: boolean;
  predecessorNodeId?: string | null;
  runAt?: Date;
};

/** True when the step was queued now (false: it already existed in this generation). */
export async function queueStep(sql: Sql, step: QueueStep): Promise<boolean> {
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO "StepRun" (id, "runId", "nodeId", generation, "maxAttempts", status, input, inline, "predecessorNodeId", "queuedAt")
     VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4, 'QUEUED', $5::jsonb, $6, $7, now())
     ON CONFLICT ("runId", "nodeId", generation) DO NOTHING RETURNING id`,
    [step.runId, step.nodeId, step.generation, step.maxAttempts, json(step.input), step.inline ?? false, step.predecessorNodeId ?? null],
  );
  if (rows.length === 0) return false;
  if (!step.inline) await enqueueStepJob(sql, step, step.runAt);
  return true;
}

/** The job that executes (or resumes) a step; the key makes a repeated enqueue harmless. */
export function enqueueStepJob(sql: Sql, step: StepJobPayload, runAt?: Date, suffix = ""): Promise<void> {
  const payload: StepJobPayload = { runId: step.runId, nodeId: step.nodeId, generation: step.generation };
  return enqueue(sql, STEP_TASK, payload, { jobKey: `step:${step.runId}:${step.nodeId}:${step.generation}${suffix}`, runAt, runId: step.runId });
}
