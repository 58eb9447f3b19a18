import type { Db, DbTx } from "../db/client.ts";
import { GENESIS_HASH, hashAuditEvent, type AuditInput, type ChainedFields } from "./audit-event.ts";

// Every appender takes this lock inside its transaction, so events chain in commit order
// even with many web and worker processes writing at once.
const AUDIT_LOCK_KEY = 4_242_001;

/** The SQL an appender needs: a Prisma transaction or the engine's pg client (runtime/engine/sql.ts). */
export type AuditSql = { query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> };

/** Appends one event to the chain. Call it inside the transaction that makes the change. */
export function appendAudit(tx: DbTx, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
  return appendAuditSql({ query: <T>(text: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(text, ...params) }, input);
}

/** appendAudit on plain SQL (the worker's engine transactions). */
export async function appendAuditSql(sql: AuditSql, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
  await sql.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const last = await sql.query<{ hash: string }>(`SELECT hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`);
  const fields: ChainedFields = {
    createdAt: new Date(),
    actorId: input.actorId ?? null,
    actorLabel: input.actorLabel,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId ?? null,
    ip: input.ip ?? null,
    before: toJson(input.before),
    after: toJson(input.after),
    prevHash: last[0]?.hash ?? GENESIS_HASH,
  };
  const hash = hashAuditEvent(fields);
  const rows = await sql.query<{ seq: bigint | string }>(
    `INSERT INTO "AuditEvent" ("createdAt", "actorId", "actorLabel", action, "subjectType", "subjectId", ip, before, after, "prevHash", hash)
     VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11) RETURNING seq`,
    [fields.createdAt, fields.actorId, fields.actorLabel, fields.action, fields.subjectType, fields.subjectId, fields.ip, jsonParam(fields.before), jsonParam(fields.after), fields.prevHash, hash],
  );
  return { seq: BigInt(rows[0]!.seq), hash };
}

/** Appends an event in its own transaction (for events that change nothing else, e.g. sign-in). */
export async function recordAudit(db: Db, input: AuditInput): Promise<void> {
  await db.$transaction((tx) => appendAudit(tx, input));
}

export type ChainReport =
  | { ok: true; events: number; lastHash: string }
  | { ok: false; events: number; brokenAtSeq: bigint; reason: string };

/** Recomputes every hash in order; reports the first event that does not match. */
export async function verifyAuditChain(db: Db, batchSize = 1000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let afterSeq = -1n;
  let events = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: batchSize });
    if (rows.length === 0) return { ok: true, events, lastHash: prevHash };
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        return { ok: false, events, brokenAtSeq: row.seq, reason: "previous hash does not match (an event was removed or inserted)" };
      }
      if (hashAuditEvent({ ...row, before: row.before, after: row.after }) !== row.hash) {
        return { ok: false, events, brokenAtSeq: row.seq, reason: "content does not match its hash (the event was altered)" };
      }
      prevHash = row.hash;
      afterSeq = row.seq;
      events += 1;
    }
  }
}

// Values are stored as jsonb; normalise them first so the hash matches what is read back.
function toJson(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}

/** SQL NULL for null, otherwise the JSON text (a JSON null is stored as SQL NULL, as before). */
function jsonParam(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}
