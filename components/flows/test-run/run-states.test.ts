// What the designer shows of a test run: a failed script's line on its card, and payload text that
// is not JSON explained instead of sent.
import { describe, expect, it } from "vitest";
import type { StepView } from "../../../lib/runs/run-types.ts";
import { errorPlace, parsePayload, testRunStates } from "./run-states.ts";

function step(nodeId: string, extra: Partial<StepView> = {}): StepView {
  return {
    nodeId, generation: 0, status: "SUCCEEDED", attempt: 1, maxAttempts: 1, input: null, output: null, port: "out", error: null, attempts: [],
    queuedAt: "2026-01-01T00:00:00.000Z", nextAttemptAt: null, startedAt: "2026-01-01T00:00:00.000Z", finishedAt: "2026-01-01T00:00:00.012Z", ...extra,
  };
}

describe("testRunStates", () => {
  it("colours each step by status and puts a script error's line in front of its message", () => {
    const states = testRunStates([
      step("hook"),
      step("shape", { status: "FAILED", port: null, error: { class: "business", message: "order is null", line: 2, column: 9 } }),
      step("call", { status: "FAILED", port: null, error: { class: "business", message: "No connection odoo-main" } }),
    ]);
    expect(states.hook).toMatchObject({ status: "SUCCEEDED", durationMs: 12, error: null, port: "out" });
    expect(states.shape).toMatchObject({ status: "FAILED", error: "Line 2: order is null" });
    expect(states.call?.error).toBe("No connection odoo-main");
  });
});

describe("parsePayload", () => {
  it("reads JSON, and says what is wrong with anything else", () => {
    expect(parsePayload('{"body": {"qty": 2}}')).toEqual({ ok: true, value: { body: { qty: 2 } } });
    expect(parsePayload("  ")).toMatchObject({ ok: false, message: expect.stringContaining("Enter a payload") });
    expect(parsePayload("{ body: 1 }")).toMatchObject({ ok: false, message: expect.stringMatching(/^The payload is not valid JSON: /) });
  });
});

describe("errorPlace", () => {
  it("words where a script error points", () => {
    expect(errorPlace({ class: "business", message: "x", line: 3, column: 12 })).toBe("line 3, column 12");
    expect(errorPlace({ class: "business", message: "x", line: 3 })).toBe("line 3");
    expect(errorPlace({ class: "transient", message: "x" })).toBeNull();
  });
});
