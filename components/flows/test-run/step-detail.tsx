"use client";

// One step of a test run: what it received, what it produced, or why it failed. A script error
// shows the lines around the one it points at, and "Fix in settings" opens the step's script.
import clsx from "clsx";
import { CircleAlert, MousePointerClick, PencilLine, RotateCcw } from "lucide-react";
import { useState } from "react";
import type { TFlowNode } from "../../../lib/flows/definition.ts";
import type { StepErrorInfo, StepView } from "../../../lib/runs/run-types.ts";
import { RUN_STATUS_LABELS } from "../../canvas/derive.ts";
import { definitionOf } from "../../canvas/ports.ts";
import { Button } from "../../ui/button.tsx";
import { formatDuration } from "../../ui/format.ts";
import { JsonView } from "../json-view.tsx";
import { durationOf, errorPlace } from "./run-states.ts";

type Tab = "output" | "input" | "error";

const STATUS_TEXT: Record<StepView["status"], string> = {
  SUCCEEDED: "text-emerald-700", FAILED: "text-red-700", RUNNING: "text-sky-700", WAITING: "text-amber-700", QUEUED: "text-zinc-500", SKIPPED: "text-zinc-500",
};

export function stepName(node: Pick<TFlowNode, "kind" | "label"> | undefined, nodeId: string): string {
  if (!node) return nodeId;
  return node.label || definitionOf(node)?.label || node.kind;
}

export function StepDetail({ step, node, nodeId, onOpenSettings }: {
  step: StepView | null;
  node: TFlowNode | undefined;
  nodeId: string;
  onOpenSettings: (nodeId: string, path?: (string | number)[]) => void;
}) {
  const failed = Boolean(step?.error) && step?.status !== "SUCCEEDED";
  const [chosen, setChosen] = useState<Tab | null>(null);
  const tab: Tab = chosen ?? (failed ? "error" : "output");
  const kindLabel = node ? definitionOf(node)?.label ?? node.kind : null;

  if (!step) {
    return (
      <div className="flex h-full flex-col items-center justify-center px-6 text-center" data-testid="test-step-detail" data-node-id={nodeId}>
        <MousePointerClick aria-hidden="true" className="size-5 text-zinc-300" />
        <p className="mt-2 text-sm font-medium text-zinc-700">{stepName(node, nodeId)} did not run</p>
        <p className="mt-1 max-w-xs text-xs leading-5 text-zinc-500">The run did not reach this step: an earlier step failed, took another branch, or the run is still going.</p>
      </div>
    );
  }

  const duration = durationOf(step);
  const tabs: { id: Tab; label: string }[] = [
    ...(failed ? [{ id: "error" as const, label: "Error" }] : []),
    { id: "output", label: "Output" },
    { id: "input", label: "Input" },
  ];

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="test-step-detail" data-node-id={step.nodeId} data-status={step.status}>
      <div className="flex shrink-0 flex-wrap items-center gap-x-2 gap-y-1 border-b border-zinc-100 px-4 py-2">
        <h3 className="truncate text-[13px] font-semibold text-zinc-900">{stepName(node, step.nodeId)}</h3>
        {kindLabel && <span className="text-xs text-zinc-400">{kindLabel}</span>}
        <span className={clsx("text-xs font-medium", STATUS_TEXT[step.status])}>{RUN_STATUS_LABELS[step.status]}</span>
        {duration !== null && <span className="text-xs text-zinc-500 tabular-nums">{formatDuration(duration)}</span>}
        {step.attempt > 1 && <span className="text-xs text-zinc-500 tabular-nums">attempt {step.attempt} of {step.maxAttempts}</span>}
        <div role="tablist" aria-label="Step data" className="ml-auto flex gap-0.5">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              onClick={() => setChosen(t.id)}
              className={clsx(
                "h-6 rounded px-2 text-xs font-medium",
                tab === t.id ? (t.id === "error" ? "bg-red-50 text-red-800" : "bg-zinc-100 text-zinc-900") : "text-zinc-500 hover:bg-zinc-50 hover:text-zinc-800",
              )}
            >
              {t.label}
            </button>
          ))}
        </div>
      </div>
      <div role="tabpanel" className="min-h-0 flex-1 overflow-y-auto px-4 py-3">
        {tab === "error" && step.error && <ErrorView error={step.error} node={node} onOpenSettings={onOpenSettings} />}
        {tab === "output" && <ValueView value={step.output} empty={step.status === "SUCCEEDED" ? "No output (null)." : "No output yet."} testId="test-step-output" />}
        {tab === "input" && <ValueView value={step.input} empty="No input (null)." testId="test-step-input" />}
        {step.attempts.length > 0 && tab === "error" && <Attempts attempts={step.attempts} />}
      </div>
    </div>
  );
}

function ValueView({ value, empty, testId }: { value: unknown; empty: string; testId: string }) {
  if (value === null || value === undefined) return <p className="text-xs text-zinc-500 italic">{empty}</p>;
  return (
    <div data-testid={testId}>
      <JsonView value={value} className="text-[12px]" />
    </div>
  );
}

/** The message, the class in words, and for a script error the lines around it. */
function ErrorView({ error, node, onOpenSettings }: { error: StepErrorInfo; node: TFlowNode | undefined; onOpenSettings: (nodeId: string, path?: (string | number)[]) => void }) {
  const place = errorPlace(error);
  const script = node && typeof node.config.script === "string" ? node.config.script : null;
  return (
    <div className="space-y-3" data-testid="test-step-error">
      <div className="flex gap-2.5 rounded-md bg-red-50 px-3 py-2.5 ring-1 ring-red-200 ring-inset">
        <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-red-600" />
        <div className="min-w-0 text-[13px] leading-5">
          <p className="font-medium break-words text-red-900">{error.message}</p>
          <p className="mt-0.5 text-xs text-red-800/80">
            {CLASS_TEXT[error.class] ?? "The step failed."}
            {place && <> At {place} of the script.</>}
          </p>
        </div>
      </div>
      {script !== null && error.line !== undefined && <ScriptExcerpt script={script} line={error.line} column={error.column} />}
      {node && (
        <Button size="sm" onClick={() => onOpenSettings(node.id, script !== null ? ["script"] : undefined)}>
          <PencilLine aria-hidden="true" /> {script !== null ? "Fix the script" : "Open the step's settings"}
        </Button>
      )}
    </div>
  );
}

const CLASS_TEXT: Record<string, string> = {
  business: "It fails the same way every time until the data or the step changes; it is not retried.",
  transient: "A temporary problem (network, timeout, a busy server); live runs retry it.",
  authentication: "The connection's credentials were refused; it is not retried.",
};

/** Two lines either side of the failing one, numbered, the failing one marked. */
export function ScriptExcerpt({ script, line, column }: { script: string; line: number; column?: number }) {
  const lines = script.split("\n");
  const from = Math.max(1, line - 2);
  const to = Math.min(lines.length, line + 2);
  if (line < 1 || line > lines.length) return null;
  return (
    <pre aria-label={`Script around line ${line}`} data-testid="test-script-excerpt" className="overflow-x-auto rounded-md bg-zinc-50 py-1.5 font-mono text-xs leading-5 ring-1 ring-zinc-200 ring-inset">
      <code className="table w-full">
        {lines.slice(from - 1, to).map((text, i) => {
          const number = from + i;
          const here = number === line;
          return (
            <span key={number} className={clsx("table-row", here && "bg-red-100/80")} aria-current={here ? "true" : undefined}>
              <span aria-hidden="true" className={clsx("table-cell w-9 pr-3 pl-2 text-right tabular-nums select-none", here ? "font-semibold text-red-700" : "text-zinc-400")}>{number}</span>
              <span className={clsx("table-cell pr-3 whitespace-pre", here ? "text-red-950" : "text-zinc-700")}>
                {text || " "}
                {here && column !== undefined && <span className="sr-only"> (error at column {column})</span>}
              </span>
            </span>
          );
        })}
      </code>
    </pre>
  );
}

function Attempts({ attempts }: { attempts: StepView["attempts"] }) {
  return (
    <div className="mt-3">
      <p className="flex items-center gap-1.5 text-xs font-semibold text-zinc-600"><RotateCcw aria-hidden="true" className="size-3.5" /> Earlier attempts</p>
      <ul className="mt-1.5 space-y-1 text-xs text-zinc-600">
        {attempts.map((a) => (
          <li key={a.attempt}><span className="font-medium tabular-nums">#{a.attempt}</span> {a.error?.message ?? "failed"}</li>
        ))}
      </ul>
    </div>
  );
}
