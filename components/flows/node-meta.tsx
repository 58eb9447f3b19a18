import clsx from "clsx";
import { ArrowLeft } from "lucide-react";
import type { ReactNode } from "react";
import type { TFlowNode } from "../../lib/flows/definition.ts";
import { formForDefinition, humanize, locateField } from "../../lib/flows/json-schema-form.ts";
import { getNodeDefinition } from "../../nodes/registry.ts";
import { tileClasses } from "../canvas/category-style.ts";
import { NodeIcon } from "../canvas/node-icon.tsx";

/** What people call a step: its label, else its kind's name. */
export function nodeTitle(node: Pick<TFlowNode, "kind" | "label">): string {
  return node.label?.trim() || getNodeDefinition(node.kind)?.label || node.kind;
}

export function kindLabel(kind: string): string {
  return getNodeDefinition(kind)?.label ?? kind;
}

/** The kind's icon on its category tile, as on the canvas. */
export function NodeTile({ kind, size = "md" }: { kind: string; size?: "sm" | "md" }) {
  const definition = getNodeDefinition(kind);
  return (
    <span
      aria-hidden="true"
      className={clsx(
        "flex shrink-0 items-center justify-center rounded-md ring-1 ring-inset",
        size === "sm" ? "size-6" : "size-8",
        tileClasses(definition?.category),
      )}
    >
      <NodeIcon name={definition?.icon ?? "blocks"} className={size === "sm" ? "size-3.5" : "size-4"} />
    </span>
  );
}

/**
 * Readable names for a config path, from the kind's form hints: ["config", "cases", 1, "expression"]
 * -> "Cases › 2 › Expression". Falls back to humanised keys for what the schema does not describe.
 */
export function fieldTitle(node: Pick<TFlowNode, "kind" | "config">, segments: readonly (string | number)[]): string {
  const [head, ...rest] = segments;
  if (head === "sample") return ["Sample data", ...rest.map(segmentName)].join(" › ");
  if (head !== "config") return segments.map(segmentName).join(" › ");
  const definition = getNodeDefinition(node.kind);
  const names: string[] = [];
  let located = 0;
  if (definition) {
    try {
      const { chain, path } = locateField(formForDefinition(definition), node.config, rest);
      // Array items have no title of their own: show their position instead.
      path.forEach((segment, i) => names.push(typeof segment === "number" ? `${segment + 1}` : chain[i]?.title || humanize(String(segment))));
      located = path.length;
    } catch {
      located = 0;
    }
  }
  for (const segment of rest.slice(located)) names.push(segmentName(segment));
  return names.join(" › ") || "Configuration";
}

function segmentName(segment: string | number): string {
  return typeof segment === "number" ? `${segment + 1}` : humanize(segment);
}

/** The head of a side panel about one step: a back button, the step's tile, name, kind and id. */
export function NodePanelHeader({ node, backLabel, onBack, aside }: { node: TFlowNode; backLabel: string; onBack: () => void; aside?: ReactNode }) {
  return (
    <div className="border-b border-zinc-200 bg-white px-4 pt-2.5 pb-3">
      <button type="button" onClick={onBack} className="-ml-1 flex items-center gap-1 rounded px-1 py-0.5 text-xs font-medium text-zinc-500 hover:text-zinc-900">
        <ArrowLeft aria-hidden="true" className="size-3.5" />
        {backLabel}
      </button>
      <div className="mt-2 flex items-center gap-2.5">
        <NodeTile kind={node.kind} />
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-sm font-semibold text-zinc-900">{nodeTitle(node)}</h2>
          <p className="truncate text-xs text-zinc-500">
            {kindLabel(node.kind)} · <span className="font-mono">{node.id}</span>
          </p>
        </div>
        {aside}
      </div>
    </div>
  );
}
