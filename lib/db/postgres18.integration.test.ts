// The migrations must apply on PostgreSQL 15 (plants' managed servers, CI) and 18 (the embedded
// default). Whatever server the suite runs on, this file also checks the embedded 18.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type LocalDatabase } from "../../scripts/support/embedded-postgres.ts";
import { appSecrets, DATA_DIR } from "../../scripts/support/environment.ts";
import { applyMigrations } from "./migrate.ts";
import { diffDatabaseToSchema } from "./schema-engine.ts";

let server: LocalDatabase;
beforeAll(async () => {
  server = await startEmbeddedPostgres({
    dataDir: join(DATA_DIR, "pg18-check"), port: Number(process.env.MILLWRIGHT_PG18_PORT ?? 54332),
    password: appSecrets().postgresPassword, database: `mw_pg18_${process.pid}`,
  });
}, 120_000);
afterAll(async () => {
  const admin = new pg.Client({ connectionString: server.url.replace(/\/[^/]+$/, "/postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "mw_pg18_${process.pid}" WITH (FORCE)`);
  await admin.end();
  await server.stop();
});

describe("migrations on PostgreSQL 18", () => {
  it("apply cleanly and leave a database that matches schema.prisma", async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const version = (await client.query("SHOW server_version_num")).rows[0].server_version_num as string;
    await client.end();
    expect(Number(version)).toBeGreaterThanOrEqual(180000);

    const { applied } = await applyMigrations(server.url);
    expect(applied.length).toBeGreaterThan(0);
    const schema = readFileSync(fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url)), "utf8");
    expect(await diffDatabaseToSchema(server.url, schema)).toBe("");
  });
});
