// A large, valid flow for the canvas benchmark: a webhook, a switch with one lane per case, and a
// chain of everyday steps (map, lookup, delay, Odoo call, approve, end) along each lane.
import type { TFlowDefinition, TFlowEdge, TFlowNode } from "../lib/flows/definition.ts";
import { newNode } from "../lib/flows/validate.ts";
import type { NodeKind } from "../nodes/registry.ts";

const CHAIN: NodeKind[] = ["map", "lookup-table", "map", "delay", "call-odoo", "map", "http-request", "map", "map", "end"];

export function largeFlow(total: number, connection = "odoo-main"): TFlowDefinition {
  const nodes: TFlowNode[] = [];
  const edges: TFlowEdge[] = [];
  const ids = new Set<string>();
  const add = (kind: NodeKind, x: number, y: number, config?: Record<string, unknown>): TFlowNode => {
    const node = newNode(kind, { x, y }, ids);
    ids.add(node.id);
    if (config) node.config = { ...node.config, ...config };
    if (kind === "call-odoo") node.config = { ...node.config, connection };
    if (kind === "lookup-table") node.config = { ...node.config, rows: [{ from: "PUMP-7", to: "42" }] };
    nodes.push(node);
    return node;
  };
  const link = (source: TFlowNode, sourcePort: string, target: TFlowNode) => {
    edges.push({ id: `e${edges.length + 1}`, source: source.id, sourcePort, target: target.id, targetPort: "in" });
  };

  const lanes = Math.max(1, Math.min(50, Math.ceil((total - 2) / CHAIN.length)));
  const cases = Array.from({ length: lanes - 1 }, (_, i) => ({ id: `lane${i + 1}`, label: `Lane ${i + 1}`, value: i + 1 }));
  const trigger = add("webhook-trigger", 0, ((lanes - 1) * 140) / 2);
  const router = add("branch", 340, ((lanes - 1) * 140) / 2, { mode: "switch", expression: "input.body.lane", cases });
  link(trigger, "out", router);
  const ports = [...cases.map((c) => c.id), "default"];
  let remaining = total - 2;
  for (let lane = 0; lane < lanes && remaining > 0; lane++) {
    const length = Math.min(CHAIN.length, Math.ceil(remaining / (lanes - lane)));
    let previous = router;
    let port = ports[lane] as string;
    for (let step = 0; step < length; step++) {
      // The last step of each lane ends it.
      const kind = step === length - 1 ? "end" : (CHAIN[step] as NodeKind);
      const node = add(kind, 700 + step * 340, lane * 140);
      link(previous, port, node);
      previous = node;
      port = "out";
    }
    remaining -= length;
  }
  return { schemaVersion: 1, nodes, edges, notes: [], settings: {} };
}
