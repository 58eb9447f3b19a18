// The runs console's reads against a real database: filters an analyst combines, pages that neither
// skip nor repeat a run, test runs hidden unless asked, the dead letters, and a run's detail with
// the latest step of each node, earlier attempts and what it looked like before a replay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { seedDemo, DEMO_DEFINITION } from "../../prisma/seed.ts";
import type { TFlowDefinition } from "../flows/definition.ts";
import { countDeadLetters, getRunDetail, listDeadLetters, listRuns, runsForQuery } from "./queries.server.ts";
import { parseRunQuery } from "./run-query.ts";
import type { RunListItem } from "./run-types.ts";
import { insertRun } from "./test-fixtures.ts";

let t: TestDatabase;
const ids: Record<string, string> = {};
const T0 = new Date("2026-11-22T12:00:00Z");
const minutesAgo = (m: number) => new Date(T0.getTime() - m * 60_000);

const shiftFlow: TFlowDefinition = {
  schemaVersion: 1,
  nodes: [
    { id: "t", kind: "manual-trigger", kindVersion: 1, position: { x: 0, y: 0 }, config: {} },
    { id: "shape", kind: "map", kindVersion: 1, label: "Shape the report", position: { x: 300, y: 0 }, config: { script: "return input;" } },
  ],
  edges: [{ id: "e1", source: "t", sourcePort: "out", target: "shape", targetPort: "in" }],
  notes: [],
  settings: {},
};

const scriptError = { class: "business", message: "input.parts is undefined", code: "script-error", line: 3, column: 12 };

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  const envs = await t.db.environment.findMany();
  for (const env of envs) ids[env.key] = env.id;
  const demo = await t.db.flow.findFirstOrThrow({ include: { versions: true } });
  ids.demo = demo.id;
  ids.demoV1 = demo.versions[0]!.id;
  const owner = await t.db.user.findFirstOrThrow({ where: { email: "analyst@millwright.local" } });
  ids.analyst = owner.id;
  const shift = await t.db.flow.create({ data: { slug: "shift-report", name: "Shift report", ownerId: owner.id } });
  ids.shift = shift.id;
  ids.shiftV1 = (await t.db.flowVersion.create({ data: { flowId: shift.id, number: 1, definition: shiftFlow as never, contentHash: "h1", authorId: owner.id } })).id;

  const demo1 = { flowId: ids.demo, versionId: ids.demoV1 };
  // 30 succeeded demo runs in dev, one a minute, keys WO-100..WO-129 (WO-129 newest).
  for (let i = 0; i < 30; i++) await insertRun(t.db, { ...demo1, environmentId: ids.dev!, status: "SUCCEEDED", createdAt: minutesAgo(100 - i), businessKey: `WO-${100 + i}` });
  ids.failed = await insertRun(t.db, {
    ...demo1, environmentId: ids.test!, status: "FAILED", createdAt: minutesAgo(20), businessKey: "WO-2026-0815", failedNodeId: "n2", error: scriptError, deadLetteredAt: minutesAgo(19),
    steps: [
      { nodeId: "n1", status: "SUCCEEDED", input: { body: { a: 1 } }, output: { body: { a: 1 } }, port: "out" },
      { nodeId: "n2", status: "FAILED", input: { body: { a: 1 } }, error: scriptError },
    ],
  });
  ids.olderDead = await insertRun(t.db, { ...demo1, environmentId: ids.dev!, status: "FAILED", createdAt: minutesAgo(200), businessKey: "PUMP-07", failedNodeId: "n3", error: { class: "transient", message: "timeout" }, deadLetteredAt: minutesAgo(5) });
  ids.discarded = await insertRun(t.db, { ...demo1, environmentId: ids.dev!, status: "DISCARDED", createdAt: minutesAgo(15), failedNodeId: "n2", error: scriptError, deadLetteredAt: minutesAgo(14) });
  ids.running = await insertRun(t.db, { flowId: ids.shift, versionId: ids.shiftV1, environmentId: ids.prod!, status: "RUNNING", createdAt: minutesAgo(1), businessKey: "L2-early" });
  ids.testRun = await insertRun(t.db, {
    flowId: ids.shift, versionId: null, environmentId: null, mode: "TEST", status: "FAILED", createdAt: minutesAgo(3), definition: shiftFlow, triggerNodeId: "t", failedNodeId: "shape", error: scriptError,
    deadLetteredAt: minutesAgo(2), startedById: owner.id,
  });
  // Replayed once: generation 0 failed at n2 after two attempts, generation 1 went on to succeed.
  ids.replayed = await insertRun(t.db, {
    ...demo1, environmentId: ids.dev!, status: "SUCCEEDED", createdAt: minutesAgo(10), businessKey: "WO-2026-0811", generation: 1,
    steps: [
      { nodeId: "n1", status: "SUCCEEDED", generation: 0, output: { body: {} }, port: "out" },
      { nodeId: "n2", status: "FAILED", generation: 0, attempt: 2, maxAttempts: 2, error: scriptError, attempts: [{ attempt: 1, error: { class: "transient", message: "blip" }, startedAt: T0.toISOString(), finishedAt: T0.toISOString() }] },
      { nodeId: "n2", status: "SUCCEEDED", generation: 1, input: { fixed: true }, output: { codes: [] }, port: "out" },
      { nodeId: "n3", status: "SUCCEEDED", generation: 1, output: [], port: "out" },
    ],
  });
});
afterAll(async () => {
  await t.drop();
});

const keys = (runs: RunListItem[]) => runs.map((r) => r.businessKey ?? r.id);

describe("listRuns", () => {
  it("lists live runs newest first and hides test runs unless asked", async () => {
    const { runs } = await listRuns(t.db, { limit: 3 });
    expect(keys(runs)).toEqual(["L2-early", "WO-2026-0811", ids.discarded]);
    expect(runs[0]).toMatchObject({ businessKey: "L2-early", status: "RUNNING", flow: { name: "Shift report" }, environment: { key: "prod" }, version: 1 });
    expect(runs.some((r) => r.mode === "TEST")).toBe(false);
    const tests = await listRuns(t.db, { mode: "TEST" });
    expect(tests.runs.map((r) => r.id)).toEqual([ids.testRun]);
    expect(tests.runs[0]).toMatchObject({ version: null, environment: null, failedStep: { nodeId: "shape", label: "Shape the report" } });
    expect((await listRuns(t.db, { mode: "ALL", limit: 200 })).runs).toHaveLength(36);
  });

  it("filters by flow, environment, status and time window", async () => {
    expect((await listRuns(t.db, { flowId: ids.shift })).runs.map((r) => r.id)).toEqual([ids.running]);
    expect((await listRuns(t.db, { environmentId: ids.test })).runs.map((r) => r.id)).toEqual([ids.failed]);
    const failed = await listRuns(t.db, { status: ["FAILED", "DISCARDED"] });
    expect(failed.runs.map((r) => r.id)).toEqual([ids.discarded, ids.failed, ids.olderDead]);
    expect(failed.runs[1]).toMatchObject({ failedStep: { nodeId: "n2", label: "Collect part codes" }, error: { message: "input.parts is undefined", line: 3 } });
    const window = await listRuns(t.db, { from: minutesAgo(75), to: minutesAgo(70), flowId: ids.demo, environmentId: ids.dev });
    expect(keys(window.runs)).toEqual(["WO-129", "WO-128", "WO-127", "WO-126", "WO-125"]);
  });

  it("searches business keys by prefix, or anywhere when asked", async () => {
    expect(keys((await listRuns(t.db, { businessKey: "WO-2026" })).runs)).toEqual(["WO-2026-0811", "WO-2026-0815"]);
    expect(keys((await listRuns(t.db, { businessKey: "0815" })).runs)).toEqual([]);
    expect(keys((await listRuns(t.db, { businessKey: "0815", businessKeyMatch: "contains" })).runs)).toEqual(["WO-2026-0815"]);
    expect(keys((await listRuns(t.db, { businessKey: "pump", businessKeyMatch: "contains" })).runs)).toEqual(["PUMP-07"]);
  });

  it("pages through every run once, forwards and back, with cursors", async () => {
    const seen: string[] = [];
    const pages: { cursor?: string; ids: string[] }[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRuns(t.db, { cursor, limit: 7 });
      pages.push({ cursor, ids: page.runs.map((r) => r.id) });
      seen.push(...page.runs.map((r) => r.id));
      if (cursor) expect(page.prevCursor).not.toBeNull();
      else expect(page.prevCursor).toBeNull();
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(35);
    expect(new Set(seen).size).toBe(35);
    // Back from the third page: the second, then the first (which says it is the first).
    const third = await listRuns(t.db, { cursor: (await listRuns(t.db, { cursor: (await listRuns(t.db, { limit: 7 })).nextCursor!, limit: 7 })).nextCursor!, limit: 7 });
    const second = await listRuns(t.db, { cursor: third.prevCursor!, direction: "prev", limit: 7 });
    expect(second.runs.map((r) => r.id)).toEqual(pages[1]!.ids);
    const first = await listRuns(t.db, { cursor: second.prevCursor!, direction: "prev", limit: 7 });
    expect(first.runs.map((r) => r.id)).toEqual(pages[0]!.ids);
    expect(first.prevCursor).toBeNull();
  });

  it("refuses a cursor it did not make", async () => {
    await expect(listRuns(t.db, { cursor: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({ code: "VALIDATION", fields: [{ path: "cursor" }] });
  });
});

describe("dead letters", () => {
  it("lists failed live runs waiting for a decision, most recently dead-lettered first, and counts them", async () => {
    const { runs } = await listDeadLetters(t.db);
    expect(runs.map((r) => r.id)).toEqual([ids.olderDead, ids.failed]);
    expect(await countDeadLetters(t.db)).toBe(2);
    expect(await countDeadLetters(t.db, { environmentId: ids.test })).toBe(1);
    expect((await listDeadLetters(t.db, { businessKey: "PUMP" })).runs.map((r) => r.id)).toEqual([ids.olderDead]);
  });

  it("answers a console query with the page and the dead-letter count", async () => {
    const parsed = parseRunQuery(new URLSearchParams("view=dead&limit=1"));
    if (!parsed.ok) throw new Error("query did not parse");
    const page = await runsForQuery(t.db, parsed.query, T0);
    expect(page).toMatchObject({ deadLetterCount: 2, prevCursor: null, runs: [{ id: ids.olderDead }] });
    expect(page.nextCursor).not.toBeNull();
  });
});

describe("getRunDetail", () => {
  it("gives the run, its version's definition and each node's latest step", async () => {
    const detail = await getRunDetail(t.db, ids.failed!);
    expect(detail?.definition.nodes.map((n) => n.id)).toEqual(DEMO_DEFINITION.nodes.map((n) => n.id));
    expect(detail?.run).toMatchObject({ status: "FAILED", businessKey: "WO-2026-0815", failedStep: { nodeId: "n2", label: "Collect part codes" }, environment: { key: "test" }, version: 1 });
    expect(detail?.steps.map((s) => [s.nodeId, s.status])).toEqual([["n1", "SUCCEEDED"], ["n2", "FAILED"]]);
    expect(detail?.steps[1]?.error).toMatchObject({ class: "business", line: 3, column: 12 });
    expect(detail?.earlier).toEqual([]);
  });

  it("shows the latest generation per node and keeps the earlier ones with their attempts", async () => {
    const detail = await getRunDetail(t.db, ids.replayed!);
    expect(detail?.steps.map((s) => [s.nodeId, s.generation, s.status])).toEqual([["n1", 0, "SUCCEEDED"], ["n2", 1, "SUCCEEDED"], ["n3", 1, "SUCCEEDED"]]);
    expect(detail?.earlier).toHaveLength(1);
    expect(detail?.earlier[0]).toMatchObject({ nodeId: "n2", generation: 0, status: "FAILED", attempt: 2, attempts: [{ attempt: 1, error: { message: "blip" } }] });
  });

  it("uses a test run's own definition and names who started it", async () => {
    const detail = await getRunDetail(t.db, ids.testRun!);
    expect(detail?.definition.nodes.map((n) => n.id)).toEqual(["t", "shape"]);
    expect(detail?.run).toMatchObject({ mode: "TEST", startedBy: { name: expect.any(String) }, flowSlug: "shift-report" });
  });

  it("answers null for an unknown or malformed id", async () => {
    expect(await getRunDetail(t.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await getRunDetail(t.db, "not-a-run")).toBeNull();
  });
});
