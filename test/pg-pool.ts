// A pg pool on a test database. Dropping the database at the end of a file terminates any backend
// still closing (WITH (FORCE)); pg then reports "terminating connection due to administrator
// command" on a client the pool already let go, with nobody listening: an uncaught error that
// fails the whole run. Test pools listen on every client, so teardown stays quiet.
import pg from "pg";

export function testPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}
