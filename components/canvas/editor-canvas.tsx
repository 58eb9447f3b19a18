"use client";

// The editable canvas: React Flow in controlled mode over the editor store. Changes React Flow
// reports (moves, selection) become new definitions in the store; everything else (add, delete,
// paste, layout) goes through the commands. Drags are gestures: frames update the definition
// without history or validation, and the drop commits one undo step.
import {
  Background, BackgroundVariant, Controls, MiniMap, Panel, ReactFlow, SelectionMode, useConnection,
  type Connection, type EdgeChange, type FitViewOptions, type IsValidConnection, type Node, type NodeChange,
} from "@xyflow/react";
import clsx from "clsx";
import { CircleAlert, Plus, Zap } from "lucide-react";
import { useCallback, useMemo, useState, type DragEvent, type RefObject } from "react";
import { CanvasActionsContext, type CanvasActions } from "./canvas-actions.ts";
import { useCanvasRunStates } from "../flows/test-run/test-run-store.ts";
import { CanvasDeriver, RUN_STATUS_COLORS, summariseIssues, type CanvasEdge, type CanvasNode, type NodeIssueSummary, type StepNodeData } from "./derive.ts";
import { isNoteRfId, noteIdOf, useEditor, useEditorStoreApi } from "./editor-store.ts";
import { connectionProblem, nodeRect, setPositions, updateNote, type XY } from "./graph.ts";
import { inputPortsOf, isTrigger } from "./ports.ts";
import type { TFlowDefinition } from "../../lib/flows/definition.ts";
import { edgeTypes, nodeTypes } from "./node-types.ts";
import { PALETTE_DRAG_TYPE } from "./palette.tsx";
import type { EditorCommands } from "./use-commands.ts";
import "@xyflow/react/dist/style.css";
import "./canvas.css";

/** From this many nodes on, React Flow renders only what is in view. */
const VIRTUALISE_FROM = 150;

// Props that are objects live here, not inline: React Flow copies changed props into its store on
// every render, and a new array each drag frame would wake every subscriber for nothing.
const MULTI_SELECT_KEYS = ["Shift", "Meta", "Control"];
const PAN_BUTTONS = [1, 2];
const SNAP_GRID: [number, number] = [20, 20];
const PRO_OPTIONS = { hideAttribution: true };
const ARIA_LABELS = { "node.a11yDescription.default": "Press Enter to open this step, C to connect it, arrow keys to move it, Delete to remove it." };
const MINIMAP_STYLE = { width: 176, height: 120 };
const CONTROLS_FIT = { padding: 0.08, maxZoom: 1.1, duration: 250 };

export function EditorCanvas({ commands, canvasRef }: { commands: EditorCommands; canvasRef: RefObject<HTMLDivElement | null> }) {
  const store = useEditorStoreApi();
  const nodesDef = useEditor((s) => s.definition.nodes);
  const notesDef = useEditor((s) => s.definition.notes);
  const edgesDef = useEditor((s) => s.definition.edges);
  const selectedNodes = useEditor((s) => s.selectedNodes);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const issues = useEditor((s) => s.issues);
  const readOnly = useEditor((s) => s.readOnly);
  // The designer's test run, while the test panel is open (undefined otherwise: nothing drawn).
  const runStates = useCanvasRunStates();
  const [deriver] = useState(() => new CanvasDeriver());
  const [issueState, setIssueState] = useState<{ source: typeof issues; summary: Map<string, NodeIssueSummary> }>(() => ({ source: issues, summary: summariseIssues(issues) }));
  // Per-node summaries keep their identity when unchanged, so a revalidation re-renders only the
  // nodes whose problems changed.
  if (issueState.source !== issues) setIssueState({ source: issues, summary: summariseIssues(issues, issueState.summary) });
  const issueSummary = issueState.summary;

  const nodes = useMemo(
    () => deriver.nodes({ definition: { nodes: nodesDef, notes: notesDef, edges: [] } as never, selectedNodes, issues: issueSummary, runStates }),
    [deriver, nodesDef, notesDef, selectedNodes, issueSummary, runStates],
  );
  // Edges do not depend on where the nodes are: a drag leaves this alone.
  const edges = useMemo(() => deriver.edges({ definition: { edges: edgesDef } as never, selectedEdges, runStates }), [deriver, edgesDef, selectedEdges, runStates]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const state = store.getState();
    const nodePositions = new Map<string, XY>();
    const notePositions = new Map<string, XY>();
    let dragging = false;
    let selection: Set<string> | null = null;
    for (const change of changes) {
      if (change.type === "position" && change.position) {
        if (isNoteRfId(change.id)) notePositions.set(noteIdOf(change.id), change.position);
        else nodePositions.set(change.id, change.position);
        if (change.dragging) dragging = true;
      } else if (change.type === "select") {
        selection ??= new Set(state.selectedNodes);
        if (change.selected) selection.add(change.id);
        else selection.delete(change.id);
      }
      // "dimensions": sizes are computed (ports.ts) or stored (notes); "remove" goes through commands.
    }
    if (selection) state.select(selection, store.getState().selectedEdges);
    if (nodePositions.size + notePositions.size > 0 && !state.readOnly) {
      const current = store.getState();
      const next = setPositions(current.definition, nodePositions, notePositions);
      if (dragging || current.gestureBase) {
        if (!current.gestureBase) current.beginGesture();
        store.getState().gestureFrame(next);
      } else {
        // Arrow keys on a focused node: consecutive nudges are one undo step.
        current.commit(next, { coalesce: "nudge", layoutOnly: true });
      }
    }
  }, [store]);

  const onEdgesChange = useCallback((changes: EdgeChange<CanvasEdge>[]) => {
    const state = store.getState();
    let selection: Set<string> | null = null;
    for (const change of changes) {
      if (change.type === "select") {
        selection ??= new Set(state.selectedEdges);
        if (change.selected) selection.add(change.id);
        else selection.delete(change.id);
      }
    }
    if (selection) state.select(store.getState().selectedNodes, selection);
  }, [store]);

  const endGesture = useCallback(() => store.getState().endGesture({ layoutOnly: true }), [store]);
  const beginGesture = useCallback(() => store.getState().beginGesture(), [store]);

  const isValidConnection = useCallback<IsValidConnection<CanvasEdge>>((connection) => {
    if (!connection.source || !connection.target) return false;
    return connectionProblem(store.getState().definition, {
      source: connection.source, sourcePort: connection.sourceHandle ?? "out", target: connection.target, targetPort: connection.targetHandle ?? "in",
    }) === null;
  }, [store]);

  const onConnect = useCallback((connection: Connection) => {
    commands.connect({ source: connection.source, sourcePort: connection.sourceHandle ?? "out", target: connection.target, targetPort: connection.targetHandle ?? "in" });
  }, [commands]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onNodeDoubleClick = useCallback((_: unknown, node: Node) => {
    if (node.type === "step") store.getState().requestFocus(node.id);
  }, [store]);

  const actions = useMemo<CanvasActions | null>(() => {
    if (readOnly) return null;
    return {
      updateNote: (noteId, patch) => commands.editNote(noteId, patch),
      deleteNote: (noteId) => {
        const state = store.getState();
        state.commit({ ...state.definition, notes: state.definition.notes.filter((n) => n.id !== noteId) });
      },
      resizeNote: (noteId, rect, phase) => {
        const state = store.getState();
        if (phase === "start") state.beginGesture();
        const next = updateNote(store.getState().definition, noteId, {
          position: { x: rect.x, y: rect.y },
          size: { width: Math.round(rect.width), height: Math.round(rect.height) },
        });
        store.getState().gestureFrame(next);
        if (phase === "end") store.getState().endGesture({ layoutOnly: true });
      },
      deleteEdge: (edgeId) => commands.deleteEdge(edgeId),
      openConnectMenu: (nodeId) => store.getState().setConnectFrom(nodeId),
    };
  }, [readOnly, commands, store]);

  // Fitted once, on the first render: the whole flow when it stays readable, else its beginning.
  const [fitOptions] = useState(() => initialFit(store.getState().definition));
  const [ready, setReady] = useState(false);
  const onInit = useCallback(() => {
    // Two frames: React Flow has laid out and painted the first nodes (the bench waits for this).
    requestAnimationFrame(() => requestAnimationFrame(() => {
      performance.mark("mw-canvas-ready");
      setReady(true);
    }));
  }, []);

  return (
    <CanvasActionsContext value={actions}>
      <div
        ref={canvasRef}
        data-testid="canvas"
        data-ready={ready ? "true" : "false"}
        className={clsx("mw-canvas absolute inset-0", readOnly && "mw-readonly")}
        onDragOver={onDragOver}
        onDrop={(event) => {
          const kind = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
          if (!kind) return;
          event.preventDefault();
          commands.addNode(kind, { position: commands.screenToFlow({ x: event.clientX, y: event.clientY }) });
        }}
      >
        <ReactFlow<CanvasNode, CanvasEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          isValidConnection={isValidConnection}
          onNodeDragStart={beginGesture}
          onNodeDragStop={endGesture}
          onSelectionDragStart={beginGesture}
          onSelectionDragStop={endGesture}
          onNodeDoubleClick={onNodeDoubleClick}
          onInit={onInit}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          elementsSelectable
          edgesFocusable={false}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={MULTI_SELECT_KEYS}
          selectionOnDrag
          selectionMode={SelectionMode.Partial}
          panOnDrag={PAN_BUTTONS}
          panOnScroll
          zoomOnDoubleClick={false}
          snapToGrid
          snapGrid={SNAP_GRID}
          connectionRadius={28}
          minZoom={0.08}
          maxZoom={2}
          fitView
          fitViewOptions={fitOptions}
          onlyRenderVisibleElements={nodes.length >= VIRTUALISE_FROM}
          proOptions={PRO_OPTIONS}
          ariaLabelConfig={ARIA_LABELS}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.3} color="#d4d4d8" />
          {nodes.length > 0 && <MiniMap<CanvasNode>
            pannable
            zoomable
            style={MINIMAP_STYLE}
            ariaLabel="Overview of the flow"
            nodeColor={miniMapColor}
            nodeStrokeWidth={0}
            nodeBorderRadius={4}
            className="!bottom-2 !right-2"
          />}
          <Controls showInteractive={false} position="bottom-left" aria-label="Zoom" fitViewOptions={CONTROLS_FIT} />
          {!readOnly && <ConnectionHint />}
        </ReactFlow>
        {!readOnly && nodesDef.length === 0 && <EmptyCanvas onAddTrigger={() => store.getState().openPalette("triggers")} />}
      </div>
    </CanvasActionsContext>
  );
}

/**
 * The first view: everything if that stays readable in a typical editor window, otherwise the
 * trigger and the steps right after it (a 500-step flow opens where it starts, not as confetti).
 */
export function initialFit(definition: TFlowDefinition): FitViewOptions {
  const whole = { padding: 0.08, maxZoom: 1.1 };
  if (definition.nodes.length < 12 || typeof window === "undefined") return whole;
  const rects = definition.nodes.map(nodeRect);
  const width = Math.max(...rects.map((r) => r.x + r.width)) - Math.min(...rects.map((r) => r.x));
  const height = Math.max(...rects.map((r) => r.y + r.height)) - Math.min(...rects.map((r) => r.y));
  const view = { width: Math.max(400, window.innerWidth - 640), height: Math.max(300, window.innerHeight - 110) };
  if (Math.min(view.width / width, view.height / height) >= 0.45) return whole;
  const start = definition.nodes.find(isTrigger) ?? definition.nodes[0]!;
  // The trigger and what follows it within one screen to its right.
  const box = { left: start.position.x - 40, right: start.position.x + view.width / 0.8, top: start.position.y - view.height / 1.6, bottom: start.position.y + view.height / 1.6 };
  const byId = new Map(definition.nodes.map((n) => [n.id, n]));
  const head = [start.id];
  for (let i = 0; i < head.length && head.length < 8; i++) {
    for (const edge of definition.edges) {
      const target = edge.source === head[i] ? byId.get(edge.target) : undefined;
      if (!target || head.includes(target.id) || head.length >= 8) continue;
      const p = target.position;
      if (p.x >= box.left && p.x <= box.right && p.y >= box.top && p.y <= box.bottom) head.push(target.id);
    }
  }
  return { padding: 0.15, maxZoom: 0.9, minZoom: 0.3, nodes: head.map((id) => ({ id })) };
}

function miniMapColor(node: CanvasNode): string {
  if (node.type === "note") return "#fde68a";
  const runState = (node.data as StepNodeData).runState;
  if (runState) return RUN_STATUS_COLORS[runState.status];
  const issues = (node.data as { issues?: NodeIssueSummary }).issues;
  if (issues?.errors) return "#fca5a5";
  return node.selected ? "#317a8a" : "#a1a1aa";
}

/** While a connection is dragged over a target it cannot take, say why. */
function ConnectionHint() {
  const store = useEditorStoreApi();
  const hint = useConnection((c) => {
    if (!c.inProgress) return null;
    if (c.fromHandle.type !== "source") return c.toNode && c.isValid === false ? "Drag from an output (right side) to an input (left side)." : null;
    const definition = store.getState().definition;
    const from = { source: c.fromNode.id, sourcePort: c.fromHandle.id ?? "out" };
    if (c.toNode && c.isValid === false) {
      return connectionProblem(definition, { ...from, target: c.toNode.id, targetPort: c.toHandle?.id ?? "in" });
    }
    // Over a card but near none of its inputs (a trigger has none): say why it will not take it.
    if (!c.toNode && c.to) {
      const under = definition.nodes.find((n) => {
        const r = nodeRect(n);
        return n.id !== from.source && c.to.x >= r.x && c.to.x <= r.x + r.width && c.to.y >= r.y && c.to.y <= r.y + r.height;
      });
      if (under) return connectionProblem(definition, { ...from, target: under.id, targetPort: inputPortsOf(under)[0]?.id ?? "in" });
    }
    return null;
  });
  if (!hint) return null;
  return (
    <Panel position="top-center">
      <p role="status" className="flex animate-fade-in items-center gap-2 rounded-lg bg-zinc-900 px-3 py-2 text-xs font-medium text-white shadow-lg">
        <CircleAlert aria-hidden="true" className="size-3.5 text-red-300" />
        {hint}
      </p>
    </Panel>
  );
}

function EmptyCanvas({ onAddTrigger }: { onAddTrigger: () => void }) {
  return (
    <div className="pointer-events-none absolute inset-0 flex items-center justify-center p-6">
      <div className="pointer-events-auto flex max-w-sm flex-col items-center rounded-2xl border border-dashed border-zinc-300 bg-white/90 px-8 py-9 text-center shadow-sm backdrop-blur">
        <span className="flex size-12 items-center justify-center rounded-full bg-amber-50 text-amber-700 ring-1 ring-amber-200">
          <Zap aria-hidden="true" className="size-5" />
        </span>
        <h2 className="mt-4 text-[15px] font-semibold text-zinc-900">Add a trigger to start</h2>
        <p className="mt-1.5 text-sm leading-6 text-zinc-500">
          A trigger decides when the flow runs: a webhook call, a schedule, a change in Odoo or an MQTT message. Then add the steps that follow it.
        </p>
        <button
          type="button"
          onClick={onAddTrigger}
          className="mt-5 inline-flex h-10 items-center gap-2 rounded-lg bg-accent-600 px-4 text-sm font-semibold text-white shadow-sm hover:bg-accent-700"
        >
          <Plus aria-hidden="true" className="size-4" />
          Add a trigger
        </button>
        <p className="mt-3 text-xs text-zinc-400">
          or press <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1 font-mono text-[11px] text-zinc-600">/</kbd> to search all steps
        </p>
      </div>
    </div>
  );
}
