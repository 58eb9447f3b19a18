// A flow definition prepared for execution: nodes by id with their configs parsed (and migrated
// from older kind versions) by the kind's zod schema, and the outgoing edges by (node, port).
// Versions are immutable, so a compiled version is cached for the life of the process.
import { ZFlowDefinition, type TFlowDefinition, type TFlowNode } from "../../lib/flows/definition.ts";
import { getNodeDefinition } from "../../nodes/registry.ts";
import { BusinessError } from "./errors.ts";
import type { RetryPolicy } from "./executor.ts";

export type CompiledNode = { node: TFlowNode; config: unknown; retry: RetryPolicy | null; configError: string | null };

export type CompiledFlow = {
  definition: TFlowDefinition;
  nodes: Map<string, CompiledNode>;
  /** Targets of the edges leaving `node` through `port`, in definition order. */
  targets(nodeId: string, port: string): string[];
  triggerNodeId: string | null;
  settings: TFlowDefinition["settings"];
  /** It has Approve steps (whose open tasks are cancelled when the run ends). */
  hasHumanTasks: boolean;
};

const versionCache = new Map<string, CompiledFlow>();
const VERSION_CACHE_LIMIT = 500;

export function cachedVersion(versionId: string): CompiledFlow | undefined {
  return versionCache.get(versionId);
}

/** The compiled definition of an immutable version (cached by version id). */
export function compiledVersion(versionId: string, definition: unknown): CompiledFlow {
  const cached = versionCache.get(versionId);
  if (cached) return cached;
  const compiled = compileFlow(definition);
  if (versionCache.size >= VERSION_CACHE_LIMIT) versionCache.delete(versionCache.keys().next().value as string);
  versionCache.set(versionId, compiled);
  return compiled;
}

export function compileFlow(raw: unknown): CompiledFlow {
  const definition = ZFlowDefinition.parse(raw);
  const nodes = new Map<string, CompiledNode>();
  let triggerNodeId: string | null = null;
  for (const node of definition.nodes) {
    const compiled = compileNode(node);
    nodes.set(node.id, compiled);
    if (getNodeDefinition(node.kind)?.trigger) triggerNodeId ??= node.id;
  }
  const outgoing = new Map<string, string[]>();
  for (const edge of definition.edges) {
    const key = `${edge.source}\u0000${edge.sourcePort}`;
    const list = outgoing.get(key) ?? [];
    if (!list.includes(edge.target)) list.push(edge.target);
    outgoing.set(key, list);
  }
  return {
    definition,
    nodes,
    targets: (nodeId, port) => outgoing.get(`${nodeId}\u0000${port}`) ?? [],
    triggerNodeId,
    settings: definition.settings,
    hasHumanTasks: definition.nodes.some((node) => node.kind === "approve"),
  };
}

function compileNode(node: TFlowNode): CompiledNode {
  const kind = getNodeDefinition(node.kind);
  if (!kind) return { node, config: null, retry: null, configError: `Unknown node kind "${node.kind}"` };
  const raw = kind.migrate && node.kindVersion < kind.kindVersion ? kind.migrate(node.config, node.kindVersion) : node.config;
  const parsed = kind.config.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { node, config: null, retry: null, configError: first ? `${first.path.join(".") || "config"}: ${first.message}` : "Invalid configuration" };
  }
  return { node, config: parsed.data, retry: retryOverride(parsed.data), configError: null };
}

function retryOverride(config: unknown): RetryPolicy | null {
  const retry = (config as { retry?: unknown } | null)?.retry;
  if (retry && typeof retry === "object" && "maxAttempts" in retry && "initialDelayMs" in retry) return retry as RetryPolicy;
  return null;
}

/** The node, or a business error naming it (a definition cannot lose nodes, but a bad payload can name one). */
export function nodeOf(flow: CompiledFlow, nodeId: string): CompiledNode {
  const found = flow.nodes.get(nodeId);
  if (!found) throw new BusinessError(`The flow has no step "${nodeId}"`, { code: "unknown-node" });
  return found;
}
