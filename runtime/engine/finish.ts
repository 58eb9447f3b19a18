// Ending a run, inside the transaction of the step (or the control action) that ends it: steps
// still queued in this generation are skipped, its timers are dropped, the run row gets its final
// status, and gated runs of the same flow may start.
import type { CompiledFlow } from "./compiled-flow.ts";
import type { EndResponse } from "./executor.ts";
import { admitWaiting, type GateRun } from "./gate.ts";
import { json, type Sql } from "./sql.ts";

export type Finish = {
  status: "SUCCEEDED" | "FAILED" | "CANCELLED" | "DISCARDED";
  response?: EndResponse | null;
  error?: Record<string, unknown> | null;
  failedNodeId?: string | null;
  /** A failure an analyst can repair and replay (not an End step's intended failure). */
  deadLetter?: boolean;
};

export async function finishRun(sql: Sql, flow: CompiledFlow | null, run: GateRun & { generation: number }, finish: Finish): Promise<void> {
  await sql.query(
    `UPDATE "StepRun" SET status = 'SKIPPED', "nextAttemptAt" = NULL WHERE "runId" = $1::uuid AND generation = $2 AND status IN ('QUEUED', 'WAITING', 'RUNNING')`,
    [run.id, run.generation],
  );
  await sql.query(`DELETE FROM "Timer" WHERE "runId" = $1::uuid`, [run.id]);
  // Nobody can decide for a run that ended (cancelled, failed on another branch, discarded).
  if (!flow || flow.hasHumanTasks) await sql.query(`UPDATE "HumanTask" SET status = 'CANCELLED' WHERE "runId" = $1::uuid AND status = 'OPEN'`, [run.id]);
  await sql.query(
    `UPDATE "Run" SET status = $2::"RunStatus", pending = 0, "finishedAt" = now(), "updatedAt" = now(),
            response = coalesce($3::jsonb, response), error = $4::jsonb, "failedNodeId" = $5,
            "deadLetteredAt" = CASE WHEN $6 THEN now() ELSE NULL END
      WHERE id = $1::uuid`,
    [run.id, finish.status, finish.response ? json(finish.response) : null, finish.error ? json(finish.error) : null, finish.failedNodeId ?? null, finish.deadLetter ?? false],
  );
  if (flow) await admitWaiting(sql, flow, run);
}
