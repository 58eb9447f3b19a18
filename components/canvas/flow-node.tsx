"use client";

// The card of one step. Pure function of its data (the definition entry, its problems, an
// optional diff decoration and an optional run state), memoised, so the editor and FlowView share
// it and a drag of one node re-renders only that node. Size and handle positions are fixed by
// ports.ts.
import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from "@xyflow/react";
import clsx from "clsx";
import { CircleAlert, CircleCheck, CircleDashed, CircleMinus, CircleX, Hourglass, LoaderCircle, TriangleAlert, Zap, type LucideIcon } from "lucide-react";
import { memo } from "react";
import { CATEGORY_LABELS } from "../../nodes/registry.ts";
import { formatDuration } from "../ui/format.ts";
import { RUN_STATUS_LABELS, type NodeRunState, type NodeRunStatus, type StepRfNode } from "./derive.ts";
import { NodeIcon } from "./node-icon.tsx";
import { tileClasses } from "./category-style.ts";
import { definitionOf, HEADER_HEIGHT, inputHandleY, inputPortsOf, outputHandleY, outputPortsOf, PORT_ROW_HEIGHT, PORTS_PADDING, showsPortRows, SUMMARY_HEIGHT } from "./ports.ts";
import { configSummary } from "./summary.ts";

const DECORATION_STYLES = {
  added: { card: "border-emerald-400 ring-2 ring-emerald-300/70 bg-emerald-50/40", tag: "bg-emerald-600 text-white", label: "Added" },
  removed: { card: "border-red-300 border-dashed ring-2 ring-red-200/70 bg-red-50/40 opacity-80", tag: "bg-red-600 text-white", label: "Removed" },
  changed: { card: "border-amber-400 ring-2 ring-amber-300/70 bg-amber-50/40", tag: "bg-amber-500 text-white", label: "Changed" },
} as const;

// A step in a run: the card's ring and the badge's colour follow the run status badges
// (components/runs/run-status-badge.tsx): succeeded green, failed red, running blue, waiting amber.
const RUN_STYLES: Record<NodeRunStatus, { card: string; simple: string; tag: string; icon: LucideIcon; spin?: boolean }> = {
  SUCCEEDED: { card: "border-emerald-400 ring-2 ring-emerald-300/60", simple: "border-emerald-500", tag: "bg-emerald-600 text-white", icon: CircleCheck },
  FAILED: { card: "border-red-400 ring-2 ring-red-300/70 bg-red-50/40", simple: "border-red-500 bg-red-50", tag: "bg-red-600 text-white", icon: CircleX },
  RUNNING: { card: "border-sky-400 ring-2 ring-sky-300/70 mw-run-pulse", simple: "border-sky-500 mw-run-pulse", tag: "bg-sky-600 text-white", icon: LoaderCircle, spin: true },
  WAITING: { card: "border-amber-400 ring-2 ring-amber-300/70 bg-amber-50/30", simple: "border-amber-500", tag: "bg-amber-500 text-white", icon: Hourglass },
  QUEUED: { card: "border-zinc-400 border-dashed", simple: "border-zinc-400 border-dashed", tag: "bg-zinc-500 text-white", icon: CircleDashed },
  SKIPPED: { card: "border-zinc-200 border-dashed opacity-50", simple: "border-zinc-200 border-dashed opacity-50", tag: "bg-zinc-200 text-zinc-600", icon: CircleMinus },
};
/** A step the run never reached, among steps it did. */
const UNREACHED = "opacity-55";

/** Below this zoom the text is unreadable anyway: draw a simpler card (far fewer DOM nodes). */
const DETAIL_ZOOM = 0.42;
const zoomedOut = (state: ReactFlowState) => state.transform[2] < DETAIL_ZOOM;

function FlowNodeCard({ data, selected, isConnectable }: NodeProps<StepRfNode>) {
  const { node, issues, decoration, runState } = data;
  const simple = useStore(zoomedOut);
  const definition = definitionOf(node);
  const inputs = inputPortsOf(node);
  const outputs = outputPortsOf(node);
  const summary = configSummary(node);
  const kindLabel = definition?.label ?? `Unknown kind "${node.kind}"`;
  const title = node.label || definition?.label || node.kind;
  // Under a renamed step its kind; under one still named after its kind, its category.
  const subtitle = title !== kindLabel ? kindLabel : definition ? (definition.trigger ? "Trigger" : CATEGORY_LABELS[definition.category]) : kindLabel;
  const trigger = definition?.trigger ?? false;
  const rows = showsPortRows(outputs);
  const hasErrors = (issues?.errors ?? 0) > 0;
  const hasWarnings = !hasErrors && (issues?.warnings ?? 0) > 0;
  const deco = decoration ? DECORATION_STYLES[decoration] : null;
  const run = runState ? RUN_STYLES[runState.status] : null;
  const runStatus = runState === undefined ? undefined : (runState?.status ?? "UNREACHED");
  const failure = runState?.error && (runState.status === "FAILED" || runState.status === "RUNNING" || runState.status === "QUEUED") ? runState.error : null;

  if (simple) {
    return (
      <div
        data-testid="flow-node"
        data-node-id={node.id}
        data-kind={node.kind}
        data-errors={issues?.errors ?? 0}
        data-run-status={runStatus}
        className={clsx(
          "relative flex h-full w-full items-start gap-3 border-2 bg-white p-3",
          trigger ? "rounded-l-[27px] rounded-r-xl" : "rounded-xl",
          deco ? deco.card : run ? run.simple : hasErrors ? "border-red-400" : selected ? "border-accent-500" : "border-zinc-300",
          runState === null && UNREACHED,
          selected && run && "outline-4 outline-offset-4 outline-accent-500",
        )}
      >
        {inputs.map((port) => (
          <Handle key={port.id} id={port.id} type="target" position={Position.Left} isConnectable={isConnectable} className="mw-handle mw-handle-in" style={{ top: inputHandleY() }} />
        ))}
        <span className={clsx("flex size-9 shrink-0 items-center justify-center ring-1 ring-inset", trigger ? "rounded-full" : "rounded-lg", tileClasses(definition?.category))}>
          <NodeIcon name={definition?.icon ?? "blocks"} className="size-5" />
        </span>
        <span className="min-w-0 flex-1 truncate pt-1 text-xl font-semibold text-zinc-800">{title}</span>
        {outputs.map((port, index) => (
          <Handle key={port.id} id={port.id} type="source" position={Position.Right} isConnectable={isConnectable} className="mw-handle mw-handle-out" style={{ top: outputHandleY(outputs, index) }} />
        ))}
        {(hasErrors || hasWarnings) && <span aria-hidden="true" className={clsx("absolute -top-3 -right-3 size-6 rounded-full ring-4 ring-white", hasErrors ? "bg-red-600" : "bg-amber-500")} />}
      </div>
    );
  }

  return (
    <div
      data-testid="flow-node"
      data-node-id={node.id}
      data-kind={node.kind}
      data-errors={issues?.errors ?? 0}
      data-run-status={runStatus}
      className={clsx(
        // One small shadow and a solid ring: blurred shadows are what software rendering pays most
        // for on every frame of a drag.
        "relative flex h-full w-full flex-col border bg-white text-left shadow-[0_1px_2px_rgb(0_0_0/0.07)]",
        trigger ? "rounded-l-[27px] rounded-r-xl" : "rounded-xl",
        deco ? deco.card : run ? run.card : hasErrors ? "border-red-300" : "border-zinc-200",
        runState === null && UNREACHED,
        selected && !deco && !run && "border-accent-500 ring-2 ring-accent-500/30",
        selected && (deco || run) && "outline-2 outline-offset-2 outline-accent-500",
        !selected && !deco && !run && "hover:border-zinc-400",
      )}
    >
      {inputs.map((port) => (
        <Handle
          key={port.id}
          id={port.id}
          type="target"
          position={Position.Left}
          isConnectable={isConnectable}
          className="mw-handle mw-handle-in"
          style={{ top: inputHandleY() }}
          title={port.description ?? "Input"}
        />
      ))}

      <div className="flex shrink-0 items-center gap-2.5 pr-3" style={{ height: HEADER_HEIGHT, paddingLeft: trigger ? 14 : 12 }}>
        <span className={clsx("relative flex size-9 shrink-0 items-center justify-center ring-1 ring-inset", trigger ? "rounded-full" : "rounded-lg", tileClasses(definition?.category))}>
          <NodeIcon name={definition?.icon ?? "blocks"} className="size-[18px]" />
          {trigger && (
            <span className="absolute -right-1 -bottom-1 flex size-4 items-center justify-center rounded-full bg-amber-500 text-white ring-2 ring-white" title="Trigger: starts the flow">
              <Zap aria-hidden="true" className="size-2.5" />
            </span>
          )}
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-[13px] leading-5 font-semibold text-zinc-900" data-testid="flow-node-label">
            {title}
          </p>
          <p className="truncate text-[11px] leading-4 text-zinc-500">{subtitle}</p>
        </div>
      </div>

      {failure ? (
        // A failed (or retrying) step shows why instead of its configuration.
        <div
          data-testid="flow-node-error"
          className={clsx(
            "flex shrink-0 items-center gap-1.5 border-t px-3 text-[11px] font-medium",
            runState?.status === "FAILED" ? "border-red-100 bg-red-50/70 text-red-700" : "border-amber-100 bg-amber-50/70 text-amber-800",
          )}
          style={{ height: SUMMARY_HEIGHT }}
          title={failure}
        >
          <CircleAlert aria-hidden="true" className="size-3 shrink-0" />
          <span className="truncate">{failure}</span>
        </div>
      ) : (
        <div
          className="flex shrink-0 items-center border-t border-zinc-100 px-3 font-mono text-[11px] text-zinc-600"
          style={{ height: SUMMARY_HEIGHT }}
          title={summary ?? undefined}
        >
          {summary ? <span className="truncate">{summary}</span> : <span className="truncate font-sans text-zinc-400 italic">Not configured yet</span>}
        </div>
      )}

      {rows && (
        <div className="border-t border-zinc-100" style={{ paddingTop: PORTS_PADDING, paddingBottom: PORTS_PADDING }}>
          {outputs.map((port) => (
            <div key={port.id} className="flex items-center justify-end pr-3.5 pl-3 text-[11px] font-medium text-zinc-500" style={{ height: PORT_ROW_HEIGHT }}>
              <span className="truncate" title={port.description}>{port.label}</span>
            </div>
          ))}
        </div>
      )}

      {outputs.map((port, index) => (
        <Handle
          key={port.id}
          id={port.id}
          type="source"
          position={Position.Right}
          isConnectable={isConnectable}
          className="mw-handle mw-handle-out"
          style={{ top: outputHandleY(outputs, index) }}
          title={port.description ?? (rows ? `Output "${port.label}"` : "Output: drag to the next step")}
          aria-label={`Output ${port.label}`}
        />
      ))}

      {issues && (hasErrors || hasWarnings) && <IssueBadge errors={issues.errors} warnings={issues.warnings} messages={issues.messages} />}
      {(deco || runState) && (
        <div className="absolute -top-2.5 left-3 flex items-center gap-1">
          {deco && <span className={clsx("rounded px-1.5 py-px text-[10px] font-semibold tracking-wide uppercase", deco.tag)}>{deco.label}</span>}
          {runState && <RunBadge state={runState} />}
        </div>
      )}
    </div>
  );
}

/** Status, duration and (after a retry) the attempt, above the card's top-left corner. */
function RunBadge({ state }: { state: NodeRunState }) {
  const style = RUN_STYLES[state.status];
  const Icon = style.icon;
  const label = RUN_STATUS_LABELS[state.status];
  const attempt = state.attempt > 1 ? `attempt ${state.attempt} of ${state.maxAttempts}` : null;
  const duration = state.durationMs !== null ? formatDuration(state.durationMs) : null;
  return (
    <span
      data-testid="flow-node-run"
      aria-label={[label, duration, attempt].filter(Boolean).join(", ")}
      title={state.error ? `${label}: ${state.error}` : undefined}
      className={clsx("flex h-[18px] items-center gap-1 rounded-full px-1.5 text-[10px] leading-none font-semibold whitespace-nowrap shadow-sm ring-2 ring-white", style.tag)}
    >
      <Icon aria-hidden="true" className={clsx("size-3", style.spin && "animate-spin")} />
      <span>{label}</span>
      {duration && <span className="font-medium tabular-nums opacity-85">· {duration}</span>}
      {attempt && <span className="font-medium tabular-nums opacity-85">· {state.attempt}/{state.maxAttempts}</span>}
    </span>
  );
}

function IssueBadge({ errors, warnings, messages }: { errors: number; warnings: number; messages: string[] }) {
  const error = errors > 0;
  const count = error ? errors : warnings;
  const Icon = error ? CircleAlert : TriangleAlert;
  return (
    <div className="group/issues absolute -top-2 -right-2 z-10">
      <span
        data-testid="flow-node-issues"
        aria-label={`${count} ${error ? "error" : "warning"}${count === 1 ? "" : "s"}: ${messages.join(" ")}`}
        className={clsx(
          "flex h-5 min-w-5 items-center justify-center gap-0.5 rounded-full px-1 text-[11px] font-semibold text-white shadow-sm ring-2 ring-white",
          error ? "bg-red-600" : "bg-amber-500",
        )}
      >
        <Icon aria-hidden="true" className="size-3" />
        {count}
      </span>
      <div
        role="tooltip"
        className="pointer-events-none invisible absolute top-6 right-0 w-64 rounded-lg bg-zinc-900 px-3 py-2 text-xs leading-5 text-white opacity-0 shadow-lg transition-opacity group-hover/issues:visible group-hover/issues:opacity-100"
      >
        <ul className="space-y-1">
          {messages.slice(0, 5).map((message, i) => (
            <li key={i} className="flex gap-1.5">
              <span aria-hidden="true" className="mt-[7px] size-1 shrink-0 rounded-full bg-zinc-400" />
              {message}
            </li>
          ))}
          {messages.length > 5 && <li className="text-zinc-400">and {messages.length - 5} more in Problems</li>}
        </ul>
      </div>
    </div>
  );
}

export const FlowNode = memo(FlowNodeCard);
