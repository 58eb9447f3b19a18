// Window rows in Postgres (EventWindow) and the runs they start, always in the caller's
// transaction: ingest and the emit-window task lock a row, fold or emit (windows.ts), then save
// the row, start the runs and schedule the row's next emission together.
import { acceptWithSql } from "../../runtime/engine/accept.ts";
import { enqueue, json, type Sql } from "../../runtime/engine/sql.ts";
import type { FoldOutcome, WindowKind, WindowRow } from "./windows.ts";
import { initialState } from "./windows.ts";

export const EMIT_WINDOW_TASK = "emit-window";

/** Where a window's runs start: the released version of the flow and its trigger node. */
export type EmitTarget = { environmentId: string; flowId: string; versionId: string; nodeId: string; triggerKind: string };
export type WindowIdentity = { kind: WindowKind; key: string; windowStart: Date; windowEnd: Date | null };
export type RunCounts = { accepted: number; duplicates: number };

const COLUMNS = `id, key, "windowStart", "windowEnd", state, "dueAt", "emittedAt"`;

/** The window row, created when missing, locked until the transaction ends. */
export async function lockWindow(sql: Sql, target: EmitTarget, identity: WindowIdentity, now: Date): Promise<WindowRow> {
  // The no-op update takes the row lock (or waits for the transaction holding it) and returns the row.
  const rows = await sql.query<WindowRow>(
    `INSERT INTO "EventWindow" (id, "environmentId", "flowId", "nodeId", kind, key, "windowStart", "windowEnd", state, "createdAt", "updatedAt")
     VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8::jsonb, $9, $9)
     ON CONFLICT ("environmentId", "flowId", "nodeId", kind, key, "windowStart") DO UPDATE SET "updatedAt" = "EventWindow"."updatedAt"
     RETURNING ${COLUMNS}`,
    [target.environmentId, target.flowId, target.nodeId, identity.kind, identity.key, identity.windowStart, identity.windowEnd, json(initialState(identity.kind)), now],
  );
  return rows[0] as WindowRow;
}

/** A window row by id, locked, with what the emitter needs to know about it; null when gone. */
export async function lockWindowById(sql: Sql, windowId: string): Promise<(WindowRow & { kind: WindowKind; environmentId: string; flowId: string; nodeId: string }) | null> {
  const rows = await sql.query<WindowRow & { kind: WindowKind; environmentId: string; flowId: string; nodeId: string }>(
    `SELECT ${COLUMNS}, kind, "environmentId", "flowId", "nodeId" FROM "EventWindow" WHERE id = $1::uuid FOR UPDATE`,
    [windowId],
  );
  return rows[0] ?? null;
}

/** Writes the folded state back and, when the due time moved, schedules the emission (one job per window). */
export async function saveWindow(sql: Sql, row: WindowRow, outcome: FoldOutcome, now: Date): Promise<void> {
  await sql.query(`UPDATE "EventWindow" SET state = $2::jsonb, "dueAt" = $3, "emittedAt" = $4, "updatedAt" = $5 WHERE id = $1::uuid`, [
    row.id,
    json(outcome.state),
    outcome.dueAt,
    outcome.emittedAt,
    now,
  ]);
  if (outcome.dueAt && outcome.dueAt.getTime() !== row.dueAt?.getTime()) await scheduleEmission(sql, row.id, outcome.dueAt);
}

/** The emit-window job of a window at its due time; a later call moves it (same job key). */
export async function scheduleEmission(sql: Sql, windowId: string, dueAt: Date): Promise<void> {
  await enqueue(sql, EMIT_WINDOW_TASK, { windowId }, { jobKey: `window:${windowId}`, runAt: dueAt });
}

/** Starts one run per emission; a key that already started a run is a duplicate and starts nothing. */
export async function startRuns(sql: Sql, target: EmitTarget, emissions: { idempotencyKey: string; payload: unknown }[], counts: RunCounts): Promise<void> {
  for (const emission of emissions) {
    const started = await acceptWithSql(sql, {
      flowId: target.flowId,
      versionId: target.versionId,
      environmentId: target.environmentId,
      mode: "LIVE",
      triggerNodeId: target.nodeId,
      triggerKind: target.triggerKind,
      payload: emission.payload,
      idempotencyKey: emission.idempotencyKey,
    });
    if (started.duplicate) counts.duplicates += 1;
    else counts.accepted += 1;
  }
}
