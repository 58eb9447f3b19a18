// A run's steps as the canvas shows them (components/canvas/run-state.ts): one state per node
// reached, from the latest step row of each node. Browser-safe, pure.
import type { StepView } from "../../lib/runs/run-types.ts";
import type { RunStates } from "../canvas/run-state.ts";

/** Milliseconds between two ISO instants (to `now` while still running), or null before the start. */
export function elapsedMs(startedAt: string | null, finishedAt: string | null, now: number): number | null {
  if (!startedAt) return null;
  const end = finishedAt ? Date.parse(finishedAt) : now;
  return Math.max(0, end - Date.parse(startedAt));
}

export function runStatesOf(steps: readonly StepView[], now: number): RunStates {
  const states: RunStates = {};
  for (const step of steps) {
    const running = step.status === "RUNNING";
    states[step.nodeId] = {
      status: step.status,
      attempt: step.attempt,
      maxAttempts: step.maxAttempts,
      // A running step's time so far would change the card on every poll: shown once it ends.
      durationMs: running ? null : elapsedMs(step.startedAt, step.finishedAt, now),
      // A step waiting to retry shows why its last attempt failed.
      error: step.error?.message ?? (step.status === "QUEUED" || step.status === "RUNNING" ? (step.attempts.at(-1)?.error?.message ?? null) : null),
      port: step.port,
    };
  }
  return states;
}
