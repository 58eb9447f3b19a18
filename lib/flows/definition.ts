// The flow definition: the one schema for what a flow is (DESIGN.md), used by the editor, save,
// publish, import and the engine. The canvas is a projection of this object, never the reverse.
// Browser-safe.
import { z } from "zod";

export const FLOW_SCHEMA_VERSION = 1;
export const MAX_NODES = 2000;

const ZId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Use 1-64 letters, digits, - or _");
const ZPosition = z.object({ x: z.number().finite(), y: z.number().finite() });

export const ZFlowNode = z.object({
  id: ZId,
  kind: z.string().min(1).max(64),
  kindVersion: z.number().int().positive(),
  label: z.string().trim().max(120).optional(),
  position: ZPosition,
  /** Parsed by the kind's own zod schema in validateFlow, which reports errors with their path. */
  config: z.record(z.string(), z.unknown()),
  /** Sample data the analyst pinned on the node (a trigger's sample payload, an expected output):
   *  feeds field pickers of the next nodes and, later, test runs. */
  sample: z.unknown().optional(),
});

export const ZFlowEdge = z.object({
  id: ZId,
  source: ZId,
  sourcePort: z.string().min(1).max(64).default("out"),
  target: ZId,
  targetPort: z.string().min(1).max(64).default("in"),
});

export const ZStickyNote = z.object({
  id: ZId,
  position: ZPosition,
  size: z.object({ width: z.number().min(80).max(2000), height: z.number().min(40).max(2000) }),
  text: z.string().max(5000),
  color: z.enum(["yellow", "blue", "green", "pink", "grey"]).default("yellow"),
});

export const ZFlowSettings = z.object({
  /** Overall run deadline; steps have their own timeouts. */
  timeoutMs: z.number().int().positive().max(7 * 24 * 3600 * 1000).optional(),
  /** Default retry policy for transient errors; nodes may override. */
  retry: z.object({ maxAttempts: z.number().int().min(1).max(50), initialDelayMs: z.number().int().min(100).max(3_600_000) }).optional(),
  /** Most runs of this flow in flight at once per environment. */
  concurrency: z.number().int().min(1).max(1000).optional(),
  /** At most one run in flight per business key (e.g. per asset id), per environment. */
  oneAtATimePerBusinessKey: z.boolean().optional(),
});

export const ZFlowDefinition = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
  nodes: z.array(ZFlowNode).max(MAX_NODES, `A flow holds at most ${MAX_NODES} nodes`),
  edges: z.array(ZFlowEdge).max(MAX_NODES * 4),
  notes: z.array(ZStickyNote).max(500).default([]),
  settings: ZFlowSettings.default({}),
});

export type TFlowNode = z.infer<typeof ZFlowNode>;
export type TFlowEdge = z.infer<typeof ZFlowEdge>;
export type TStickyNote = z.infer<typeof ZStickyNote>;
export type TFlowDefinition = z.infer<typeof ZFlowDefinition>;

export function emptyDefinition(): TFlowDefinition {
  return { schemaVersion: FLOW_SCHEMA_VERSION, nodes: [], edges: [], notes: [], settings: {} };
}

/** A problem found by validateFlow, located precisely enough to point at it in the editor. */
export type FlowIssue = {
  severity: "error" | "warning";
  /** Stable machine code, e.g. "no-trigger", "unreachable", "cycle", "config-invalid". */
  code: string;
  /** A sentence an analyst understands. */
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Path inside the node's config (config errors) or inside the definition (shape errors). */
  path?: (string | number)[];
};
