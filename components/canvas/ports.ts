// Ports and geometry of a step node on the canvas. The card has a fixed layout (see flow-node.tsx),
// so its size and handle positions are computed here instead of measured in the DOM: React Flow can
// draw edges of nodes it has not rendered yet (onlyRenderVisibleElements) and 500 nodes mount
// without a measuring pass.
import { Position, type NodeHandle } from "@xyflow/react";
import type { TFlowNode } from "../../lib/flows/definition.ts";
import { inputPorts, outputPorts } from "../../lib/flows/validate.ts";
import { getNodeDefinition } from "../../nodes/registry.ts";
import type { AnyNodeDefinition, PortSpec } from "../../nodes/types.ts";

export const NODE_WIDTH = 224;
export const HEADER_HEIGHT = 54;
export const SUMMARY_HEIGHT = 28;
export const PORT_ROW_HEIGHT = 22;
export const PORTS_PADDING = 5;
const HANDLE_SIZE = 10;

export function definitionOf(node: Pick<TFlowNode, "kind">): AnyNodeDefinition | undefined {
  return getNodeDefinition(node.kind);
}

/** The validator's own port logic (cached per config object), so canvas and validator agree. */
export function inputPortsOf(node: Pick<TFlowNode, "kind">): PortSpec[] {
  return inputPorts(node);
}

export function outputPortsOf(node: Pick<TFlowNode, "kind" | "config">): PortSpec[] {
  return outputPorts(node);
}

export function isTrigger(node: Pick<TFlowNode, "kind">): boolean {
  return definitionOf(node)?.trigger ?? false;
}

/** Ports listed as rows under the card (more than one output, or one with a meaningful name). */
export function showsPortRows(outputs: readonly PortSpec[]): boolean {
  return outputs.length > 1;
}

export function nodeHeight(outputs: readonly PortSpec[]): number {
  const base = HEADER_HEIGHT + SUMMARY_HEIGHT;
  return showsPortRows(outputs) ? base + PORTS_PADDING * 2 + outputs.length * PORT_ROW_HEIGHT : base;
}

/** Vertical centre of an output handle, from the top of the card. */
export function outputHandleY(outputs: readonly PortSpec[], index: number): number {
  if (!showsPortRows(outputs)) return HEADER_HEIGHT / 2;
  return HEADER_HEIGHT + SUMMARY_HEIGHT + PORTS_PADDING + index * PORT_ROW_HEIGHT + PORT_ROW_HEIGHT / 2;
}

export function inputHandleY(): number {
  return HEADER_HEIGHT / 2;
}

export type NodeGeometry = { width: number; height: number; handles: NodeHandle[] };

const geometryCache = new WeakMap<PortSpec[], WeakMap<PortSpec[], NodeGeometry>>();

export function geometryOf(inputs: PortSpec[], outputs: PortSpec[]): NodeGeometry {
  let byOutputs = geometryCache.get(inputs);
  if (!byOutputs) {
    byOutputs = new WeakMap();
    geometryCache.set(inputs, byOutputs);
  }
  const cached = byOutputs.get(outputs);
  if (cached) return cached;
  const half = HANDLE_SIZE / 2;
  const handles: NodeHandle[] = [
    ...inputs.map((port) => ({
      id: port.id, type: "target" as const, position: Position.Left,
      x: -half, y: inputHandleY() - half, width: HANDLE_SIZE, height: HANDLE_SIZE,
    })),
    ...outputs.map((port, index) => ({
      id: port.id, type: "source" as const, position: Position.Right,
      x: NODE_WIDTH - half, y: outputHandleY(outputs, index) - half, width: HANDLE_SIZE, height: HANDLE_SIZE,
    })),
  ];
  const geometry = { width: NODE_WIDTH, height: nodeHeight(outputs), handles };
  byOutputs.set(outputs, geometry);
  return geometry;
}

export function nodeGeometry(node: Pick<TFlowNode, "kind" | "config">): NodeGeometry {
  return geometryOf(inputPortsOf(node), outputPortsOf(node));
}
