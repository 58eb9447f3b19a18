// The timer sweeper: moves Timer rows due within the queue horizon into graphile-worker's queue
// (with their run_at and job key) and deletes them, in one statement. Any number of workers may
// sweep at once: rows are claimed with SKIP LOCKED.
import { QUEUE_HORIZON_MS, type Sql } from "./sql.ts";

export async function sweepTimers(sql: Sql, batch = 500): Promise<number> {
  const rows = await sql.query<{ moved: number }>(
    `WITH due AS (
       DELETE FROM "Timer" WHERE id IN (
         SELECT id FROM "Timer" WHERE "dueAt" < now() + ($1::int * interval '1 millisecond') ORDER BY "dueAt" LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING task, payload, "dueAt", "jobKey")
     SELECT count(graphile_worker.add_job(task, payload::json, run_at => "dueAt", job_key => "jobKey", max_attempts => 25))::int AS moved FROM due`,
    [QUEUE_HORIZON_MS, batch],
  );
  return rows[0]?.moved ?? 0;
}
