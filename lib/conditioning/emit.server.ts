// Emission of a due window (the emit-window task, scheduled at the row's dueAt). In ONE
// transaction: lock the row, check it is still due and not emitted, start its run (idempotency key
// from the window id) and record the emission. A second emitter (another worker, a retried job,
// a restart) waits for the lock, then finds nothing due: each window emits exactly once.
//
// The run starts on the version released now for the window's environment; a window whose flow
// is no longer released there (or whose trigger node is gone) is closed without a run.
import { flowOfRun } from "../../runtime/engine/run-flow.ts";
import type { Sql } from "../../runtime/engine/sql.ts";
import { lockWindowById, saveWindow, scheduleEmission, startRuns, type EmitTarget } from "./store.server.ts";
import { emitDue } from "./windows.ts";

export type EmitResult = { status: "emitted" | "not-due" | "gone" | "not-released"; runs: number };

export async function emitWindow(sql: Sql, windowId: string, now: Date): Promise<EmitResult> {
  const row = await lockWindowById(sql, windowId);
  if (!row) return { status: "gone", runs: 0 };
  const outcome = emitDue(row.kind, row, now.getTime());
  if (outcome.emissions.length === 0) {
    // Not due (yet): a message moved the due time on. Keep a job for the new time (same key, no-op if queued).
    if (row.dueAt && row.dueAt.getTime() > now.getTime() && row.emittedAt === null) await scheduleEmission(sql, row.id, row.dueAt);
    return { status: "not-due", runs: 0 };
  }
  const target = await releasedTarget(sql, row);
  await saveWindow(sql, row, outcome, now);
  if (!target) return { status: "not-released", runs: 0 };
  const counts = { accepted: 0, duplicates: 0 };
  await startRuns(sql, target, outcome.emissions, counts);
  if (row.kind === "tumbling") await pruneTumblingWindows(sql, row, now);
  return { status: "emitted", runs: counts.accepted };
}

/** Emitted tumbling windows are kept a week (late messages are counted on them), then removed. */
export const TUMBLING_RETENTION_MS = 7 * 86_400_000;

async function pruneTumblingWindows(sql: Sql, row: { environmentId: string; flowId: string; nodeId: string }, now: Date): Promise<void> {
  await sql.query(
    `DELETE FROM "EventWindow" WHERE "environmentId" = $1::uuid AND "flowId" = $2::uuid AND "nodeId" = $3 AND kind = 'tumbling' AND "emittedAt" < $4`,
    [row.environmentId, row.flowId, row.nodeId, new Date(now.getTime() - TUMBLING_RETENTION_MS)],
  );
}

async function releasedTarget(sql: Sql, row: { environmentId: string; flowId: string; nodeId: string }): Promise<EmitTarget | null> {
  const releases = await sql.query<{ versionId: string }>(
    `SELECT r."versionId" FROM "Release" r JOIN "Flow" f ON f.id = r."flowId" WHERE r."environmentId" = $1::uuid AND r."flowId" = $2::uuid AND f."archivedAt" IS NULL`,
    [row.environmentId, row.flowId],
  );
  const versionId = releases[0]?.versionId;
  if (!versionId) return null;
  const flow = await flowOfRun(sql, { id: "", versionId });
  const node = flow.nodes.get(row.nodeId)?.node;
  if (!node) return null;
  return { environmentId: row.environmentId, flowId: row.flowId, versionId, nodeId: row.nodeId, triggerKind: node.kind.replace(/-trigger$/, "") };
}
