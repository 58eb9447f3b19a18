"use client";

// A connection on the canvas: grey, coloured by a diff decoration, or in a run highlighted where
// the run went and dimmed where it did not (see derive.ts). Selected in the editor: a delete button.
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { X } from "lucide-react";
import { memo } from "react";
import { useCanvasActions } from "./canvas-actions.ts";
import { RUN_EDGE_COLORS, type CanvasEdge } from "./derive.ts";

const STROKES = { added: "#059669", removed: "#dc2626", changed: "#d97706" } as const;

function FlowEdgeLine({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, data, markerEnd, interactionWidth }: EdgeProps<CanvasEdge>) {
  const actions = useCanvasActions();
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, curvature: 0.3 });
  const decoration = data?.decoration;
  const run = data?.run;
  const stroke = decoration ? STROKES[decoration] : run ? RUN_EDGE_COLORS[run] : selected ? "#276575" : "#a1a1aa";
  const strokeWidth = run === "taken" ? 2.5 : selected || decoration ? 2.25 : 1.75;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={interactionWidth ?? 24}
        className={run ? `mw-edge-${run}` : undefined}
        style={{ stroke, strokeWidth, strokeDasharray: decoration === "removed" || run === "untaken" ? "6 4" : undefined }}
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
