// Small, shared ways of saying things about runs: how it was triggered, how long it took, which
// error class. Browser-safe.
import type { RunListItem, StepErrorInfo } from "../../lib/runs/run-types.ts";
import { getNodeDefinition } from "../../nodes/registry.ts";
import { formatDuration } from "../ui/format.ts";
import { elapsedMs } from "./run-states.ts";

const TRIGGER_LABELS: Record<string, string> = { webhook: "Webhook", schedule: "Schedule", manual: "Manual", test: "Test run", mqtt: "MQTT", odoo: "Odoo poll" };

/** "Webhook", "Schedule", "Manual trigger"... from the run's trigger kind (a node kind or a short word). */
export function triggerLabel(run: Pick<RunListItem, "triggerKind" | "mode">): string {
  if (run.mode === "TEST") return "Test run";
  return TRIGGER_LABELS[run.triggerKind] ?? getNodeDefinition(run.triggerKind)?.label ?? run.triggerKind;
}

/** The run's duration, to `now` while it is still going; null before it started. */
export function runDuration(run: Pick<RunListItem, "startedAt" | "finishedAt">, now: number): { text: string; live: boolean } | null {
  const ms = elapsedMs(run.startedAt, run.finishedAt, now);
  if (ms === null) return null;
  return { text: formatDuration(ms), live: run.finishedAt === null };
}

export const ERROR_CLASS_LABELS: Record<StepErrorInfo["class"], string> = {
  business: "Business error",
  transient: "Transient error",
  authentication: "Authentication error",
};

export function shortId(id: string): string {
  return id.slice(0, 8);
}
