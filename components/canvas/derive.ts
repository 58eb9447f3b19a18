// React Flow's nodes and edges, derived from the flow definition. The deriver remembers what it
// built: a node whose definition entry, selection, problems and run state did not change keeps the
// very same object, so React Flow and the memoised node components skip it (what keeps 500 nodes
// smooth).
//
// Showing a run on a canvas (the runs console's run detail, the designer's test run): pass the
// run's `RunStates` (components/canvas/run-state.ts, keyed by node id) to BOTH calls,
//   deriver.nodes({ definition, ..., runStates })  and  deriver.edges({ definition, ..., runStates }).
// Each step then carries `data.runState`: its NodeRunState, or null when the run did not reach it;
// flow-node.tsx colours the card by status (succeeded green, failed red, running blue pulse,
// waiting amber, queued grey, skipped and unreached dimmed) with a badge (status, duration,
// attempt n/max after a retry) and the error of a failed step in place of its summary. Each edge
// carries `data.run`: "taken" when its source step left through the edge's port (highlighted),
// "untaken" otherwise (dimmed). Without `runStates` (undefined) nothing of this is drawn. Run
// states compare by value, so handing in a freshly fetched object every poll re-renders only the
// nodes whose state changed. `runStatusLabel` and `RUN_STATUS_COLORS` name and colour a status the
// same way elsewhere (a minimap, a legend).
import { MarkerType, type Edge, type Node } from "@xyflow/react";
import type { FlowIssue, TFlowDefinition, TFlowEdge, TFlowNode, TStickyNote } from "../../lib/flows/definition.ts";
import { noteRfId } from "./editor-store.ts";
import { definitionOf, nodeGeometry } from "./ports.ts";
import type { NodeRunState, NodeRunStatus, RunStates } from "./run-state.ts";

export type { NodeRunState, NodeRunStatus, RunStates };

export type Decoration = "added" | "removed" | "changed";

export type NodeIssueSummary = { errors: number; warnings: number; messages: string[] };

/** How an edge looks in a run: its source left through it, or not (not yet, another port, never reached). */
export type EdgeRunState = "taken" | "untaken";

export type StepNodeData = {
  node: TFlowNode;
  issues?: NodeIssueSummary;
  decoration?: Decoration;
  /** Only when a run is shown: the step's state, or null when the run did not reach it. */
  runState?: NodeRunState | null;
};
export type NoteNodeData = { note: TStickyNote };
export type StepRfNode = Node<StepNodeData, "step">;
export type NoteRfNode = Node<NoteNodeData, "note">;
export type CanvasNode = StepRfNode | NoteRfNode;
export type FlowEdgeData = { decoration?: Decoration; sourcePortLabel?: string; run?: EdgeRunState };
export type CanvasEdge = Edge<FlowEdgeData, "flow">;

/** Problems per node, with the same object for the same content (stable across validations). */
export function summariseIssues(issues: readonly FlowIssue[], previous?: Map<string, NodeIssueSummary>): Map<string, NodeIssueSummary> {
  const grouped = new Map<string, FlowIssue[]>();
  for (const issue of issues) {
    if (!issue.nodeId) continue;
    const list = grouped.get(issue.nodeId);
    if (list) list.push(issue);
    else grouped.set(issue.nodeId, [issue]);
  }
  const result = new Map<string, NodeIssueSummary>();
  for (const [nodeId, list] of grouped) {
    const sorted = [...list].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
    const summary: NodeIssueSummary = {
      errors: list.filter((i) => i.severity === "error").length,
      warnings: list.filter((i) => i.severity === "warning").length,
      messages: sorted.map((i) => i.message),
    };
    const old = previous?.get(nodeId);
    const same = old && old.errors === summary.errors && old.warnings === summary.warnings && old.messages.join("\n") === summary.messages.join("\n");
    result.set(nodeId, same ? old : summary);
  }
  return result;
}

const EDGE_COLORS: Record<Decoration, string> = { added: "#059669", removed: "#dc2626", changed: "#d97706" };
/** Strokes (and arrow heads) of edges in a run; flow-edge.tsx uses the same. */
export const RUN_EDGE_COLORS: Record<EdgeRunState, string> = { taken: "#059669", untaken: "#d4d4d8" };

/** A step status in words ("Succeeded"), for badges, labels and screen readers. */
export const RUN_STATUS_LABELS: Record<NodeRunStatus, string> = {
  QUEUED: "Queued", RUNNING: "Running", SUCCEEDED: "Succeeded", FAILED: "Failed", WAITING: "Waiting", SKIPPED: "Skipped",
};

/** Fill colours per step status (minimap, legends); the same hues as the run status badges. */
export const RUN_STATUS_COLORS: Record<NodeRunStatus, string> = {
  QUEUED: "#a1a1aa", RUNNING: "#0ea5e9", SUCCEEDED: "#10b981", FAILED: "#ef4444", WAITING: "#f59e0b", SKIPPED: "#e4e4e7",
};

export function runStatusLabel(state: NodeRunState | null | undefined): string {
  return state ? RUN_STATUS_LABELS[state.status] : "Not reached";
}

/** Two states that draw the same card (a poll hands in new objects with mostly the same content). */
export function sameRunState(a: NodeRunState | null | undefined, b: NodeRunState | null | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.status === b.status && a.attempt === b.attempt && a.maxAttempts === b.maxAttempts && a.durationMs === b.durationMs && a.error === b.error && a.port === b.port;
}

/**
 * Whether the run went along an edge: its source step finished and left through the edge's port
 * (a succeeded step that recorded no port counts as leaving along every edge whose target ran).
 */
export function edgeRunState(edge: Pick<TFlowEdge, "source" | "sourcePort" | "target">, runStates: RunStates): EdgeRunState {
  const source = runStates[edge.source];
  if (!source || source.status === "FAILED" || source.status === "SKIPPED") return "untaken";
  if (source.port === null) return source.status === "SUCCEEDED" && runStates[edge.target] ? "taken" : "untaken";
  return source.port === edge.sourcePort ? "taken" : "untaken";
}

function nodeRunState(runStates: RunStates | undefined, nodeId: string): NodeRunState | null | undefined {
  if (!runStates) return undefined;
  return runStates[nodeId] ?? null;
}

type StepEntry = {
  source: TFlowNode; selected: boolean; issues: NodeIssueSummary | undefined; decoration: Decoration | undefined; runState: NodeRunState | null | undefined; rf: StepRfNode;
};
type NoteEntry = { source: TStickyNote; selected: boolean; rf: NoteRfNode };
type EdgeEntry = { source: TFlowEdge; selected: boolean; decoration: Decoration | undefined; run: EdgeRunState | undefined; rf: CanvasEdge };

export type DeriveInput = {
  definition: TFlowDefinition;
  selectedNodes?: ReadonlySet<string>;
  selectedEdges?: ReadonlySet<string>;
  issues?: Map<string, NodeIssueSummary>;
  decorations?: Record<string, Decoration>;
  edgeDecorations?: Record<string, Decoration>;
  /** A run to show (see the top of this file); undefined shows none. */
  runStates?: RunStates;
};

export class CanvasDeriver {
  private steps = new Map<string, StepEntry>();
  private notes = new Map<string, NoteEntry>();
  private edgeCache = new Map<string, EdgeEntry>();
  private lastEdges: CanvasEdge[] = [];

  nodes(input: DeriveInput): CanvasNode[] {
    const { definition, selectedNodes, issues, decorations, runStates } = input;
    const nextSteps = new Map<string, StepEntry>();
    const nextNotes = new Map<string, NoteEntry>();
    const result: CanvasNode[] = [];
    // Notes first: they sit behind the steps.
    for (const note of definition.notes) {
      const id = noteRfId(note.id);
      const selected = selectedNodes?.has(id) ?? false;
      const old = this.notes.get(id);
      let entry: NoteEntry;
      if (old && old.source === note && old.selected === selected) entry = old;
      else {
        entry = {
          source: note, selected,
          rf: {
            id, type: "note", position: note.position, data: { note }, selected, zIndex: -1,
            width: note.size.width, height: note.size.height, measured: { width: note.size.width, height: note.size.height },
            ariaLabel: `Note: ${note.text.slice(0, 60) || "empty"}`,
          },
        };
      }
      nextNotes.set(id, entry);
      result.push(entry.rf);
    }
    for (const node of definition.nodes) {
      const selected = selectedNodes?.has(node.id) ?? false;
      const nodeIssues = issues?.get(node.id);
      const decoration = decorations?.[node.id];
      const fresh = nodeRunState(runStates, node.id);
      const old = this.steps.get(node.id);
      // An equal state keeps the old object: the card's memo compares data by identity.
      const runState = old && sameRunState(old.runState, fresh) ? old.runState : fresh;
      let entry: StepEntry;
      if (old && old.source === node && old.selected === selected && old.issues === nodeIssues && old.decoration === decoration && old.runState === runState) entry = old;
      else {
        const geometry = nodeGeometry(node);
        const kindLabel = definitionOf(node)?.label ?? node.kind;
        const problems = nodeIssues?.errors ? `, ${nodeIssues.errors} problem${nodeIssues.errors === 1 ? "" : "s"}` : "";
        const run = runState === undefined ? "" : `, ${runStatusLabel(runState).toLowerCase()}`;
        entry = {
          source: node, selected, issues: nodeIssues, decoration, runState,
          rf: {
            id: node.id, type: "step", position: node.position,
            data: { node, issues: nodeIssues, decoration, ...(runState !== undefined ? { runState } : {}) },
            selected,
            width: geometry.width, height: geometry.height,
            measured: { width: geometry.width, height: geometry.height },
            handles: geometry.handles,
            ariaLabel: `${node.label || kindLabel} (${kindLabel})${problems}${run}`,
          },
        };
      }
      nextSteps.set(node.id, entry);
      result.push(entry.rf);
    }
    this.steps = nextSteps;
    this.notes = nextNotes;
    return result;
  }

  edges(input: DeriveInput): CanvasEdge[] {
    const { definition, selectedEdges, edgeDecorations, runStates } = input;
    const next = new Map<string, EdgeEntry>();
    const result: CanvasEdge[] = [];
    let reused = 0;
    for (const edge of definition.edges) {
      const selected = selectedEdges?.has(edge.id) ?? false;
      const decoration = edgeDecorations?.[edge.id];
      const run = runStates ? edgeRunState(edge, runStates) : undefined;
      const old = this.edgeCache.get(edge.id);
      let entry: EdgeEntry;
      if (old && old.source === edge && old.selected === selected && old.decoration === decoration && old.run === run) {
        entry = old;
        if (this.lastEdges[result.length] === old.rf) reused++;
      }
      else {
        const color = decoration ? EDGE_COLORS[decoration] : run ? RUN_EDGE_COLORS[run] : selected ? "#276575" : "#a1a1aa";
        entry = {
          source: edge, selected, decoration, run,
          rf: {
            id: edge.id, type: "flow", source: edge.source, target: edge.target,
            sourceHandle: edge.sourcePort, targetHandle: edge.targetPort, selected,
            data: run ? { decoration, run } : { decoration },
            // Taken edges above the dimmed ones where they cross.
            ...(run === "taken" ? { zIndex: 1 } : {}),
            markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color },
          },
        };
      }
      next.set(edge.id, entry);
      result.push(entry.rf);
    }
    this.edgeCache = next;
    // Nothing changed (a node was dragged): the same array, so React Flow skips its edge pass.
    if (reused === result.length && result.length === this.lastEdges.length) return this.lastEdges;
    this.lastEdges = result;
    return result;
  }
}
