// A run's row as the engine reads it, and the row lock every change to a run takes first: steps
// of one run commit one after another, and a cancel or replay never races a step's commit.
import type { Sql } from "./sql.ts";

export type RunRow = {
  id: string;
  status: string;
  generation: number;
  flowId: string;
  versionId: string | null;
  environmentId: string | null;
  mode: "LIVE" | "TEST";
  businessKey: string | null;
  triggerKind: string;
  startedAt: Date | null;
  createdAt: Date;
};

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "DISCARDED"]);

export function isTerminal(status: string): boolean {
  return TERMINAL.has(status);
}

export type LockedRun = RunRow & { pending: number };

export async function lockRun(sql: Sql, runId: string): Promise<LockedRun | null> {
  const rows = await sql.query<LockedRun>(
    `SELECT id, status, generation, pending, "flowId", "versionId", "environmentId", mode, "businessKey", "triggerKind", "startedAt", "createdAt"
       FROM "Run" WHERE id = $1::uuid FOR UPDATE`,
    [runId],
  );
  return rows[0] ?? null;
}
