// What the canvas shows of a run's steps: status, attempt, duration, the error (also while a step
// waits to retry) and the port it left through.
import { describe, expect, it } from "vitest";
import type { StepView } from "../../lib/runs/run-types.ts";
import { runStatesOf } from "./run-states.ts";

function step(nodeId: string, extra: Partial<StepView>): StepView {
  return {
    nodeId, generation: 0, status: "SUCCEEDED", attempt: 1, maxAttempts: 1, input: null, output: null, port: null, error: null, attempts: [],
    queuedAt: "2026-11-22T12:00:00.000Z", nextAttemptAt: null, startedAt: "2026-11-22T12:00:00.000Z", finishedAt: "2026-11-22T12:00:01.500Z", ...extra,
  };
}

describe("runStatesOf", () => {
  const now = Date.parse("2026-11-22T12:00:10.000Z");

  it("gives each step its status, attempt, duration and port", () => {
    expect(runStatesOf([step("a", { port: "true" })], now)).toEqual({ a: { status: "SUCCEEDED", attempt: 1, maxAttempts: 1, durationMs: 1500, error: null, port: "true" } });
  });

  it("shows a failed step's error, and a retrying step's last error", () => {
    const states = runStatesOf([
      step("failed", { status: "FAILED", attempt: 3, maxAttempts: 3, error: { class: "transient", message: "timeout" } }),
      step("retrying", { status: "QUEUED", attempt: 2, maxAttempts: 3, startedAt: null, finishedAt: null, attempts: [{ attempt: 1, error: { class: "transient", message: "502" }, startedAt: null, finishedAt: null }] }),
      step("recovered", { attempt: 2, maxAttempts: 3, attempts: [{ attempt: 1, error: { class: "transient", message: "502" }, startedAt: null, finishedAt: null }] }),
    ], now);
    expect(states.failed).toMatchObject({ error: "timeout", attempt: 3 });
    expect(states.retrying).toMatchObject({ error: "502", durationMs: null });
    expect(states.recovered?.error).toBeNull();
  });

  it("leaves a running step's duration out, so a poll does not redraw it", () => {
    expect(runStatesOf([step("r", { status: "RUNNING", finishedAt: null })], now).r?.durationMs).toBeNull();
  });
});
