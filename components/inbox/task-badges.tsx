"use client";

// The small pieces a task shows in the list and on its page: priority, the SLA countdown, where
// it comes from (flow, environment, business key), and how it reached me.
import { ArrowUp, Clock, FlaskConical, Hand, UserRoundCheck } from "lucide-react";
import { useEffect, useState } from "react";
import type { InboxTask } from "../../lib/tasks/queries.server.ts";
import { Badge } from "../ui/badge.tsx";
import { formatDateTime } from "../ui/format.ts";
import { slaOf } from "./sla.ts";

export function PriorityBadge({ priority }: { priority: string }) {
  if (priority === "high")
    return (
      <Badge tone="red">
        <ArrowUp aria-hidden="true" />
        High
      </Badge>
    );
  if (priority === "low") return <Badge tone="neutral">Low</Badge>;
  return null;
}

/** Ticks every 30 seconds, starting from the server's clock so the first render matches. */
export function useNow(initial: number, everyMs = 30_000): Date {
  const [tick, setTick] = useState(initial);
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return new Date(Math.max(initial, tick));
}

export function SlaBadge({ createdAt, dueAt, now }: { createdAt: Date; dueAt: Date | null; now: Date }) {
  if (!dueAt) return <span className="text-xs whitespace-nowrap text-zinc-400">No due time</span>;
  const sla = slaOf(createdAt, dueAt, now);
  return (
    <span title={`Due ${formatDateTime(dueAt)}`}>
      <Badge tone={sla.tone}>
        <Clock aria-hidden="true" />
        {sla.label}
      </Badge>
    </span>
  );
}

/** "Maintenance parts · dev v3 · WO-1042" */
export function TaskOrigin({ task }: { task: Pick<InboxTask, "flowName" | "environmentKey" | "versionNumber" | "businessKey"> }) {
  return (
    <span className="flex min-w-0 flex-wrap items-center gap-x-1.5 text-xs text-zinc-500">
      <span className="truncate">{task.flowName}</span>
      <span aria-hidden="true">·</span>
      <span>{task.environmentKey ? `${task.environmentKey}${task.versionNumber ? ` v${task.versionNumber}` : ""}` : "draft"}</span>
      {task.businessKey && (
        <>
          <span aria-hidden="true">·</span>
          <span className="truncate font-mono">{task.businessKey}</span>
        </>
      )}
    </span>
  );
}

/** Test run, claimed, delegated, quorum: only those that apply. */
export function TaskFlags({ task, me }: { task: Pick<InboxTask, "testRun" | "claimedBy" | "onBehalfOf" | "quorum" | "approvals">; me?: string }) {
  return (
    <>
      {task.testRun && (
        <Badge tone="blue">
          <FlaskConical aria-hidden="true" />
          Test run
        </Badge>
      )}
      {task.claimedBy && (
        <Badge tone={task.claimedBy.id === me ? "accent" : "amber"}>
          <Hand aria-hidden="true" />
          {task.claimedBy.id === me ? "Claimed by you" : `Claimed by ${task.claimedBy.name}`}
        </Badge>
      )}
      {task.onBehalfOf && (
        <Badge tone="neutral">
          <UserRoundCheck aria-hidden="true" />
          on behalf of {task.onBehalfOf}
        </Badge>
      )}
      {task.quorum > 1 && (
        <Badge tone="neutral">
          {task.approvals} of {task.quorum} approvals
        </Badge>
      )}
    </>
  );
}
