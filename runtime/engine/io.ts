// The worker's database access for the engine: single statements on the pool, and transactions on
// one pooled client (BEGIN ... COMMIT, rolled back on any error).
import type { Pool } from "pg";
import { sqlOfPg, type Sql } from "./sql.ts";

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
