import type { Db } from "./db/client.ts";

export const HEARTBEAT_STALE_MS = 30_000;

export type Health = {
  status: "ok" | "degraded";
  database: { ok: boolean; latencyMs?: number; error?: string };
  worker: { ok: boolean; alive: number; lastBeatAt: string | null };
  checkedAt: string;
};

/** Database reachability and worker liveness (a heartbeat younger than 30 s). */
export async function checkHealth(db: Db): Promise<Health> {
  const checkedAt = new Date().toISOString();
  const started = performance.now();
  try {
    const rows = await db.$queryRaw<{ alive: bigint; last: Date | null }[]>`
      SELECT count(*) FILTER (WHERE "beatAt" > now() - make_interval(secs => ${HEARTBEAT_STALE_MS / 1000})) AS alive,
             max("beatAt") AS last
      FROM "WorkerHeartbeat"`;
    const latencyMs = Math.round(performance.now() - started);
    const alive = Number(rows[0]?.alive ?? 0);
    const worker = { ok: alive > 0, alive, lastBeatAt: rows[0]?.last?.toISOString() ?? null };
    return { status: worker.ok ? "ok" : "degraded", database: { ok: true, latencyMs }, worker, checkedAt };
  } catch {
    return { status: "degraded", database: { ok: false, error: "database unreachable" }, worker: { ok: false, alive: 0, lastBeatAt: null }, checkedAt };
  }
}
