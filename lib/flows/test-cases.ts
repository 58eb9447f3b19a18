// Test runs and saved test cases, the browser-safe half: the shapes the designer's test panel
// shows, the inputs of the test actions (zod), and the comparison that decides whether a test
// case passed (`evaluateTestCase`). The database half is test-cases.server.ts.
//
// A test case is a payload (what the trigger hands the first step) plus expectations: for some
// nodes, the output they must produce. It passes when its test run SUCCEEDED and every expected
// output equals what the node produced (deep equality of JSON values: key order does not matter,
// array order does). No expectations means "the run succeeds". These become the promotion gate.
import { z } from "zod";
import { getNodeDefinition } from "../../nodes/registry.ts";
import { isFinished, type RunStatus, type RunTaskView, type StepErrorInfo, type StepStatus, type StepView } from "../runs/run-types.ts";

// ---- what a test run looks like to the designer ---------------------------------------------

export type TestRunView = {
  id: string;
  flowId: string;
  status: RunStatus;
  environment: { id: string; name: string } | null;
  testCaseId: string | null;
  /** What the trigger handed the first step. */
  payload: unknown;
  /** Why the run failed, when it did (the failed step's error, or a run-level reason). */
  error: StepErrorInfo | null;
  failedNodeId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Each node's latest step (its current generation), in the order they were queued. */
  steps: StepView[];
  /** Approval tasks the run opened (a test run's Approve step waits for a real decision in the inbox). */
  tasks?: RunTaskView[];
};

export type TestCaseView = {
  id: string;
  flowId: string;
  name: string;
  payload: unknown;
  /** { nodeId: expected output }; empty: the run must succeed. */
  expected: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

export type TestCaseLastResult = { runId: string; at: string; status: RunStatus; evaluation: TestCaseEvaluation };
/** A test case in the panel's list, with the outcome of its latest test run. */
export type TestCaseListItem = TestCaseView & { lastResult: TestCaseLastResult | null };

/** A test run started for a saved case. */
export type StartedTestCase = { testCaseId: string; name: string; runId: string };

/** A test case's run, evaluated as it stands (a run still going has `evaluation.finished` false). */
export type TestCaseResult = { testCaseId: string; name: string; runId: string; status: RunStatus; evaluation: TestCaseEvaluation };

/** What the designer's test panel offers: environments to run against, saved cases, the last payload used. */
export type TestPanelContext = {
  /** Environments whose connections a test run may use, in promotion order. */
  environments: { id: string; key: string; name: string; protected: boolean }[];
  testCases: TestCaseListItem[];
  /** The payload of the caller's previous test run of this flow, when there was one. */
  lastPayload: { payload: unknown } | null;
};

// ---- inputs of the test actions ---------------------------------------------------------------

const ZUuid = (what: string) => z.uuid(`This ${what} id is not valid`);

export const ZTestCaseName = z.string().trim().min(1, "Enter a name").max(120, "Use at most 120 characters");
/** { nodeId: expected output }. */
export const ZExpected = z.record(z.string().min(1).max(64), z.unknown()).default({});

export const ZStartTestRun = z.object({
  flowId: ZUuid("flow"),
  /** The editor's current draft; checked with validateFlow by the action. */
  definition: z.unknown(),
  payload: z.unknown(),
  /** null: no environment (steps that need a connection fail with a clear message). */
  environmentId: ZUuid("environment").nullable().default(null),
  testCaseId: ZUuid("test case").nullable().default(null),
});

export const ZTestRunRef = z.object({ flowId: ZUuid("flow"), runId: ZUuid("run") });

export const ZCreateTestCase = z.object({ flowId: ZUuid("flow"), name: ZTestCaseName, payload: z.unknown(), expected: ZExpected });
export type TCreateTestCase = z.infer<typeof ZCreateTestCase>;

/** A test case from a finished test run: its payload, and the outputs of `expectNodeIds` as expectations. */
export const ZSaveTestCaseFromRun = z.object({
  flowId: ZUuid("flow"),
  runId: ZUuid("run"),
  name: ZTestCaseName,
  expectNodeIds: z.array(z.string().min(1).max(64)).max(500).default([]),
  /** Replace the test case of that name instead of refusing the name. */
  replace: z.boolean().default(false),
});
export type TSaveTestCaseFromRun = z.infer<typeof ZSaveTestCaseFromRun>;

/** Omitted fields stay as they are. */
export const ZUpdateTestCase = z.object({
  flowId: ZUuid("flow"),
  testCaseId: ZUuid("test case"),
  name: ZTestCaseName.optional(),
  payload: z.unknown().optional(),
  expected: z.record(z.string().min(1).max(64), z.unknown()).optional(),
});
export type TUpdateTestCase = z.infer<typeof ZUpdateTestCase>;

export const ZTestCaseRef = z.object({ flowId: ZUuid("flow"), testCaseId: ZUuid("test case") });

export const ZRunTestCases = z.object({
  flowId: ZUuid("flow"),
  definition: z.unknown(),
  environmentId: ZUuid("environment").nullable().default(null),
  /** Only these cases; omitted: all of the flow's cases. */
  testCaseIds: z.array(ZUuid("test case")).max(500).optional(),
});

// ---- the comparison ---------------------------------------------------------------------------

/** At most this many differences are listed per node (the rest are counted). */
export const MAX_DIFFERENCES = 20;

export type NodeEvaluation = {
  nodeId: string;
  passed: boolean;
  /** Readable differences: `lines[0].qty: expected 5, got 4`; or why there is no output. */
  differences: string[];
};

export type TestCaseEvaluation = {
  passed: boolean;
  /** The run reached a final status (a case that never finishes fails when the caller stops waiting). */
  finished: boolean;
  /** One sentence: "Passed", "The run failed at "n3": ...", "2 of 3 expected outputs differ". */
  summary: string;
  nodes: NodeEvaluation[];
};

type RunLike = { status: RunStatus; error?: unknown; failedNodeId?: string | null };
type StepLike = { nodeId: string; status: StepStatus; output: unknown; error?: unknown };
type CaseLike = { expected: Record<string, unknown> | null | undefined };

/**
 * Pass or fail, with per-node differences. `steps` are the run's latest steps (one per node);
 * `nameOf` turns node ids into names for the summary.
 */
export function evaluateTestCase(run: RunLike, steps: readonly StepLike[], testCase: CaseLike, nameOf: (nodeId: string) => string = (id) => `"${id}"`): TestCaseEvaluation {
  const finished = isFinished(run.status);
  const byNode = new Map(steps.map((step) => [step.nodeId, step]));
  const nodes = Object.entries(testCase.expected ?? {}).map(([nodeId, expected]) => evaluateNode(nodeId, expected, byNode.get(nodeId)));
  const differing = nodes.filter((node) => !node.passed).length;
  const passed = run.status === "SUCCEEDED" && differing === 0;
  return { passed, finished, nodes, summary: summarise(run, nodes.length, differing, nameOf) };
}

function evaluateNode(nodeId: string, expected: unknown, step: StepLike | undefined): NodeEvaluation {
  if (!step) return { nodeId, passed: false, differences: ["the step did not run"] };
  if (step.status === "FAILED") return { nodeId, passed: false, differences: [`the step failed: ${errorMessage(step.error)}`] };
  if (step.status === "SKIPPED") return { nodeId, passed: false, differences: ["the step was skipped"] };
  if (step.status !== "SUCCEEDED") return { nodeId, passed: false, differences: [`the step did not finish (${step.status.toLowerCase()})`] };
  const differences = jsonDifferences(expected, step.output);
  return { nodeId, passed: differences.length === 0, differences: capped(differences) };
}

function summarise(run: RunLike, expectedCount: number, differing: number, nameOf: (nodeId: string) => string): string {
  if (!isFinished(run.status)) {
    return run.status === "WAITING" ? "The run is still waiting (a delay or a human task)." : "The run did not finish.";
  }
  if (run.status === "FAILED") {
    const where = run.failedNodeId ? ` at ${nameOf(run.failedNodeId)}` : "";
    const line = errorLineNumber(run.error);
    return `The run failed${where}${line ? ` (line ${line})` : ""}: ${errorMessage(run.error)}`;
  }
  if (run.status !== "SUCCEEDED") return `The run was ${run.status.toLowerCase()}.`;
  if (differing > 0) return `${differing} of ${expectedCount} expected output${expectedCount === 1 ? "" : "s"} differ${differing === 1 ? "s" : ""}.`;
  return expectedCount === 0 ? "Passed: the run succeeded." : `Passed: the run succeeded and ${expectedCount === 1 ? "the expected output matches" : `all ${expectedCount} expected outputs match`}.`;
}

function capped(differences: string[]): string[] {
  if (differences.length <= MAX_DIFFERENCES) return differences;
  return [...differences.slice(0, MAX_DIFFERENCES), `and ${differences.length - MAX_DIFFERENCES} more differences`];
}

/** The message of a stored error (StepErrorInfo or anything with a message). */
export function errorMessage(error: unknown): string {
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string" && error.message) return error.message;
  if (typeof error === "string" && error) return error;
  return "no reason given";
}

function errorLineNumber(error: unknown): number | null {
  return error && typeof error === "object" && "line" in error && typeof error.line === "number" ? error.line : null;
}

/** Node id -> "Shape the order" (its label, else its kind's name), quoted, for summaries. */
export function nodeNamer(definition: unknown): (nodeId: string) => string {
  const nodes = definition && typeof definition === "object" && Array.isArray((definition as { nodes?: unknown }).nodes) ? (definition as { nodes: { id?: unknown; label?: unknown; kind?: unknown }[] }).nodes : [];
  const names = new Map<string, string>();
  for (const node of nodes) {
    if (typeof node?.id !== "string") continue;
    const label = typeof node.label === "string" && node.label.trim() ? node.label : typeof node.kind === "string" ? (getNodeDefinition(node.kind)?.label ?? node.kind) : node.id;
    names.set(node.id, label);
  }
  return (nodeId) => `"${names.get(nodeId) ?? nodeId}"`;
}

/**
 * Every place where `actual` differs from `expected`, as "path: expected X, got Y" (the path is
 * empty at the top: "expected X, got Y"). Equal JSON values give an empty list.
 */
export function jsonDifferences(expected: unknown, actual: unknown, path = ""): string[] {
  if (sameScalar(expected, actual)) return [];
  const at = path === "" ? "" : `${path}: `;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const out: string[] = [];
    const length = Math.max(expected.length, actual.length);
    if (expected.length !== actual.length) out.push(`${at}expected ${expected.length} item${expected.length === 1 ? "" : "s"}, got ${actual.length}`);
    for (let i = 0; i < length; i++) {
      const child = `${path}[${i}]`;
      if (i >= actual.length) out.push(`${child}: expected ${show(expected[i])}, got nothing`);
      else if (i >= expected.length) out.push(`${child}: not expected, got ${show(actual[i])}`);
      else out.push(...jsonDifferences(expected[i], actual[i], child));
    }
    return out;
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const out: string[] = [];
    for (const key of Object.keys(expected)) {
      const child = childPath(path, key);
      if (!(key in actual) || actual[key] === undefined) {
        if (expected[key] !== undefined) out.push(`${child}: expected ${show(expected[key])}, got nothing`);
      } else out.push(...jsonDifferences(expected[key], actual[key], child));
    }
    for (const key of Object.keys(actual)) {
      if ((!(key in expected) || expected[key] === undefined) && actual[key] !== undefined) out.push(`${childPath(path, key)}: not expected, got ${show(actual[key])}`);
    }
    return out;
  }
  return [`${at}expected ${show(expected)}, got ${show(actual)}`];
}

function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // undefined and a missing value read the same in JSON; null is a value.
  return a === undefined && b === undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(path: string, key: string): string {
  if (IDENTIFIER.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** A value in a difference: JSON, shortened. */
function show(value: unknown, max = 60): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// ---- helpers for the panel ----------------------------------------------------------------------

/** The step whose output a new test case expects by default: the last one to finish successfully. */
export function lastSucceededStep(run: Pick<TestRunView, "steps">): StepView | null {
  let last: StepView | null = null;
  for (const step of run.steps) {
    if (step.status !== "SUCCEEDED") continue;
    if (!last || (step.finishedAt ?? "") >= (last.finishedAt ?? "")) last = step;
  }
  return last;
}
