// A plain pg pool beside the Prisma client, for the hot path of accepting work (webhooks): the
// engine's SQL (runtime/engine/sql.ts) runs on it without Prisma's per-query overhead. One per
// process; waiting for a free connection is bounded so overload answers 503 instead of hanging.
import pg from "pg";
import { logger } from "../log.ts";
import { databaseUrl } from "./client.ts";

const holder = globalThis as unknown as { millwrightPgPool?: pg.Pool };

export function getPgPool(): pg.Pool {
  if (!holder.millwrightPgPool) {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: Number(process.env.DATABASE_POOL_SIZE ?? 10) || 10, connectionTimeoutMillis: 5_000 });
    pool.on("error", (err) => logger.warn({ error: err.message }, "idle database client error"));
    holder.millwrightPgPool = pool;
  }
  return holder.millwrightPgPool;
}
