// The engine speaks SQL through one small interface, so the same statements run inside a Prisma
// interactive transaction (web: accept, replay, cancel) and on a pg client (worker: steps).
// Jobs are added with graphile_worker.add_job INSIDE the caller's transaction (STACK.md trap 2):
// a rollback removes the job with the row, and the job cannot start before the row is committed.
import type { PoolClient } from "pg";
import type { DbTx } from "../../lib/db/client.ts";

export type Sql = { query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> };

export function sqlOfTx(tx: DbTx): Sql {
  return { query: <T>(text: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(text, ...params) };
}

export function sqlOfPg(client: Pick<PoolClient, "query">): Sql {
  return { query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[] };
}

/** A JSON parameter: pass the result with a `$n::jsonb` cast. */
export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export const STEP_TASK = "run-step";

/** A due time beyond this goes to the Timer table, not graphile's queue (STACK.md trap 3). */
export const QUEUE_HORIZON_MS = 2 * 60_000;

export type JobOptions = { jobKey: string; runAt?: Date; runId?: string };

/**
 * Enqueues `task` in the caller's transaction: directly when due soon, else as a Timer row the
 * sweeper (runtime/engine/timers.ts) moves into the queue shortly before it is due.
 */
export async function enqueue(sql: Sql, task: string, payload: unknown, options: JobOptions): Promise<void> {
  const runAt = options.runAt ?? null;
  if (runAt && runAt.getTime() - Date.now() > QUEUE_HORIZON_MS) {
    await sql.query(
      `INSERT INTO "Timer" (id, "dueAt", task, payload, "jobKey", "runId") VALUES (gen_random_uuid(), $1, $2, $3::jsonb, $4, $5::uuid)
       ON CONFLICT ("jobKey") DO UPDATE SET "dueAt" = EXCLUDED."dueAt", payload = EXCLUDED.payload`,
      [runAt, task, json(payload), options.jobKey, options.runId ?? null],
    );
    return;
  }
  await sql.query(`SELECT graphile_worker.add_job($1, $2::json, run_at => $3::timestamptz, job_key => $4, max_attempts => 25)`, [
    task,
    json(payload),
    runAt,
    options.jobKey,
  ]);
}
