"use client";

import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { X } from "lucide-react";
import { memo } from "react";
import { useCanvasActions } from "./canvas-actions.ts";
import type { CanvasEdge } from "./derive.ts";

const STROKES = { added: "#059669", removed: "#dc2626", changed: "#d97706" } as const;

function FlowEdgeLine({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, data, markerEnd, interactionWidth }: EdgeProps<CanvasEdge>) {
  const actions = useCanvasActions();
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, curvature: 0.3 });
  const decoration = data?.decoration;
  const stroke = decoration ? STROKES[decoration] : selected ? "#276575" : "#a1a1aa";
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={interactionWidth ?? 24}
        style={{ stroke, strokeWidth: selected || decoration ? 2.25 : 1.75, strokeDasharray: decoration === "removed" ? "6 4" : undefined }}
      />
      {selected && actions && (
        <EdgeLabelRenderer>
          <button
            type="button"
            aria-label="Delete connection"
            title="Delete connection (Delete)"
            onClick={() => actions.deleteEdge(id)}
            className="nodrag nopan pointer-events-auto absolute flex size-6 items-center justify-center rounded-full bg-white text-zinc-600 shadow-md ring-1 ring-zinc-300 hover:bg-red-50 hover:text-red-700 hover:ring-red-300"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            <X aria-hidden="true" className="size-3.5" />
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const FlowEdge = memo(FlowEdgeLine);
