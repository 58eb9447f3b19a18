// The server Playwright tests against: a fresh database (migrated and seeded), the built web app
// and a worker, exactly as `./millwright start` runs them, on port E2E_PORT (default 3210); and the
// project's Odoo test server on E2E_ODOO_PORT (default 8169, version E2E_ODOO_VERSION, default 17)
// for the specs that call Odoo (they read the same variables to know its address).
import { join } from "node:path";
import { applyMigrations } from "../lib/db/migrate.ts";
import { createDb } from "../lib/db/client.ts";
import { seedDemo } from "../prisma/seed.ts";
import { startOdooSim } from "./odoo-sim/index.ts";
import { startEmbeddedPostgres, type LocalDatabase } from "./support/embedded-postgres.ts";
import { appSecrets, DATA_DIR, ROOT } from "./support/environment.ts";
import { startService, stopService } from "./support/processes.ts";
import { recreateDatabase, withDatabase } from "../test/databases.ts";

const port = Number(process.env.E2E_PORT ?? 3210);
const secrets = appSecrets();

async function serverUrl(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const embedded: LocalDatabase = await startEmbeddedPostgres({
    dataDir: join(DATA_DIR, "test-postgres"), port: Number(process.env.MILLWRIGHT_TEST_PG_PORT ?? 54330), password: secrets.postgresPassword, database: "postgres",
  });
  return embedded;
}

const server = await serverUrl();
const databaseName = process.env.E2E_DATABASE ?? "millwright_e2e";
const databaseUrl = withDatabase(server.url, databaseName);
await recreateDatabase(server.url, databaseName);
await applyMigrations(databaseUrl);
const db = createDb(databaseUrl);
await seedDemo(db);
await db.$disconnect();

const odooVersion = process.env.E2E_ODOO_VERSION === "19" ? 19 : 17;
const odoo = await startOdooSim({ version: odooVersion, port: Number(process.env.E2E_ODOO_PORT ?? 8169) });

const env: NodeJS.ProcessEnv = {
  ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: secrets.NEXTAUTH_SECRET,
  NEXTAUTH_URL: `http://127.0.0.1:${port}`, MILLWRIGHT_SECRET_KEY: secrets.MILLWRIGHT_SECRET_KEY, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};
const services = [
  startService("web", process.execPath, [join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: ROOT, env }),
  startService("worker", process.execPath, ["--no-node-snapshot", join(ROOT, "runtime/worker.ts")], { cwd: ROOT, env: { ...env, MILLWRIGHT_SERVICE: "worker" } }),
];

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(services.map((s) => stopService(s)));
  await odoo.close().catch(() => undefined);
  await server.stop().catch(() => undefined);
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
for (const s of services) void s.exited.then((code) => { if (!stopping) { console.error(`${s.name} exited with ${code}`); void stop(1); } });
