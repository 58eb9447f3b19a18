import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Pool } from "pg";

// Each worker process refreshes one row every few seconds; /api/health (lib/health.server.ts)
// reports a worker as alive while its beat is fresh. Rows of stopped workers are removed on exit.
export const HEARTBEAT_INTERVAL_MS = 5_000;

export type Heartbeat = { workerId: string; stop: () => Promise<void> };

/** `lockIds` lists graphile-worker's ids of this process's pool and workers (see runtime/recovery.ts). */
export async function startHeartbeat(pool: Pool, lockIds: () => string[] = () => [], intervalMs = HEARTBEAT_INTERVAL_MS): Promise<Heartbeat> {
  const workerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const startedAt = new Date();
  const beat = () =>
    pool.query(
      `INSERT INTO "WorkerHeartbeat" ("workerId", hostname, pid, "startedAt", "beatAt", "lockIds") VALUES ($1, $2, $3, $4, now(), $5)
       ON CONFLICT ("workerId") DO UPDATE SET "beatAt" = now(), "lockIds" = EXCLUDED."lockIds"`,
      [workerId, hostname(), process.pid, startedAt, lockIds()],
    );
  await beat();
  const timer = setInterval(() => void beat().catch(() => undefined), intervalMs);
  timer.unref();
  return {
    workerId,
    async stop() {
      clearInterval(timer);
      await pool.query(`DELETE FROM "WorkerHeartbeat" WHERE "workerId" = $1`, [workerId]).catch(() => undefined);
    },
  };
}
