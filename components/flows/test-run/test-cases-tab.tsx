"use client";

// The test panel's Test cases tab: the flow's saved cases with their latest result, "Run all test
// cases" against the draft as it is now (pass or fail per case, with the differences), and per
// case: load its payload into the Run tab, show its last run on the canvas, delete it.
import type { UseQueryResult } from "@tanstack/react-query";
import { useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { CircleCheck, CircleX, ListChecks, LoaderCircle, Play, Trash, Upload, Workflow } from "lucide-react";
import { useEffect, useState } from "react";
import type { ActionFailure } from "../../../lib/flows/action-result.ts";
import type { TestCaseEvaluation, TestCaseListItem } from "../../../lib/flows/test-cases.ts";
import { useEditor, useEditorStoreApi } from "../../canvas/editor-store.ts";
import { Button } from "../../ui/button.tsx";
import { Skeleton } from "../../ui/skeleton.tsx";
import { formatRelative } from "../../ui/format.ts";
import { useToast } from "../../ui/toast.tsx";
import { useFlowAction } from "../use-flow-action.ts";
import { EnvironmentPicker } from "./environment-picker.tsx";
import { toJsonText } from "./run-states.ts";
import { StartProblem } from "./run-tab.tsx";
import { stepName } from "./step-detail.tsx";
import type { TestCaseResult, TestPanelContext } from "./test-run-types.ts";
import { useTestRun, type TestRunStore } from "./test-run-store.ts";
import { testContextKey, type useBatchResults } from "./use-test-queries.ts";

type Batch = ReturnType<typeof useBatchResults>;
type Shown = { runId: string; status: "running" | "passed" | "failed"; evaluation: TestCaseEvaluation | null; at: string | null };

export function TestCasesTab({ store, context, batch }: { store: TestRunStore; context: UseQueryResult<TestPanelContext>; batch: Batch }) {
  const editor = useEditorStoreApi();
  const started = useTestRun((s) => s.batch);
  const environmentId = useTestRun((s) => s.environmentId);
  const [problem, setProblem] = useState<{ message: string; failure?: ActionFailure } | null>(null);
  const cases = context.data?.testCases;
  const start = useFlowAction(store.getState().actions.runAll, {
    onSuccess: (data) => store.getState().setBatch(data.runs),
    onError: (failure) => setProblem({ message: failure.message, failure }),
  });
  const starting = start.isPending;

  function runAll() {
    setProblem(null);
    start.mutate({ flowId: store.getState().flowId, definition: editor.getState().definition, environmentId });
  }

  const results = new Map((batch.data ?? []).map((r) => [r.testCaseId, r]));
  const inBatch = new Set(started?.map((s) => s.testCaseId) ?? []);
  const running = Boolean(started && started.length > 0 && !batch.done);
  const finishedResults = [...results.values()].filter((r) => r.evaluation.finished);
  const passed = finishedResults.filter((r) => r.evaluation.passed).length;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex shrink-0 items-center gap-3 border-b border-zinc-100 px-4 py-2">
        <Button variant="primary" size="sm" className="h-8 px-3" onClick={runAll} disabled={starting || running || !cases?.length} data-testid="run-all-test-cases">
          {starting || running ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <Play aria-hidden="true" />} Run all test cases
        </Button>
        <EnvironmentPicker store={store} environments={context.data?.environments} className="max-w-72" />
        {started && started.length > 0 && (
          <p role="status" data-testid="test-cases-summary" data-done={batch.done} className={clsx("ml-auto text-xs font-medium", !batch.done ? "text-sky-700" : passed === started.length ? "text-emerald-700" : "text-red-700")}>
            {!batch.done
              ? `Running ${started.length} test case${started.length === 1 ? "" : "s"}… ${finishedResults.length} done`
              : passed === started.length
                ? `All ${started.length} test case${started.length === 1 ? "" : "s"} passed`
                : `${started.length - passed} of ${started.length} failed`}
          </p>
        )}
        {batch.error && <p className="ml-auto text-xs text-red-700">{batch.error.message}</p>}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {problem ? (
          <StartProblem problem={problem} onDismiss={() => setProblem(null)} />
        ) : context.isPending ? (
          <div role="status" aria-label="Loading test cases" className="space-y-2 p-4">{[0, 1, 2].map((i) => <Skeleton key={i} className="h-8 w-full" />)}</div>
        ) : context.isError ? (
          <p role="alert" className="p-4 text-sm text-red-700">The test cases could not be loaded: {context.error.message}</p>
        ) : !cases?.length ? (
          <EmptyCases onRun={() => store.getState().setTab("run")} />
        ) : (
          <ul aria-label="Test cases" className="divide-y divide-zinc-100">
            {cases.map((testCase) => (
              <CaseRow key={testCase.id} store={store} testCase={testCase} shown={shownResult(testCase, inBatch.has(testCase.id) ? results.get(testCase.id) ?? "queued" : null)} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** A case's result on show: of the last "Run all" when it was part of it, else its latest run. */
function shownResult(testCase: TestCaseListItem, fromBatch: TestCaseResult | "queued" | null): Shown | null {
  if (fromBatch === "queued") return { runId: "", status: "running", evaluation: null, at: null };
  const result = fromBatch ?? (testCase.lastResult ? { ...testCase.lastResult } : null);
  if (!result) return null;
  const at = "at" in result ? result.at : null;
  if (!result.evaluation.finished) return { runId: result.runId, status: "running", evaluation: result.evaluation, at };
  return { runId: result.runId, status: result.evaluation.passed ? "passed" : "failed", evaluation: result.evaluation, at };
}

function CaseRow({ store, testCase, shown }: { store: TestRunStore; testCase: TestCaseListItem; shown: Shown | null }) {
  const nodes = useEditor((s) => s.definition.nodes);
  const toast = useToast();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  useEffect(() => {
    if (!confirming) return;
    const timer = setTimeout(() => setConfirming(false), 4000);
    return () => clearTimeout(timer);
  }, [confirming]);
  // In the flow's order (stored JSON keeps no order).
  const order = (id: string) => { const i = nodes.findIndex((n) => n.id === id); return i < 0 ? nodes.length : i; };
  const expected = Object.keys(testCase.expected).sort((a, b) => order(a) - order(b));
  const nameOf = (id: string) => stepName(nodes.find((n) => n.id === id), id);

  async function remove() {
    setDeleting(true);
    const { flowId, actions } = store.getState();
    const result = await actions.remove({ flowId, testCaseId: testCase.id }).catch(() => null);
    setDeleting(false);
    if (!result?.ok) toast(result ? result.message : "Millwright could not be reached. Try again.", "error");
    else {
      toast(`Test case "${testCase.name}" deleted.`);
      void queryClient.invalidateQueries({ queryKey: testContextKey(flowId) });
    }
  }

  return (
    <li data-testid="test-case" data-name={testCase.name} data-result={shown?.status ?? "none"} className="px-4 py-2.5">
      <div className="flex items-center gap-3">
        <ResultIcon shown={shown} />
        <div className="min-w-0 flex-1">
          <p className="truncate text-[13px] font-medium text-zinc-900">{testCase.name}</p>
          <p className="truncate text-xs text-zinc-500">
            {expected.length === 0 ? "Expects the run to succeed" : `Expects the output of ${expected.map(nameOf).join(", ")}`}
            {shown?.evaluation && <> · <span className={clsx(shown.status === "failed" && "text-red-700")}>{shown.evaluation.summary}</span></>}
            {shown?.at && <> · {formatRelative(new Date(shown.at))}</>}
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-0.5">
          <Button
            size="sm"
            variant="ghost"
            title="Put this case's payload into the Run tab"
            onClick={() => {
              store.getState().setPayload(toJsonText(testCase.payload), "case", testCase.id);
              store.getState().setTab("run");
            }}
          >
            <Upload aria-hidden="true" /> Load
          </Button>
          {shown?.runId && (
            <Button size="sm" variant="ghost" title="Show this case's run on the canvas" onClick={() => { store.getState().showRun(shown.runId); store.getState().setTab("run"); }}>
              <Workflow aria-hidden="true" /> Show run
            </Button>
          )}
          <Button
            size="sm"
            variant="ghost"
            className={clsx(confirming ? "bg-red-50 text-red-700 hover:bg-red-100" : "text-zinc-500 hover:text-red-700")}
            aria-label={confirming ? `Confirm: delete ${testCase.name}` : `Delete ${testCase.name}`}
            disabled={deleting}
            onClick={() => (confirming ? void remove() : setConfirming(true))}
          >
            <Trash aria-hidden="true" /> {confirming ? "Delete?" : null}
          </Button>
        </div>
      </div>
      {shown?.status === "failed" && shown.evaluation && shown.evaluation.nodes.some((n) => !n.passed) && (
        <ul aria-label={`Differences in ${testCase.name}`} data-testid="test-case-differences" className="mt-2 ml-7 space-y-1.5 rounded-md bg-red-50/60 px-3 py-2 ring-1 ring-red-100 ring-inset">
          {shown.evaluation.nodes.filter((n) => !n.passed).sort((a, b) => order(a.nodeId) - order(b.nodeId)).map((node) => (
            <li key={node.nodeId} className="text-xs">
              <span className="font-medium text-red-900">{nameOf(node.nodeId)}</span>
              <ul className="mt-0.5 space-y-px font-mono text-[11.5px] text-red-800">
                {node.differences.map((difference, i) => <li key={i} className="break-words">{difference}</li>)}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function ResultIcon({ shown }: { shown: Shown | null }) {
  if (!shown) return <span aria-label="Not run yet" className="size-4 shrink-0 rounded-full border-2 border-dashed border-zinc-300" />;
  if (shown.status === "running") return <LoaderCircle aria-label="Running" className="size-4 shrink-0 animate-spin text-sky-600" />;
  if (shown.status === "passed") return <CircleCheck aria-label="Passed" className="size-4 shrink-0 text-emerald-600" />;
  return <CircleX aria-label="Failed" className="size-4 shrink-0 text-red-600" />;
}

function EmptyCases({ onRun }: { onRun: () => void }) {
  return (
    <div className="flex h-full flex-col items-center justify-center px-6 pb-4 text-center">
      <span className="flex size-10 items-center justify-center rounded-full bg-accent-50 text-accent-600 ring-1 ring-accent-100">
        <ListChecks aria-hidden="true" className="size-5" />
      </span>
      <p className="mt-3 text-[13px] font-semibold text-zinc-900">No test cases yet</p>
      <p className="mt-1 max-w-md text-xs leading-5 text-zinc-500">
        Run a test, then &ldquo;Save as test case&rdquo; to keep its payload and the output it should produce. Saved cases must pass before a version is promoted.
      </p>
      <Button size="sm" className="mt-3" onClick={onRun}><Play aria-hidden="true" /> Go to Run</Button>
    </div>
  );
}
