// SubscriberStatus: what the UI shows of a subscription (which worker holds it, connected or not,
// messages in flight, counters, lag). The counters move in the commit transaction (commit.ts); the
// rest is written about once a second by the service holding the subscription.
import type { Sql } from "../engine/sql.ts";

export type SubscriberState = "connecting" | "connected" | "paused" | "error" | "stopped";
export type StatusRef = { environmentId: string; flowId: string; nodeId: string };

export async function writeStatus(
  sql: Sql,
  ref: StatusRef & { versionId: string },
  fields: { workerId: string | null; status: SubscriberState; message: string | null; inFlight: number; lagMs: number },
): Promise<void> {
  await sql.query(
    `INSERT INTO "SubscriberStatus" ("environmentId", "flowId", "nodeId", "versionId", "workerId", status, message, "inFlight", "lagMs", "updatedAt")
     VALUES ($1::uuid, $2::uuid, $3, $4::uuid, $5, $6, $7, $8, $9, now())
     ON CONFLICT ("environmentId", "flowId", "nodeId") DO UPDATE SET
       "versionId" = EXCLUDED."versionId", "workerId" = EXCLUDED."workerId", status = EXCLUDED.status, message = EXCLUDED.message,
       "inFlight" = EXCLUDED."inFlight", "lagMs" = EXCLUDED."lagMs", "updatedAt" = now()`,
    [ref.environmentId, ref.flowId, ref.nodeId, ref.versionId, fields.workerId, fields.status, fields.message?.slice(0, 1000) ?? null, fields.inFlight, Math.min(fields.lagMs, 2_147_483_647)],
  );
}

export type QueueDepth = { queued: number; lagMs: number };

/**
 * Runs of the flow in the environment waiting to start (counted up to `bound` + 1), and how long
 * the oldest has waited: the lag between a message's commit and its run starting.
 */
export async function queueDepth(sql: Sql, ref: StatusRef, bound: number): Promise<QueueDepth> {
  const [row] = await sql.query<{ queued: number; oldest: Date | null }>(
    `SELECT count(*)::int AS queued, min(q."createdAt") AS oldest FROM (
       SELECT "createdAt" FROM "Run" WHERE status = 'QUEUED' AND "flowId" = $1::uuid AND "environmentId" = $2::uuid AND NOT gated
        ORDER BY "createdAt" LIMIT $3) q`,
    [ref.flowId, ref.environmentId, bound + 1],
  );
  return { queued: row?.queued ?? 0, lagMs: row?.oldest ? Math.max(0, Date.now() - new Date(row.oldest).getTime()) : 0 };
}
