// Integration tests run against DATABASE_URL's server when set (CI's PostgreSQL 15), otherwise the
// embedded PostgreSQL 18 in .data/test-postgres. A template database is migrated once per run.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../lib/db/migrate.ts";
import { startEmbeddedPostgres, type LocalDatabase } from "../scripts/support/embedded-postgres.ts";
import { appSecrets, DATA_DIR } from "../scripts/support/environment.ts";
import { join } from "node:path";
import { dropDatabase, recreateDatabase, withDatabase } from "./databases.ts";

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
  }
}

let embedded: LocalDatabase | undefined;
let template: { serverUrl: string; name: string } | undefined;

export async function setup(project: TestProject): Promise<void> {
  // Secrets at rest (webhook trigger secrets, connection secrets) need a key; a throw-away one per run.
  process.env.MILLWRIGHT_SECRET_KEY ??= randomBytes(32).toString("base64");
  const serverUrl = await resolveServer();
  const templateDatabase = `mw_template_${process.pid}`;
  await recreateDatabase(serverUrl, templateDatabase);
  await applyMigrations(withDatabase(serverUrl, templateDatabase));
  template = { serverUrl, name: templateDatabase };
  project.provide("serverUrl", serverUrl);
  project.provide("templateDatabase", templateDatabase);
}

export async function teardown(): Promise<void> {
  if (template) await dropDatabase(template.serverUrl, template.name);
  await embedded?.stop();
}

async function resolveServer(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  embedded = await startEmbeddedPostgres({
    dataDir: join(DATA_DIR, "test-postgres"),
    port: Number(process.env.MILLWRIGHT_TEST_PG_PORT ?? 54330),
    password: appSecrets().postgresPassword,
    database: "postgres",
  });
  return embedded.url;
}
