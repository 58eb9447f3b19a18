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
  /** Set for an inline step its job starts executing right after this commit. */
  startedAt?: Date;
};

/** The new step row's id, or null when the step already existed in this generation. */
export async function queueStep(sql: Sql, step: QueueStep): Promise<string | null> {
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO "StepRun" (id, "runId", "nodeId", generation, "maxAttempts", status, input, inline, "predecessorNodeId", "queuedAt", "startedAt")
     VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4, $8::"StepStatus", $5::jsonb, $6, $7, now(), $9)
     ON CONFLICT ("runId", "nodeId", generation) DO NOTHING RETURNING id`,
    [
      step.runId,
      step.nodeId,
      step.generation,
      step.maxAttempts,
      json(step.input),
      step.inline ?? false,
      step.predecessorNodeId ?? null,
      step.startedAt ? "RUNNING" : "QUEUED",
      step.startedAt ?? null,
    ],
  );
  const id = rows[0]?.id ?? null;
  if (id && !step.inline) await enqueueStepJob(sql, step, step.runAt);
  return id;
}

/** The job that executes (or resumes) a step; the key makes a repeated enqueue harmless. */
export function enqueueStepJob(sql: Sql, step: StepJobPayload, runAt?: Date, suffix = ""): Promise<void> {
  const payload: StepJobPayload = { runId: step.runId, nodeId: step.nodeId, generation: step.generation };
  return enqueue(sql, STEP_TASK, payload, { jobKey: `step:${step.runId}:${step.nodeId}:${step.generation}${suffix}`, runAt, runId: step.runId });
}
