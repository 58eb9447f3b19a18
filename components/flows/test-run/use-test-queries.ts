"use client";

// Live data of the test panel: what it offers (environments, saved cases, the last payload), the
// run on show (polled until it finishes; the canvas colours from it) and the results of the last
// "Run all test cases" (polled until every case's run finished).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { isFinished } from "../../../lib/runs/run-types.ts";
import { FlowActionError } from "../use-flow-action.ts";
import { fetchCaseResults, fetchTestRun, type TestPanelContext } from "./test-run-types.ts";
import { useTestRun, type TestRunStore } from "./test-run-store.ts";

/** How often a run still going is asked for (ms): steps take milliseconds, a person waits. */
const POLL_MS = 600;

export const testContextKey = (flowId: string) => ["test-context", flowId] as const;

export function useTestContext(store: TestRunStore, enabled: boolean) {
  const { flowId, actions } = store.getState();
  return useQuery<TestPanelContext>({
    queryKey: testContextKey(flowId),
    queryFn: async () => {
      const result = await actions.context({ flowId });
      if (!result.ok) throw new FlowActionError(result);
      return result.data;
    },
    enabled,
    staleTime: 10_000,
  });
}

/** Polls the run on show into the store; refreshes the case list once it has finished. */
export function useShownRun(store: TestRunStore) {
  const flowId = store.getState().flowId;
  const runId = useTestRun((s) => s.runId);
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ["test-run", flowId, runId],
    queryFn: ({ signal }) => fetchTestRun(flowId, runId!, signal),
    enabled: runId !== null,
    staleTime: 0,
    refetchOnWindowFocus: false,
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data.status) ? false : POLL_MS),
  });
  const data = query.data;
  useEffect(() => {
    if (!data) return;
    store.getState().setRun(data);
    if (isFinished(data.status) && data.testCaseId) void queryClient.invalidateQueries({ queryKey: testContextKey(flowId) });
  }, [data, store, queryClient, flowId]);
  return query;
}

/** The results of the last "Run all test cases", polled until every run finished. */
export function useBatchResults(store: TestRunStore) {
  const flowId = store.getState().flowId;
  const batch = useTestRun((s) => s.batch);
  const queryClient = useQueryClient();
  const runIds = batch?.map((b) => b.runId) ?? [];
  const query = useQuery({
    queryKey: ["test-case-results", flowId, runIds.join(",")],
    queryFn: ({ signal }) => fetchCaseResults(flowId, runIds, signal),
    enabled: runIds.length > 0,
    staleTime: 0,
    refetchOnWindowFocus: false,
    refetchInterval: (q) => (q.state.data && q.state.data.length >= runIds.length && q.state.data.every((r) => r.evaluation.finished) ? false : POLL_MS),
  });
  const done = Boolean(query.data && query.data.length >= runIds.length && query.data.every((r) => r.evaluation.finished));
  useEffect(() => {
    if (done) void queryClient.invalidateQueries({ queryKey: testContextKey(flowId) });
  }, [done, queryClient, flowId]);
  return { ...query, done };
}
