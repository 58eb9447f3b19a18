"use client";

// The test panel's Run tab: the payload (with the saved-case and environment pickers and Run), the
// steps the run went through, and the chosen step's input, output or error. Clicking a step here or
// on the canvas shows it; the canvas colours every step by its status meanwhile.
import { useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import clsx from "clsx";
import { CircleAlert, FlaskConical, LoaderCircle, Play, Save, TriangleAlert } from "lucide-react";
import { useCallback, useEffect, useId, useState } from "react";
import type { ActionFailure } from "../../../lib/flows/action-result.ts";
import { isFinished } from "../../../lib/runs/run-types.ts";
import { lastSucceededStep } from "../../../lib/flows/test-cases.ts";
import { isNoteRfId, useEditor, useEditorStoreApi } from "../../canvas/editor-store.ts";
import { isTrigger } from "../../canvas/ports.ts";
import { outputExample } from "../../canvas/upstream-sample.ts";
import type { EditorCommands } from "../../canvas/use-commands.ts";
import { CodeEditor } from "../../code-editor/code-editor.tsx";
import { Button } from "../../ui/button.tsx";
import { Skeleton } from "../../ui/skeleton.tsx";
import { useToast } from "../../ui/toast.tsx";
import { displayIssues, IssueList } from "../issue-list.tsx";
import { useFlowAction } from "../use-flow-action.ts";
import { parsePayload, toJsonText } from "./run-states.ts";
import { SaveTestCaseDialog } from "./save-test-case-dialog.tsx";
import { StepList } from "./run-steps.tsx";
import { StepDetail } from "./step-detail.tsx";
import type { TestPanelContext } from "./test-run-types.ts";
import { useTestRun, type PayloadSource, type TestRunStore } from "./test-run-store.ts";
import { EnvironmentHint, EnvironmentPicker } from "./environment-picker.tsx";

type Problem = { message: string; failure?: ActionFailure };

export function RunTab({ store, commands, context }: { store: TestRunStore; commands: EditorCommands; context: UseQueryResult<TestPanelContext> }) {
  const editor = useEditorStoreApi();
  const toast = useToast();
  const payloadText = useTestRun((s) => s.payloadText);
  const testCaseId = useTestRun((s) => s.testCaseId);
  const environmentId = useTestRun((s) => s.environmentId);
  const run = useTestRun((s) => s.run);
  const runId = useTestRun((s) => s.runId);
  const nodes = useEditor((s) => s.definition.nodes);
  const selected = useEditor((s) => s.selectedNodes);
  const trigger = nodes.find(isTrigger);
  const source = useTestRun((s) => s.payloadSource);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saving, setSaving] = useState(false);
  const queryClient = useQueryClient();
  const ids = { payload: useId(), picker: useId() };
  const [editorBox, editorHeight] = useBoxHeight();

  // Prefill once: the trigger's pinned sample, else the payload of the last test, else an example.
  const triggerSample = trigger?.sample;
  const ready = triggerSample !== undefined || context.isSuccess || context.isError;
  useEffect(() => {
    if (payloadText !== null || !ready) return;
    const state = store.getState();
    if (triggerSample !== undefined) state.setPayload(toJsonText(triggerSample), "sample");
    else if (context.data?.lastPayload) state.setPayload(toJsonText(context.data.lastPayload.payload), "last");
    else state.setPayload(toJsonText(trigger ? (outputExample(trigger.kind) ?? {}) : {}), "example");
  }, [payloadText, ready, triggerSample, trigger, context.data, store]);

  const startRun = useFlowAction(store.getState().actions.start, {
    onSuccess: (data) => store.getState().showRun(data.runId),
    onError: (failure) => setProblem({ message: failure.message, failure }),
  });
  const starting = startRun.isPending;

  function start() {
    const parsed = parsePayload(payloadText ?? "");
    if (!parsed.ok) return setProblem({ message: parsed.message });
    setProblem(null);
    startRun.mutate({ flowId: store.getState().flowId, definition: editor.getState().definition, payload: parsed.value, environmentId, testCaseId });
  }

  const steps = run?.steps ?? [];
  const single = selected.size === 1 ? [...selected][0]! : null;
  const detailId = (single && !isNoteRfId(single) ? single : null) ?? run?.failedNodeId ?? lastSucceededStep({ steps })?.nodeId ?? steps.at(-1)?.nodeId ?? null;
  const detailStep = steps.find((s) => s.nodeId === detailId) ?? null;
  const running = runId !== null && (!run || !isFinished(run.status));
  const cases = context.data?.testCases ?? [];

  return (
    <div className="grid h-full min-h-0 grid-cols-[minmax(270px,34%)_minmax(170px,22%)_minmax(0,1fr)]">
      {/* Payload */}
      <div
        className="flex min-h-0 flex-col border-r border-zinc-200"
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            if (!starting) start();
          }
        }}
      >
        <div className="flex h-9 shrink-0 items-center gap-2 px-3">
          <label htmlFor={ids.picker} className="text-xs font-semibold text-zinc-700">Payload</label>
          <select
            id={ids.picker}
            aria-label="Payload from a saved test case"
            data-testid="test-case-picker"
            value={testCaseId ?? ""}
            disabled={cases.length === 0}
            onChange={(event) => {
              const chosen = cases.find((c) => c.id === event.target.value);
              if (chosen) store.getState().setPayload(toJsonText(chosen.payload), "case", chosen.id);
              else store.getState().setPayload(payloadText ?? "", "edited");
            }}
            className="ml-auto h-7 max-w-[14rem] min-w-0 truncate rounded-md border-0 bg-white pr-7 pl-2 text-xs text-zinc-800 ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-accent-500 disabled:text-zinc-400"
          >
            <option value="">{cases.length === 0 ? "No saved test cases" : "Typed or pasted"}</option>
            {cases.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <div ref={editorBox} className="min-h-0 flex-1 px-3">
          {payloadText === null || editorHeight === null ? (
            <Skeleton className="h-full w-full" />
          ) : (
            <CodeEditor
              id={ids.payload}
              language="json"
              ariaLabel="Test payload"
              value={payloadText}
              onChange={(text) => store.getState().setPayload(text, "edited")}
              height={`${editorHeight}px`}
              showErrorSummary={false}
              placeholder={'{\n  "body": { "workOrder": { "number": "WO-1" } }\n}'}
            />
          )}
        </div>
        <p className="shrink-0 truncate px-3 pt-1 text-[11px] text-zinc-500" data-testid="payload-source">{sourceText(source, cases.find((c) => c.id === testCaseId)?.name)}</p>
        <div className="flex shrink-0 items-center gap-2 px-3 pt-1.5">
          <EnvironmentPicker store={store} environments={context.data?.environments} />
          <Button variant="primary" size="sm" className="h-8 px-3" onClick={start} disabled={starting || payloadText === null} data-testid="run-test" title="Run the draft with this payload (Ctrl+Enter)">
            {starting ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <Play aria-hidden="true" />} {running ? "Run again" : "Run test"}
          </Button>
        </div>
        <EnvironmentHint environments={context.data?.environments} className="shrink-0 truncate px-3 pt-1 pb-2" />
      </div>

      {problem ? (
        <div className="col-span-2 min-h-0 overflow-y-auto">
          <StartProblem problem={problem} onDismiss={() => setProblem(null)} />
        </div>
      ) : (
        <>
          {/* Steps */}
          <div className="flex min-h-0 flex-col border-r border-zinc-200">
            <div className="flex h-9 shrink-0 items-center px-3">
              <span className="text-xs font-semibold text-zinc-700">Steps</span>
              {run && isFinished(run.status) && (
                <Button size="sm" variant="ghost" className="-mr-1.5 ml-auto" onClick={() => setSaving(true)} data-testid="save-test-case">
                  <Save aria-hidden="true" /> Save as test case
                </Button>
              )}
            </div>
            <div className="min-h-0 flex-1 overflow-y-auto">
              {runId === null ? (
                <div className="flex h-full flex-col items-center justify-center px-5 pb-6 text-center">
                  <FlaskConical aria-hidden="true" className="size-5 text-zinc-300" />
                  <p className="mt-2 text-[13px] font-medium text-zinc-700">No test run yet</p>
                  <p className="mt-1 text-xs leading-5 text-zinc-500">Run the draft as it is now with this payload. Each step&apos;s result shows here and on the canvas; nothing is published.</p>
                </div>
              ) : steps.length === 0 ? (
                <div role="status" aria-label="Waiting for the first step" className="space-y-2 p-3">
                  {[0, 1, 2].map((i) => <Skeleton key={i} className="h-6 w-full" />)}
                </div>
              ) : (
                <StepList steps={steps} nodes={nodes} selectedId={detailId} onSelect={(nodeId) => editor.getState().select([nodeId])} />
              )}
            </div>
          </div>

          {/* Detail */}
          <div className="min-h-0 min-w-0">
            {run && detailId ? (
              <StepDetail key={`${run.id}:${detailId}`} step={detailStep} node={nodes.find((n) => n.id === detailId)} nodeId={detailId} onOpenSettings={(nodeId, path) => commands.focusNode(nodeId, path)} />
            ) : (
              <div className="flex h-full items-center justify-center px-6 text-center text-xs leading-5 text-zinc-400">
                {runId ? "Each step's input and output appear here as it finishes." : "Click a step of a run, here or on the canvas, to see what it received and produced."}
              </div>
            )}
          </div>
        </>
      )}

      {run && saving && (
        <SaveTestCaseDialog
          store={store}
          run={run}
          nodes={nodes}
          existing={cases.map((c) => c.name)}
          onClose={() => setSaving(false)}
          onSaved={(name) => {
            setSaving(false);
            toast(`Test case "${name}" saved.`);
            void queryClient.invalidateQueries({ queryKey: ["test-context", store.getState().flowId] });
          }}
        />
      )}
    </div>
  );
}

/** The height of an element as it is laid out (the code editor needs a fixed height to fill its box). */
function useBoxHeight(): [(element: HTMLDivElement | null) => void, number | null] {
  const [height, setHeight] = useState<number | null>(null);
  const ref = useCallback((element: HTMLDivElement | null) => {
    if (!element) return;
    // Less the editor's own border, so it fits the box exactly.
    const observer = new ResizeObserver(([entry]) => setHeight(Math.max(80, Math.floor(entry!.contentRect.height) - 2)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, height];
}

function sourceText(source: PayloadSource | null, caseName: string | undefined): string {
  switch (source) {
    case "sample": return "From the trigger's sample payload · Ctrl+Enter runs";
    case "last": return "From your last test run · Ctrl+Enter runs";
    case "example": return "An example of the trigger's output: fill in your data";
    case "case": return caseName ? `From the test case "${caseName}"` : "From a saved test case";
    case "edited": return "Edited · Ctrl+Enter runs";
    default: return " ";
  }
}

/** Why the run did not start: invalid JSON, problems in the draft, or a refusal. */
export function StartProblem({ problem, onDismiss }: { problem: Problem; onDismiss: () => void }) {
  const editor = useEditorStoreApi();
  const issues = problem.failure?.code === "INVALID" ? problem.failure.issues ?? [] : [];
  return (
    <div role="alert" data-testid="test-start-problem" className="space-y-3 px-4 py-3">
      <p className={clsx("flex gap-2 text-[13px] leading-5 font-medium", issues.length ? "text-zinc-900" : "text-red-800")}>
        {issues.length ? <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-600" /> : <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-red-600" />}
        <span>{problem.message}</span>
      </p>
      {issues.length > 0 && <IssueList issues={displayIssues(issues)} label="Problems that stop the test run" max={8} />}
      <div className="flex flex-wrap gap-1.5">
        {issues.length > 0 && <Button size="sm" onClick={() => editor.getState().setProblemsOpen(true)}>Open the problems panel</Button>}
        <Button size="sm" variant="ghost" onClick={onDismiss}>Dismiss</Button>
      </div>
    </div>
  );
}
