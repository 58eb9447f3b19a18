import { Badge, type BadgeTone } from "../ui/badge.tsx";

// Mirrors the RunStatus enum in prisma/schema.prisma (kept here so the browser never imports Prisma).
export type RunStatus = "QUEUED" | "RUNNING" | "WAITING" | "SUCCEEDED" | "FAILED" | "CANCELLED" | "DISCARDED";

const LOOK: Record<RunStatus, { label: string; tone: BadgeTone }> = {
  QUEUED: { label: "Queued", tone: "neutral" },
  RUNNING: { label: "Running", tone: "blue" },
  WAITING: { label: "Waiting", tone: "amber" },
  SUCCEEDED: { label: "Succeeded", tone: "green" },
  FAILED: { label: "Failed", tone: "red" },
  CANCELLED: { label: "Cancelled", tone: "neutral" },
  DISCARDED: { label: "Discarded", tone: "neutral" },
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { label, tone } = LOOK[status];
  return (
    <Badge tone={tone} dot>
      {label}
    </Badge>
  );
}
