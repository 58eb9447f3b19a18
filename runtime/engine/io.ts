// The engine's database access: single statements, and transactions on one pooled client (BEGIN ...
// COMMIT, rolled back on any error). The worker and the webhook route use a pg pool; anything
// holding only a Prisma client can use engineIoOfPrisma.
import type { Pool } from "pg";
import type { Db } from "../../lib/db/client.ts";
import { sqlOfPg, sqlOfTx, type Sql } from "./sql.ts";

export type EngineIo = Sql & { transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> };

export function engineIo(pool: Pool): EngineIo {
  return {
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(sqlOfPg(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** The same through a Prisma client (tests, and callers that hold no pg pool). */
export function engineIoOfPrisma(db: Db): EngineIo {
  return {
    query: <T>(text: string, params: unknown[] = []) => db.$queryRawUnsafe<T[]>(text, ...params),
    transaction: <T>(work: (sql: Sql) => Promise<T>) => db.$transaction((tx) => work(sqlOfTx(tx))),
  };
}
