"use client";

import clsx from "clsx";
import { ArrowRight, Cable, Move, Settings2, StickyNote } from "lucide-react";
import { useMemo, useState, type ReactNode } from "react";
import type { TFlowDefinition, TFlowEdge, TFlowNode } from "../../lib/flows/definition.ts";
import { diffCanvas, diffDefinitions, type DiffDecoration, type FieldChange, type FlowDiff, type NodeChange } from "../../lib/flows/diff.ts";
import { humanize } from "../../lib/flows/json-schema-form.ts";
import { FlowView } from "../canvas/flow-view.tsx";
import { Badge } from "../ui/badge.tsx";
import { configFields, ReadOnlyValue } from "./config-fields.tsx";
import { CodeBlock, isBlockValue, JsonView, shortValue } from "./json-view.tsx";
import { fieldTitle, kindLabel, NodePanelHeader, NodeTile, nodeTitle } from "./node-meta.tsx";
import { TextDiffView } from "./text-diff.tsx";

type Status = DiffDecoration | "moved" | "unchanged";

const STATUS_BADGE: Record<Status, { tone: "green" | "red" | "amber" | "blue" | "neutral"; label: string }> = {
  added: { tone: "green", label: "Added" },
  removed: { tone: "red", label: "Removed" },
  changed: { tone: "amber", label: "Changed" },
  moved: { tone: "blue", label: "Moved" },
  unchanged: { tone: "neutral", label: "Unchanged" },
};

/**
 * The visual diff of two flow definitions: the "to" flow on the canvas with removed steps ghosted
 * from "from", steps coloured by what happened to them, and beside it the list of changes; a step
 * opens its field-by-field diff (scripts and templates as line diffs).
 */
export function FlowDiffView({ from, to, fromLabel, toLabel }: { from: TFlowDefinition; to: TFlowDefinition; fromLabel: string; toLabel: string }) {
  const diff = useMemo(() => diffDefinitions(from, to), [from, to]);
  const canvas = useMemo(() => diffCanvas(from, to, diff), [from, to, diff]);
  const [selected, setSelected] = useState<string | null>(null);

  const fromNodes = useMemo(() => new Map(from.nodes.map((n) => [n.id, n])), [from]);
  const toNodes = useMemo(() => new Map(to.nodes.map((n) => [n.id, n])), [to]);
  const changes = useMemo(() => new Map(diff.nodes.changed.map((c) => [c.id, c])), [diff]);
  const statusOf = (id: string): Status =>
    canvas.decorations[id] ?? (diff.nodes.moved.includes(id) ? "moved" : "unchanged");

  return (
    <div className="flex min-h-0 min-w-0 flex-1 bg-white">
      <div className="relative min-w-0 flex-1">
        <FlowView
          definition={canvas.definition}
          decorations={canvas.decorations}
          edgeDecorations={canvas.edgeDecorations}
          onNodeClick={setSelected}
          selectedNodeId={selected}
          label={`Canvas of ${toLabel} with the changes since ${fromLabel}`}
        />
        <Legend />
      </div>
      <aside aria-label="Changes" className="flex w-[440px] shrink-0 flex-col border-l border-zinc-200 bg-zinc-50/40">
        {selected ? (
          <NodeDetail
            key={selected}
            status={statusOf(selected)}
            before={fromNodes.get(selected)}
            after={toNodes.get(selected)}
            change={changes.get(selected)}
            fromLabel={fromLabel}
            toLabel={toLabel}
            onBack={() => setSelected(null)}
          />
        ) : (
          <ChangeList diff={diff} from={from} to={to} fromLabel={fromLabel} toLabel={toLabel} onSelect={setSelected} />
        )}
      </aside>
    </div>
  );
}

function Legend() {
  const item = (className: string, label: string) => (
    <li className="flex items-center gap-1.5">
      <span aria-hidden="true" className={clsx("size-2.5 rounded-sm ring-2", className)} />
      {label}
    </li>
  );
  return (
    <ul
      aria-label="Legend"
      className="pointer-events-none absolute top-3 left-3 z-10 flex gap-3 rounded-md bg-white/95 px-2.5 py-1.5 text-xs text-zinc-600 shadow-sm ring-1 ring-zinc-200"
    >
      {item("bg-emerald-100 ring-emerald-500", "Added")}
      {item("bg-amber-100 ring-amber-500", "Changed")}
      {item("bg-red-50 ring-red-400 opacity-70", "Removed")}
    </ul>
  );
}

// ---- The list of all changes ---------------------------------------------------------------------

function ChangeList({
  diff, from, to, fromLabel, toLabel, onSelect,
}: {
  diff: FlowDiff; from: TFlowDefinition; to: TFlowDefinition; fromLabel: string; toLabel: string; onSelect: (id: string) => void;
}) {
  const { summary } = diff;
  const allNodes = new Map([...from.nodes, ...to.nodes].map((n) => [n.id, n]));
  const steps: { id: string; status: Status; node: TFlowNode; detail?: string }[] = [
    ...diff.nodes.changed.map((c) => ({ id: c.id, status: "changed" as const, node: c.after, detail: changedWhat(c) })),
    ...diff.nodes.added.map((id) => ({ id, status: "added" as const, node: allNodes.get(id)! })),
    ...diff.nodes.removed.map((id) => ({ id, status: "removed" as const, node: allNodes.get(id)! })),
    ...diff.nodes.moved.map((id) => ({ id, status: "moved" as const, node: allNodes.get(id)!, detail: "Only its position on the canvas" })),
  ];
  const edgeName = (edge: TFlowEdge) => {
    const source = allNodes.get(edge.source);
    const target = allNodes.get(edge.target);
    const port = edge.sourcePort !== "out" ? ` (${edge.sourcePort})` : "";
    return `${source ? nodeTitle(source) : edge.source}${port} → ${target ? nodeTitle(target) : edge.target}`;
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="border-b border-zinc-200 bg-white px-4 py-3">
        <h2 className="text-sm font-semibold text-zinc-900">
          Changes from {fromLabel} to {toLabel}
        </h2>
        <p className="mt-0.5 text-xs text-zinc-500">{summaryText(diff)}</p>
      </div>
      <div className="min-h-0 flex-1 space-y-5 overflow-y-auto px-4 py-4">
        {summary.identical && <p className="text-sm text-zinc-600">These two are the same flow: no step, connection, note or setting differs.</p>}
        {!summary.identical && summary.sameBehaviour && (
          <p className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900 ring-1 ring-sky-200 ring-inset">
            Runs behave the same: only the layout or sticky notes changed.
          </p>
        )}

        {steps.length > 0 && (
          <ChangeGroup title="Steps" count={steps.length}>
            {steps.map((step) => (
              <li key={step.id}>
                <button
                  type="button"
                  onClick={() => onSelect(step.id)}
                  className="flex w-full items-center gap-2.5 rounded-md px-2 py-1.5 text-left hover:bg-white hover:shadow-xs hover:ring-1 hover:ring-zinc-200"
                >
                  <NodeTile kind={step.node.kind} size="sm" />
                  <span className="min-w-0 flex-1">
                    <span className={clsx("block truncate text-sm font-medium", step.status === "removed" ? "text-zinc-500 line-through" : "text-zinc-900")}>
                      {nodeTitle(step.node)}
                    </span>
                    <span className="block truncate text-xs text-zinc-500">{step.detail ?? kindLabel(step.node.kind)}</span>
                  </span>
                  <Badge tone={STATUS_BADGE[step.status].tone}>{STATUS_BADGE[step.status].label}</Badge>
                </button>
              </li>
            ))}
          </ChangeGroup>
        )}

        {diff.edges.added.length + diff.edges.removed.length > 0 && (
          <ChangeGroup title="Connections" count={diff.edges.added.length + diff.edges.removed.length}>
            {diff.edges.removed.map((edge) => (
              <ChangeLine key={`r-${edge.id}`} icon={<Cable aria-hidden="true" className="size-4 text-red-500" />} badge={STATUS_BADGE.removed}>
                {edgeName(edge)}
              </ChangeLine>
            ))}
            {diff.edges.added.map((edge) => (
              <ChangeLine key={`a-${edge.id}`} icon={<Cable aria-hidden="true" className="size-4 text-emerald-600" />} badge={STATUS_BADGE.added}>
                {edgeName(edge)}
              </ChangeLine>
            ))}
          </ChangeGroup>
        )}

        {diff.settings.length > 0 && (
          <ChangeGroup title="Flow settings" count={diff.settings.length}>
            {diff.settings.map((field) => (
              <li key={field.path} className="px-2 py-1.5">
                <div className="flex items-center gap-2 text-sm font-medium text-zinc-800">
                  <Settings2 aria-hidden="true" className="size-4 text-zinc-400" />
                  {settingTitle(field.segments)}
                </div>
                <div className="mt-1 pl-6">
                  <BeforeAfter field={field} />
                </div>
              </li>
            ))}
          </ChangeGroup>
        )}

        {summary.notesChanged + diff.notes.moved.length > 0 && (
          <ChangeGroup title="Sticky notes" count={summary.notesChanged + diff.notes.moved.length}>
            {diff.notes.added.map((id) => (
              <ChangeLine key={`a-${id}`} icon={<StickyNote aria-hidden="true" className="size-4 text-amber-500" />} badge={STATUS_BADGE.added}>
                {noteText(to, id)}
              </ChangeLine>
            ))}
            {diff.notes.removed.map((id) => (
              <ChangeLine key={`r-${id}`} icon={<StickyNote aria-hidden="true" className="size-4 text-amber-500" />} badge={STATUS_BADGE.removed}>
                {noteText(from, id)}
              </ChangeLine>
            ))}
            {diff.notes.changed.map((note) => (
              <ChangeLine key={`c-${note.id}`} icon={<StickyNote aria-hidden="true" className="size-4 text-amber-500" />} badge={STATUS_BADGE.changed}>
                {noteText(to, note.id)}
              </ChangeLine>
            ))}
            {diff.notes.moved.map((id) => (
              <ChangeLine key={`m-${id}`} icon={<Move aria-hidden="true" className="size-4 text-sky-500" />} badge={STATUS_BADGE.moved}>
                {noteText(to, id)}
              </ChangeLine>
            ))}
          </ChangeGroup>
        )}
      </div>
    </div>
  );
}

function ChangeGroup({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  const id = `changes-${title.toLowerCase().replace(/\s+/g, "-")}`;
  return (
    <section aria-labelledby={id}>
      <h3 id={id} className="mb-1.5 flex items-center gap-2 px-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
        {title}
        <span className="rounded bg-zinc-200/70 px-1.5 text-[11px] font-medium text-zinc-600 tabular-nums">{count}</span>
      </h3>
      <ul className="space-y-0.5">{children}</ul>
    </section>
  );
}

function ChangeLine({ icon, badge, children }: { icon: ReactNode; badge: { tone: "green" | "red" | "amber" | "blue" | "neutral"; label: string }; children: ReactNode }) {
  return (
    <li className="flex items-center gap-2.5 px-2 py-1.5 text-sm text-zinc-700">
      {icon}
      <span className="min-w-0 flex-1 truncate">{children}</span>
      <Badge tone={badge.tone}>{badge.label}</Badge>
    </li>
  );
}

const SETTING_TITLES: Record<string, string> = {
  timeoutMs: "Run deadline (ms)",
  retry: "Retry",
  maxAttempts: "Max attempts",
  initialDelayMs: "First retry after (ms)",
  concurrency: "Runs at once",
  oneAtATimePerBusinessKey: "One at a time per business key",
};

function settingTitle(segments: readonly (string | number)[]): string {
  return segments.map((s) => (typeof s === "number" ? `${s + 1}` : (SETTING_TITLES[s] ?? humanize(s)))).join(" › ");
}

function noteText(definition: TFlowDefinition, id: string): string {
  const text = definition.notes.find((n) => n.id === id)?.text.trim() ?? "";
  return text ? (text.length > 60 ? `${text.slice(0, 59)}…` : text) : "Empty note";
}

function changedWhat(change: NodeChange): string {
  const parts: string[] = [];
  if (change.kind) parts.push("Kind");
  if (change.label) parts.push("Label");
  const tops = new Set(change.fields.map((f) => (f.segments[0] === "sample" ? "Sample data" : fieldTitle(change.after, f.segments.slice(0, 2)))));
  parts.push(...tops);
  if (change.kindVersion && !change.kind) parts.push(`Upgraded to v${change.kindVersion.after}`);
  return parts.join(", ") || "Changed";
}

function summaryText(diff: FlowDiff): string {
  const s = diff.summary;
  const parts = [
    s.nodesChanged && `${s.nodesChanged} changed`,
    s.nodesAdded && `${s.nodesAdded} added`,
    s.nodesRemoved && `${s.nodesRemoved} removed`,
    s.nodesMoved && `${s.nodesMoved} moved`,
  ].filter(Boolean);
  const steps = parts.length ? `Steps: ${parts.join(", ")}` : "No step changed";
  const edges = s.edgesAdded + s.edgesRemoved;
  const extra = [
    edges && `${edges} connection ${edges === 1 ? "change" : "changes"}`,
    s.settingsChanged && `${s.settingsChanged} ${s.settingsChanged === 1 ? "setting" : "settings"}`,
    s.notesChanged && `${s.notesChanged} ${s.notesChanged === 1 ? "note" : "notes"}`,
  ].filter(Boolean);
  return [steps, ...extra].join(" · ");
}

// ---- One step in detail --------------------------------------------------------------------------

function NodeDetail({
  status, before, after, change, fromLabel, toLabel, onBack,
}: {
  status: Status; before?: TFlowNode; after?: TFlowNode; change?: NodeChange; fromLabel: string; toLabel: string; onBack: () => void;
}) {
  const node = after ?? before;
  if (!node) return null;
  const badge = STATUS_BADGE[status];
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <NodePanelHeader node={node} backLabel="All changes" onBack={onBack} aside={<Badge tone={badge.tone}>{badge.label}</Badge>} />
      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto px-4 py-4">
        {status === "added" && <WholeNode node={node} intro={`New in ${toLabel}.`} />}
        {status === "removed" && <WholeNode node={node} intro={`In ${fromLabel}, gone in ${toLabel}. This is how it was configured.`} />}
        {status === "moved" && <p className="text-sm text-zinc-600">Only its position on the canvas changed; it runs exactly as before.</p>}
        {status === "unchanged" && <p className="text-sm text-zinc-600">This step is the same in {fromLabel} and {toLabel}.</p>}
        {status === "changed" && change && <ChangedNode change={change} />}
      </div>
    </div>
  );
}

function ChangedNode({ change }: { change: NodeChange }) {
  return (
    <>
      {change.moved && (
        <p className="flex items-center gap-2 text-xs text-zinc-500">
          <Move aria-hidden="true" className="size-3.5" />
          It also moved on the canvas.
        </p>
      )}
      {change.kind && (
        <FieldBlock title="Kind">
          <BeforeAfterText before={kindLabel(change.kind.before)} after={kindLabel(change.kind.after)} />
        </FieldBlock>
      )}
      {change.kindVersion && !change.kind && (
        <FieldBlock title="Kind version">
          <BeforeAfterText before={`v${change.kindVersion.before}`} after={`v${change.kindVersion.after}`} />
        </FieldBlock>
      )}
      {change.label && (
        <FieldBlock title="Label">
          <BeforeAfterText before={change.label.before?.trim() || "(not set)"} after={change.label.after?.trim() || "(not set)"} />
        </FieldBlock>
      )}
      {change.fields.map((field) => (
        <FieldBlock
          key={field.path}
          title={fieldTitle(field.after === undefined ? change.before : change.after, field.segments)}
          path={field.path}
        >
          <BeforeAfter field={field} />
        </FieldBlock>
      ))}
    </>
  );
}

function FieldBlock({ title, path, children }: { title: string; path?: string; children: ReactNode }) {
  return (
    <section className="space-y-1.5">
      <h3 className="flex items-baseline justify-between gap-3">
        <span className="text-[13px] font-semibold text-zinc-800">{title}</span>
        {path && <code className="truncate font-mono text-[11px] text-zinc-400">{path}</code>}
      </h3>
      {children}
    </section>
  );
}

/** One field's change: a line diff for long text, before -> after for the rest. */
function BeforeAfter({ field }: { field: FieldChange }) {
  if (field.text) return <TextDiffView diff={field.text} label={`Changes to ${field.path}`} />;
  if (field.reordered) {
    return (
      <p className="text-sm text-zinc-700">
        Order changed: <span className="font-mono text-xs">{(field.before as string[]).join(", ")}</span> →{" "}
        <span className="font-mono text-xs">{(field.after as string[]).join(", ")}</span>
      </p>
    );
  }
  const primitive = (v: unknown) => v === undefined || v === null || ["string", "number", "boolean"].includes(typeof v);
  if (primitive(field.before) && primitive(field.after) && !isBlockValue(field.before) && !isBlockValue(field.after)) {
    return <BeforeAfterText before={shortValue(field.before)} after={shortValue(field.after)} mono />;
  }
  if (field.before === undefined) {
    return (
      <div className="space-y-1">
        <p className="text-xs font-medium text-emerald-700">Added</p>
        <ValueBox value={field.after} tone="added" />
      </div>
    );
  }
  if (field.after === undefined) {
    return (
      <div className="space-y-1">
        <p className="text-xs font-medium text-red-700">Removed</p>
        <ValueBox value={field.before} tone="removed" />
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <div className="space-y-1">
        <p className="text-xs font-medium text-red-700">Before</p>
        <ValueBox value={field.before} tone="removed" />
      </div>
      <div className="space-y-1">
        <p className="text-xs font-medium text-emerald-700">After</p>
        <ValueBox value={field.after} tone="added" />
      </div>
    </div>
  );
}

function BeforeAfterText({ before, after, mono }: { before: string; after: string; mono?: boolean }) {
  const missing = "(not set)";
  const unset = "rounded bg-zinc-50 px-1.5 py-0.5 font-sans text-zinc-500 italic ring-1 ring-zinc-200 ring-inset";
  return (
    <p className={clsx("flex flex-wrap items-center gap-1.5 text-sm", mono && "font-mono text-xs")}>
      <span className={before === missing ? unset : "rounded bg-red-50 px-1.5 py-0.5 text-red-800 line-through decoration-red-300 ring-1 ring-red-200 ring-inset"}>
        <span className="sr-only">Before: </span>
        {before === missing ? "not set" : before}
      </span>
      <ArrowRight aria-hidden="true" className="size-3.5 text-zinc-400" />
      <span className={after === missing ? unset : "rounded bg-emerald-50 px-1.5 py-0.5 text-emerald-800 ring-1 ring-emerald-200 ring-inset"}>
        <span className="sr-only">After: </span>
        {after === missing ? "not set" : after}
      </span>
    </p>
  );
}

function ValueBox({ value, tone }: { value: unknown; tone: "added" | "removed" }) {
  const ring = tone === "added" ? "ring-emerald-200 bg-emerald-50/50" : "ring-red-200 bg-red-50/50";
  if (typeof value === "string" && value.includes("\n")) return <CodeBlock text={value} className={ring} />;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) {
    return <p className={clsx("rounded-md px-2.5 py-1.5 font-mono text-xs break-words text-zinc-800 ring-1 ring-inset", ring)}>{shortValue(value, 2000)}</p>;
  }
  return <JsonView value={value} className={ring} />;
}

/** An added or removed step: its whole configuration. */
function WholeNode({ node, intro }: { node: TFlowNode; intro: string }) {
  const fields = configFields(node);
  return (
    <>
      <p className="text-sm text-zinc-600">{intro}</p>
      {fields.length === 0 && <p className="text-sm text-zinc-500">No configuration.</p>}
      {fields.map((field) => (
        <FieldBlock key={field.key} title={field.title} path={`config.${field.key}`}>
          <ReadOnlyValue value={field.value} code={field.code} label={field.title} />
        </FieldBlock>
      ))}
    </>
  );
}
