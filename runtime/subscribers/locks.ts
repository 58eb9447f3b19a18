// Which worker process holds a subscription: a PostgreSQL session advisory lock per (environment,
// flow, node), taken on one dedicated connection. PostgreSQL frees a session's locks when its
// connection ends, so a worker that dies (even by SIGKILL) lets another take the subscription over
// at its next look. If that connection is lost the locks are gone: `onLost` tells the service to
// stop consuming at once, before another worker can start.
import pg from "pg";

export type SubscriptionLocks = {
  tryLock(key: string): Promise<boolean>;
  unlock(key: string): Promise<void>;
  held(): ReadonlySet<string>;
  alive(): boolean;
  close(): Promise<void>;
};

const lockSql = (fn: string) => `SELECT ${fn}(hashtextextended('millwright-subscriber:' || $1, 0)) AS ok`;

export async function openSubscriptionLocks(connectionString: string, onLost: (error: Error) => void): Promise<SubscriptionLocks> {
  const client = new pg.Client({ connectionString, application_name: "millwright-subscribers", keepAlive: true });
  const held = new Set<string>();
  let alive = true;
  const lost = (error: Error) => {
    if (!alive) return;
    alive = false;
    held.clear();
    onLost(error);
  };
  client.on("error", lost);
  client.on("end", () => lost(new Error("the lock connection ended")));
  await client.connect();
  return {
    async tryLock(key) {
      // Session locks are re-entrant: never take one twice, or one unlock would not free it.
      if (held.has(key)) return true;
      const { rows } = await client.query<{ ok: boolean }>(lockSql("pg_try_advisory_lock"), [key]);
      if (rows[0]?.ok) held.add(key);
      return held.has(key);
    },
    async unlock(key) {
      if (!held.delete(key)) return;
      await client.query(lockSql("pg_advisory_unlock"), [key]);
    },
    held: () => held,
    alive: () => alive,
    async close() {
      alive = false;
      held.clear();
      await client.end().catch(() => undefined);
    },
  };
}
