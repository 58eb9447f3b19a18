// `./millwright start` (or `npm start`): database, migrations, demo data, web app and worker in
// one command. Ctrl-C stops everything; a second start reuses the data and, if nothing changed,
// the previous build.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { applyMigrations } from "../lib/db/migrate.ts";
import { createDb } from "../lib/db/client.ts";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../prisma/seed.ts";
import { buildIsCurrent, markBuilt } from "./support/build-fingerprint.ts";
import { appSecrets, loadDotEnv, resolveDatabase, ROOT } from "./support/environment.ts";
import { startService, stopService, waitForHttp, type Service } from "./support/processes.ts";
import { startOdooSim, type OdooSim } from "./odoo-sim/index.ts";

const say = (line: string) => process.stdout.write(`millwright  ${line}\n`);

async function main(): Promise<void> {
  loadDotEnv();
  const port = Number(process.env.PORT ?? 3000);
  const secrets = appSecrets();
  say(process.env.DATABASE_URL ? "using DATABASE_URL" : "starting the embedded PostgreSQL (.data/postgres)");
  const database = await resolveDatabase("postgres", Number(process.env.MILLWRIGHT_PG_PORT ?? 54329), "millwright", secrets.postgresPassword);
  const services: Service[] = [];
  const demoOdoo: { sim?: OdooSim } = {};
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("stopping...");
    await Promise.all(services.map((s) => stopService(s)));
    await demoOdoo.sim?.close().catch(() => undefined);
    await database.stop().catch(() => undefined);
    say("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  try {
    const { applied } = await applyMigrations(database.url);
    say(applied.length ? `applied ${applied.length} migration(s)` : "database schema is up to date");
    await seedDatabase(database.url);
    buildIfNeeded();
  } catch (error) {
    say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
    return;
  }

  demoOdoo.sim = await startDemoOdoo();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: secrets.NEXTAUTH_SECRET,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    MILLWRIGHT_SECRET_KEY: secrets.MILLWRIGHT_SECRET_KEY,
  };
  services.push(startService("web", process.execPath, [join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], { cwd: ROOT, env }));
  services.push(startService("worker", process.execPath, ["--no-node-snapshot", join(ROOT, "runtime/worker.ts")], { cwd: ROOT, env: { ...env, MILLWRIGHT_SERVICE: "worker" } }));
  for (const service of services) {
    void service.exited.then((code) => {
      if (!stopping) { say(`${service.name} exited with code ${code}`); void stopAll(1); }
    });
  }

  const healthy = await waitForHttp(`http://127.0.0.1:${port}/api/health`, 90_000);
  if (!healthy) say("warning: /api/health is not reporting healthy yet; see the lines above");
  printBanner(port);
}

// The project's Odoo test server on 127.0.0.1:8069, where the demo connection odoo-main points
// (database plant, admin/admin). MILLWRIGHT_ODOO_SIM=0 turns it off; a taken port is left alone.
async function startDemoOdoo(): Promise<OdooSim | undefined> {
  if (process.env.MILLWRIGHT_ODOO_SIM === "0") return undefined;
  const version = process.env.MILLWRIGHT_ODOO_SIM_VERSION === "19" ? 19 : 17;
  try {
    const sim = await startOdooSim({ version, port: 8069, host: "127.0.0.1", database: "plant" });
    say(`Odoo ${version} test server on ${sim.url} (database plant, admin/admin; MILLWRIGHT_ODOO_SIM=0 turns it off)`);
    return sim;
  } catch (error) {
    const taken = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
    say(taken ? "port 8069 is taken: not starting the Odoo test server (odoo-main talks to whatever listens there)" : `could not start the Odoo test server: ${String(error)}`);
    return undefined;
  }
}

async function seedDatabase(url: string): Promise<void> {
  const db = createDb(url);
  try {
    const { createdUsers } = await seedDemo(db);
    if (createdUsers.length) say(`seeded ${createdUsers.length} demo user(s)`);
  } finally {
    await db.$disconnect();
  }
}

function buildIfNeeded(): void {
  if (buildIsCurrent(ROOT)) { say("web app build is current"); return; }
  say("building the web app (first start or changed sources; about a minute)...");
  const result = spawnSync(process.execPath, [join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("next build failed");
  markBuilt(ROOT);
}

function printBanner(port: number): void {
  const rows = DEMO_USERS.map((u) => `    ${u.email.padEnd(28)} ${u.roles.join(", ")}`).join("\n");
  process.stdout.write(`
  Millwright is running on http://localhost:${port}

  Demo sign-ins (password: ${DEMO_PASSWORD}):
${rows}

  Press Ctrl-C to stop.

`);
}

void main();
