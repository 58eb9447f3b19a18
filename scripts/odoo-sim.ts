// `node scripts/odoo-sim.ts --port 8069 --version 17 [--host 127.0.0.1] [--database plant]`: runs
// the project's Odoo test server on its own (scripts/odoo-sim/index.ts) until Ctrl-C.
import { parseArgs } from "node:util";
import { startOdooSim } from "./odoo-sim/index.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: "string", default: "8069" }, version: { type: "string", default: "17" }, host: { type: "string", default: "127.0.0.1" }, database: { type: "string", default: "plant" } },
  });
  const version = values.version === "19" ? 19 : 17;
  const sim = await startOdooSim({ version, port: Number(values.port), host: values.host, database: values.database });
  process.stdout.write(`odoo-sim  Odoo ${version} test server on ${sim.url} (database ${sim.database}; ${sim.admin.login}/${sim.admin.password}, API key ${sim.admin.apiKey}; non-admin ${sim.user.login}/${sim.user.password})\n`);
  const stop = () => { void sim.close().then(() => process.exit(0)); };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
