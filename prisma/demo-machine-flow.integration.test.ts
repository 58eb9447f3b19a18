// The shop-floor demo end to end, as a new user sees it after `./millwright start` and
// `scripts/simulate-machines.ts --fast`: machine states published on the real Mosquitto reach the
// seeded "fast" flow (20-second threshold) through the worker's subscriber; a machine DOWN for
// longer creates one maintenance request in the Odoo test server, then a "recovered" run; a short
// stop creates nothing. Unique asset names keep other brokers' users out of the assertions.
import { randomUUID } from "node:crypto";
import mqtt from "mqtt";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startWorker } from "../runtime/worker.ts";
import { startOdooSim, type OdooSim } from "../scripts/odoo-sim/index.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { MACHINE_MQTT_CONNECTION, MACHINE_TOPIC_PREFIX } from "./demo-machine-flow.ts";
import { seedDemo } from "./seed.ts";

const BROKER = MACHINE_MQTT_CONNECTION.config.url;
let t: TestDatabase;
let sim: OdooSim;
let worker: Awaited<ReturnType<typeof startWorker>>;
let flowId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  sim = await startOdooSim({ version: 17 });
  const dev = await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  const odoo = await t.db.connection.findFirstOrThrow({ where: { environmentId: dev.id, name: "odoo-main" } });
  await t.db.connection.update({ where: { id: odoo.id }, data: { config: { ...(odoo.config as object), baseUrl: sim.url } } });
  flowId = (await t.db.flow.findUniqueOrThrow({ where: { slug: "machine-down-maintenance-fast" } })).id;
  worker = await startWorker(t.url);
});
afterAll(async () => {
  await worker?.stop();
  await sim?.close();
  await t?.drop();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

it("a machine down for more than the threshold creates one maintenance request, then recovers; a short stop nothing", { timeout: 90_000 }, async () => {
  const subscribed = await until(() => t.db.subscriberStatus.findMany({ where: { flowId } }), (rows) => rows.some((row) => row.status === "connected"), 20_000);
  expect(subscribed.map((row) => row.status)).toContain("connected");

  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const pump = `PUMP-${suffix}`;
  const press = `PRESS-${suffix}`;
  const client = await mqtt.connectAsync(BROKER, { clientId: `demo-test-${suffix}`, clean: true });
  const publish = (asset: string, state: string) =>
    client.publishAsync(`${MACHINE_TOPIC_PREFIX.fast}/${asset}/state`, JSON.stringify({ asset, state, reason: state === "DOWN" ? "Test stop" : null, at: new Date().toISOString() }), { qos: 1 });
  try {
    await publish(pump, "DOWN");
    await publish(press, "DOWN");
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await publish(press, "RUN");
    // The pump stays down past the 20-second threshold: the emit-window job starts the run.
    const started = await until(() => t.db.run.findMany({ where: { flowId }, include: { steps: true } }), (runs) => runs.some((run) => run.status === "SUCCEEDED"), 45_000);
    await publish(pump, "RUN");
    const runs = await until(() => t.db.run.findMany({ where: { flowId }, orderBy: { createdAt: "asc" }, include: { steps: true } }), (all) => all.length >= 2 && all.every((run) => run.status === "SUCCEEDED"), 20_000);
    expect(started.length).toBeGreaterThan(0);
    const events = runs.map((run) => (run.triggerPayload as { event: { type: string; key: string } }).event);
    expect(events.map((event) => [event.type, event.key])).toEqual([
      ["started", pump],
      ["recovered", pump],
    ]);
    expect(runs.map((run) => run.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect(runs[0]?.steps.find((step) => step.nodeId === "request")?.status).toBe("SUCCEEDED");
    expect(runs[1]?.steps.find((step) => step.nodeId === "recovered")?.status).toBe("SUCCEEDED");
    const requests = sim.records("maintenance.request").filter((record) => String(record.name).startsWith(pump));
    expect(requests.map((record) => [record.name, record.maintenance_type])).toEqual([[`${pump} down for more than 20 seconds`, "corrective"]]);
    expect(sim.records("maintenance.request").filter((record) => String(record.name).startsWith(press))).toEqual([]);
  } finally {
    await client.endAsync();
  }
});
