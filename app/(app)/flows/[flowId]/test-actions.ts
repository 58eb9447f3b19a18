"use server";

// The designer's test actions: run the draft as it is in the editor with a pasted or saved payload,
// and keep the flow's test cases (the promotion gate). Each action checks the role first (ANALYST
// or ADMIN; approvers may only list test cases), parses its input with zod whatever the browser
// sent, then calls lib/flows/test-cases.server.ts. Outcomes are ActionResult values, as in
// ../actions.ts. Live progress of a run is polled over GET /api/flows/:flowId/test-runs/:runId
// (server actions from one page run one after another, so a poll would hold up autosaves).
import type { z } from "zod";
import { guardedAction } from "../../../../lib/actions/guarded-action.server.ts";
import type { SessionUser } from "../../../../lib/auth/sign-in.server.ts";
import { SECTION_ROLES, type Role } from "../../../../lib/auth/roles.ts";
import { getDb } from "../../../../lib/db/client.ts";
import type { ActionResult } from "../../../../lib/flows/action-result.ts";
import {
  createTestCase, deleteTestCase, getTestRun, lastTestPayload, listTestCases, runTestCases, saveTestCaseFromRun, startDraftTestRun, updateTestCase,
} from "../../../../lib/flows/test-cases.server.ts";
import {
  ZCreateTestCase, ZRunTestCases, ZSaveTestCaseFromRun, ZStartTestRun, ZTestCaseRef, ZTestRunRef, ZUpdateTestCase,
  type StartedTestCase, type TestCaseListItem, type TestCaseView, type TestPanelContext, type TestRunView,
} from "../../../../lib/flows/test-cases.ts";
import { ZFlowRef } from "../../../../lib/flows/flow-schemas.ts";

type Empty = Record<string, never>;
const TESTERS: Role[] = ["ANALYST", "ADMIN"];

/** { flowId } -> what the test panel offers: environments, saved cases, the last payload used. */
export async function testPanelContextAction(input: unknown): Promise<ActionResult<TestPanelContext>> {
  return act("testPanelContext", TESTERS, ZFlowRef, input, async (actor, data) => {
    const db = getDb();
    const [environments, testCases, lastPayload] = await Promise.all([
      db.environment.findMany({ orderBy: { position: "asc" }, select: { id: true, key: true, name: true, protected: true } }),
      listTestCases(db, data.flowId),
      lastTestPayload(db, data.flowId, actor.id),
    ]);
    return { environments, testCases, lastPayload };
  });
}

/**
 * { flowId, definition (the editor's draft), payload, environmentId | null, testCaseId? } -> { runId }.
 * An invalid draft is refused with code INVALID and its `issues`.
 */
export async function startTestRunAction(input: unknown): Promise<ActionResult<{ runId: string }>> {
  return act("startTestRun", TESTERS, ZStartTestRun, input, (actor, data) => startDraftTestRun(getDb(), actor, data));
}

/** { flowId, runId } -> the test run with each node's latest step (the panel polls the GET route instead). */
export async function getTestRunAction(input: unknown): Promise<ActionResult<TestRunView>> {
  return act("getTestRun", TESTERS, ZTestRunRef, input, (_actor, data) => getTestRun(getDb(), data.flowId, data.runId));
}

/** { flowId } -> the flow's test cases with their latest results; approvers may read them. */
export async function listTestCasesAction(input: unknown): Promise<ActionResult<TestCaseListItem[]>> {
  return act("listTestCases", [...SECTION_ROLES.flows], ZFlowRef, input, (_actor, data) => listTestCases(getDb(), data.flowId));
}

/** { flowId, name, payload, expected } -> the new case (names are unique per flow, ignoring case). */
export async function createTestCaseAction(input: unknown): Promise<ActionResult<TestCaseView>> {
  return act("createTestCase", TESTERS, ZCreateTestCase, input, (actor, data) => createTestCase(getDb(), actor, data));
}

/** { flowId, runId, name, expectNodeIds, replace? } -> a case with the run's payload and those steps' outputs expected. */
export async function saveTestCaseFromRunAction(input: unknown): Promise<ActionResult<TestCaseView>> {
  return act("saveTestCaseFromRun", TESTERS, ZSaveTestCaseFromRun, input, (actor, data) => saveTestCaseFromRun(getDb(), actor, data));
}

/** { flowId, testCaseId, name?, payload?, expected? } -> the case as it is now. */
export async function updateTestCaseAction(input: unknown): Promise<ActionResult<TestCaseView>> {
  return act("updateTestCase", TESTERS, ZUpdateTestCase, input, (actor, data) => updateTestCase(getDb(), actor, data));
}

/** { flowId, testCaseId }. */
export async function deleteTestCaseAction(input: unknown): Promise<ActionResult<Empty>> {
  return act("deleteTestCase", TESTERS, ZTestCaseRef, input, async (actor, data) => {
    await deleteTestCase(getDb(), actor, data);
    return {};
  });
}

/** { flowId, definition, environmentId | null, testCaseIds? } -> one started run per case (poll their results). */
export async function runTestCasesAction(input: unknown): Promise<ActionResult<{ runs: StartedTestCase[] }>> {
  return act("runTestCases", TESTERS, ZRunTestCases, input, (actor, data) =>
    runTestCases(getDb(), { flowId: data.flowId, definition: data.definition, environmentId: data.environmentId, actorId: actor.id, testCaseIds: data.testCaseIds }),
  );
}

// Guard, parse and run (lib/actions/guarded-action.server.ts).
function act<S extends z.ZodType, T>(name: string, roles: readonly Role[], schema: S, input: unknown, body: (actor: SessionUser, data: z.output<S>) => Promise<T>): Promise<ActionResult<T>> {
  return guardedAction({ name, roles, schema }, input, body);
}
