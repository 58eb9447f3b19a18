// The Call Odoo step end to end: a real worker, the Odoo simulator (scripts/odoo-sim) and released
// flows whose environment has an "odoo" connection pointing at it (secret encrypted like the
// connections page does). Reads, creates, and the point of issue 5: a create whose answer is lost
// after Odoo committed it (timeout-after-commit) is retried by the engine and leaves exactly ONE
// record (also on Odoo 19 over JSON-2); delivering the step again or replaying the run does not make
// a second either. Odoo's errors end the run the right way: validation -> dead letter with Odoo's
// message, serialization failure -> retried, wrong password -> authentication error, dead letter,
// no retry.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client.ts";
import { encryptSecret } from "../../lib/secrets/crypto.server.ts";
import { seedDemo } from "../../prisma/seed.ts";
import { startOdooSim, type OdooSim } from "../../scripts/odoo-sim/index.ts";
import { flowDefinition, flowNode, releaseFlow, waitForRun, type ReleasedFlow } from "../../test/flow-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import type { z } from "zod";
import { ZCallOdooConfig } from "../../nodes/call-odoo/definition.ts";
import { executeCallOdoo } from "../../nodes/call-odoo/execute.server.ts";
import { startWorker } from "../worker.ts";
import { acceptRun } from "./accept.ts";
import { connectionSecretContext, resolveConnection } from "./connections.ts";
import { replayRuns } from "./control.server.ts";
import { fakeContext } from "./fake-context.ts";
import { engineIoOfPrisma } from "./io.ts";

let t: TestDatabase;
let sim: OdooSim;
let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  process.env.MILLWRIGHT_SECRET_KEY ??= randomBytes(32).toString("base64");
  t = await createTestDatabase();
  sim = await startOdooSim();
  worker = await startWorker(t.url);
});
afterAll(async () => {
  await worker?.stop();
  await sim?.close();
  await getDb().$disconnect();
  await t?.drop();
});

/** An "odoo" connection to the simulator in the "dev" environment (row first, then its sealed secret). */
async function addConnection(secret: Record<string, string>, target: OdooSim = sim, protocol: "jsonrpc" | "json2" = "jsonrpc"): Promise<string> {
  await seedDemo(t.db);
  const environment = await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  const name = `odoo-${randomUUID().slice(0, 8)}`;
  await t.db.$transaction(async (tx) => {
    const row = await tx.connection.create({
      data: { environmentId: environment.id, name, kind: "odoo", config: { baseUrl: target.url, database: target.database, login: target.admin.login, protocol } },
    });
    await tx.connection.update({ where: { id: row.id }, data: { secretEncrypted: encryptSecret(secret, { context: connectionSecretContext(row.id) }) } });
  });
  return name;
}

/** Releases trigger -> odoo -> end to "dev", with its own connection to the simulator. */
async function releaseOdooFlow(
  config: Record<string, unknown>,
  secret: Record<string, string> = { password: sim.admin.password },
  target?: { sim: OdooSim; protocol: "jsonrpc" | "json2" },
): Promise<ReleasedFlow> {
  const connection = await addConnection(secret, target?.sim, target?.protocol);
  const definition = flowDefinition([flowNode("trigger", "webhook-trigger"), flowNode("odoo", "call-odoo", { connection, ...config }), flowNode("end", "end")], [
    ["trigger", "odoo"],
    ["odoo", "end"],
  ]);
  return releaseFlow(t.db, definition);
}

async function accept(flow: ReleasedFlow, body: unknown): Promise<string> {
  const { runId } = await t.db.$transaction((tx) =>
    acceptRun(tx, {
      flowId: flow.flowId,
      versionId: flow.versionId,
      environmentId: flow.environmentId,
      mode: "LIVE",
      triggerNodeId: "trigger",
      triggerKind: "webhook",
      payload: { body, headers: {}, query: {}, receivedAt: new Date().toISOString() },
    }),
  );
  return runId;
}

const actor = async () => {
  const user = await t.db.user.findUniqueOrThrow({ where: { email: "analyst@millwright.local" } });
  return { id: user.id, email: user.email };
};

function odooStep(run: { steps: { nodeId: string; generation: number; attempt: number; attempts: unknown; input: unknown; output: unknown; error: unknown }[] }, generation = 0) {
  const step = run.steps.find((candidate) => candidate.nodeId === "odoo" && candidate.generation === generation);
  if (!step) throw new Error("the odoo step did not run");
  return step;
}

const FAST_RETRY = { maxAttempts: 3, initialDelayMs: 100 };
const loadCalls = () => sim.calls.filter((call) => call.model === "maintenance.request" && call.method === "load").length;
const requestsNamed = (name: string) => sim.records("maintenance.request").filter((row) => row.name === name);

describe("the Call Odoo step against the Odoo simulator", () => {
  it("search_read answers the partners matching the domain", async () => {
    const flow = await releaseOdooFlow({ operation: "search_read", model: "res.partner", domain: [["is_company", "=", "{{ input.body.company }}"]], fields: ["name", "is_company"], limit: 50 });
    const run = await waitForRun(t.db, await accept(flow, { company: true }), ["SUCCEEDED", "FAILED"]);
    expect(run.status, JSON.stringify(run.error)).toBe("SUCCEEDED");
    const records = (odooStep(run).output as { records: { name: string; is_company: boolean }[] }).records;
    const companies = sim.records("res.partner").filter((row) => row.is_company === true && row.active !== false);
    expect(records.length).toBe(Math.min(50, companies.length));
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((record) => record.is_company === true && typeof record.name === "string")).toBe(true);
  });

  it("creates a maintenance request with values from the input, recorded DONE in the ledger", async () => {
    const equipment = sim.records("maintenance.equipment")[0] as { id: number };
    const title = `Pump leak ${randomUUID().slice(0, 6)}`;
    const flow = await releaseOdooFlow({ operation: "create", model: "maintenance.request", values: { name: "{{ input.body.title }}", equipment_id: "{{ input.body.equipmentId }}" } });
    const run = await waitForRun(t.db, await accept(flow, { title, equipmentId: equipment.id }), ["SUCCEEDED", "FAILED"]);
    expect(run.status, JSON.stringify(run.error)).toBe("SUCCEEDED");
    const created = requestsNamed(title);
    expect(created).toHaveLength(1);
    expect(odooStep(run).output).toEqual({ id: created[0]?.id });
    expect(created[0]?.equipment_id).toBe(equipment.id);
    const ledger = await t.db.odooWrite.findMany({ where: { key: { startsWith: `${run.id}:odoo:` } } });
    expect(ledger).toEqual([expect.objectContaining({ status: "DONE", resultIds: [created[0]?.id], model: "maintenance.request", operation: "create" })]);
    expect(ledger[0]?.externalId).toMatch(/^__millwright__\.r[0-9a-f]{32}$/);
  });

  it("a create whose answer is lost after Odoo committed it is retried and leaves exactly one record, also after a replay", async () => {
    const title = `Bearing noise ${randomUUID().slice(0, 6)}`;
    const flow = await releaseOdooFlow({ operation: "create", model: "maintenance.request", values: { name: "{{ input.body.title }}" }, timeoutMs: 1000, retry: FAST_RETRY });
    sim.inject({ model: "maintenance.request", method: "load", kind: "timeout-after-commit", times: 1, delayMs: 3000 });
    const loadsBefore = loadCalls();
    const runId = await accept(flow, { title });
    const run = await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"]);
    expect(run.status, JSON.stringify(run.error)).toBe("SUCCEEDED");
    const step = { ...odooStep(run), config: (await compiledConfig(flow)) };
    expect(step.attempt).toBe(2); // the first try timed out after the commit
    expect(requestsNamed(title)).toHaveLength(1);
    expect((step.attempts as { error: { class: string } }[])[0]?.error.class).toBe("transient");
    expect(loadCalls() - loadsBefore).toBe(2); // both tries reached Odoo; the second found the first's record
    const id = requestsNamed(title)[0]?.id;
    expect(step.output).toEqual({ id });

    // The same step delivered again (same generation): the ledger row is DONE, Odoo is not called.
    const loadsAfterRun = loadCalls();
    const redelivered = await executeCallOdoo(
      fakeContext(step.config, step.input, {
        run: { id: runId, generation: 0 },
        node: { id: "odoo", kind: "call-odoo" },
        idempotencyKey: `${runId}:odoo:0`,
        connection: (name) => resolveConnection(engineIoOfPrisma(t.db), flow.environmentId, name),
        db: t.db,
      }),
    );
    expect(redelivered).toEqual({ type: "next", port: "out", output: { id } });
    expect(loadCalls()).toBe(loadsAfterRun);

    // A replay of the succeeded run (a new generation) finds the record through its external id.
    expect((await replayRuns(t.db, { runIds: [runId], from: "start", actor: await actor() })).done).toEqual([runId]);
    const again = await waitForGeneration(runId, 1);
    expect(again.status).toBe("SUCCEEDED");
    expect(odooStep(again, 1).output).toEqual({ id });
    expect(requestsNamed(title)).toHaveLength(1);
  });

  it("on Odoo 19 over JSON-2 a create that timed out after the commit also leaves one record", async () => {
    const sim19 = await startOdooSim({ version: 19 });
    try {
      const title = `Seal worn ${randomUUID().slice(0, 6)}`;
      const flow = await releaseOdooFlow({ operation: "create", model: "maintenance.request", values: { name: "{{ input.body.title }}" }, timeoutMs: 1000, retry: FAST_RETRY }, { apiKey: sim19.admin.apiKey }, { sim: sim19, protocol: "json2" });
      sim19.inject({ model: "maintenance.request", method: "load", kind: "timeout-after-commit", times: 1, delayMs: 3000 });
      const run = await waitForRun(t.db, await accept(flow, { title }), ["SUCCEEDED", "FAILED"]);
      expect(run.status, JSON.stringify(run.error)).toBe("SUCCEEDED");
      expect(odooStep(run).attempt).toBe(2);
      expect(sim19.records("maintenance.request").filter((row) => row.name === title)).toHaveLength(1);
      expect(sim19.calls.some((call) => call.method === "load" && call.transport === "json2")).toBe(true);
    } finally {
      await sim19.close();
    }
  });

  it("creates a transfer with move lines (create + external id), and refuses to treat Odoo's wizard as done", async () => {
    const connection = await addConnection({ password: sim.admin.password });
    const product = sim.records("product.product")[0] as { id: number };
    const definition = flowDefinition(
      [
        flowNode("trigger", "webhook-trigger"),
        flowNode("odoo", "call-odoo", {
          connection,
          operation: "create",
          model: "stock.picking",
          values: { picking_type_code: "incoming", origin: "{{ input.body.origin }}", move_ids: [[0, 0, { product_id: "{{ input.body.productId }}", product_uom_qty: 2 }]] },
        }),
        flowNode("validate", "call-odoo", { connection, operation: "call", model: "stock.picking", method: "button_validate", args: [["{{ input.id }}"]] }),
        flowNode("end", "end"),
      ],
      [
        ["trigger", "odoo"],
        ["odoo", "validate"],
        ["validate", "end"],
      ],
    );
    const flow = await releaseFlow(t.db, definition);
    const origin = `PO-${randomUUID().slice(0, 6)}`;
    const run = await waitForRun(t.db, await accept(flow, { origin, productId: product.id }), ["SUCCEEDED", "FAILED"]);
    expect(run.status).toBe("FAILED");
    expect(run.failedNodeId).toBe("validate");
    expect(run.deadLetteredAt).not.toBeNull();
    expect(run.error).toMatchObject({ class: "business", code: "odoo-action-required", details: { resModel: "stock.immediate.transfer" } });
    expect((run.error as { message: string }).message).toContain('asked for a wizard or confirmation ("Immediate Transfer?" ir.actions.act_window on stock.immediate.transfer)');
    const pickings = sim.records("stock.picking").filter((row) => row.origin === origin);
    expect(pickings).toHaveLength(1);
    expect(sim.records("ir.model.data").filter((row) => row.model === "stock.picking" && row.res_id === pickings[0]?.id && row.module === "__millwright__")).toHaveLength(1);
  });

  it("a validation error dead-letters the run with Odoo's message, without a retry", async () => {
    const flow = await releaseOdooFlow({ operation: "write", model: "res.partner", ids: "{{ input.body.id }}", values: { email: "{{ input.body.email }}" }, retry: FAST_RETRY });
    const partner = sim.records("res.partner")[0] as { id: number };
    sim.inject({ model: "res.partner", method: "write", kind: "validation-error", times: 1 });
    const run = await waitForRun(t.db, await accept(flow, { id: partner.id, email: "nope" }), ["SUCCEEDED", "FAILED"]);
    expect(run.status).toBe("FAILED");
    expect(run.deadLetteredAt).not.toBeNull();
    expect(run.error).toMatchObject({ class: "business", nodeId: "odoo" });
    expect((run.error as { message: string }).message).toMatch(/^The operation cannot be completed:\n- Create\/update: a mandatory field is not set/);
    expect(odooStep(run).attempt).toBe(1);
  });

  it("while the connection's circuit is open the step waits without using up its attempts, then resumes", async () => {
    const flow = await releaseOdooFlow({ operation: "search_count", model: "res.partner", retry: { maxAttempts: 3, initialDelayMs: 100 } });
    // The breaker opens after one failure and probes again after a second.
    const connection = await t.db.connection.findFirstOrThrow({ where: { environmentId: flow.environmentId }, orderBy: { createdAt: "desc" } });
    await t.db.connection.update({ where: { id: connection.id }, data: { config: { ...(connection.config as object), breakerThreshold: 1, breakerCooldownMs: 1000 } } });
    sim.inject({ model: "res.partner", method: "search_count", kind: "http-503", times: 2 });
    const run = await waitForRun(t.db, await accept(flow, {}), ["SUCCEEDED", "FAILED"]);
    expect(run.status, JSON.stringify([run.error, odooStep(run).attempts])).toBe("SUCCEEDED");
    // Two real failures and one success: the waits while the circuit was open did not count.
    expect(odooStep(run).attempt).toBe(3);
    expect(odooStep(run).attempts as unknown[]).toHaveLength(2);
    expect(await t.db.connectionCircuit.findUnique({ where: { connectionId: connection.id } })).toMatchObject({ state: "CLOSED" });
  });

  it("a serialization failure is retried and the step succeeds", async () => {
    const flow = await releaseOdooFlow({ operation: "search_count", model: "res.partner", retry: FAST_RETRY });
    sim.inject({ model: "res.partner", method: "search_count", kind: "serialization", times: 1 });
    const run = await waitForRun(t.db, await accept(flow, {}), ["SUCCEEDED", "FAILED"]);
    expect(run.status, JSON.stringify(run.error)).toBe("SUCCEEDED");
    expect(odooStep(run).attempt).toBe(2);
    expect(odooStep(run).output).toEqual({ count: sim.records("res.partner").filter((row) => row.active !== false).length });
  });

  it("a wrong password is an authentication error: dead letter, no retry", async () => {
    const flow = await releaseOdooFlow({ operation: "search_count", model: "res.partner", retry: FAST_RETRY }, { password: "wrong" });
    const run = await waitForRun(t.db, await accept(flow, {}), ["SUCCEEDED", "FAILED"]);
    expect(run.status).toBe("FAILED");
    expect(run.deadLetteredAt).not.toBeNull();
    expect(run.error).toMatchObject({ class: "authentication", nodeId: "odoo" });
    expect(odooStep(run).attempt).toBe(1);
    // The connection is flagged for the admins until its credentials are fixed.
    const connectionName = (await compiledConfig(flow)).connection;
    const connection = await t.db.connection.findFirstOrThrow({ where: { environmentId: flow.environmentId, name: connectionName } });
    expect(connection.status).toBe("AUTH_FAILED");
  });
});

/** The odoo step's parsed config, as the worker gives it to the executor. */
async function compiledConfig(flow: ReleasedFlow): Promise<z.output<typeof ZCallOdooConfig>> {
  const version = await t.db.flowVersion.findUniqueOrThrow({ where: { id: flow.versionId } });
  const node = (version.definition as { nodes: { id: string; config: unknown }[] }).nodes.find((candidate) => candidate.id === "odoo");
  return ZCallOdooConfig.parse(node?.config);
}

async function waitForGeneration(runId: string, generation: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
    if (run.generation === generation && (run.status === "SUCCEEDED" || run.status === "FAILED")) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} is ${run.status} in generation ${run.generation}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
