// The connection names a flow definition refers to, by asking each node kind (browser-safe). Used
// where a release must find its connections in an environment, and to tell which flows use one.
import { getNodeDefinition } from "../../nodes/registry.ts";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The connection names a stored flow definition refers to (each node kind says which). */
export function definitionConnections(definition: unknown): Set<string> {
  const names = new Set<string>();
  const nodes = isRecord(definition) && Array.isArray(definition.nodes) ? definition.nodes : [];
  for (const node of nodes) {
    if (!isRecord(node) || typeof node.kind !== "string") continue;
    const kind = getNodeDefinition(node.kind);
    try {
      for (const name of kind?.connections?.(node.config as never) ?? []) if (name) names.add(name);
    } catch {
      // A config the kind cannot read names nothing.
    }
  }
  return names;
}
