// React Flow's nodes and edges, derived from the flow definition. The deriver remembers what it
// built: a node whose definition entry, selection and problems did not change keeps the very same
// object, so React Flow and the memoised node components skip it (what keeps 500 nodes smooth).
import { MarkerType, type Edge, type Node } from "@xyflow/react";
import type { FlowIssue, TFlowDefinition, TFlowEdge, TFlowNode, TStickyNote } from "../../lib/flows/definition.ts";
import { noteRfId } from "./editor-store.ts";
import { definitionOf, nodeGeometry } from "./ports.ts";

export type Decoration = "added" | "removed" | "changed";

export type NodeIssueSummary = { errors: number; warnings: number; messages: string[] };

export type StepNodeData = { node: TFlowNode; issues?: NodeIssueSummary; decoration?: Decoration };
export type NoteNodeData = { note: TStickyNote };
export type StepRfNode = Node<StepNodeData, "step">;
export type NoteRfNode = Node<NoteNodeData, "note">;
export type CanvasNode = StepRfNode | NoteRfNode;
export type FlowEdgeData = { decoration?: Decoration; sourcePortLabel?: string };
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

type StepEntry = { source: TFlowNode; selected: boolean; issues: NodeIssueSummary | undefined; decoration: Decoration | undefined; rf: StepRfNode };
type NoteEntry = { source: TStickyNote; selected: boolean; rf: NoteRfNode };
type EdgeEntry = { source: TFlowEdge; selected: boolean; decoration: Decoration | undefined; rf: CanvasEdge };

export type DeriveInput = {
  definition: TFlowDefinition;
  selectedNodes?: ReadonlySet<string>;
  selectedEdges?: ReadonlySet<string>;
  issues?: Map<string, NodeIssueSummary>;
  decorations?: Record<string, Decoration>;
  edgeDecorations?: Record<string, Decoration>;
};

export class CanvasDeriver {
  private steps = new Map<string, StepEntry>();
  private notes = new Map<string, NoteEntry>();
  private edgeCache = new Map<string, EdgeEntry>();
  private lastEdges: CanvasEdge[] = [];

  nodes(input: DeriveInput): CanvasNode[] {
    const { definition, selectedNodes, issues, decorations } = input;
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
      const old = this.steps.get(node.id);
      let entry: StepEntry;
      if (old && old.source === node && old.selected === selected && old.issues === nodeIssues && old.decoration === decoration) entry = old;
      else {
        const geometry = nodeGeometry(node);
        const kindLabel = definitionOf(node)?.label ?? node.kind;
        entry = {
          source: node, selected, issues: nodeIssues, decoration,
          rf: {
            id: node.id, type: "step", position: node.position,
            data: { node, issues: nodeIssues, decoration },
            selected,
            width: geometry.width, height: geometry.height,
            measured: { width: geometry.width, height: geometry.height },
            handles: geometry.handles,
            ariaLabel: `${node.label || kindLabel} (${kindLabel})${nodeIssues?.errors ? `, ${nodeIssues.errors} problem${nodeIssues.errors === 1 ? "" : "s"}` : ""}`,
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
    const { definition, selectedEdges, edgeDecorations } = input;
    const next = new Map<string, EdgeEntry>();
    const result: CanvasEdge[] = [];
    let reused = 0;
    for (const edge of definition.edges) {
      const selected = selectedEdges?.has(edge.id) ?? false;
      const decoration = edgeDecorations?.[edge.id];
      const old = this.edgeCache.get(edge.id);
      let entry: EdgeEntry;
      if (old && old.source === edge && old.selected === selected && old.decoration === decoration) {
        entry = old;
        if (this.lastEdges[result.length] === old.rf) reused++;
      }
      else {
        entry = {
          source: edge, selected, decoration,
          rf: {
            id: edge.id, type: "flow", source: edge.source, target: edge.target,
            sourceHandle: edge.sourcePort, targetHandle: edge.targetPort, selected,
            data: { decoration },
            markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: decoration ? EDGE_COLORS[decoration] : selected ? "#276575" : "#a1a1aa" },
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
