// Pure operations on a flow definition for the editor: connection rules, placement, clipboard
// fragments, auto-layout. Every function returns a new definition and leaves its input alone, so
// history snapshots stay valid and unchanged nodes keep their identity (memoised rendering).
import { Graph, layout } from "@dagrejs/dagre";
import { z } from "zod";
import {
  ZFlowDefinition, ZFlowEdge, ZFlowNode, ZStickyNote,
  type TFlowDefinition, type TFlowEdge, type TFlowNode, type TStickyNote,
} from "../../lib/flows/definition.ts";
import { inputPortsOf, isTrigger, nodeGeometry, NODE_WIDTH, outputPortsOf } from "./ports.ts";
import { adjacencyOf, reachableFrom } from "../../lib/flows/graph.ts";
import { freshNodeId } from "../../lib/flows/new-node.ts";
import type { PortSpec } from "../../nodes/types.ts";

export type XY = { x: number; y: number };
export type Rect = { x: number; y: number; width: number; height: number };

export const GRID = 20;

export function snap(value: number): number {
  return Math.round(value / GRID) * GRID;
}

// ---------------------------------------------------------------------------------------------
// ids

export function takenIds(definition: TFlowDefinition): Set<string> {
  const ids = new Set<string>();
  for (const node of definition.nodes) ids.add(node.id);
  for (const edge of definition.edges) ids.add(edge.id);
  for (const note of definition.notes) ids.add(note.id);
  return ids;
}

/** prefix + the smallest number not taken (n1, n2, ...); adds the result to `taken`. */
export function freshId(prefix: string, taken: Set<string>): string {
  const id = freshNodeId(taken, prefix);
  taken.add(id);
  return id;
}

// ---------------------------------------------------------------------------------------------
// connections

export type ConnectionRequest = { source: string; sourcePort: string; target: string; targetPort: string };

/** Can `target` already reach `source`? Then source -> target closes a cycle. */
export function wouldCreateCycle(edges: readonly TFlowEdge[], source: string, target: string): boolean {
  if (source === target) return true;
  const ids = new Set<string>();
  for (const edge of edges) ids.add(edge.source).add(edge.target);
  return reachableFrom(target, adjacencyOf(ids, edges)).has(source);
}

/** Why this connection is refused, in words for a tooltip; null when it is fine. */
export function connectionProblem(definition: TFlowDefinition, request: ConnectionRequest): string | null {
  const { source, sourcePort, target, targetPort } = request;
  if (source === target) return "A step cannot connect to itself.";
  const sourceNode = definition.nodes.find((n) => n.id === source);
  const targetNode = definition.nodes.find((n) => n.id === target);
  if (!sourceNode || !targetNode) return "Connect two steps.";
  if (!outputPortsOf(sourceNode).some((p) => p.id === sourcePort)) return "That output does not exist.";
  if (isTrigger(targetNode)) return "A trigger starts the flow; nothing connects into it.";
  const inputs = inputPortsOf(targetNode);
  if (inputs.length === 0) return "This step takes no input.";
  if (!inputs.some((p) => p.id === targetPort)) return "That input does not exist.";
  if (definition.edges.some((e) => e.source === source && e.sourcePort === sourcePort && e.target === target)) {
    return "These steps are already connected from this output.";
  }
  if (wouldCreateCycle(definition.edges, source, target)) return "This connection would make a loop; flows run one way.";
  return null;
}

export function addEdge(definition: TFlowDefinition, request: ConnectionRequest): { definition: TFlowDefinition; edgeId: string } | null {
  if (connectionProblem(definition, request)) return null;
  const id = freshId("e", takenIds(definition));
  const edge: TFlowEdge = { id, ...request };
  return { definition: { ...definition, edges: [...definition.edges, edge] }, edgeId: id };
}

/** The first output of a node with nothing connected to it (n8n's "+"), else null. */
export function firstFreeOutput(definition: TFlowDefinition, nodeId: string): PortSpec | null {
  const node = definition.nodes.find((n) => n.id === nodeId);
  if (!node) return null;
  const used = new Set(definition.edges.filter((e) => e.source === nodeId).map((e) => e.sourcePort));
  return outputPortsOf(node).find((port) => !used.has(port.id)) ?? null;
}

/** Candidate connections from a node, for the keyboard "Connect to…" menu. */
export function connectionCandidates(definition: TFlowDefinition, sourceId: string): ConnectionRequest[] {
  const source = definition.nodes.find((n) => n.id === sourceId);
  if (!source) return [];
  const used = new Set(definition.edges.filter((e) => e.source === sourceId).map((e) => e.sourcePort));
  // Free ports first: that is almost always what the analyst wants next.
  const ports = [...outputPortsOf(source)].sort((a, b) => Number(used.has(a.id)) - Number(used.has(b.id)));
  const result: ConnectionRequest[] = [];
  for (const port of ports) {
    for (const target of definition.nodes) {
      const targetPort = inputPortsOf(target)[0]?.id;
      if (!targetPort) continue;
      const request = { source: sourceId, sourcePort: port.id, target: target.id, targetPort };
      if (!connectionProblem(definition, request)) result.push(request);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// editing

export type ElementIds = { nodeIds?: Iterable<string>; edgeIds?: Iterable<string>; noteIds?: Iterable<string> };

export function removeElements(definition: TFlowDefinition, ids: ElementIds): TFlowDefinition {
  const nodeIds = new Set(ids.nodeIds ?? []);
  const edgeIds = new Set(ids.edgeIds ?? []);
  const noteIds = new Set(ids.noteIds ?? []);
  if (nodeIds.size + edgeIds.size + noteIds.size === 0) return definition;
  return {
    ...definition,
    nodes: nodeIds.size ? definition.nodes.filter((n) => !nodeIds.has(n.id)) : definition.nodes,
    edges: definition.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target)),
    notes: noteIds.size ? definition.notes.filter((n) => !noteIds.has(n.id)) : definition.notes,
  };
}

export function updateNode(definition: TFlowDefinition, nodeId: string, patch: Partial<Pick<TFlowNode, "label" | "config" | "sample" | "position">>): TFlowDefinition {
  let changed = false;
  const nodes = definition.nodes.map((node) => {
    if (node.id !== nodeId) return node;
    changed = true;
    const next: TFlowNode = { ...node, ...patch };
    if ("label" in patch && !patch.label) delete next.label;
    if ("sample" in patch && patch.sample === undefined) delete next.sample;
    return next;
  });
  if (!changed) return definition;
  // A config change may remove a port (a deleted switch case): its edges go with it.
  let edges = definition.edges;
  if (patch.config) {
    const node = nodes.find((n) => n.id === nodeId) as TFlowNode;
    const ports = new Set(outputPortsOf(node).map((p) => p.id));
    if (definition.edges.some((e) => e.source === nodeId && !ports.has(e.sourcePort))) {
      edges = definition.edges.filter((e) => e.source !== nodeId || ports.has(e.sourcePort));
    }
  }
  return { ...definition, nodes, edges };
}

export function updateNote(definition: TFlowDefinition, noteId: string, patch: Partial<Omit<TStickyNote, "id">>): TFlowDefinition {
  return { ...definition, notes: definition.notes.map((note) => (note.id === noteId ? { ...note, ...patch } : note)) };
}

/** Moves nodes and notes by id (notes under their own ids; see rfIds in derive.ts). */
export function setPositions(definition: TFlowDefinition, nodePositions: Map<string, XY>, notePositions: Map<string, XY>): TFlowDefinition {
  return {
    ...definition,
    nodes: nodePositions.size ? definition.nodes.map((n) => { const p = nodePositions.get(n.id); return p ? { ...n, position: p } : n; }) : definition.nodes,
    notes: notePositions.size ? definition.notes.map((n) => { const p = notePositions.get(n.id); return p ? { ...n, position: p } : n; }) : definition.notes,
  };
}

export function nodeRect(node: TFlowNode): Rect {
  const { width, height } = nodeGeometry(node);
  return { x: node.position.x, y: node.position.y, width, height };
}

function overlaps(a: Rect, b: Rect, margin: number): boolean {
  return a.x < b.x + b.width + margin && b.x < a.x + a.width + margin && a.y < b.y + b.height + margin && b.y < a.y + a.height + margin;
}

/** A free spot at or below `preferred` for a card of `size`, so a new node never hides another. */
export function freeSpot(definition: TFlowDefinition, preferred: XY, size: { width: number; height: number }): XY {
  const rects = definition.nodes.map(nodeRect);
  let spot = { x: snap(preferred.x), y: snap(preferred.y) };
  for (let i = 0; i < 60; i++) {
    const candidate = { ...spot, ...size };
    const hit = rects.find((r) => overlaps(candidate, r, 16));
    if (!hit) return spot;
    spot = { x: spot.x, y: snap(hit.y + hit.height + 40) };
  }
  return spot;
}

/** Where a node added after `source` (on output `port`) goes: to its right, fanned out by port. */
export function spotAfter(definition: TFlowDefinition, source: TFlowNode, portId: string, size: { width: number; height: number }): XY {
  const ports = outputPortsOf(source);
  const index = Math.max(0, ports.findIndex((p) => p.id === portId));
  const spread = (index - (ports.length - 1) / 2) * 140;
  return freeSpot(definition, { x: source.position.x + NODE_WIDTH + 72, y: source.position.y + spread }, size);
}

/** The closest step feeding `nodeId` (first incoming edge), for sample data in field pickers. */
export function nearestUpstream(definition: TFlowDefinition, nodeId: string): TFlowNode | null {
  const incoming = definition.edges.find((e) => e.target === nodeId);
  if (!incoming) return null;
  return definition.nodes.find((n) => n.id === incoming.source) ?? null;
}

// ---------------------------------------------------------------------------------------------
// clipboard: a fragment of a definition as JSON text, so it pastes into any flow (and any tab)

export const FRAGMENT_FORMAT = "millwright/flow-fragment";

const ZFragment = z.object({
  format: z.literal(FRAGMENT_FORMAT),
  nodes: z.array(ZFlowNode).max(2000),
  edges: z.array(ZFlowEdge).max(8000).default([]),
  notes: z.array(ZStickyNote).max(500).default([]),
});
export type Fragment = z.infer<typeof ZFragment>;

export function copyFragment(definition: TFlowDefinition, nodeIds: ReadonlySet<string>, noteIds: ReadonlySet<string>): Fragment | null {
  const nodes = definition.nodes.filter((n) => nodeIds.has(n.id));
  const notes = definition.notes.filter((n) => noteIds.has(n.id));
  if (nodes.length + notes.length === 0) return null;
  // Only edges inside the selection travel: the pasted copy is a self-contained piece.
  const edges = definition.edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target));
  return { format: FRAGMENT_FORMAT, nodes, edges, notes };
}

export function fragmentText(fragment: Fragment): string {
  return JSON.stringify(fragment, null, 2);
}

/** Clipboard text -> fragment. Also takes a whole exported flow (its definition, or {definition}). */
export function parseFragment(text: string): Fragment | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const fragment = ZFragment.safeParse(json);
  if (fragment.success) return fragment.data;
  const candidates = [json, (json as { definition?: unknown } | null)?.definition];
  for (const candidate of candidates) {
    const definition = ZFlowDefinition.safeParse(candidate);
    if (definition.success) return { format: FRAGMENT_FORMAT, nodes: definition.data.nodes, edges: definition.data.edges, notes: definition.data.notes };
  }
  return null;
}

export function fragmentBounds(fragment: Fragment): Rect | null {
  const rects: Rect[] = [
    ...fragment.nodes.map(nodeRect),
    ...fragment.notes.map((n) => ({ x: n.position.x, y: n.position.y, width: n.size.width, height: n.size.height })),
  ];
  if (rects.length === 0) return null;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  return { x, y, width: Math.max(...rects.map((r) => r.x + r.width)) - x, height: Math.max(...rects.map((r) => r.y + r.height)) - y };
}

export type PasteResult = { definition: TFlowDefinition; nodeIds: string[]; noteIds: string[]; skippedTrigger: boolean };

/** Adds a fragment with fresh ids, moved by `delta`; internal edges follow their nodes. */
export function pasteFragment(definition: TFlowDefinition, fragment: Fragment, delta: XY): PasteResult {
  const taken = takenIds(definition);
  const hasTrigger = definition.nodes.some(isTrigger);
  const idMap = new Map<string, string>();
  let skippedTrigger = false;
  const nodes: TFlowNode[] = [];
  let triggerAdded = hasTrigger;
  for (const node of fragment.nodes) {
    // A flow has exactly one trigger; a second one would only be an error to clean up.
    if (isTrigger(node)) {
      if (triggerAdded) {
        skippedTrigger = true;
        continue;
      }
      triggerAdded = true;
    }
    const id = freshId("n", taken);
    idMap.set(node.id, id);
    nodes.push({ ...node, id, position: { x: node.position.x + delta.x, y: node.position.y + delta.y } });
  }
  const edges: TFlowEdge[] = [];
  for (const edge of fragment.edges) {
    const source = idMap.get(edge.source);
    const target = idMap.get(edge.target);
    if (!source || !target) continue;
    edges.push({ ...edge, id: freshId("e", taken), source, target });
  }
  const notes = fragment.notes.map((note) => ({
    ...note, id: freshId("note", taken), position: { x: note.position.x + delta.x, y: note.position.y + delta.y },
  }));
  return {
    definition: { ...definition, nodes: [...definition.nodes, ...nodes], edges: [...definition.edges, ...edges], notes: [...definition.notes, ...notes] },
    nodeIds: nodes.map((n) => n.id),
    noteIds: notes.map((n) => n.id),
    skippedTrigger,
  };
}

// ---------------------------------------------------------------------------------------------
// auto-layout (dagre, left to right)

export function autoLayout(definition: TFlowDefinition, onlyIds?: ReadonlySet<string>): TFlowDefinition {
  if (definition.nodes.length === 0) return definition;
  const graph = new Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 72, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const nodes = onlyIds && onlyIds.size > 1 ? definition.nodes.filter((n) => onlyIds.has(n.id)) : definition.nodes;
  const ids = new Set(nodes.map((n) => n.id));
  for (const node of nodes) {
    const { width, height } = nodeGeometry(node);
    graph.setNode(node.id, { width, height });
  }
  // Edges in port order keep "true" above "false" and switch cases in their listed order.
  for (const node of nodes) {
    const order = outputPortsOf(node).map((p) => p.id);
    const outgoing = definition.edges
      .filter((e) => e.source === node.id && ids.has(e.target))
      .sort((a, b) => order.indexOf(a.sourcePort) - order.indexOf(b.sourcePort));
    for (const edge of outgoing) graph.setEdge(edge.source, edge.target);
  }
  layout(graph);
  // Keep the laid-out block where the old one started, so the view does not jump away.
  const before = { x: Math.min(...nodes.map((n) => n.position.x)), y: Math.min(...nodes.map((n) => n.position.y)) };
  const placed = new Map<string, XY>();
  for (const node of nodes) {
    const box = graph.node(node.id) as { x: number; y: number; width: number; height: number };
    placed.set(node.id, { x: box.x - box.width / 2, y: box.y - box.height / 2 });
  }
  keepPortOrder(nodes, definition.edges.filter((e) => ids.has(e.source) && ids.has(e.target)), placed);
  const after = { x: Math.min(...[...placed.values()].map((p) => p.x)), y: Math.min(...[...placed.values()].map((p) => p.y)) };
  const shift = { x: before.x - after.x, y: before.y - after.y };
  for (const [id, p] of placed) placed.set(id, { x: snap(p.x + shift.x), y: snap(p.y + shift.y) });
  return setPositions(definition, placed, new Map());
}

/**
 * dagre orders the steps of one rank to avoid crossings, not by port: "True" may land below
 * "False". Put the branches of a multi-output step back in port order (top to bottom), each
 * moving with the steps only it leads to.
 */
function keepPortOrder(nodes: readonly TFlowNode[], edges: readonly TFlowEdge[], placed: Map<string, XY>): void {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const reach = (start: string): Set<string> => {
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length) {
      for (const to of next.get(stack.pop() as string) ?? []) {
        if (seen.has(to)) continue;
        seen.add(to);
        stack.push(to);
      }
    }
    return seen;
  };
  for (const node of nodes) {
    const order = outputPortsOf(node).map((p) => p.id);
    if (order.length < 2) continue;
    const targets: string[] = [];
    for (const edge of [...edges].filter((e) => e.source === node.id).sort((a, b) => order.indexOf(a.sourcePort) - order.indexOf(b.sourcePort))) {
      if (!targets.includes(edge.target)) targets.push(edge.target);
    }
    if (targets.length < 2) continue;
    const slots = targets.map((t) => placed.get(t)!.y).sort((a, b) => a - b);
    if (targets.every((t, i) => placed.get(t)!.y === slots[i])) continue;
    // Each branch's own steps: reachable from it and from no other branch of this step.
    const reached = targets.map(reach);
    const shared = new Set<string>();
    reached.forEach((set, i) => set.forEach((id) => {
      if (reached.some((other, j) => j !== i && other.has(id))) shared.add(id);
    }));
    targets.forEach((target, i) => {
      const delta = (slots[i] as number) - placed.get(target)!.y;
      if (delta === 0) return;
      for (const id of reached[i]!) {
        if (shared.has(id)) continue;
        const p = placed.get(id);
        if (p) placed.set(id, { x: p.x, y: p.y + delta });
      }
    });
  }
}
