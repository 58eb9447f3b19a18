"use client";

// Beside the run's canvas: the overview (every step the run reached, in order, and the trigger's
// payload), or one step in detail -- status, attempt n of max, timings, the error (message, class,
// code, script line), input, output, the port it left through, earlier attempts and the step as it
// was before each replay.
import clsx from "clsx";
import { CircleAlert, History, MousePointerClick } from "lucide-react";
import type { ReactNode } from "react";
import type { TFlowNode } from "../../lib/flows/definition.ts";
import type { RunDetail, RunTaskView, StepErrorInfo, StepView } from "../../lib/runs/run-types.ts";
import { JsonView } from "../flows/json-view.tsx";
import { kindLabel, NodePanelHeader, NodeTile, nodeTitle } from "../flows/node-meta.tsx";
import { formatDuration } from "../ui/format.ts";
import { ERROR_CLASS_LABELS } from "./run-format.ts";
import { elapsedMs } from "./run-states.ts";
import { StepStatusBadge } from "./run-status-badge.tsx";
import { ExactTime } from "./run-time.tsx";

type Props = { detail: RunDetail; nodeId: string | null; onSelect: (nodeId: string | null) => void; now: number };

export function StepInspector({ detail, nodeId, onSelect, now }: Props) {
  const node = nodeId ? detail.definition.nodes.find((n) => n.id === nodeId) : undefined;
  return (
    <aside aria-label={node ? `Step ${nodeTitle(node)}` : "Run overview"} data-testid="step-inspector" className="flex w-[460px] shrink-0 flex-col border-l border-zinc-200 bg-zinc-50/40">
      {node ? <StepDetail key={node.id} node={node} detail={detail} onBack={() => onSelect(null)} now={now} /> : <Overview detail={detail} onSelect={onSelect} now={now} />}
    </aside>
  );
}

function Overview({ detail, onSelect, now }: Omit<Props, "nodeId">) {
  const byId = new Map(detail.definition.nodes.map((n) => [n.id, n]));
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="border-b border-zinc-200 bg-white px-4 py-3">
        <h2 className="text-sm font-semibold text-zinc-900">Steps of this run</h2>
        <p className="mt-0.5 flex items-center gap-1.5 text-xs text-zinc-500">
          <MousePointerClick aria-hidden="true" className="size-3.5" />
          Select a step to see its input, output and errors.
        </p>
      </div>
      <div className="min-h-0 flex-1 space-y-5 overflow-y-auto px-4 py-3">
        <ol className="-mx-2 space-y-0.5" aria-label="Steps in the order they ran">
          {detail.steps.map((step) => {
            const node = byId.get(step.nodeId);
            const ms = elapsedMs(step.startedAt, step.finishedAt, now);
            return (
              <li key={step.nodeId}>
                <button
                  type="button"
                  onClick={() => onSelect(step.nodeId)}
                  className="flex w-full items-center gap-2.5 rounded-md px-2 py-1.5 text-left hover:bg-white hover:shadow-xs hover:ring-1 hover:ring-zinc-200"
                >
                  <NodeTile kind={node?.kind ?? ""} size="sm" />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-medium text-zinc-900">{node ? nodeTitle(node) : step.nodeId}</span>
                    <span className={clsx("block truncate text-xs", step.error ? "text-red-700" : "text-zinc-500")}>
                      {step.error ? step.error.message : node ? kindLabel(node.kind) : "Step no longer in the definition"}
                    </span>
                  </span>
                  <span className="flex shrink-0 flex-col items-end gap-0.5">
                    <StepStatusBadge status={step.status} />
                    <span className="text-[11px] text-zinc-500 tabular-nums">
                      {[ms !== null && step.status !== "RUNNING" ? formatDuration(ms) : null, step.attempt > 1 ? `attempt ${step.attempt}/${step.maxAttempts}` : null]
                        .filter(Boolean)
                        .join(" · ")}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
          {detail.steps.length === 0 && <li className="px-2 text-sm text-zinc-500">No step has started yet: the run is queued.</li>}
        </ol>
        <Block title="Trigger payload">
          <JsonView value={detail.run.triggerPayload} className="max-h-80" />
        </Block>
        {detail.run.response !== null && detail.run.response !== undefined && (
          <Block title="Response">
            <JsonView value={detail.run.response} className="max-h-60" />
          </Block>
        )}
      </div>
    </div>
  );
}

function StepDetail({ node, detail, onBack, now }: { node: TFlowNode; detail: RunDetail; onBack: () => void; now: number }) {
  const step = detail.steps.find((s) => s.nodeId === node.id);
  const before = detail.earlier.filter((s) => s.nodeId === node.id);
  const task = detail.tasks.find((t) => t.nodeId === node.id);
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <NodePanelHeader node={node} backLabel="Run overview" onBack={onBack} aside={step && <StepStatusBadge status={step.status} />} />
      <div className="min-h-0 flex-1 space-y-5 overflow-y-auto px-4 py-4" data-testid="step-detail" data-node-id={node.id}>
        {!step ? (
          <p className="text-sm text-zinc-500">The run did not reach this step{before.length > 0 ? " in its latest replay" : ""}.</p>
        ) : (
          <StepFacts step={step} now={now} />
        )}
        {step?.error && <ErrorBox error={step.error} script={scriptOf(node)} />}
        {task && <TaskBox task={task} />}
        {step && (
          <>
            <Block title="Input">
              <JsonView value={step.input} className="max-h-80" />
            </Block>
            {step.status === "SUCCEEDED" || step.output !== null ? (
              <Block title="Output" aside={step.port ? <span className="text-xs text-zinc-500">left through <code className="font-mono text-zinc-700">{step.port}</code></span> : undefined}>
                <JsonView value={step.output} className="max-h-80" />
              </Block>
            ) : null}
            {step.attempts.length > 0 && (
              <Block title={`Earlier attempts (${step.attempts.length})`}>
                <ol className="space-y-2">
                  {step.attempts.map((attempt) => (
                    <li key={attempt.attempt} className="rounded-md bg-white px-3 py-2 text-xs ring-1 ring-zinc-200">
                      <p className="flex items-center justify-between gap-2 font-medium text-zinc-700">
                        <span>
                          Attempt {attempt.attempt} of {step.maxAttempts}
                        </span>
                        {attempt.startedAt && <span className="font-normal text-zinc-500"><ExactTime iso={attempt.startedAt} /></span>}
                      </p>
                      {attempt.error && <p className="mt-1 text-red-700">{attempt.error.message}</p>}
                    </li>
                  ))}
                </ol>
              </Block>
            )}
          </>
        )}
        {before.length > 0 && <EarlierGenerations steps={before} />}
      </div>
    </div>
  );
}

function StepFacts({ step, now }: { step: StepView; now: number }) {
  const ms = elapsedMs(step.startedAt, step.finishedAt, now);
  const rows: [string, ReactNode][] = [
    ["Attempt", <span key="a" data-testid="step-attempt">{step.attempt} of {step.maxAttempts}</span>],
    ["Queued", <ExactTime key="q" iso={step.queuedAt} />],
    ["Started", step.startedAt ? <ExactTime key="s" iso={step.startedAt} /> : "not yet"],
    ["Finished", step.finishedAt ? <ExactTime key="f" iso={step.finishedAt} /> : step.status === "RUNNING" ? "running…" : "—"],
    ["Duration", ms !== null ? `${formatDuration(ms)}${step.finishedAt ? "" : " so far"}` : "—"],
  ];
  // A waiting Approve step's time is its task's due time (shown with the task), not an attempt.
  if (step.nextAttemptAt && step.status !== "WAITING") rows.push(["Next attempt", <ExactTime key="n" iso={step.nextAttemptAt} />]);
  return (
    <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1.5 rounded-md bg-white px-3 py-2.5 text-sm ring-1 ring-zinc-200">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-zinc-500">{label}</dt>
          <dd className="text-zinc-900 tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const TASK_STATUS: Record<RunTaskView["status"], string> = {
  OPEN: "Waiting for a decision",
  APPROVED: "Approved",
  REJECTED: "Rejected",
  EXPIRED: "Expired",
  CANCELLED: "Cancelled",
};

/** The approval an Approve step waits on (or waited on): who decides, by when, and a way to it. */
function TaskBox({ task }: { task: RunTaskView }) {
  return (
    <section aria-label="Approval task" className="rounded-md bg-amber-50/60 px-3 py-2.5 text-sm ring-1 ring-amber-200">
      <p className="flex items-center justify-between gap-2">
        <span className="font-medium text-zinc-900">{task.title}</span>
        <a href={`/inbox/${task.id}`} className="shrink-0 text-xs font-medium text-sky-700 hover:underline">
          Open task
        </a>
      </p>
      <p className="mt-1 text-xs text-zinc-600">
        {TASK_STATUS[task.status]}
        {task.decidedBy && ` by ${task.decidedBy}`}
        {task.decidedAt && (
          <>
            {" "}
            · <ExactTime iso={task.decidedAt} />
          </>
        )}
      </p>
      {task.status === "OPEN" && (
        <p className="mt-1 text-xs text-zinc-600">
          For {task.assignees.join(", ") || "nobody"}
          {task.dueAt && (
            <>
              {" "}
              · due <ExactTime iso={task.dueAt} />
            </>
          )}
        </p>
      )}
    </section>
  );
}

/** The script of a map or branch step, where a script error's line points. */
function scriptOf(node: TFlowNode): string | undefined {
  const config = node.config as Record<string, unknown>;
  return ["script", "condition", "expression"].map((key) => config[key]).find((value): value is string => typeof value === "string");
}

/** The step's error as the analyst needs it: what, which kind, where in the script. */
export function ErrorBox({ error, script, title = "Error" }: { error: StepErrorInfo; script?: string; title?: string }) {
  return (
    <section aria-label={title} data-testid="step-error" className="rounded-md bg-red-50 px-3 py-2.5 ring-1 ring-red-200 ring-inset">
      <p className="flex items-start gap-2 text-sm font-medium text-red-800">
        <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-red-600" />
        <span className="[overflow-wrap:anywhere]">{error.message}</span>
      </p>
      <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 pl-6 text-xs text-red-900/80">
        <div className="flex gap-1">
          <dt className="sr-only">Class</dt>
          <dd>{ERROR_CLASS_LABELS[error.class] ?? error.class}</dd>
        </div>
        {error.code && (
          <div className="flex gap-1">
            <dt>Code</dt>
            <dd className="font-mono">{error.code}</dd>
          </div>
        )}
        {error.line !== undefined && (
          <div className="flex gap-1">
            <dt>Script</dt>
            <dd>
              line {error.line}
              {error.column !== undefined ? `, column ${error.column}` : ""}
            </dd>
          </div>
        )}
      </dl>
      {script !== undefined && error.line !== undefined && <ScriptExcerpt script={script} line={error.line} />}
      {error.details && Object.keys(error.details).length > 0 && <JsonView value={error.details} className="mt-2 max-h-48 bg-white/70" />}
    </section>
  );
}

/** Two lines either side of the failing line, which is marked. */
function ScriptExcerpt({ script, line }: { script: string; line: number }) {
  const lines = script.split("\n");
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 2);
  if (line < 1 || line > lines.length) return null;
  return (
    <pre aria-label={`Script around line ${line}`} className="mt-2 overflow-x-auto rounded-md bg-white py-1.5 font-mono text-xs leading-5 text-zinc-700 ring-1 ring-red-200 ring-inset">
      {lines.slice(first - 1, last).map((text, i) => {
        const number = first + i;
        const failing = number === line;
        return (
          <span key={number} className={clsx("flex", failing && "bg-red-100 text-red-900")}>
            <span aria-hidden="true" className={clsx("w-9 shrink-0 pr-3 text-right tabular-nums select-none", failing ? "text-red-500" : "text-zinc-400")}>
              {number}
            </span>
            <span className="pr-3 whitespace-pre">{text || " "}</span>
          </span>
        );
      })}
    </pre>
  );
}

function EarlierGenerations({ steps }: { steps: StepView[] }) {
  return (
    <Block title="Before replays" icon={History}>
      <ol className="space-y-2">
        {steps.map((step) => (
          <li key={step.generation} className="rounded-md bg-white px-3 py-2 text-xs ring-1 ring-zinc-200">
            <p className="flex items-center justify-between gap-2">
              <span className="font-medium text-zinc-700">
                {step.generation === 0 ? "First run" : `Replay ${step.generation}`}, attempt {step.attempt} of {step.maxAttempts}
              </span>
              <StepStatusBadge status={step.status} />
            </p>
            {step.error && <p className="mt-1 text-red-700">{step.error.message}</p>}
            <details className="mt-1.5">
              <summary className="cursor-pointer text-zinc-500 hover:text-zinc-800">Input and output</summary>
              <div className="mt-2 space-y-2">
                <JsonView value={step.input} className="max-h-48" />
                {step.output !== null && <JsonView value={step.output} className="max-h-48" />}
              </div>
            </details>
          </li>
        ))}
      </ol>
    </Block>
  );
}

function Block({ title, aside, icon: Icon, children }: { title: string; aside?: ReactNode; icon?: typeof History; children: ReactNode }) {
  return (
    <section className="space-y-1.5">
      <div className="flex items-baseline justify-between gap-3">
        <h3 className="flex items-center gap-1.5 text-[13px] font-semibold text-zinc-800">
          {Icon && <Icon aria-hidden="true" className="size-3.5 text-zinc-500" />}
          {title}
        </h3>
        {aside}
      </div>
      {children}
    </section>
  );
}
