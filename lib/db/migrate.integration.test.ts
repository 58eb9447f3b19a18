// Runs the real migrations against a throw-away database of its own (not the shared template, so
// it can watch the first apply) on the server test/global-setup.ts picked, else DATABASE_URL's.
// The last test is the drift check: migrations and prisma/schema.prisma must describe the same
// database, otherwise someone edited the schema without `npm run db:new-migration`.
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyMigrations, migrationsDir } from "./migrate.ts";
import { diffDatabaseToSchema } from "./schema-engine.ts";

const serverUrl = inject("serverUrl") ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const databaseName = `mw_migrate_test_${process.pid}_${Date.now()}`;
const databaseUrl = withDatabase(serverUrl, databaseName);
const schemaPath = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function query(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

beforeAll(async () => {
  await query(serverUrl, `CREATE DATABASE "${databaseName}"`);
});

afterAll(async () => {
  await query(serverUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
});

describe("applyMigrations", () => {
  it("applies every migration exactly once, even when two processes start together", async () => {
    const [first, second] = await Promise.all([applyMigrations(databaseUrl), applyMigrations(databaseUrl)]);
    const applied = [...first.applied, ...second.applied];
    expect(applied).toEqual(await migrationNames());
    const { rows } = await query(
      databaseUrl,
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND applied_steps_count = 1`,
    );
    expect(rows.map((row) => row.migration_name).sort()).toEqual(applied);
  });

  it("does nothing when nothing is pending", async () => {
    expect(await applyMigrations(databaseUrl)).toEqual({ applied: [] });
  });

  it("refuses when an applied migration's file no longer matches its checksum", async () => {
    const [name] = await migrationNames();
    const { rows } = await query(databaseUrl, `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1`, [name]);
    await query(databaseUrl, `UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = $1`, [name]);
    try {
      await expect(applyMigrations(databaseUrl)).rejects.toThrow(/checksum differs.*init/);
    } finally {
      await query(databaseUrl, `UPDATE "_prisma_migrations" SET checksum = $2 WHERE migration_name = $1`, [name, rows[0]?.checksum]);
    }
  });

  it("refuses while a migration is marked failed", async () => {
    await query(
      databaseUrl,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('test-failed', repeat('0', 64), '99999999999999_broken')`,
    );
    try {
      await expect(applyMigrations(databaseUrl)).rejects.toThrow(/marked as failed.*99999999999999_broken/);
    } finally {
      await query(databaseUrl, `DELETE FROM "_prisma_migrations" WHERE id = 'test-failed'`);
    }
  });
});

describe("the migrated database", () => {
  it("keeps AuditEvent append-only", async () => {
    await query(
      databaseUrl,
      `INSERT INTO "AuditEvent" ("createdAt", "actorLabel", action, "subjectType", "prevHash", hash)
       VALUES (now(), 'test', 'test.event', 'Test', '', 'hash-1')`,
    );
    const refused = /AuditEvent is append-only/;
    await expect(query(databaseUrl, `UPDATE "AuditEvent" SET action = 'changed'`)).rejects.toThrow(refused);
    await expect(query(databaseUrl, `DELETE FROM "AuditEvent"`)).rejects.toThrow(refused);
    await expect(query(databaseUrl, `TRUNCATE "AuditEvent"`)).rejects.toThrow(refused);
    const { rows } = await query(databaseUrl, `SELECT action FROM "AuditEvent"`);
    expect(rows).toEqual([{ action: "test.event" }]);
  });

  it("matches prisma/schema.prisma (migrations and schema have not drifted)", async () => {
    const schema = await readFile(schemaPath, "utf8");
    expect(await diffDatabaseToSchema(databaseUrl, schema)).toBe("");
  });
});
