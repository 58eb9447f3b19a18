"use client";

// The run on show, in words: a status line for the panel's header, and the steps it went through
// (in order, with status and duration) to pick one from.
import clsx from "clsx";
import { CircleCheck, CircleDashed, CircleMinus, CircleX, Hourglass, LoaderCircle, type LucideIcon } from "lucide-react";
import type { TFlowNode } from "../../../lib/flows/definition.ts";
import type { StepStatus, StepView } from "../../../lib/runs/run-types.ts";
import { RUN_STATUS_LABELS } from "../../canvas/derive.ts";
import { useEditor } from "../../canvas/editor-store.ts";
import { formatDuration } from "../../ui/format.ts";
import { durationOf } from "./run-states.ts";
import { stepName } from "./step-detail.tsx";
import { useTestRun } from "./test-run-store.ts";

const STEP_ICONS: Record<StepStatus, { icon: LucideIcon; className: string }> = {
  SUCCEEDED: { icon: CircleCheck, className: "text-emerald-600" },
  FAILED: { icon: CircleX, className: "text-red-600" },
  RUNNING: { icon: LoaderCircle, className: "animate-spin text-sky-600" },
  WAITING: { icon: Hourglass, className: "text-amber-600" },
  QUEUED: { icon: CircleDashed, className: "text-zinc-400" },
  SKIPPED: { icon: CircleMinus, className: "text-zinc-300" },
};

/** "Running · 2 steps done", "Succeeded in 84 ms", "Failed at Collect part codes". */
export function RunStatusLine() {
  const runId = useTestRun((s) => s.runId);
  const run = useTestRun((s) => s.run);
  const nodes = useEditor((s) => s.definition.nodes);
  if (!runId) return null;
  const base = "flex min-w-0 items-center gap-1.5 truncate text-xs font-medium";
  if (!run) {
    return <span role="status" className={clsx(base, "text-zinc-500")}><LoaderCircle aria-hidden="true" className="size-3.5 animate-spin" /> Starting the test run…</span>;
  }
  const env = run.environment ? run.environment.name : "no environment";
  const took = run.startedAt && run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : null;
  const done = run.steps.filter((s) => s.status === "SUCCEEDED").length;
  let content;
  switch (run.status) {
    case "QUEUED":
      content = <span className={clsx(base, "text-zinc-500")}><LoaderCircle aria-hidden="true" className="size-3.5 animate-spin" /> Queued: waiting for a worker</span>;
      break;
    case "RUNNING":
      content = <span className={clsx(base, "text-sky-700")}><LoaderCircle aria-hidden="true" className="size-3.5 animate-spin" /> Running · {done} step{done === 1 ? "" : "s"} done</span>;
      break;
    case "WAITING": {
      const task = run.tasks?.find((t) => t.status === "OPEN");
      content = task ? (
        <span className={clsx(base, "text-amber-700")}>
          <Hourglass aria-hidden="true" className="size-3.5" /> Waiting for approval ·{" "}
          <a href={`/inbox/${task.id}`} target="_blank" rel="noreferrer" className="text-sky-700 underline-offset-2 hover:underline">decide in the inbox</a>
        </span>
      ) : (
        <span className={clsx(base, "text-amber-700")}><Hourglass aria-hidden="true" className="size-3.5" /> Waiting for a delay</span>
      );
      break;
    }
    case "SUCCEEDED":
      content = <span className={clsx(base, "text-emerald-700")}><CircleCheck aria-hidden="true" className="size-3.5" /> Succeeded{took && ` in ${took}`}</span>;
      break;
    case "FAILED": {
      const node = run.failedNodeId ? nodes.find((n) => n.id === run.failedNodeId) : undefined;
      content = <span className={clsx(base, "text-red-700")}><CircleX aria-hidden="true" className="size-3.5" /> Failed{run.failedNodeId && ` at ${stepName(node, run.failedNodeId)}`}</span>;
      break;
    }
    default:
      content = <span className={clsx(base, "text-zinc-500")}><CircleMinus aria-hidden="true" className="size-3.5" /> {run.status === "CANCELLED" ? "Cancelled" : "Discarded"}</span>;
  }
  return (
    <span role="status" data-testid="test-run-status" data-status={run.status} className="flex min-w-0 items-center gap-2">
      {content}
      <span className="hidden truncate text-xs text-zinc-400 md:inline">· {env}</span>
    </span>
  );
}

export function StepList({ steps, nodes, selectedId, onSelect }: { steps: readonly StepView[]; nodes: readonly TFlowNode[]; selectedId: string | null; onSelect: (nodeId: string) => void }) {
  return (
    <ol aria-label="Steps of the test run" className="space-y-px p-1.5">
      {steps.map((step) => {
        const { icon: Icon, className } = STEP_ICONS[step.status];
        const duration = durationOf(step);
        const node = nodes.find((n) => n.id === step.nodeId);
        const selected = step.nodeId === selectedId;
        return (
          <li key={step.nodeId}>
            <button
              type="button"
              data-testid="test-step"
              data-node-id={step.nodeId}
              data-status={step.status}
              aria-current={selected ? "true" : undefined}
              onClick={() => onSelect(step.nodeId)}
              className={clsx(
                "flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-[13px]",
                selected ? "bg-accent-50 text-zinc-900 ring-1 ring-accent-200 ring-inset" : "text-zinc-700 hover:bg-zinc-50",
              )}
            >
              <Icon aria-label={RUN_STATUS_LABELS[step.status]} className={clsx("size-4 shrink-0", className)} />
              <span className={clsx("min-w-0 flex-1 truncate", step.status === "FAILED" && "font-medium text-red-800")}>{stepName(node, step.nodeId)}</span>
              {duration !== null && <span className="shrink-0 text-[11px] text-zinc-400 tabular-nums">{formatDuration(duration)}</span>}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
