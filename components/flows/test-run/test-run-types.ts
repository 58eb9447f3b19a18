// The test actions as the editor page hands them to the test panel (components never import
// app/; the page passes app/(app)/flows/[flowId]/test-actions.ts in), and the JSON of the poll routes.
import type { ActionResult } from "../../../lib/flows/action-result.ts";
import { fetchJson } from "../../runs/fetch-json.ts";
import type { StartedTestCase, TestCaseListItem, TestCaseResult, TestCaseView, TestPanelContext, TestRunView } from "../../../lib/flows/test-cases.ts";

type Action<I, O> = (input: I) => Promise<ActionResult<O>>;

export type TestRunActions = {
  context: Action<{ flowId: string }, TestPanelContext>;
  start: Action<{ flowId: string; definition: unknown; payload: unknown; environmentId: string | null; testCaseId?: string | null }, { runId: string }>;
  saveFromRun: Action<{ flowId: string; runId: string; name: string; expectNodeIds: string[]; replace?: boolean }, TestCaseView>;
  remove: Action<{ flowId: string; testCaseId: string }, Record<string, never>>;
  runAll: Action<{ flowId: string; definition: unknown; environmentId: string | null; testCaseIds?: string[] }, { runs: StartedTestCase[] }>;
};

export type { StartedTestCase, TestCaseListItem, TestCaseResult, TestPanelContext, TestRunView };

/** GET /api/flows/:flowId/test-runs/:runId */
export async function fetchTestRun(flowId: string, runId: string, signal?: AbortSignal): Promise<TestRunView> {
  return fetchJson(`/api/flows/${flowId}/test-runs/${runId}`, signal);
}

/** GET /api/flows/:flowId/test-runs?ids=... */
export async function fetchCaseResults(flowId: string, runIds: readonly string[], signal?: AbortSignal): Promise<TestCaseResult[]> {
  const body = await fetchJson<{ results: TestCaseResult[] }>(`/api/flows/${flowId}/test-runs?ids=${runIds.join(",")}`, signal);
  return body.results;
}
