// What people do to runs: replay (from the failed step, with the original or an edited input, or
// from the start), cancel and discard -- one run or many, each run in its own transaction and
// audited in it. A replay raises the run's generation: jobs and step rows of the old generation are
// ignored from then on, and the run continues on its pinned version.
import { appendAudit } from "../../lib/audit/audit.server.ts";
import type { Db } from "../../lib/db/client.ts";
import { auditActor, type Actor } from "../../lib/flows/flows.server.ts";
import { scheduleDeadline } from "./deadline.ts";
import { finishRun } from "./finish.ts";
import { queueStep } from "./queue.ts";
import { retryPolicyFor } from "./retry.ts";
import { flowOfRun } from "./run-flow.ts";
import { sqlOfTx, type Sql } from "./sql.ts";
import { isTerminal, lockRun, type LockedRun } from "./run-row.ts";

export type BulkResult = { done: string[]; skipped: { runId: string; reason: string }[] };

type Decision = { ok: true } | { ok: false; reason: string };

async function eachRun(db: Db, runIds: string[], act: (sql: Sql, run: LockedRun & { failedNodeId: string | null; triggerNodeId: string; triggerPayload: unknown }) => Promise<Decision>, audit: { action: string; actor: Actor; after?: Record<string, unknown> }): Promise<BulkResult> {
  const result: BulkResult = { done: [], skipped: [] };
  for (const runId of [...new Set(runIds)]) {
    const decision = await db.$transaction(async (tx) => {
      const sql = sqlOfTx(tx);
      const run = await lockRun(sql, runId);
      if (!run) return { ok: false, reason: "The run does not exist" } as Decision;
      const extra = (await sql.query<{ failedNodeId: string | null; triggerNodeId: string; triggerPayload: unknown }>(
        `SELECT "failedNodeId", "triggerNodeId", "triggerPayload" FROM "Run" WHERE id = $1::uuid`,
        [runId],
      ))[0] as { failedNodeId: string | null; triggerNodeId: string; triggerPayload: unknown };
      const decided = await act(sql, { ...run, ...extra });
      if (decided.ok)
        await appendAudit(tx, {
          ...auditActor(audit.actor),
          action: audit.action,
          subjectType: "run",
          subjectId: runId,
          before: { status: run.status, generation: run.generation },
          after: audit.after ?? {},
        });
      return decided;
    });
    if (decision.ok) result.done.push(runId);
    else result.skipped.push({ runId, reason: decision.reason });
  }
  return result;
}

export type ReplayInput = { runIds: string[]; from: "failed" | "start"; input?: unknown; actor: Actor };

export function replayRuns(db: Db, request: ReplayInput): Promise<BulkResult> {
  const edited = request.input !== undefined;
  return eachRun(
    db,
    request.runIds,
    async (sql, run) => {
      if (!isTerminal(run.status) || run.status === "DISCARDED") return { ok: false, reason: `A ${run.status.toLowerCase()} run cannot be replayed` };
      if (request.from === "failed" && (run.status !== "FAILED" || !run.failedNodeId)) return { ok: false, reason: "Only a failed run can be replayed from its failed step" };
      const nodeId = request.from === "failed" ? (run.failedNodeId as string) : run.triggerNodeId;
      const input = edited ? request.input : request.from === "start" ? run.triggerPayload : await stepInput(sql, run.id, nodeId, run.generation);
      const generation = run.generation + 1;
      const flow = await flowOfRun(sql, run);
      await sql.query(
        `UPDATE "Run" SET generation = $2, status = 'QUEUED', pending = 1, error = NULL, "failedNodeId" = NULL, "deadLetteredAt" = NULL,
                "finishedAt" = NULL, response = NULL, "updatedAt" = now() WHERE id = $1::uuid`,
        [run.id, generation],
      );
      await queueStep(sql, { runId: run.id, nodeId, generation, input, maxAttempts: retryPolicyFor(flow, nodeId).maxAttempts });
      await scheduleDeadline(sql, flow, { runId: run.id, generation });
      return { ok: true };
    },
    { action: "run.replayed", actor: request.actor, after: { from: request.from, inputEdited: edited } },
  );
}

async function stepInput(sql: Sql, runId: string, nodeId: string, generation: number): Promise<unknown> {
  const rows = await sql.query<{ input: unknown }>(`SELECT input FROM "StepRun" WHERE "runId" = $1::uuid AND "nodeId" = $2 AND generation <= $3 ORDER BY generation DESC LIMIT 1`, [
    runId,
    nodeId,
    generation,
  ]);
  return rows[0]?.input ?? null;
}

export function cancelRuns(db: Db, request: { runIds: string[]; actor: Actor }): Promise<BulkResult> {
  return eachRun(
    db,
    request.runIds,
    async (sql, run) => {
      if (isTerminal(run.status)) return { ok: false, reason: `The run has already ${run.status === "SUCCEEDED" ? "succeeded" : `been ${run.status.toLowerCase()}`}` };
      const flow = await flowOfRun(sql, run);
      await finishRun(sql, flow, run, { status: "CANCELLED", error: { class: "business", message: `Cancelled by ${request.actor.email}`, code: "cancelled" } });
      return { ok: true };
    },
    { action: "run.cancelled", actor: request.actor },
  );
}

export function discardRuns(db: Db, request: { runIds: string[]; actor: Actor }): Promise<BulkResult> {
  return eachRun(
    db,
    request.runIds,
    async (sql, run) => {
      if (run.status !== "FAILED") return { ok: false, reason: "Only a failed run can be discarded" };
      await sql.query(`UPDATE "Run" SET status = 'DISCARDED', "updatedAt" = now() WHERE id = $1::uuid`, [run.id]);
      return { ok: true };
    },
    { action: "run.discarded", actor: request.actor },
  );
}
