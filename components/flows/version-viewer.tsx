"use client";

import { MousePointerClick } from "lucide-react";
import { useMemo, useState } from "react";
import type { TFlowDefinition, TFlowNode } from "../../lib/flows/definition.ts";
import { FlowView } from "../canvas/flow-view.tsx";
import { configFields, ReadOnlyValue } from "./config-fields.tsx";
import { JsonView } from "./json-view.tsx";
import { kindLabel, NodePanelHeader, NodeTile, nodeTitle } from "./node-meta.tsx";

/**
 * A version, read-only: the canvas, and beside it the steps; a step (clicked on the canvas or in
 * the list) shows its whole configuration, scripts with line numbers, JSON coloured.
 */
export function VersionViewer({ definition, label }: { definition: TFlowDefinition; label: string }) {
  const [selected, setSelected] = useState<string | null>(null);
  const node = selected ? definition.nodes.find((n) => n.id === selected) : undefined;
  const steps = useMemo(() => [...definition.nodes].sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y), [definition]);

  return (
    <div className="flex min-h-0 min-w-0 flex-1 bg-white">
      <div className="relative min-w-0 flex-1">
        <FlowView definition={definition} onNodeClick={setSelected} selectedNodeId={selected} label={`Canvas of ${label}`} />
      </div>
      <aside aria-label="Step configuration" className="flex w-[440px] shrink-0 flex-col border-l border-zinc-200 bg-zinc-50/40">
        {node ? (
          <NodeConfig key={node.id} node={node} onBack={() => setSelected(null)} />
        ) : (
          <div className="flex min-h-0 flex-1 flex-col">
            <div className="border-b border-zinc-200 bg-white px-4 py-3">
              <h2 className="text-sm font-semibold text-zinc-900">Steps in {label}</h2>
              <p className="mt-0.5 flex items-center gap-1.5 text-xs text-zinc-500">
                <MousePointerClick aria-hidden="true" className="size-3.5" />
                Select a step to read its configuration.
              </p>
            </div>
            <ul className="min-h-0 flex-1 space-y-0.5 overflow-y-auto px-2 py-3" aria-label="Steps">
              {steps.map((step) => (
                <li key={step.id}>
                  <button
                    type="button"
                    onClick={() => setSelected(step.id)}
                    className="flex w-full items-center gap-2.5 rounded-md px-2 py-1.5 text-left hover:bg-white hover:shadow-xs hover:ring-1 hover:ring-zinc-200"
                  >
                    <NodeTile kind={step.kind} size="sm" />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium text-zinc-900">{nodeTitle(step)}</span>
                      <span className="block truncate text-xs text-zinc-500">{kindLabel(step.kind)}</span>
                    </span>
                  </button>
                </li>
              ))}
              {steps.length === 0 && <li className="px-2 text-sm text-zinc-500">This version has no steps.</li>}
            </ul>
          </div>
        )}
      </aside>
    </div>
  );
}

function NodeConfig({ node, onBack }: { node: TFlowNode; onBack: () => void }) {
  const fields = useMemo(() => configFields(node), [node]);
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <NodePanelHeader node={node} backLabel="All steps" onBack={onBack} />
      <dl className="min-h-0 flex-1 space-y-4 overflow-y-auto px-4 py-4">
        {fields.length === 0 && <p className="text-sm text-zinc-500">This step has no configuration.</p>}
        {fields.map((field) => (
          <div key={field.key} className="space-y-1.5">
            <dt className="flex items-baseline justify-between gap-3">
              <span className="text-[13px] font-semibold text-zinc-800">{field.title}</span>
              <code className="truncate font-mono text-[11px] text-zinc-400">{field.key}</code>
            </dt>
            <dd>
              <ReadOnlyValue value={field.value} code={field.code} label={field.title} />
            </dd>
          </div>
        ))}
        {node.sample !== undefined && (
          <div className="space-y-1.5">
            <dt className="text-[13px] font-semibold text-zinc-800">Sample data</dt>
            <dd>
              <JsonView value={node.sample} className="max-h-72" />
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}
