// The demo a new user meets after `./millwright start`: the seeded flow, released to dev, runs end
// to end against the project's Odoo test server with the seeded odoo-main connection.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startOdooSim, type OdooSim } from "../scripts/odoo-sim/index.ts";
import { startWorker } from "../runtime/worker.ts";
import { acceptRun } from "../runtime/engine/accept.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { waitForRun } from "../test/flow-fixtures.ts";
import { seedDemo } from "./seed.ts";

let t: TestDatabase;
let sim: OdooSim;
let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  sim = await startOdooSim({ version: 17 });
  worker = await startWorker(t.url);
});
afterAll(async () => {
  await worker?.stop();
  await sim?.close();
  await t?.drop();
});

it("finds the work order's spare parts in Odoo through the seeded connection", async () => {
  const dev = await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  const connection = await t.db.connection.findFirstOrThrow({ where: { environmentId: dev.id, name: "odoo-main" } });
  // The seed points at 127.0.0.1:8069, where `./millwright start` runs the sim; here it has its own port.
  await t.db.connection.update({ where: { id: connection.id }, data: { config: { ...(connection.config as object), baseUrl: sim.url } } });
  const release = await t.db.release.findFirstOrThrow({ where: { environmentId: dev.id, flow: { slug: "maintenance-parts-reservation" } }, include: { version: true } });
  const trigger = (release.version.definition as { nodes: { id: string; sample?: unknown }[] }).nodes[0]!;

  const { runId } = await t.db.$transaction((tx) =>
    acceptRun(tx, {
      flowId: release.flowId, versionId: release.versionId, environmentId: dev.id, mode: "LIVE",
      triggerNodeId: trigger.id, triggerKind: "webhook", payload: trigger.sample, idempotencyKey: "WO-2026-0815", businessKey: "WO-2026-0815",
    }),
  );
  const run = await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"]);
  expect(run.status, JSON.stringify(run.error)).toBe("SUCCEEDED");
  const odooStep = run.steps.find((step) => step.nodeId === "n3");
  const codes = ((odooStep?.output as { records: { default_code: string }[] }).records ?? []).map((record) => record.default_code).sort();
  expect(codes).toEqual(expect.arrayContaining(["BRG-6205-2RS", "SEAL-35X52X7"]));
});
