// The outbound ledger of Odoo creates (table OdooWrite). Before a create is sent, its key (the step's
// idempotency key plus the operation and item index) is recorded PENDING with the external id the
// record will carry; once Odoo's answer is known the row becomes DONE with the record ids. A retry or
// redelivery of the same step finds the row: DONE -> the same ids, without calling Odoo again;
// PENDING -> the outcome is unknown, so the create is repeated through its external id (see
// create.server.ts), which finds the earlier record instead of making a second one.
import { createHash } from "node:crypto";
import { getDb, type Db } from "../db/client.ts";

/** The module part of the external ids Millwright gives the records it creates. */
export const EXTERNAL_ID_MODULE = "__millwright__";

export type OdooWriteStatus = "PENDING" | "DONE";

export type OdooWriteEntry = {
  key: string;
  connectionId: string;
  model: string;
  operation: string;
  externalId: string;
  status: OdooWriteStatus;
  resultIds: number[] | null;
};

export type OdooWriteLedger = {
  /** Records the write PENDING (first try) or returns the row an earlier try left (PENDING or DONE). */
  begin(write: Omit<OdooWriteEntry, "status" | "resultIds">): Promise<OdooWriteEntry>;
  /** The row of a key, if any (read only). */
  find(key: string): Promise<OdooWriteEntry | null>;
  /** Odoo's answer is known: the row becomes DONE with the record ids. */
  finish(key: string, ids: number[]): Promise<void>;
};

/** The ledger key of one record written by a step: stable across retries of that step. */
export function ledgerKey(idempotencyKey: string, operation: string, index = 0): string {
  return `${idempotencyKey}:${operation}:${index}`;
}

/**
 * The external id a created record carries: `__millwright__.r<hash>` of the run, the step and the
 * item index. The generation is left out on purpose, so a replay of the run (a new generation)
 * finds the record the earlier generation created instead of creating a second one.
 */
export function externalIdFor(runId: string, nodeId: string, index = 0): string {
  const hash = createHash("sha256").update(`${runId}\n${nodeId}\n${index}`).digest("hex").slice(0, 32);
  return `${EXTERNAL_ID_MODULE}.r${hash}`;
}

/** The ledger in the OdooWrite table. */
export function databaseLedger(db: Db = getDb()): OdooWriteLedger {
  return {
    async begin(write) {
      await db.odooWrite.createMany({ data: [{ ...write, status: "PENDING" }], skipDuplicates: true });
      const row = await db.odooWrite.findUniqueOrThrow({ where: { key: write.key } });
      return toEntry(row);
    },
    async find(key) {
      const row = await db.odooWrite.findUnique({ where: { key } });
      return row ? toEntry(row) : null;
    },
    async finish(key, ids) {
      await db.odooWrite.update({ where: { key }, data: { status: "DONE", resultIds: ids } });
    },
  };
}

/** The same in memory (unit tests). */
export function memoryLedger(): OdooWriteLedger & { entries: Map<string, OdooWriteEntry> } {
  const entries = new Map<string, OdooWriteEntry>();
  return {
    entries,
    async begin(write) {
      const found = entries.get(write.key);
      if (found) return { ...found };
      const entry: OdooWriteEntry = { ...write, status: "PENDING", resultIds: null };
      entries.set(write.key, entry);
      return { ...entry };
    },
    async find(key) {
      const found = entries.get(key);
      return found ? { ...found } : null;
    },
    async finish(key, ids) {
      const found = entries.get(key);
      if (found) entries.set(key, { ...found, status: "DONE", resultIds: ids });
    },
  };
}

function toEntry(row: { key: string; connectionId: string; model: string; operation: string; externalId: string; status: string; resultIds: unknown }): OdooWriteEntry {
  const ids = Array.isArray(row.resultIds) ? row.resultIds.filter((id): id is number => typeof id === "number") : null;
  return {
    key: row.key,
    connectionId: row.connectionId,
    model: row.model,
    operation: row.operation,
    externalId: row.externalId,
    status: row.status === "DONE" ? "DONE" : "PENDING",
    resultIds: ids,
  };
}
