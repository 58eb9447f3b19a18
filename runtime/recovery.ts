// Recovery of jobs a crashed worker process held. graphile-worker only frees the locks of a killed
// process after 4 hours; our heartbeat rows (runtime/heartbeat.ts) carry each live process's
// graphile lock ids, so any worker can see which locks belong to nobody alive and release them
// with graphile_worker.force_unlock_workers. The jobs then run again; the engine makes that
// harmless (see runtime/engine/step.ts).
import type { Sql } from "./engine/sql.ts";

/** A process whose heartbeat is older than this is considered dead. */
export const STALE_AFTER_MS = Number(process.env.WORKER_STALE_AFTER_MS ?? 20_000);

export async function releaseOrphanedJobs(sql: Sql, staleAfterMs = STALE_AFTER_MS): Promise<string[]> {
  const rows = await sql.query<{ locked_by: string }>(
    `SELECT DISTINCT j.locked_by FROM graphile_worker._private_jobs j
      WHERE j.locked_by IS NOT NULL AND j.locked_at < now() - ($1::int * interval '1 millisecond')
        AND NOT EXISTS (SELECT 1 FROM "WorkerHeartbeat" h
                         WHERE j.locked_by = ANY(h."lockIds") AND h."beatAt" > now() - ($1::int * interval '1 millisecond'))`,
    [staleAfterMs],
  );
  const ids = rows.map((row) => row.locked_by);
  if (ids.length > 0) await sql.query(`SELECT 1 AS released FROM graphile_worker.force_unlock_workers($1::text[])`, [ids]);
  return ids;
}
