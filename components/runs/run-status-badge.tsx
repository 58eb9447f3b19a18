import type { RunStatus, StepStatus } from "../../lib/runs/run-types.ts";
import { Badge, type BadgeTone } from "../ui/badge.tsx";

export type { RunStatus };

type Look = { label: string; tone: BadgeTone };

// The colours of run and step statuses everywhere in the console (the canvas uses the same hues:
// components/canvas/flow-node.tsx).
export const RUN_STATUS_LOOK: Record<RunStatus, Look> = {
  QUEUED: { label: "Queued", tone: "neutral" },
  RUNNING: { label: "Running", tone: "blue" },
  WAITING: { label: "Waiting", tone: "amber" },
  SUCCEEDED: { label: "Succeeded", tone: "green" },
  FAILED: { label: "Failed", tone: "red" },
  CANCELLED: { label: "Cancelled", tone: "neutral" },
  DISCARDED: { label: "Discarded", tone: "neutral" },
};
const SKIPPED: Look = { label: "Skipped", tone: "neutral" };

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { label, tone } = RUN_STATUS_LOOK[status];
  return (
    <Badge tone={tone} dot>
      <span data-testid="run-status" data-status={status}>
        {label}
      </span>
    </Badge>
  );
}

/** A step's status: the run colours, plus "Skipped" (steps left queued when a run ended). */
export function StepStatusBadge({ status }: { status: StepStatus }) {
  const { label, tone } = status === "SKIPPED" ? SKIPPED : RUN_STATUS_LOOK[status];
  return (
    <Badge tone={tone} dot>
      {label}
    </Badge>
  );
}
