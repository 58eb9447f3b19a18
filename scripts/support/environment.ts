// Resolves the configuration the start and test commands hand to the web app and the worker.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOrCreateSecrets } from "./local-secrets.ts";
import { startEmbeddedPostgres, type LocalDatabase } from "./embedded-postgres.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const DATA_DIR = process.env.MILLWRIGHT_DATA_DIR ?? join(ROOT, ".data");

export function loadDotEnv(): void {
  const file = join(ROOT, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}

/**
 * The secrets of a local installation (generated once under .data/). The encryption key is also put
 * in this process's environment when none is set: the seed encrypts webhook secrets in-process.
 */
export function appSecrets(): { NEXTAUTH_SECRET: string; MILLWRIGHT_SECRET_KEY: string; postgresPassword: string } {
  const local = loadOrCreateSecrets(join(DATA_DIR, "secrets.json"));
  process.env.MILLWRIGHT_SECRET_KEY ??= local.secretKey;
  return {
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? local.nextAuthSecret,
    MILLWRIGHT_SECRET_KEY: process.env.MILLWRIGHT_SECRET_KEY ?? local.secretKey,
    postgresPassword: local.postgresPassword,
  };
}

/** DATABASE_URL when set; otherwise the embedded Postgres in <data>/<folder>, started now. */
export async function resolveDatabase(folder: string, port: number, database: string, password: string): Promise<LocalDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  return startEmbeddedPostgres({ dataDir: join(DATA_DIR, folder), port, password, database });
}

/** For one-off commands (seed, migrate, audit-verify): DATABASE_URL, else the embedded Postgres a running start uses. */
export function defaultDatabaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const { postgresPassword } = appSecrets();
  const port = Number(process.env.MILLWRIGHT_PG_PORT ?? 54329);
  return `postgresql://millwright:${encodeURIComponent(postgresPassword)}@127.0.0.1:${port}/millwright`;
}
