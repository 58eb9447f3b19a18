// The Odoo trigger's poll against a real PostgreSQL and the Odoo simulator, with the poll's clock
// passed in (and the simulator's clock frozen where timestamps must match): records created in Odoo
// start one run each, and across repeated polls, two pollers at once, a crash before the commit and
// batches cutting through one timestamp, no record is missed or started twice. A changed record
// starts again (onWrite), batch mode starts one run, a refused password flags the connection.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../lib/db/client.ts";
import { createOdooClient } from "../../lib/odoo/client.server.ts";
import type { OdooTriggerState } from "../../lib/odoo-trigger/cursor.ts";
import { encryptSecret } from "../../lib/secrets/crypto.server.ts";
import { releaseTestFlow, triggerFlow, type TestRelease } from "../../lib/triggers/test-release.ts";
import { startOdooSim, type OdooSim } from "../../scripts/odoo-sim/index.ts";
import { waitForRun } from "../../test/flow-fixtures.ts";
import { testPool } from "../../test/pg-pool.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { connectionSecretContext } from "../engine/connections.ts";
import { engineIo, type EngineIo } from "../engine/io.ts";
import { startWorker } from "../worker.ts";
import { odooPollTask, pollOdooTriggers } from "./odoo-poll.ts";

let t: TestDatabase;
let pool: pg.Pool;
let io: EngineIo;
let sim: OdooSim;
const log = pino({ level: "silent" });

beforeAll(async () => {
  process.env.MILLWRIGHT_SECRET_KEY ??= randomBytes(32).toString("base64");
  t = await createTestDatabase();
  // The connection guard (circuit breaker) uses the process's database client.
  process.env.DATABASE_URL = t.url;
  pool = testPool(t.url, 6);
  io = engineIo(pool);
  sim = await startOdooSim();
});
afterAll(async () => {
  await sim?.close();
  await pool?.end();
  await getDb().$disconnect();
  await t?.drop();
});

// The poll's clock: every call a minute later, so every trigger is due.
let clock = Date.UTC(2026, 10, 22, 12, 0, 0);
const nextMinute = () => new Date((clock += 60_000));
const poll = (options: { beforeCommit?: () => void } = {}) => pollOdooTriggers(io, { now: nextMinute(), log, db: t.db, ...options });

// The simulator's clock (write_date / create_date come from Date, to the second): frozen during each
// call to Odoo, a minute later for every call, so records of one call share a timestamp and later
// calls are always later.
let odooClock = Date.UTC(2030, 0, 1, 8, 0, 0);
let odooNow = "";
async function inOdooTime<T>(work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date((odooClock += 60_000)));
  odooNow = new Date(odooClock).toISOString().slice(0, 19).replace("T", " ");
  try {
    return await work();
  } finally {
    vi.useRealTimers();
  }
}

const odoo = (target: OdooSim = sim) => createOdooClient({ baseUrl: target.url, database: target.database, login: target.admin.login, protocol: "jsonrpc" }, { password: target.admin.password });

function createPartners(tag: string, names: string[], target?: OdooSim): Promise<number[]> {
  return inOdooTime(() => odoo(target).call<number[]>("res.partner", "create", [names.map((name) => ({ name, ref: tag }))]));
}

async function writePartner(id: number, values: Record<string, unknown>): Promise<string> {
  await inOdooTime(() => odoo().call("res.partner", "write", [[id], values]));
  return odooNow;
}

type Target = { sim: OdooSim; protocol: "jsonrpc" | "json2"; secret: Record<string, string> };

async function addConnection(password = sim.admin.password, target: Target = { sim, protocol: "jsonrpc", secret: { password } }): Promise<string> {
  const environment = await t.db.environment.upsert({ where: { key: "dev" }, update: {}, create: { key: "dev", name: "DEV", position: 1 } });
  const name = `odoo-${randomUUID().slice(0, 8)}`;
  await t.db.$transaction(async (tx) => {
    const row = await tx.connection.create({
      data: { environmentId: environment.id, name, kind: "odoo", config: { baseUrl: target.sim.url, database: target.sim.database, login: target.sim.admin.login, protocol: target.protocol } },
    });
    await tx.connection.update({ where: { id: row.id }, data: { secretEncrypted: encryptSecret(target.secret, { context: connectionSecretContext(row.id) }) } });
  });
  return name;
}

type Flow = TestRelease & { tag: string; connection: string };

function partnerTrigger(connection: string, tag: string, config: Record<string, unknown> = {}) {
  return triggerFlow({
    kind: "odoo-trigger",
    config: {
      connection, model: "res.partner", domain: [["ref", "=", tag]], fields: ["name", "ref"], onCreate: true, onWrite: false,
      pollIntervalSeconds: 60, runPer: "record", batchSize: 100, cursorField: "write_date", ...config,
    },
  });
}

/** Publishes a new version of the flow and releases it in place of the current one. */
async function releaseNewVersion(flow: Flow, config: Record<string, unknown>): Promise<void> {
  const number = (await t.db.flowVersion.count({ where: { flowId: flow.flowId } })) + 1;
  const definition = partnerTrigger(flow.connection, flow.tag, config);
  const version = await t.db.flowVersion.create({ data: { flowId: flow.flowId, number, definition: definition as object, contentHash: randomUUID(), authorId: flow.ownerId } });
  await t.db.release.update({ where: { environmentId_flowId: { environmentId: flow.environmentId, flowId: flow.flowId } }, data: { versionId: version.id, releasedAt: new Date() } });
}

/** A released flow whose Odoo trigger watches the partners with its own `ref` tag; the first poll sets its cursor. */
async function watchPartners(config: Record<string, unknown> = {}, password?: string, target?: Target): Promise<Flow> {
  const tag = `tag-${randomUUID().slice(0, 8)}`;
  const connection = await addConnection(password, target);
  const release = await releaseTestFlow(t.db, { slug: `odoo-${tag}`, definition: partnerTrigger(connection, tag, config) });
  return { ...release, tag, connection };
}

type RunRow = { key: string | null; payload: { model: string; event?: string; record?: Record<string, unknown>; records?: Record<string, unknown>[] } };

async function runsOf(flow: Flow): Promise<RunRow[]> {
  // Runs accepted in one transaction share createdAt: within it, in record order.
  const runs = await t.db.run.findMany({ where: { flowId: flow.flowId }, select: { idempotencyKey: true, triggerPayload: true, triggerKind: true, createdAt: true } });
  for (const run of runs) expect(run.triggerKind).toBe("odoo");
  const idOf = (run: (typeof runs)[number]) => Number((run.triggerPayload as RunRow["payload"]).record?.id ?? 0);
  runs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || idOf(a) - idOf(b));
  return runs.map((run) => ({ key: run.idempotencyKey, payload: run.triggerPayload as RunRow["payload"] }));
}

const namesOf = (runs: RunRow[]) => runs.map((run) => run.payload.record?.name);

async function stateOf(flow: Flow): Promise<OdooTriggerState> {
  const row = await t.db.triggerState.findUniqueOrThrow({ where: { environmentId_flowId_nodeId: { environmentId: flow.environmentId, flowId: flow.flowId, nodeId: "start" } } });
  return row.state as OdooTriggerState;
}

async function setState(flow: Flow, state: OdooTriggerState): Promise<void> {
  await t.db.triggerState.update({ where: { environmentId_flowId_nodeId: { environmentId: flow.environmentId, flowId: flow.flowId, nodeId: "start" } }, data: { state } });
}

describe("the Odoo trigger's poll", () => {
  it("starts from now, then starts one run per new record matching the domain, and none again", async () => {
    await createPartners("tag-before", ["Existing Ltd"]);
    const flow = await watchPartners();
    await createPartners(flow.tag, ["Before Release"]); // created after release but before the first poll: still before "now"
    const first = await poll();
    expect(first.initialised).toBeGreaterThanOrEqual(1);
    expect(await runsOf(flow)).toEqual([]);
    const initial = await stateOf(flow);

    const ids = await createPartners(flow.tag, ["Acme", "Globex", "Initech"]);
    await createPartners(`other-${flow.tag}`, ["Not Watched"]);
    await poll();
    const runs = await runsOf(flow);
    expect(namesOf(runs)).toEqual(["Acme", "Globex", "Initech"]);
    const partner = sim.records("res.partner").find((row) => row.id === ids[0])!;
    expect(runs[0]!.key).toBe(`odoo:res.partner:${ids[0]}:${String(partner.create_date)}`);
    expect(runs[0]!.payload).toMatchObject({ model: "res.partner", event: "create", record: { id: ids[0], name: "Acme", ref: flow.tag } });

    // Polled again, and again after losing its cursor (a pass that ran twice): nothing starts twice.
    const again = await poll();
    expect(again.failed).toBe(0);
    const state = await stateOf(flow);
    await setState(flow, { ...state, cursor: initial.cursor });
    await poll();
    expect(await runsOf(flow)).toHaveLength(3);
    expect((await stateOf(flow)).cursor).toEqual(state.cursor);
  });

  it("runs the flow: the trigger step passes the record on", async () => {
    const flow = await watchPartners();
    await poll();
    await createPartners(flow.tag, ["Umbrella"]);
    await poll();
    const run = await t.db.run.findFirstOrThrow({ where: { flowId: flow.flowId } });
    const worker = await startWorker(t.url);
    try {
      const done = await waitForRun(t.db, run.id, ["SUCCEEDED", "FAILED"]);
      expect(done.status).toBe("SUCCEEDED");
      const step = done.steps.find((candidate) => candidate.nodeId === "start");
      expect(step?.output).toMatchObject({ model: "res.partner", event: "create", record: { name: "Umbrella", ref: flow.tag } });
    } finally {
      await worker.stop();
    }
  });

  it("starts nothing twice when two pollers run at once", async () => {
    const flow = await watchPartners();
    await poll();
    await createPartners(flow.tag, ["Hooli", "Pied Piper"]);
    const now = nextMinute();
    const [a, b] = await Promise.all([pollOdooTriggers(io, { now, log, db: t.db }), pollOdooTriggers(io, { now, log, db: t.db })]);
    expect(a.failed + b.failed).toBe(0);
    expect(a.started + b.started).toBe(2);
    expect(namesOf(await runsOf(flow))).toEqual(["Hooli", "Pied Piper"]);
  });

  it("delivers the records read before a crash once, on the next poll", async () => {
    const flow = await watchPartners();
    await poll();
    const before = await stateOf(flow);
    await createPartners(flow.tag, ["Stark", "Wayne"]);
    const crashed = await poll({
      beforeCommit: () => {
        throw new Error("worker killed before the commit");
      },
    });
    expect(crashed.failed).toBeGreaterThanOrEqual(1);
    expect(await runsOf(flow)).toEqual([]);
    expect((await stateOf(flow)).cursor).toEqual(before.cursor);
    await poll();
    await poll();
    expect(namesOf(await runsOf(flow))).toEqual(["Stark", "Wayne"]);
  });

  it("splits records of one timestamp across batches by id: each is delivered once", async () => {
    const flow = await watchPartners({ batchSize: 2 });
    await poll();
    const ids = await createPartners(flow.tag, ["R1", "R2", "R3", "R4", "R5"]);
    const stamp = odooNow;
    expect(new Set(sim.records("res.partner").filter((row) => ids.includes(row.id as number)).map((row) => row.write_date))).toEqual(new Set([stamp]));
    await poll();
    expect(await runsOf(flow)).toHaveLength(2);
    expect((await stateOf(flow)).backlog).toBe(true);
    await poll();
    await poll();
    await poll();
    expect(namesOf(await runsOf(flow))).toEqual(["R1", "R2", "R3", "R4", "R5"]);
    expect((await stateOf(flow)).cursor).toEqual({ value: stamp, id: ids[4] });
  });

  it("delivers a changed record again, as a write, with a new key (onWrite)", async () => {
    const flow = await watchPartners({ onCreate: true, onWrite: true });
    await poll();
    const [id] = await createPartners(flow.tag, ["Wonka"]);
    const created = odooNow;
    await poll();
    const changed = await writePartner(id!, { phone: "+1 555 0100" });
    await poll();
    await poll();
    const runs = await runsOf(flow);
    expect(runs.map((run) => [run.key, run.payload.event])).toEqual([
      [`odoo:res.partner:${id}:${created}`, "create"],
      [`odoo:res.partner:${id}:${changed}`, "write"],
    ]);
  });

  it("with new records only, a record changed before the poll is still delivered as new, and its later changes are not", async () => {
    const flow = await watchPartners({ onCreate: true, onWrite: false });
    await poll();
    const [id] = await createPartners(flow.tag, ["Tyrell"]);
    const created = odooNow;
    await writePartner(id!, { phone: "+1 555 0101" });
    await poll();
    await writePartner(id!, { phone: "+1 555 0102" });
    await poll();
    expect((await runsOf(flow)).map((run) => [run.key, run.payload.event])).toEqual([[`odoo:res.partner:${id}:${created}`, "create"]]);
  });

  it("starts one run with all records in batch mode", async () => {
    const flow = await watchPartners({ runPer: "batch" });
    await poll();
    await createPartners(flow.tag, ["B1", "B2", "B3"]);
    await poll();
    await poll();
    const runs = await runsOf(flow);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.payload.records?.map((record) => record.name)).toEqual(["B1", "B2", "B3"]);
    expect(runs[0]!.key).toMatch(/^odoo:res\.partner:batch:/);
  });

  it("marks the connection AUTH_FAILED when Odoo refuses the password, and starts nothing", async () => {
    const flow = await watchPartners({}, "wrong-password");
    const summary = await poll();
    expect(summary.failed).toBeGreaterThanOrEqual(1);
    const connection = await t.db.connection.findFirstOrThrow({ where: { environmentId: flow.environmentId, name: flow.connection } });
    expect(connection.status).toBe("AUTH_FAILED");
    expect(connection.checkedAt).not.toBeNull();
    expect(await runsOf(flow)).toEqual([]);
    expect((await stateOf(flow)).lastError).toBeTruthy();
    // Not tried again at once: logging in again and again would lock the account.
    expect((await poll()).failed).toBe(0);
  });

  it("keeps the cursor for a new version watching the same records, and starts from now when the domain changes", async () => {
    const flow = await watchPartners();
    await poll();
    await createPartners(flow.tag, ["V1 record"]);
    await poll();
    await releaseNewVersion(flow, { fields: ["name", "ref", "email"], batchSize: 10 });
    await createPartners(flow.tag, ["V2 record"]);
    await poll();
    expect(namesOf(await runsOf(flow))).toEqual(["V1 record", "V2 record"]);
    expect((await runsOf(flow))[1]!.payload.record).toHaveProperty("email");

    // Another domain: the records changed before this version's first poll are not delivered.
    await createPartners(flow.tag, ["Before the new domain"]);
    await releaseNewVersion(flow, { domain: [["ref", "in", [flow.tag, `${flow.tag}-b`]]] });
    const reset = await poll();
    expect(reset.initialised).toBeGreaterThanOrEqual(1);
    await createPartners(`${flow.tag}-b`, ["After the new domain"]);
    await poll();
    expect(namesOf(await runsOf(flow))).toEqual(["V1 record", "V2 record", "After the new domain"]);
  });

  it("polls Odoo 19 over JSON-2 with an API key the same way", async () => {
    const sim19 = await startOdooSim({ version: 19 });
    try {
      const flow = await watchPartners({ batchSize: 2 }, undefined, { sim: sim19, protocol: "json2", secret: { apiKey: sim19.admin.apiKey } });
      await poll();
      await createPartners(flow.tag, ["Nineteen A", "Nineteen B", "Nineteen C"], sim19);
      await poll();
      await poll();
      expect(namesOf(await runsOf(flow))).toEqual(["Nineteen A", "Nineteen B", "Nineteen C"]);
      expect(sim19.calls.some((call) => call.transport === "json2" && call.method === "search_read")).toBe(true);
    } finally {
      await sim19.close();
    }
  });

  it("schedules its own next pass for a trigger polling more often than every minute", async () => {
    await t.db.flow.updateMany({ data: { archivedAt: new Date() } });
    const flow = await watchPartners({ pollIntervalSeconds: 15 });
    const addJob = vi.fn(async () => ({}) as never);
    const helpers = { addJob } as unknown as Parameters<ReturnType<typeof odooPollTask>>[1];
    const before = Date.now();
    await odooPollTask({ io, db: t.db, log })({}, helpers);
    expect((await stateOf(flow)).cursor).toBeDefined();
    expect(addJob).toHaveBeenCalledTimes(1);
    const [task, , spec] = addJob.mock.calls[0] as unknown as [string, unknown, { runAt: Date; jobKey: string }];
    expect(task).toBe("odoo-poll");
    expect(spec.jobKey).toBe("odoo-poll");
    expect(spec.runAt.getTime() - before).toBeGreaterThanOrEqual(14_000);
    expect(spec.runAt.getTime() - before).toBeLessThan(20_000);
  });
});
