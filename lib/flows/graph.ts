// Graph helpers over a flow definition, shared by the validator, the canvas and (later) the engine.
// Browser-safe. Everything here is linear in nodes + edges: the editor runs it on every change.
//
// Terminology: a *port* is a named handle on a node (inputs receive edges, outputs send them); an
// edge joins (source, sourcePort) to (target, targetPort). The *trigger* is the node that starts a
// run; *reachable* means reachable from the trigger along edges.
import { getNodeDefinition } from "../../nodes/registry.ts";
import type { AnyNodeDefinition, PortSpec } from "../../nodes/types.ts";
import type { TFlowEdge, TFlowNode } from "./definition.ts";

type PortNode = Pick<TFlowNode, "kind" | "config">;

// Outputs may depend on the config (a switch has one port per case). Configs are immutable objects
// in the editor store, so the config object itself is the cache key: 500 nodes re-render for free.
const outputCache = new WeakMap<object, { kind: string; ports: PortSpec[] | null }>();

/** The input ports of a node ([] for triggers and unknown kinds). */
export function inputPorts(node: Pick<TFlowNode, "kind">, lookup: (kind: string) => AnyNodeDefinition | undefined = getNodeDefinition): PortSpec[] {
  return lookup(node.kind)?.inputs ?? [];
}

/**
 * The output ports of a node, from its config. A half-edited config that does not parse still gets
 * the ports of its raw value where the kind can tell (the switch cases stay visible while one of
 * them is being fixed). Null when they cannot be known (unknown kind, unreadable config).
 */
export function outputPortsOrNull(node: PortNode, lookup: (kind: string) => AnyNodeDefinition | undefined = getNodeDefinition): PortSpec[] | null {
  const cacheable = lookup === getNodeDefinition && typeof node.config === "object" && node.config !== null;
  if (cacheable) {
    const cached = outputCache.get(node.config);
    if (cached && cached.kind === node.kind) return cached.ports;
  }
  const definition = lookup(node.kind);
  let ports: PortSpec[] | null = null;
  if (definition) {
    const parsed = definition.config.safeParse(node.config);
    try {
      ports = dedupePorts(definition.outputs(parsed.success ? parsed.data : node.config));
    } catch {
      ports = null;
    }
  }
  if (cacheable) outputCache.set(node.config, { kind: node.kind, ports });
  return ports;
}

/** The output ports of a node ([] when they cannot be known). */
export function outputPorts(node: PortNode): PortSpec[] {
  return outputPortsOrNull(node) ?? [];
}

function dedupePorts(ports: PortSpec[]): PortSpec[] {
  const seen = new Set<string>();
  return ports.filter((port) => typeof port.id === "string" && port.id !== "" && !seen.has(port.id) && (seen.add(port.id), true));
}

/** Node ids reachable from `start` (including it), following edges whose endpoints exist. */
export function reachableFrom(start: string, adjacency: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    for (const next of adjacency.get(current) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** Successor lists (target ids, one entry per edge) for edges whose endpoints are both in `nodeIds`. */
export function adjacencyOf(nodeIds: Iterable<string>, edges: readonly Pick<TFlowEdge, "source" | "target">[]): Map<string, string[]> {
  const adjacency = new Map<string, string[]>();
  for (const id of nodeIds) adjacency.set(id, []);
  for (const edge of edges) {
    const out = adjacency.get(edge.source);
    if (out && adjacency.has(edge.target)) out.push(edge.target);
  }
  return adjacency;
}

/**
 * The loops of a graph: strongly connected components with more than one node, or a node with an
 * edge to itself (Tarjan's algorithm, iterative so 2000 nodes cannot overflow the stack). Each
 * loop lists its node ids in the order of `adjacency` keys.
 */
export function findCycles(adjacency: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const order = new Map<string, number>();
  let counter = 0;
  for (const id of adjacency.keys()) order.set(id, order.size);

  for (const root of adjacency.keys()) {
    if (index.has(root)) continue;
    // Each frame: a node and the position of the next successor to visit.
    const frames: [string, number][] = [[root, 0]];
    index.set(root, counter);
    low.set(root, counter);
    counter++;
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as [string, number];
      const [node, position] = frame;
      const successors = adjacency.get(node) ?? [];
      if (position < successors.length) {
        frame[1] = position + 1;
        const next = successors[position] as string;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter);
          counter++;
          stack.push(next);
          onStack.add(next);
          frames.push([next, 0]);
        } else if (onStack.has(next)) {
          low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0]) as number, low.get(node) as number));
      if (low.get(node) === index.get(node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        const selfLoop = component.length === 1 && (adjacency.get(node) ?? []).includes(node);
        if (component.length > 1 || selfLoop) cycles.push(component.sort((a, b) => (order.get(a) as number) - (order.get(b) as number)));
      }
    }
  }
  return cycles.sort((a, b) => (order.get(a[0] as string) as number) - (order.get(b[0] as string) as number));
}
