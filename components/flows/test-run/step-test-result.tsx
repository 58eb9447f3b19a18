"use client";

// In the side panel, above a step's settings: how the step did in the test run on show (while the
// test panel is open), so a failing script's message and line sit next to the script itself.
import clsx from "clsx";
import { CircleAlert, CircleCheck, Hourglass, LoaderCircle } from "lucide-react";
import { RUN_STATUS_LABELS } from "../../canvas/derive.ts";
import { formatDuration } from "../../ui/format.ts";
import { durationOf, errorLine } from "./run-states.ts";
import { useTestRun } from "./test-run-store.ts";

export function StepTestResult({ nodeId }: { nodeId: string }) {
  const open = useTestRun((s) => s.open);
  const step = useTestRun((s) => s.run?.steps.find((st) => st.nodeId === nodeId) ?? null);
  const running = useTestRun((s) => s.run !== null);
  if (!open || !running) return null;
  if (!step) {
    return <p data-testid="step-test-result" data-status="none" className="shrink-0 border-b border-zinc-100 bg-zinc-50 px-4 py-1.5 text-xs text-zinc-500">Test run: this step was not reached.</p>;
  }
  const duration = durationOf(step);
  const failed = step.status === "FAILED" && step.error;
  const Icon = failed ? CircleAlert : step.status === "SUCCEEDED" ? CircleCheck : step.status === "WAITING" ? Hourglass : LoaderCircle;
  return (
    <div
      data-testid="step-test-result"
      data-status={step.status}
      className={clsx(
        "flex shrink-0 items-start gap-2 border-b px-4 py-1.5 text-xs leading-5",
        failed ? "border-red-100 bg-red-50 text-red-800" : step.status === "SUCCEEDED" ? "border-emerald-100 bg-emerald-50/60 text-emerald-800" : "border-zinc-100 bg-zinc-50 text-zinc-600",
      )}
    >
      <Icon aria-hidden="true" className={clsx("mt-0.5 size-3.5 shrink-0", !failed && step.status === "RUNNING" && "animate-spin")} />
      <span className="min-w-0 break-words">
        <span className="font-medium">Test run: {RUN_STATUS_LABELS[step.status].toLowerCase()}</span>
        {duration !== null && ` in ${formatDuration(duration)}`}
        {failed && step.error && <>: {errorLine(step.error)}</>}
      </span>
    </div>
  );
}
