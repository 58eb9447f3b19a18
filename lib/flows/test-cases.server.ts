// Test runs of a draft and the flow's saved test cases, the database half (test-cases.ts holds the
// shapes and the comparison). Callers check the role first: ANALYST or ADMIN run tests and change
// test cases; any flows reader may list them.
//
// A test run is a Run with mode TEST that executes a snapshot of the definition it was given
// (runtime/engine/test-run.server.ts), through the same engine and workers as live runs. It uses
// an environment's connections only when the analyst picked that environment.
//
// The promotion gate (issue 7) runs every saved case against the version to promote and waits:
//
//   const { runs } = await runTestCases(db, { flowId, definition, environmentId, actorId });
//   const { finished } = await waitForTestRuns(db, runs.map((r) => r.runId), 60_000);
//   const results = await testCaseResults(db, flowId, runs.map((r) => r.runId));
//   const blocked = !finished || results.some((r) => !r.evaluation.passed);
//
// A run still going when the wait ends counts as failed ("The run did not finish").
//
// Test case changes are audited (flow.test_case_created / _updated / _deleted) in their own
// transaction, with the flow row locked so two saves of one name cannot both land.
import { Prisma } from "../generated/prisma/client.ts";
import type { Db, DbTx } from "../db/client.ts";
import { appendAudit } from "../audit/audit.server.ts";
import { AppError } from "../errors.ts";
import { startTestRun } from "../../runtime/engine/test-run.server.ts";
import { getRunDetail } from "../runs/queries.server.ts";
import { isFinished, type StepStatus } from "../runs/run-types.ts";
import { FlowInvalidError } from "./action-result.ts";
import type { TFlowDefinition } from "./definition.ts";
import { parseDefinitionShape } from "./flow-schemas.ts";
import { ARCHIVED_MESSAGE, auditActor, lockFlow, notFound, type Actor } from "./flows.server.ts";
import { isUuid } from "./queries.server.ts";
import {
  evaluateTestCase, nodeNamer, type StartedTestCase, type TCreateTestCase, type TestCaseListItem, type TestCaseResult, type TestCaseView,
  type TestRunView, type TSaveTestCaseFromRun, type TUpdateTestCase,
} from "./test-cases.ts";
import { validateFlow } from "./validate.ts";

/** Largest payload a test run or a test case takes, as JSON text (a webhook's default body limit). */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

// ---- test runs --------------------------------------------------------------------------------

export type StartDraftTestRun = {
  flowId: string;
  /** The editor's draft as it is now (not necessarily saved). */
  definition: unknown;
  payload: unknown;
  environmentId: string | null;
  testCaseId?: string | null;
};

/**
 * Validates the draft (errors refuse the run with the issues list, as publishing does; connections
 * are not checked here: a step whose connection is missing fails at run time with its own message)
 * and starts a test run of it. -> { runId }
 */
export async function startDraftTestRun(db: Db, actor: Actor, input: StartDraftTestRun): Promise<{ runId: string }> {
  const definition = runnableDefinition(input.definition);
  await assertFlowExists(db, input.flowId);
  await assertEnvironment(db, input.environmentId);
  assertPayload(input.payload, "payload");
  if (input.testCaseId) await findTestCase(db, input.flowId, input.testCaseId);
  return startTestRun(db, {
    flowId: input.flowId, definition, payload: input.payload, environmentId: input.environmentId, actorId: actor.id, testCaseId: input.testCaseId ?? null,
  });
}

/**
 * The definition a test run executes: defaults filled in, pinned samples left out (the engine does
 * not read them and each run keeps a copy). A malformed or oversized one is VALIDATION (as a draft
 * save), one that breaks the graph rules FlowInvalidError with the issues.
 */
export function runnableDefinition(raw: unknown): TFlowDefinition {
  const shape = parseDefinitionShape(raw);
  if (!shape.ok) throw new AppError("VALIDATION", shape.message, shape.fields);
  const { definition, issues } = validateFlow(shape.definition, { connectionNames: null });
  const errors = issues.filter((issue) => issue.severity === "error");
  if (!definition || errors.length > 0) {
    const count = Math.max(errors.length, 1);
    throw new FlowInvalidError(`Fix ${count === 1 ? "this problem" : `these ${count} problems`} before testing the flow.`, errors.length > 0 ? errors : issues);
  }
  return { ...definition, nodes: definition.nodes.map(({ sample: _sample, ...node }) => node) };
}

/** A test run of the flow with each node's latest step, or NOT_FOUND (also for live runs). */
export async function getTestRun(db: Db, flowId: string, runId: string): Promise<TestRunView> {
  if (!isUuid(flowId) || !isUuid(runId)) throw testRunNotFound();
  const own = await db.run.findFirst({ where: { id: runId, flowId, mode: "TEST" }, select: { testCaseId: true } });
  const detail = own ? await getRunDetail(db, runId) : null;
  if (!own || !detail) throw testRunNotFound();
  const { run } = detail;
  return {
    id: run.id, flowId: run.flow.id, status: run.status, testCaseId: own.testCaseId, payload: run.triggerPayload,
    environment: run.environment ? { id: run.environment.id, name: run.environment.name } : null,
    error: run.error, failedNodeId: run.failedStep?.nodeId ?? null,
    createdAt: run.createdAt, startedAt: run.startedAt, finishedAt: run.finishedAt,
    steps: detail.steps,
    tasks: detail.tasks,
  };
}

/** The payload of the actor's most recent test run of this flow (the panel's "last used"), or null. */
export async function lastTestPayload(db: Db, flowId: string, actorId: string): Promise<{ payload: unknown } | null> {
  const run = await db.run.findFirst({
    where: { flowId, mode: "TEST", startedById: actorId, testCaseId: null },
    orderBy: { createdAt: "desc" },
    select: { triggerPayload: true },
  });
  return run ? { payload: run.triggerPayload } : null;
}

// ---- test cases -------------------------------------------------------------------------------

/** The flow's test cases by name, each with the outcome of its latest test run. */
export async function listTestCases(db: Db, flowId: string): Promise<TestCaseListItem[]> {
  if (!isUuid(flowId)) return [];
  const cases = await db.flowTestCase.findMany({ where: { flowId }, orderBy: { name: "asc" } });
  if (cases.length === 0) return [];
  const runs = await db.run.findMany({
    where: { flowId, mode: "TEST", testCaseId: { in: cases.map((c) => c.id) } },
    orderBy: [{ testCaseId: "asc" }, { createdAt: "desc" }],
    distinct: ["testCaseId"],
    select: { id: true, testCaseId: true, status: true, error: true, failedNodeId: true, createdAt: true, definition: true },
  });
  const steps = await latestOutcomes(db, runs.map((r) => r.id));
  const lastByCase = new Map(runs.map((run) => [run.testCaseId, run]));
  return cases.map((row) => {
    const view = toView(row);
    const run = lastByCase.get(row.id);
    const lastResult = run
      ? { runId: run.id, at: run.createdAt.toISOString(), status: run.status, evaluation: evaluateTestCase(run, steps.get(run.id) ?? [], view, nodeNamer(run.definition)) }
      : null;
    return { ...view, lastResult };
  });
}

export async function createTestCase(db: Db, actor: Actor, input: TCreateTestCase): Promise<TestCaseView> {
  assertPayload(input.payload, "payload");
  assertPayload(input.expected, "expected");
  return db.$transaction(async (tx) => {
    await lockEditableFlow(tx, input.flowId);
    await assertNameFree(tx, input.flowId, input.name);
    const row = await tx.flowTestCase.create({
      data: { flowId: input.flowId, name: input.name, payload: json(input.payload), expected: json(input.expected), createdById: actor.id },
    });
    await appendAudit(tx, {
      ...auditActor(actor), action: "flow.test_case_created", subjectType: "flow", subjectId: input.flowId,
      after: { testCaseId: row.id, name: row.name, expectedNodes: Object.keys(input.expected) },
    });
    return toView(row);
  });
}

/**
 * A test case from a test run of this flow: its payload, and the outputs of the chosen steps as
 * expectations (each must have succeeded). With `replace`, a case of the same name is overwritten.
 */
export async function saveTestCaseFromRun(db: Db, actor: Actor, input: TSaveTestCaseFromRun): Promise<TestCaseView> {
  const run = await getTestRun(db, input.flowId, input.runId);
  const stepByNode = new Map(run.steps.map((step) => [step.nodeId, step]));
  const expected: Record<string, unknown> = {};
  for (const nodeId of new Set(input.expectNodeIds)) {
    const step = stepByNode.get(nodeId);
    if (!step || step.status !== "SUCCEEDED") {
      throw new AppError("VALIDATION", `Step "${nodeId}" has no output in this test run; expect only outputs of steps that succeeded.`, [
        { path: "expectNodeIds", message: `"${nodeId}" did not succeed` },
      ]);
    }
    expected[nodeId] = step.output ?? null;
  }
  if (input.replace) {
    const existing = await db.flowTestCase.findFirst({ where: { flowId: input.flowId, name: { equals: input.name, mode: "insensitive" } }, select: { id: true } });
    if (existing) return updateTestCase(db, actor, { flowId: input.flowId, testCaseId: existing.id, name: input.name, payload: run.payload, expected });
  }
  return createTestCase(db, actor, { flowId: input.flowId, name: input.name, payload: run.payload, expected });
}

export async function updateTestCase(db: Db, actor: Actor, input: TUpdateTestCase): Promise<TestCaseView> {
  if (input.payload !== undefined) assertPayload(input.payload, "payload");
  if (input.expected !== undefined) assertPayload(input.expected, "expected");
  return db.$transaction(async (tx) => {
    await lockEditableFlow(tx, input.flowId);
    const before = await findTestCase(tx, input.flowId, input.testCaseId);
    if (input.name !== undefined && input.name.toLowerCase() !== before.name.toLowerCase()) await assertNameFree(tx, input.flowId, input.name);
    const row = await tx.flowTestCase.update({
      where: { id: before.id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.payload !== undefined ? { payload: json(input.payload) } : {}),
        ...(input.expected !== undefined ? { expected: json(input.expected) } : {}),
      },
    });
    await appendAudit(tx, {
      ...auditActor(actor), action: "flow.test_case_updated", subjectType: "flow", subjectId: input.flowId,
      before: { testCaseId: before.id, name: before.name, expectedNodes: Object.keys(before.expected) },
      after: {
        testCaseId: row.id, name: row.name, expectedNodes: Object.keys(toView(row).expected),
        changed: [input.name !== undefined && "name", input.payload !== undefined && "payload", input.expected !== undefined && "expected"].filter(Boolean),
      },
    });
    return toView(row);
  });
}

export async function deleteTestCase(db: Db, actor: Actor, input: { flowId: string; testCaseId: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockEditableFlow(tx, input.flowId);
    const before = await findTestCase(tx, input.flowId, input.testCaseId);
    await tx.flowTestCase.delete({ where: { id: before.id } });
    await appendAudit(tx, {
      ...auditActor(actor), action: "flow.test_case_deleted", subjectType: "flow", subjectId: input.flowId,
      before: { testCaseId: before.id, name: before.name, expectedNodes: Object.keys(before.expected) },
    });
  });
}

// ---- running the cases (the promotion gate) ---------------------------------------------------

/**
 * Starts one test run per saved case (all of the flow's cases, or `testCaseIds`) of `definition`
 * (a draft or a version's definition; validated first). Returns at once; see waitForTestRuns.
 */
export async function runTestCases(
  db: Db,
  input: { flowId: string; definition: unknown; environmentId: string | null; actorId: string; testCaseIds?: string[] },
): Promise<{ runs: StartedTestCase[] }> {
  const definition = runnableDefinition(input.definition);
  await assertFlowExists(db, input.flowId);
  await assertEnvironment(db, input.environmentId);
  const cases = await db.flowTestCase.findMany({
    where: { flowId: input.flowId, ...(input.testCaseIds ? { id: { in: input.testCaseIds } } : {}) },
    orderBy: { name: "asc" },
    select: { id: true, name: true, payload: true },
  });
  const runs: StartedTestCase[] = [];
  for (const testCase of cases) {
    const { runId } = await startTestRun(db, {
      flowId: input.flowId, definition, payload: testCase.payload, environmentId: input.environmentId, actorId: input.actorId, testCaseId: testCase.id,
    });
    runs.push({ testCaseId: testCase.id, name: testCase.name, runId });
  }
  return { runs };
}

/**
 * Waits until every run has finished (SUCCEEDED, FAILED, CANCELLED or DISCARDED) or `timeoutMs`
 * has passed, checking every `intervalMs`. -> whether all finished, and the ids still going.
 */
export async function waitForTestRuns(db: Db, runIds: readonly string[], timeoutMs: number, options: { intervalMs?: number } = {}): Promise<{ finished: boolean; pending: string[] }> {
  const deadline = Date.now() + timeoutMs;
  const intervalMs = options.intervalMs ?? 250;
  let pending = [...new Set(runIds)];
  for (;;) {
    if (pending.length === 0) return { finished: true, pending };
    const rows = await db.run.findMany({ where: { id: { in: pending } }, select: { id: true, status: true } });
    const going = new Set(rows.filter((row) => !isFinished(row.status)).map((row) => row.id));
    // A run that no longer exists will never finish; it stays pending (and so fails the gate).
    const known = new Set(rows.map((row) => row.id));
    pending = pending.filter((id) => going.has(id) || !known.has(id));
    if (pending.length === 0) return { finished: true, pending };
    if (Date.now() >= deadline) return { finished: false, pending };
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}

/** Each test-case run of the flow among `runIds`, evaluated as it stands now (unfinished runs fail). */
export async function testCaseResults(db: Db, flowId: string, runIds: readonly string[]): Promise<TestCaseResult[]> {
  if (!isUuid(flowId)) return [];
  const ids = runIds.filter(isUuid);
  const runs = await db.run.findMany({
    where: { id: { in: ids }, flowId, mode: "TEST", testCaseId: { not: null } },
    select: { id: true, testCaseId: true, status: true, error: true, failedNodeId: true, definition: true },
  });
  const cases = await db.flowTestCase.findMany({ where: { id: { in: runs.map((r) => r.testCaseId!) } }, select: { id: true, name: true, expected: true } });
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const steps = await latestOutcomes(db, runs.map((r) => r.id));
  const order = new Map(ids.map((id, i) => [id, i]));
  return runs
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
    .flatMap((run) => {
      const testCase = caseById.get(run.testCaseId!);
      if (!testCase) return []; // deleted since
      const evaluation = evaluateTestCase(run, steps.get(run.id) ?? [], { expected: testCase.expected as Record<string, unknown> }, nodeNamer(run.definition));
      return [{ testCaseId: testCase.id, name: testCase.name, runId: run.id, status: run.status, evaluation }];
    });
}

// ---- shared ------------------------------------------------------------------------------------

type StepOutcome = { nodeId: string; status: StepStatus; output: unknown; error: unknown };

/** What the comparison needs of each node's latest step (highest generation), per run. */
async function latestOutcomes(db: Db | DbTx, runIds: readonly string[]): Promise<Map<string, StepOutcome[]>> {
  const result = new Map<string, StepOutcome[]>();
  if (runIds.length === 0) return result;
  const rows = await db.stepRun.findMany({
    where: { runId: { in: [...runIds] } },
    orderBy: [{ runId: "asc" }, { nodeId: "asc" }, { generation: "desc" }],
    distinct: ["runId", "nodeId"],
    select: { runId: true, nodeId: true, status: true, output: true, error: true },
  });
  for (const { runId, ...outcome } of rows) {
    const list = result.get(runId) ?? [];
    list.push(outcome);
    result.set(runId, list);
  }
  return result;
}

type TestCaseRow = { id: string; flowId: string; name: string; payload: unknown; expected: unknown; createdAt: Date; updatedAt: Date };

function toView(row: TestCaseRow): TestCaseView {
  const expected = row.expected && typeof row.expected === "object" && !Array.isArray(row.expected) ? (row.expected as Record<string, unknown>) : {};
  return { id: row.id, flowId: row.flowId, name: row.name, payload: row.payload, expected, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

async function findTestCase(db: Db | DbTx, flowId: string, testCaseId: string): Promise<TestCaseView> {
  const row = isUuid(testCaseId) ? await db.flowTestCase.findFirst({ where: { id: testCaseId, flowId } }) : null;
  if (!row) throw new AppError("NOT_FOUND", "This test case does not exist (any more).");
  return toView(row);
}

async function assertNameFree(tx: DbTx, flowId: string, name: string): Promise<void> {
  const taken = await tx.flowTestCase.findFirst({ where: { flowId, name: { equals: name, mode: "insensitive" } }, select: { id: true } });
  if (taken) throw new AppError("CONFLICT", `This flow already has a test case named "${name}". Choose another name.`, [{ path: "name", message: "Already in use in this flow" }]);
}

async function lockEditableFlow(tx: DbTx, flowId: string): Promise<void> {
  const flow = await lockFlow(tx, flowId);
  if (flow.archivedAt) throw new AppError("CONFLICT", ARCHIVED_MESSAGE);
}

async function assertFlowExists(db: Db, flowId: string): Promise<void> {
  if (!isUuid(flowId) || !(await db.flow.findUnique({ where: { id: flowId }, select: { id: true } }))) throw notFound();
}

async function assertEnvironment(db: Db, environmentId: string | null): Promise<void> {
  if (environmentId === null) return;
  const found = isUuid(environmentId) && (await db.environment.findUnique({ where: { id: environmentId }, select: { id: true } }));
  if (!found) throw new AppError("NOT_FOUND", "This environment does not exist (any more). Pick another one, or None.", [{ path: "environmentId", message: "Unknown environment" }]);
}

/** JSON that PostgreSQL's jsonb takes, and not too large. */
function assertPayload(value: unknown, path: string): void {
  if (value === undefined) throw new AppError("VALIDATION", "Enter a payload (JSON).", [{ path, message: "Required" }]);
  const text = JSON.stringify(value);
  if (text.length > MAX_PAYLOAD_BYTES) {
    throw new AppError("VALIDATION", `The ${path} is ${(text.length / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_PAYLOAD_BYTES / 1024 / 1024} MB.`, [{ path, message: "Too large" }]);
  }
  if (text.includes("\\u0000")) throw new AppError("VALIDATION", `The ${path} contains a NUL character (\\u0000); remove it.`, [{ path, message: "Contains a NUL character" }]);
}

function json(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  return value === null ? Prisma.JsonNull : (value as Prisma.InputJsonValue);
}

function testRunNotFound(): AppError {
  return new AppError("NOT_FOUND", "This test run does not exist (any more).");
}
