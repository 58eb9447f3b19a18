// Applies prisma/migrations/*/migration.sql with plain pg, bookkept exactly like `prisma migrate
// deploy` (same _prisma_migrations table, same checksums, same advisory lock key), so either tool
// can take over from the other. Why not Prisma: its CLI needs a native engine we cannot download,
// and this runs at every start, where plain pg is cheaper than loading the 5.6 MB wasm engine.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Logger, runMigrations as runGraphileMigrations } from "graphile-worker";
import pg from "pg";

export const migrationsDir = fileURLToPath(new URL("../../prisma/migrations/", import.meta.url));

// The key Prisma Migrate itself locks on, so our runner and `prisma migrate` exclude each other too.
const lockKey = 72707369;

type Migration = { name: string; sql: string; checksum: string };
type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

export async function applyMigrations(
  databaseUrl: string,
  log: (msg: string) => void = () => {},
): Promise<{ applied: string[] }> {
  const migrations = await readMigrations();
  const client = new pg.Client({ connectionString: databaseUrl });
  // An idle connection error would otherwise crash the process; the next query reports it anyway.
  client.on("error", () => {});
  await client.connect();
  let result: { applied: string[] };
  try {
    // Session-level lock: a second process waits here until the first has finished, then finds
    // nothing pending. Ending the connection releases it, even after an error.
    await client.query("SELECT pg_advisory_lock($1)", [lockKey]);
    result = await applyPending(client, migrations, log);
  } finally {
    await client.end();
  }
  // The job queue's own schema: the web app enqueues jobs (graphile_worker.add_job) in its
  // transactions, so the queue must exist before any worker has ever started.
  await runGraphileMigrations({ connectionString: databaseUrl, logger: quietGraphileLogger });
  return result;
}

async function applyPending(client: pg.Client, migrations: Migration[], log: (msg: string) => void) {
  await ensureMigrationsTable(client);
  const rows = await readAppliedRows(client);
  checkHistory(migrations, rows, log);
  const done = new Set(rows.filter(isApplied).map((row) => row.migration_name));
  const applied: string[] = [];
  for (const migration of migrations.filter((m) => !done.has(m.name))) {
    await applyOne(client, migration);
    log(`applied migration ${migration.name}`);
    applied.push(migration.name);
  }
  return { applied };
}

// One transaction per migration: a failing migration leaves no trace (no half-applied schema and
// no "failed" row to resolve by hand), earlier ones stay applied. Consequence: a migration.sql
// must not contain its own BEGIN/COMMIT nor statements that refuse to run in a transaction
// (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE before PG 12).
async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name],
    );
    // No parameters: pg uses the simple query protocol, which runs a multi-statement script.
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
  }
}

function checkHistory(migrations: Migration[], rows: AppliedRow[], log: (msg: string) => void): void {
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) throw new Error(failedMessage(failed.map((row) => row.migration_name)));

  const onDisk = new Map(migrations.map((m) => [m.name, m]));
  const edited = rows.filter(isApplied).filter((row) => {
    const file = onDisk.get(row.migration_name);
    return file !== undefined && file.checksum !== row.checksum;
  });
  if (edited.length > 0) throw new Error(editedMessage(edited.map((row) => row.migration_name)));

  // Not fatal (Prisma only warns too): typically an older build running against a newer database.
  for (const row of rows.filter(isApplied)) {
    if (!onDisk.has(row.migration_name)) log(`warning: migration ${row.migration_name} is applied but not in ${migrationsDir}`);
  }
}

function failedMessage(names: string[]): string {
  return (
    `Refusing to migrate: migration(s) marked as failed in _prisma_migrations: ${names.join(", ")}. ` +
    `Repair the database by hand, then mark each as rolled back: ` +
    `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '<name>' AND finished_at IS NULL;`
  );
}

function editedMessage(names: string[]): string {
  return (
    `Refusing to migrate: migration(s) changed after being applied (checksum differs): ${names.join(", ")}. ` +
    `Restore the original migration.sql and put the change in a new migration.`
  );
}

function isApplied(row: AppliedRow): boolean {
  return row.finished_at !== null && row.rolled_back_at === null;
}

// Prisma's own DDL for the table (postgres flavour), so `prisma migrate status` reads it unchanged.
async function ensureMigrationsTable(client: pg.Client): Promise<void> {
  // Check first instead of CREATE TABLE IF NOT EXISTS: that still needs CREATE on the schema,
  // which a restricted runtime role may lack once the table exists.
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`);
  if (rows[0]?.exists) return;
  await client.query(`CREATE TABLE "_prisma_migrations" (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
  )`);
}

async function readAppliedRows(client: pg.Client): Promise<AppliedRow[]> {
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  return rows;
}

// Folders sorted by name (they start with a UTC timestamp), as Prisma orders them.
async function readMigrations(): Promise<Migration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new Error(`No migrations folder at ${migrationsDir}`);
    throw error;
  });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort(byCodeUnits);
  return Promise.all(names.map(readMigration));
}

async function readMigration(name: string): Promise<Migration> {
  const bytes = await readFile(join(migrationsDir, name, "migration.sql"));
  // Prisma's checksum: sha256 (hex) of the file's bytes.
  return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const quietGraphileLogger = new Logger(() => () => {});

