// A flow's run deadline (settings.timeoutMs): accept (and each replay) schedules a "run-deadline"
// timer; if the run is still going when it fires, it fails as a dead letter at the step it was
// stuck on, so it can be replayed from there. Ending the run drops the timer (finish.ts).
import type { CompiledFlow } from "./compiled-flow.ts";
import { finishRun } from "./finish.ts";
import type { EngineIo } from "./io.ts";
import { enqueue, type Sql } from "./sql.ts";
import { isTerminal, lockRun } from "./run-row.ts";

export const DEADLINE_TASK = "run-deadline";

export type DeadlineJob = { runId: string; generation: number };

export async function scheduleDeadline(sql: Sql, flow: CompiledFlow, job: DeadlineJob, from = new Date()): Promise<void> {
  const timeoutMs = flow.settings.timeoutMs;
  if (!timeoutMs) return;
  await enqueue(sql, DEADLINE_TASK, job, { jobKey: `deadline:${job.runId}:${job.generation}`, runAt: new Date(from.getTime() + timeoutMs), runId: job.runId });
}

export async function enforceDeadline(io: EngineIo, flowOf: (run: { id: string; versionId: string | null }) => Promise<CompiledFlow>, job: DeadlineJob): Promise<boolean> {
  return io.transaction(async (sql) => {
    const run = await lockRun(sql, job.runId);
    if (!run || isTerminal(run.status) || run.generation !== job.generation) return false;
    const flow = await flowOf(run);
    const stuck = await sql.query<{ nodeId: string }>(
      `SELECT "nodeId" FROM "StepRun" WHERE "runId" = $1::uuid AND generation = $2 AND status IN ('RUNNING', 'WAITING', 'QUEUED') ORDER BY "queuedAt" LIMIT 1`,
      [run.id, run.generation],
    );
    const nodeId = stuck[0]?.nodeId ?? null;
    const seconds = Math.round((flow.settings.timeoutMs ?? 0) / 1000);
    await finishRun(sql, flow, run, {
      status: "FAILED",
      error: { class: "business", code: "run-deadline", message: `The run did not finish within its deadline (${seconds} s)`, ...(nodeId ? { nodeId } : {}) },
      failedNodeId: nodeId,
      deadLetter: true,
    });
    return true;
  });
}
