"use client";

// One run, live: the header (status, flow and version, environment, business key, timings, trigger,
// who started it, the error with the failed step), the read-only canvas coloured by step status
// and the step inspector. Polls /api/runs/<id> every second until the run has finished; the
// actions (cancel, replay, discard) go through the server actions with a confirmation first.
import { useQuery } from "@tanstack/react-query";
import { Ban, CircleAlert, RotateCcw, SkipForward, Trash2 } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { isCancellable, isFinished, type RunDetail } from "../../lib/runs/run-types.ts";
import { FlowView } from "../canvas/flow-view.tsx";
import { CanvasPage } from "../flows/canvas-page.tsx";
import { Badge } from "../ui/badge.tsx";
import { Button } from "../ui/button.tsx";
import { fetchJson } from "./fetch-json.ts";
import { RunActionDialog, type RunDialogRequest } from "./run-dialogs.tsx";
import { ERROR_CLASS_LABELS, runDuration, shortId, triggerLabel } from "./run-format.ts";
import { runStatesOf } from "./run-states.ts";
import { RunStatusBadge } from "./run-status-badge.tsx";
import { ExactTime, RunTime } from "./run-time.tsx";
import { StepInspector } from "./step-inspector.tsx";
import type { RunActions } from "./use-run-actions.ts";

/** How often an unfinished run is polled. */
export const DETAIL_REFRESH_MS = 1000;

export function RunDetailView({ initial, initialNow, actions }: { initial: RunDetail; initialNow: number; actions: RunActions }) {
  const runId = initial.run.id;
  const query = useQuery({
    queryKey: ["run", runId],
    queryFn: ({ signal }) => fetchJson<RunDetail>(`/api/runs/${runId}`, signal),
    initialData: initial,
    initialDataUpdatedAt: initialNow,
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data.run.status) ? false : DETAIL_REFRESH_MS),
    staleTime: 500,
  });
  const detail = query.data;
  const now = query.dataUpdatedAt || initialNow;
  const { run } = detail;
  // A failed run opens on its failed step: the error is what the analyst came for.
  const [selected, setSelected] = useState<string | null>(run.failedStep?.nodeId ?? null);
  const [dialog, setDialog] = useState<RunDialogRequest | null>(null);
  const runStates = useMemo(() => runStatesOf(detail.steps, now), [detail.steps, now]);
  const failedStep = run.failedStep ? detail.steps.find((s) => s.nodeId === run.failedStep?.nodeId) : undefined;
  const triggerStep = detail.steps.find((s) => s.nodeId === run.triggerNodeId);
  const title = run.businessKey ?? `Run ${shortId(run.id)}`;

  const replayFailed = () =>
    setDialog({ kind: "replay", runIds: [run.id], from: "failed", step: run.failedStep ? { label: run.failedStep.label, input: failedStep?.input ?? null } : undefined });
  const replayStart = () => setDialog({ kind: "replay", runIds: [run.id], from: "start", step: { label: "the trigger", input: triggerStep?.input ?? run.triggerPayload } });

  return (
    <CanvasPage
      crumbs={[{ label: "Runs", href: "/runs" }, ...(run.deadLetteredAt && run.status === "FAILED" ? [{ label: "Dead letters", href: "/runs?view=dead" }] : []), { label: title }]}
      title={
        <>
          <span className="truncate" data-testid="run-title">{title}</span>
          <RunStatusBadge status={run.status} />
          {run.mode === "TEST" && <Badge tone="amber">Test run</Badge>}
        </>
      }
      meta={<RunMeta detail={detail} now={now} />}
      actions={
        <>
          {isCancellable(run.status) && (
            <Button size="sm" variant="secondary" className="text-red-700" onClick={() => setDialog({ kind: "cancel", runIds: [run.id] })}>
              <Ban aria-hidden="true" />
              Cancel run
            </Button>
          )}
          {run.status === "FAILED" && (
            <Button size="sm" variant="secondary" className="text-red-700" onClick={() => setDialog({ kind: "discard", runIds: [run.id] })}>
              <Trash2 aria-hidden="true" />
              Discard
            </Button>
          )}
          {isFinished(run.status) && run.status !== "DISCARDED" && (
            <Button size="sm" variant="secondary" onClick={replayStart}>
              <RotateCcw aria-hidden="true" />
              Replay from start
            </Button>
          )}
          {run.status === "FAILED" && run.failedStep && (
            <Button size="sm" variant="primary" onClick={replayFailed}>
              <SkipForward aria-hidden="true" />
              Replay from failed step
            </Button>
          )}
        </>
      }
    >
      <div className="flex min-h-0 min-w-0 flex-1 flex-col bg-white">
        {run.error && (run.status === "FAILED" || run.status === "DISCARDED" || run.status === "CANCELLED") && (
          <ErrorSummary detail={detail} onShow={() => run.failedStep && setSelected(run.failedStep.nodeId)} />
        )}
        {query.isError && (
          <p role="alert" className="border-b border-amber-200 bg-amber-50 px-5 py-2 text-sm text-amber-900">
            Not updating: {query.error.message}
          </p>
        )}
        <div className="flex min-h-0 flex-1">
          <div className="relative min-w-0 flex-1">
            <FlowView definition={detail.definition} runStates={runStates} onNodeClick={setSelected} selectedNodeId={selected} label={`Canvas of ${title}`} />
          </div>
          <StepInspector detail={detail} nodeId={selected} onSelect={setSelected} now={now} />
        </div>
      </div>
      <RunActionDialog request={dialog} onClose={() => setDialog(null)} actions={actions} />
    </CanvasPage>
  );
}

function RunMeta({ detail, now }: { detail: RunDetail; now: number }) {
  const { run } = detail;
  const duration = runDuration(run, now);
  const versionHref = run.version !== null ? `/flows/${run.flow.id}/versions/${run.version}` : `/flows/${run.flow.id}`;
  const parts = [
    <Link key="flow" href={versionHref} className="font-medium text-zinc-700 hover:text-zinc-900 hover:underline">
      {run.flow.name} · {run.version !== null ? `v${run.version}` : "draft"}
    </Link>,
    run.environment ? (
      <Badge key="env" tone={run.environment.protected ? "accent" : "neutral"}>
        {run.environment.key}
      </Badge>
    ) : (
      <span key="env">no environment</span>
    ),
    <span key="trigger">
      {triggerLabel(run)}
      {run.startedBy ? ` by ${run.startedBy.name}` : ""}
    </span>,
    <span key="started" title="Created">
      {run.startedAt ? "started " : "queued "}
      <RunTime iso={run.startedAt ?? run.createdAt} now={now} />
    </span>,
    duration && (
      <span key="duration" className="tabular-nums" data-testid="run-duration">
        {duration.live ? `${duration.text} so far` : `took ${duration.text}`}
      </span>
    ),
    run.generation > 0 && <span key="replays">replayed {run.generation}×</span>,
    <code key="id" className="font-mono text-xs" title={run.id}>
      {shortId(run.id)}
    </code>,
  ].filter(Boolean);
  return (
    <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-500">
      {parts.map((part, i) => (
        <span key={i} className="flex items-center gap-2">
          {i > 0 && <span aria-hidden="true">·</span>}
          {part}
        </span>
      ))}
    </div>
  );
}

function ErrorSummary({ detail, onShow }: { detail: RunDetail; onShow: () => void }) {
  const { run } = detail;
  const error = run.error;
  if (!error) return null;
  return (
    <div role="alert" data-testid="run-error" className="flex items-start gap-3 border-b border-red-200 bg-red-50 px-5 py-2.5 text-sm">
      <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-red-600" />
      <div className="min-w-0 flex-1">
        <p className="text-red-900">
          {run.failedStep ? (
            <>
              {run.status === "CANCELLED" ? "Cancelled at " : "Failed at "}
              <button type="button" onClick={onShow} className="font-semibold underline decoration-red-300 underline-offset-2 hover:decoration-red-600">
                {run.failedStep.label}
              </button>
              :{" "}
            </>
          ) : null}
          <span className="[overflow-wrap:anywhere]">{error.message}</span>
        </p>
        <p className="mt-0.5 text-xs text-red-800/80">
          {ERROR_CLASS_LABELS[error.class] ?? error.class}
          {error.code ? ` · ${error.code}` : ""}
          {error.line !== undefined ? ` · script line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ""}` : ""}
          {run.deadLetteredAt && run.status === "FAILED" && (
            <>
              {" · dead letter since "}
              <ExactTime iso={run.deadLetteredAt} />
            </>
          )}
        </p>
      </div>
    </div>
  );
}
