"use client";

// A read-only canvas for any definition: version history, a version's page, the visual diff and a
// run's detail. Same node and edge components as the editor; decorations colour nodes (added
// green, removed red, changed amber), run states colour them by step status (see derive.ts). Pan,
// zoom, fit view and a minimap; nothing can be edited.
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, ReactFlowProvider, type NodeMouseHandler } from "@xyflow/react";
import clsx from "clsx";
import { useCallback, useMemo, useState } from "react";
import type { TFlowDefinition } from "../../lib/flows/definition.ts";
import { CanvasDeriver, RUN_STATUS_COLORS, type CanvasEdge, type CanvasNode, type Decoration, type StepNodeData } from "./derive.ts";
import type { RunStates } from "./run-state.ts";
import { edgeTypes, nodeTypes } from "./node-types.ts";
import "@xyflow/react/dist/style.css";
import "./canvas.css";

export type FlowViewProps = {
  definition: TFlowDefinition;
  decorations?: Record<string, Decoration>;
  edgeDecorations?: Record<string, Decoration>;
  /** A run to show: steps coloured by status, the path it took highlighted (derive.ts). */
  runStates?: RunStates;
  onNodeClick?: (nodeId: string) => void;
  /** Highlights one node (e.g. the one whose changes are shown beside the canvas). */
  selectedNodeId?: string | null;
  className?: string;
  /** Accessible name of the canvas region. */
  label?: string;
};

const PRO_OPTIONS = { hideAttribution: true };
const MINIMAP_STYLE = { width: 176, height: 120 };
const FIT = { padding: 0.15, maxZoom: 1.1 };
const CONTROLS_FIT = { padding: 0.15, maxZoom: 1.1, duration: 250 };
const DECORATION_FILL: Record<Decoration, string> = { added: "#6ee7b7", removed: "#fca5a5", changed: "#fcd34d" };

export function FlowView(props: FlowViewProps) {
  return (
    <ReactFlowProvider>
      <FlowViewCanvas {...props} />
    </ReactFlowProvider>
  );
}

function FlowViewCanvas({ definition, decorations, edgeDecorations, runStates, onNodeClick, selectedNodeId, className, label = "Flow diagram" }: FlowViewProps) {
  const [deriver] = useState(() => new CanvasDeriver());
  const selected = useMemo(() => new Set(selectedNodeId ? [selectedNodeId] : []), [selectedNodeId]);
  const nodes = useMemo(() => deriver.nodes({ definition, decorations, runStates, selectedNodes: selected }), [deriver, definition, decorations, runStates, selected]);
  const edges = useMemo(() => deriver.edges({ definition, edgeDecorations, runStates }), [deriver, definition, edgeDecorations, runStates]);
  const handleClick = useCallback<NodeMouseHandler<CanvasNode>>((_, node) => {
    if (node.type === "step") onNodeClick?.(node.id);
  }, [onNodeClick]);

  return (
    <div role="region" aria-label={label} data-testid="flow-view" className={clsx("mw-canvas mw-readonly relative h-full min-h-80 w-full overflow-hidden", className)}>
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodeClick={onNodeClick ? handleClick : undefined}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        nodesFocusable={Boolean(onNodeClick)}
        edgesFocusable={false}
        deleteKeyCode={null}
        panOnScroll
        zoomOnDoubleClick={false}
        minZoom={0.08}
        maxZoom={2}
        fitView
        fitViewOptions={FIT}
        onlyRenderVisibleElements={nodes.length >= 150}
        proOptions={PRO_OPTIONS}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.3} color="#d4d4d8" />
        <MiniMap<CanvasNode>
          pannable
          zoomable
          style={MINIMAP_STYLE}
          ariaLabel="Overview of the flow"
          nodeStrokeWidth={0}
          nodeBorderRadius={4}
          nodeColor={(node) => {
            if (node.type === "note") return "#fde68a";
            const { decoration, runState } = node.data as StepNodeData;
            if (decoration) return DECORATION_FILL[decoration];
            return runState ? RUN_STATUS_COLORS[runState.status] : runState === null ? "#e4e4e7" : "#a1a1aa";
          }}
        />
        <Controls showInteractive={false} position="bottom-left" fitViewOptions={CONTROLS_FIT} />
      </ReactFlow>
    </div>
  );
}
