// A fresh node for the canvas (palette drop, quick-add): a short free id, the kind's current
// version, its default config (parsed, so every default is filled in) and its label. Browser-safe.
import { NODE_DEFINITIONS, type NodeKind } from "../../nodes/registry.ts";
import type { TFlowNode } from "./definition.ts";

/** The first free id of the form n1, n2, ... */
export function freshNodeId(existingIds: Iterable<string>, prefix = "n"): string {
  const taken = existingIds instanceof Set ? (existingIds as ReadonlySet<string>) : new Set(existingIds);
  for (let i = 1; ; i++) {
    const id = `${prefix}${i}`;
    if (!taken.has(id)) return id;
  }
}

export function newNode(kind: NodeKind, position: { x: number; y: number }, existingIds: Iterable<string>): TFlowNode {
  const definition = NODE_DEFINITIONS[kind];
  if (!definition) throw new Error(`Unknown node kind "${kind}"`);
  const config = definition.config.parse(definition.defaults()) as Record<string, unknown>;
  return {
    id: freshNodeId(existingIds),
    kind,
    kindVersion: definition.kindVersion,
    label: definition.label,
    position: { x: position.x, y: position.y },
    config,
  };
}
