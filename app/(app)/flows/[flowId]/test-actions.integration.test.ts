// The designer's test actions: who may run tests and change test cases (server actions are public
// POST endpoints), what an invalid draft or a bad payload gets back, test case CRUD with unique
// names and an audit trail, the poll routes, and real test runs through the engine and a worker.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signInAs } from "../../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../../test/test-database.ts";
import { flowDefinition, flowNode } from "../../../../test/flow-fixtures.ts";
import { verifyAuditChain } from "../../../../lib/audit/audit.server.ts";
import type { ActionResult } from "../../../../lib/flows/action-result.ts";
import type { TFlowDefinition } from "../../../../lib/flows/definition.ts";
import type { TestRunView } from "../../../../lib/flows/test-cases.ts";
import { seedDemo } from "../../../../prisma/seed.ts";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let t: TestDatabase;
let actions: typeof import("./test-actions.ts");
let lib: typeof import("../../../../lib/flows/test-cases.server.ts");
const ids: Record<string, string> = {};
let counter = 0;

/** webhook -> map -> end, the map doubling the quantity. */
function draft(script = "return { qty: input.body.qty * 2, lines: [{ code: input.body.code, qty: input.body.qty }] };"): TFlowDefinition {
  return flowDefinition(
    [flowNode("hook", "webhook-trigger", {}, "Order received"), flowNode("shape", "map", { script }, "Shape the order"), flowNode("done", "end", {}, "Done")],
    [["hook", "shape"], ["shape", "done"]],
  );
}

const payload = (body: unknown) => ({ body, headers: { "content-type": "application/json" }, query: {}, receivedAt: "2026-11-22T10:00:00.000Z" });

async function expectOk<T>(result: Promise<ActionResult<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected ok, got ${JSON.stringify(settled)}`);
  return settled.data;
}

/** A finished test run written straight into the tables (for tests that need no worker). */
async function finishedRun(flowId: string, outputs: Record<string, unknown>, options: { status?: "SUCCEEDED" | "FAILED"; testCaseId?: string; failed?: string } = {}): Promise<string> {
  const run = await t.db.run.create({
    data: {
      flowId, mode: "TEST", definition: draft() as object, status: options.status ?? "SUCCEEDED", triggerKind: "webhook-trigger", triggerNodeId: "hook",
      triggerPayload: payload({ qty: 3, code: "BRG" }) as object, startedById: ids.analyst, testCaseId: options.testCaseId ?? null,
      startedAt: new Date(), finishedAt: new Date(), ...(options.failed ? { failedNodeId: options.failed, error: { class: "business", message: "boom" } } : {}),
    },
  });
  let at = Date.now();
  for (const [nodeId, output] of Object.entries(outputs)) {
    const failed = nodeId === options.failed;
    await t.db.stepRun.create({
      data: {
        runId: run.id, nodeId, status: failed ? "FAILED" : "SUCCEEDED", input: {}, ...(failed ? { error: { class: "business", message: "boom", line: 1 } } : { output: output as object }),
        queuedAt: new Date(at++), startedAt: new Date(at), finishedAt: new Date(at + 5),
      },
    });
  }
  return run.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await seedDemo(t.db);
  actions = await import("./test-actions.ts");
  lib = await import("../../../../lib/flows/test-cases.server.ts");
  for (const [name, email] of [["analyst", "analyst@millwright.local"], ["approver", "approver@millwright.local"], ["admin", "admin@millwright.local"]] as const) {
    ids[name] = (await t.db.user.findUniqueOrThrow({ where: { email } })).id;
  }
  ids.nobody = (await t.db.user.create({ data: { email: "nobody@plant.example", name: "Nobody", roles: [], passwordHash: "x" } })).id;
  ids.dev = (await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } })).id;
  const flow = await t.db.flow.create({ data: { slug: "orders", name: "Orders", ownerId: ids.analyst!, draft: { create: { definition: draft() as object, editorId: ids.analyst! } } } });
  ids.flow = flow.id;
});
afterAll(async () => {
  await t?.drop();
});

const actor = () => ({ id: ids.analyst!, email: "analyst@millwright.local" });

const calls: Record<string, () => Promise<ActionResult<unknown>>> = {
  testPanelContext: () => actions.testPanelContextAction({ flowId: ids.flow }),
  startTestRun: () => actions.startTestRunAction({ flowId: ids.flow, definition: draft(), payload: payload({ qty: 1, code: "A" }), environmentId: null }),
  getTestRun: async () => actions.getTestRunAction({ flowId: ids.flow, runId: await finishedRun(ids.flow!, { hook: {} }) }),
  createTestCase: () => actions.createTestCaseAction({ flowId: ids.flow, name: `Matrix ${++counter}`, payload: payload({ qty: 1 }), expected: {} }),
  saveTestCaseFromRun: async () => actions.saveTestCaseFromRunAction({ flowId: ids.flow, runId: await finishedRun(ids.flow!, { hook: {}, shape: { qty: 2 } }), name: `From run ${++counter}`, expectNodeIds: ["shape"] }),
  updateTestCase: async () => {
    const testCase = await lib.createTestCase(t.db, actor(), { flowId: ids.flow!, name: `To update ${++counter}`, payload: {}, expected: {} });
    return actions.updateTestCaseAction({ flowId: ids.flow, testCaseId: testCase.id, name: `Updated ${counter}` });
  },
  deleteTestCase: async () => {
    const testCase = await lib.createTestCase(t.db, actor(), { flowId: ids.flow!, name: `To delete ${++counter}`, payload: {}, expected: {} });
    return actions.deleteTestCaseAction({ flowId: ids.flow, testCaseId: testCase.id });
  },
  runTestCases: async () => {
    await lib.createTestCase(t.db, actor(), { flowId: ids.flow!, name: `To run ${++counter}`, payload: payload({ qty: 1 }), expected: {} });
    return actions.runTestCasesAction({ flowId: ids.flow, definition: draft(), environmentId: null });
  },
};

describe("test actions check the caller's role", () => {
  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: anonymous -> UNAUTHENTICATED, approver and no role -> FORBIDDEN (nothing changes), analyst and admin -> done`, async () => {
      const before = { events: await t.db.auditEvent.count(), runs: await t.db.run.count({ where: { startedById: { not: ids.analyst } } }), cases: await t.db.flowTestCase.count() };
      signInAs(null);
      expect(await call()).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
      for (const who of ["approver", "nobody"]) {
        signInAs(ids[who]!);
        expect(await call(), who).toMatchObject({ ok: false, code: "FORBIDDEN", message: expect.stringContaining("ANALYST or ADMIN") });
      }
      // (the helpers above write their fixtures as the analyst, directly)
      expect(await t.db.run.count({ where: { startedById: { not: ids.analyst } } })).toBe(before.runs);
      for (const who of ["analyst", "admin"]) {
        signInAs(ids[who]!);
        expect(await call(), who).toMatchObject({ ok: true });
      }
    });
  }

  it("listTestCases: approvers read the cases (flows are theirs to read); no role -> FORBIDDEN", async () => {
    signInAs(ids.approver!);
    expect(await actions.listTestCasesAction({ flowId: ids.flow })).toMatchObject({ ok: true });
    signInAs(ids.nobody!);
    expect(await actions.listTestCasesAction({ flowId: ids.flow })).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });
});

describe("starting a test run", () => {
  it("runs the draft as a TEST run of no environment, pinned to a snapshot of the draft, not a version", async () => {
    signInAs(ids.analyst!);
    const { runId } = await expectOk(actions.startTestRunAction({ flowId: ids.flow, definition: draft("return 1;"), payload: payload({ qty: 4 }), environmentId: null }));
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ mode: "TEST", environmentId: null, versionId: null, startedById: ids.analyst, triggerNodeId: "hook", triggerPayload: payload({ qty: 4 }) });
    expect((run.definition as TFlowDefinition).nodes.find((n) => n.id === "shape")?.config.script).toBe("return 1;");
    // Pinned samples stay in the draft; the run's snapshot does without them.
    const withSample = { ...draft(), nodes: draft().nodes.map((n) => (n.id === "hook" ? { ...n, sample: payload({ qty: 9 }) } : n)) };
    const second = await expectOk(actions.startTestRunAction({ flowId: ids.flow, definition: withSample, payload: payload({ qty: 4 }), environmentId: null }));
    const snapshot = (await t.db.run.findUniqueOrThrow({ where: { id: second.runId } })).definition as TFlowDefinition;
    expect(snapshot.nodes.some((n) => "sample" in n)).toBe(false);
  });

  it("uses an environment only when one is picked, and refuses one that does not exist", async () => {
    signInAs(ids.analyst!);
    const { runId } = await expectOk(actions.startTestRunAction({ flowId: ids.flow, definition: draft(), payload: payload({ qty: 4 }), environmentId: ids.dev }));
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).environmentId).toBe(ids.dev);
    const unknown = await actions.startTestRunAction({ flowId: ids.flow, definition: draft(), payload: {}, environmentId: "00000000-0000-4000-8000-000000000000" });
    expect(unknown).toMatchObject({ ok: false, code: "NOT_FOUND", fields: [{ path: "environmentId" }] });
  });

  it("refuses an invalid draft with its issues, and starts nothing", async () => {
    signInAs(ids.analyst!);
    const runs = await t.db.run.count();
    const noEdges = { ...draft(), edges: [] };
    const result = await actions.startTestRunAction({ flowId: ids.flow, definition: noEdges, payload: payload({}), environmentId: null });
    expect(result).toMatchObject({ ok: false, code: "INVALID", message: expect.stringMatching(/^Fix these \d+ problems before testing the flow\.$/) });
    expect(result.ok ? [] : result.issues?.map((i) => i.code)).toContain("unreachable");
    const garbage = await actions.startTestRunAction({ flowId: ids.flow, definition: { nodes: "no" }, payload: payload({}), environmentId: null });
    expect(garbage).toMatchObject({ ok: false, code: "VALIDATION", fields: expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^definition/) })]) });
    expect(await t.db.run.count()).toBe(runs);
  });

  it("refuses a missing payload, a bad id and a flow that does not exist", async () => {
    signInAs(ids.analyst!);
    expect(await actions.startTestRunAction({ flowId: ids.flow, definition: draft(), environmentId: null })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "payload" }] });
    expect(await actions.startTestRunAction({ flowId: "42", definition: draft(), payload: {} })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "flowId" }] });
    expect(await actions.startTestRunAction({ flowId: "00000000-0000-4000-8000-000000000000", definition: draft(), payload: {} })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("test cases", () => {
  it("create, rename, change and delete, with names unique per flow (ignoring case) and every change audited", async () => {
    signInAs(ids.analyst!);
    const created = await expectOk(actions.createTestCaseAction({ flowId: ids.flow, name: "Three bearings", payload: payload({ qty: 3 }), expected: { shape: { qty: 6 } } }));
    expect(created).toMatchObject({ name: "Three bearings", expected: { shape: { qty: 6 } }, payload: payload({ qty: 3 }) });
    expect(await actions.createTestCaseAction({ flowId: ids.flow, name: "three BEARINGS", payload: {}, expected: {} })).toMatchObject({
      ok: false, code: "CONFLICT", message: 'This flow already has a test case named "three BEARINGS". Choose another name.', fields: [{ path: "name" }],
    });
    const other = await expectOk(actions.createTestCaseAction({ flowId: ids.flow, name: "Unknown part", payload: payload({ qty: 1 }) }));
    expect(other.expected).toEqual({});
    expect(await actions.updateTestCaseAction({ flowId: ids.flow, testCaseId: other.id, name: "Three Bearings" })).toMatchObject({ ok: false, code: "CONFLICT" });
    const renamed = await expectOk(actions.updateTestCaseAction({ flowId: ids.flow, testCaseId: other.id, name: "One unknown part", expected: { done: { outcome: "success" } } }));
    expect(renamed).toMatchObject({ name: "One unknown part", expected: { done: { outcome: "success" } }, payload: payload({ qty: 1 }) });
    // The same name in another flow is fine.
    const otherFlow = await t.db.flow.create({ data: { slug: "other", name: "Other", ownerId: ids.analyst!, draft: { create: { definition: draft() as object, editorId: ids.analyst! } } } });
    await expectOk(actions.createTestCaseAction({ flowId: otherFlow.id, name: "Three bearings", payload: {} }));

    await expectOk(actions.deleteTestCaseAction({ flowId: ids.flow, testCaseId: other.id }));
    expect(await actions.deleteTestCaseAction({ flowId: ids.flow, testCaseId: other.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    // A case of another flow is not found through this one.
    expect(await actions.deleteTestCaseAction({ flowId: otherFlow.id, testCaseId: created.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });

    const events = await t.db.auditEvent.findMany({ where: { subjectId: ids.flow, action: { startsWith: "flow.test_case_" } }, orderBy: { seq: "asc" } });
    const mine = events.filter((e) => [created.id, other.id].includes(((e.after ?? e.before) as { testCaseId: string }).testCaseId));
    expect(mine.map((e) => e.action)).toEqual(["flow.test_case_created", "flow.test_case_created", "flow.test_case_updated", "flow.test_case_deleted"]);
    expect(mine[2]).toMatchObject({ actorLabel: "analyst@millwright.local", before: { name: "Unknown part" }, after: { name: "One unknown part", changed: ["name", "expected"] } });
  });

  it("saves a case from a test run: its payload, and the ticked steps' outputs as expectations", async () => {
    signInAs(ids.analyst!);
    const runId = await finishedRun(ids.flow!, { hook: payload({ qty: 3 }), shape: { qty: 6 }, done: { outcome: "success", status: 200, body: { ok: true } } });
    const saved = await expectOk(actions.saveTestCaseFromRunAction({ flowId: ids.flow, runId, name: "From a run", expectNodeIds: ["shape", "done"] }));
    expect(saved).toMatchObject({ payload: payload({ qty: 3, code: "BRG" }), expected: { shape: { qty: 6 }, done: { outcome: "success", status: 200, body: { ok: true } } } });
    // The name is taken: refused unless replacing on purpose.
    expect(await actions.saveTestCaseFromRunAction({ flowId: ids.flow, runId, name: "From a run", expectNodeIds: [] })).toMatchObject({ ok: false, code: "CONFLICT" });
    const replaced = await expectOk(actions.saveTestCaseFromRunAction({ flowId: ids.flow, runId, name: "From a run", expectNodeIds: [], replace: true }));
    expect(replaced).toMatchObject({ id: saved.id, expected: {} });
    // Only outputs of steps that succeeded can be expected.
    const failedRun = await finishedRun(ids.flow!, { hook: {}, shape: null }, { status: "FAILED", failed: "shape" });
    expect(await actions.saveTestCaseFromRunAction({ flowId: ids.flow, runId: failedRun, name: "Broken", expectNodeIds: ["shape"] })).toMatchObject({
      ok: false, code: "VALIDATION", fields: [{ path: "expectNodeIds" }],
    });
  });

  it("lists cases with the result of their latest run, differences included", async () => {
    signInAs(ids.analyst!);
    const flow = await t.db.flow.create({ data: { slug: "listed", name: "Listed", ownerId: ids.analyst!, draft: { create: { definition: draft() as object, editorId: ids.analyst! } } } });
    const passing = await lib.createTestCase(t.db, actor(), { flowId: flow.id, name: "B passes", payload: {}, expected: { shape: { qty: 6 } } });
    const failing = await lib.createTestCase(t.db, actor(), { flowId: flow.id, name: "A fails", payload: {}, expected: { shape: { lines: [{ qty: 5 }] } } });
    await lib.createTestCase(t.db, actor(), { flowId: flow.id, name: "C never ran", payload: {}, expected: {} });
    await finishedRun(flow.id, { shape: { qty: 1 } }, { testCaseId: passing.id });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await finishedRun(flow.id, { shape: { qty: 6 } }, { testCaseId: passing.id });
    await finishedRun(flow.id, { shape: { lines: [{ qty: 4 }] } }, { testCaseId: failing.id });
    const list = await expectOk(actions.listTestCasesAction({ flowId: flow.id }));
    expect(list.map((c) => [c.name, c.lastResult?.evaluation.passed ?? null])).toEqual([["A fails", false], ["B passes", true], ["C never ran", null]]);
    expect(list[0]!.lastResult!.evaluation.nodes[0]!.differences).toEqual(["lines[0].qty: expected 5, got 4"]);
  });

  it("an archived flow's cases are read-only", async () => {
    signInAs(ids.analyst!);
    const flow = await t.db.flow.create({ data: { slug: "archived", name: "Archived", ownerId: ids.analyst!, archivedAt: new Date(), draft: { create: { definition: draft() as object, editorId: ids.analyst! } } } });
    expect(await actions.createTestCaseAction({ flowId: flow.id, name: "Nope", payload: {} })).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringContaining("archived") });
  });
});

describe("the poll routes", () => {
  async function getRun(flowId: string, runId: string) {
    const { GET } = await import("../../../api/flows/[flowId]/test-runs/[runId]/route.ts");
    return GET(new Request(`http://localhost/api/flows/${flowId}/test-runs/${runId}`), { params: Promise.resolve({ flowId, runId }) });
  }

  it("GET a test run: its status and each node's latest step; approvers and live runs are refused", async () => {
    const runId = await finishedRun(ids.flow!, { hook: payload({ qty: 3 }), shape: { qty: 6 } });
    signInAs(ids.analyst!);
    const response = await getRun(ids.flow!, runId);
    expect(response.status).toBe(200);
    const view = (await response.json()) as TestRunView;
    expect(view).toMatchObject({ id: runId, status: "SUCCEEDED", environment: null, steps: [{ nodeId: "hook", status: "SUCCEEDED" }, { nodeId: "shape", output: { qty: 6 } }] });
    signInAs(ids.approver!);
    expect((await getRun(ids.flow!, runId)).status).toBe(403);
    signInAs(ids.analyst!);
    const live = await t.db.run.create({ data: { flowId: ids.flow!, mode: "LIVE", triggerKind: "webhook-trigger", triggerNodeId: "hook", triggerPayload: {} } });
    expect((await getRun(ids.flow!, live.id)).status).toBe(404);
    expect((await getRun(ids.flow!, "not-a-uuid")).status).toBe(404);
  });

  it("GET results of test-case runs: each evaluated against its case", async () => {
    signInAs(ids.analyst!);
    const testCase = await lib.createTestCase(t.db, actor(), { flowId: ids.flow!, name: `Route ${++counter}`, payload: {}, expected: { shape: { qty: 6 } } });
    const runId = await finishedRun(ids.flow!, { shape: { qty: 7 } }, { testCaseId: testCase.id });
    const { GET } = await import("../../../api/flows/[flowId]/test-runs/route.ts");
    const response = await GET(new Request(`http://localhost/api/flows/${ids.flow}/test-runs?ids=${runId},nonsense`), { params: Promise.resolve({ flowId: ids.flow! }) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { runId: string; evaluation: { passed: boolean; nodes: { differences: string[] }[] } }[] };
    expect(body.results).toEqual([expect.objectContaining({ runId, evaluation: expect.objectContaining({ passed: false, nodes: [expect.objectContaining({ differences: ["qty: expected 6, got 7"] })] }) })]);
  });
});

describe("waiting for test runs (the promotion gate)", () => {
  it("waitForTestRuns gives up after its timeout and names the runs still going", async () => {
    const stuck = await t.db.run.create({ data: { flowId: ids.flow!, mode: "TEST", status: "WAITING", triggerKind: "webhook-trigger", triggerNodeId: "hook", triggerPayload: {} } });
    const started = Date.now();
    expect(await lib.waitForTestRuns(t.db, [stuck.id], 300, { intervalMs: 50 })).toEqual({ finished: false, pending: [stuck.id] });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("test case changes leave an audit chain that verifies", async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});

describe("real test runs through the engine and a worker", () => {
  let worker: { stop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    const { startWorker } = await import("../../../../runtime/worker.ts");
    worker = await startWorker(t.url);
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it("runs webhook -> map -> end and shows each node's input and output", async () => {
    signInAs(ids.analyst!);
    const { runId } = await expectOk(actions.startTestRunAction({ flowId: ids.flow, definition: draft(), payload: payload({ qty: 7, code: "BRG-6205" }), environmentId: null }));
    expect(await lib.waitForTestRuns(t.db, [runId], 20_000)).toEqual({ finished: true, pending: [] });
    const run = await expectOk(actions.getTestRunAction({ flowId: ids.flow, runId }));
    expect(run.status).toBe("SUCCEEDED");
    const steps = Object.fromEntries(run.steps.map((s) => [s.nodeId, s]));
    expect(run.steps.map((s) => s.nodeId)).toEqual(["hook", "shape", "done"]);
    expect(steps.hook?.output).toEqual(payload({ qty: 7, code: "BRG-6205" }));
    expect(steps.shape).toMatchObject({ status: "SUCCEEDED", input: payload({ qty: 7, code: "BRG-6205" }), output: { qty: 14, lines: [{ code: "BRG-6205", qty: 7 }] } });
    expect(steps.done?.status).toBe("SUCCEEDED");
  });

  it("a script error fails the step with its message and line", async () => {
    signInAs(ids.analyst!);
    const broken = draft("const order = input.body.order;\nreturn { qty: order.qty };");
    const { runId } = await expectOk(actions.startTestRunAction({ flowId: ids.flow, definition: broken, payload: payload({ qty: 1 }), environmentId: null }));
    await lib.waitForTestRuns(t.db, [runId], 20_000);
    const run = await expectOk(actions.getTestRunAction({ flowId: ids.flow, runId }));
    expect(run).toMatchObject({ status: "FAILED", failedNodeId: "shape" });
    expect(run.steps.find((s) => s.nodeId === "shape")?.error).toMatchObject({ class: "business", line: 2, message: expect.stringContaining("qty") });
  });

  it("saved cases pass against the draft they came from and fail, with differences, against a changed one", async () => {
    signInAs(ids.analyst!);
    const flow = await t.db.flow.create({ data: { slug: "gate", name: "Gate", ownerId: ids.analyst!, draft: { create: { definition: draft() as object, editorId: ids.analyst! } } } });
    const { runId } = await expectOk(actions.startTestRunAction({ flowId: flow.id, definition: draft(), payload: payload({ qty: 5, code: "SEAL" }), environmentId: null }));
    await lib.waitForTestRuns(t.db, [runId], 20_000);
    await expectOk(actions.saveTestCaseFromRunAction({ flowId: flow.id, runId, name: "Five seals", expectNodeIds: ["shape"] }));
    await expectOk(actions.createTestCaseAction({ flowId: flow.id, name: "Just succeeds", payload: payload({ qty: 1, code: "X" }) }));

    const pass = await expectOk(actions.runTestCasesAction({ flowId: flow.id, definition: draft(), environmentId: null }));
    expect(pass.runs.map((r) => r.name)).toEqual(["Five seals", "Just succeeds"]);
    expect((await lib.waitForTestRuns(t.db, pass.runs.map((r) => r.runId), 20_000)).finished).toBe(true);
    const passed = await lib.testCaseResults(t.db, flow.id, pass.runs.map((r) => r.runId));
    expect(passed.map((r) => [r.name, r.evaluation.passed])).toEqual([["Five seals", true], ["Just succeeds", true]]);

    const changed = draft("return { qty: input.body.qty * 3, lines: [{ code: input.body.code, qty: input.body.qty }] };");
    const fail = await expectOk(actions.runTestCasesAction({ flowId: flow.id, definition: changed, environmentId: null }));
    await lib.waitForTestRuns(t.db, fail.runs.map((r) => r.runId), 20_000);
    const failed = await lib.testCaseResults(t.db, flow.id, fail.runs.map((r) => r.runId));
    expect(failed[0]).toMatchObject({ name: "Five seals", evaluation: { passed: false, summary: "1 of 1 expected output differs.", nodes: [{ nodeId: "shape", differences: ["qty: expected 10, got 15"] }] } });
    expect(failed[1]!.evaluation.passed).toBe(true);
  });
});
