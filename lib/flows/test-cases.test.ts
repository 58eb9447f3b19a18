// A saved test case passes or fails the way an analyst reads it: the run must succeed, and each
// expected output must equal what its step produced, with differences at readable paths.
import { describe, expect, it } from "vitest";
import type { StepView } from "../runs/run-types.ts";
import { evaluateTestCase, jsonDifferences, lastSucceededStep, MAX_DIFFERENCES, nodeNamer } from "./test-cases.ts";

const ok = { status: "SUCCEEDED" as const };

function step(nodeId: string, output: unknown, extra: Partial<StepView> = {}): StepView {
  return {
    nodeId, generation: 0, status: "SUCCEEDED", input: null, output, port: "out", error: null, attempt: 1, maxAttempts: 1, attempts: [],
    queuedAt: "2026-01-01T00:00:00.000Z", nextAttemptAt: null, startedAt: "2026-01-01T00:00:00.000Z", finishedAt: "2026-01-01T00:00:01.000Z", ...extra,
  };
}

describe("jsonDifferences", () => {
  it("finds nothing between equal values, whatever the key order", () => {
    expect(jsonDifferences({ a: 1, b: { c: [1, 2], d: null } }, { b: { d: null, c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it("names the path of a changed value inside arrays and objects", () => {
    expect(jsonDifferences({ lines: [{ qty: 5 }, { qty: 1 }] }, { lines: [{ qty: 4 }, { qty: 1 }] })).toEqual(["lines[0].qty: expected 5, got 4"]);
  });

  it("tells missing, unexpected and re-typed values apart", () => {
    expect(jsonDifferences({ a: 1, b: "x" }, { a: "1", c: true })).toEqual([
      'a: expected 1, got "1"',
      'b: expected "x", got nothing',
      "c: not expected, got true",
    ]);
  });

  it("reports a different length and the extra or missing items", () => {
    expect(jsonDifferences({ codes: ["A", "B", "C"] }, { codes: ["A", "B"] })).toEqual(["codes: expected 3 items, got 2", 'codes[2]: expected "C", got nothing']);
    expect(jsonDifferences([1], [1, 2])).toEqual(["expected 1 item, got 2", "[1]: not expected, got 2"]);
  });

  it("quotes keys that are not identifiers and compares whole values at the top", () => {
    expect(jsonDifferences({ "BRG-6205": 2 }, { "BRG-6205": 3 })).toEqual(['["BRG-6205"]: expected 2, got 3']);
    expect(jsonDifferences(5, null)).toEqual(["expected 5, got null"]);
    expect(jsonDifferences({ a: 1 }, [1])).toEqual(['expected {"a":1}, got [1]']);
  });

  it("shortens long values", () => {
    const [difference] = jsonDifferences({ text: "x".repeat(200) }, { text: "y" });
    expect(difference!.length).toBeLessThan(100);
    expect(difference).toContain("…");
  });
});

describe("evaluateTestCase", () => {
  it("passes a case without expectations when the run succeeded", () => {
    const result = evaluateTestCase(ok, [step("map", { a: 1 })], { expected: {} });
    expect(result).toMatchObject({ passed: true, finished: true, nodes: [], summary: "Passed: the run succeeded." });
  });

  it("fails a case without expectations when the run failed, naming the step and the reason", () => {
    const run = { status: "FAILED" as const, failedNodeId: "map", error: { class: "business", message: "input.body is undefined", line: 2 } };
    const result = evaluateTestCase(run, [step("map", null, { status: "FAILED" })], { expected: {} }, (id) => `"Collect ${id}"`);
    expect(result.passed).toBe(false);
    expect(result.summary).toBe('The run failed at "Collect map" (line 2): input.body is undefined');
  });

  it("names steps by their label, else their kind", () => {
    const nameOf = nodeNamer({ nodes: [{ id: "n1", kind: "map", label: "Collect part codes" }, { id: "n2", kind: "map" }] });
    expect([nameOf("n1"), nameOf("n2"), nameOf("gone")]).toEqual(['"Collect part codes"', '"Map"', '"gone"']);
  });

  it("passes when every expected output matches and fails with the differences when one does not", () => {
    const steps = [step("map", { lines: [{ qty: 4 }] }), step("end", { outcome: "success", status: 200, body: { ok: true } })];
    const pass = evaluateTestCase(ok, steps, { expected: { end: { outcome: "success", status: 200, body: { ok: true } } } });
    expect(pass.passed).toBe(true);
    expect(pass.summary).toBe("Passed: the run succeeded and the expected output matches.");

    const fail = evaluateTestCase(ok, steps, { expected: { map: { lines: [{ qty: 5 }] }, end: { outcome: "success", status: 200, body: { ok: true } } } });
    expect(fail.passed).toBe(false);
    expect(fail.summary).toBe("1 of 2 expected outputs differs.");
    expect(fail.nodes).toEqual([
      { nodeId: "map", passed: false, differences: ["lines[0].qty: expected 5, got 4"] },
      { nodeId: "end", passed: true, differences: [] },
    ]);
  });

  it("fails an expectation on a step that did not run, failed or was skipped", () => {
    const steps = [step("a", null, { status: "FAILED", error: { class: "business", message: "boom" } }), step("b", null, { status: "SKIPPED" })];
    const result = evaluateTestCase({ status: "FAILED" }, steps, { expected: { a: 1, b: 2, c: 3 } });
    expect(result.nodes.map((n) => n.differences[0])).toEqual(["the step failed: boom", "the step was skipped", "the step did not run"]);
  });

  it("does not pass a run that is still going, and says so", () => {
    expect(evaluateTestCase({ status: "RUNNING" }, [], { expected: {} })).toMatchObject({ passed: false, finished: false, summary: "The run did not finish." });
    expect(evaluateTestCase({ status: "WAITING" }, [], { expected: {} }).summary).toContain("still waiting");
    expect(evaluateTestCase({ status: "CANCELLED" }, [], { expected: {} })).toMatchObject({ passed: false, finished: true, summary: "The run was cancelled." });
  });

  it("lists at most MAX_DIFFERENCES differences per step and counts the rest", () => {
    const expected = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const actual = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i + 1]));
    const [node] = evaluateTestCase(ok, [step("map", actual)], { expected: { map: expected } }).nodes;
    expect(node!.differences).toHaveLength(MAX_DIFFERENCES + 1);
    expect(node!.differences.at(-1)).toBe("and 10 more differences");
  });
});

describe("lastSucceededStep", () => {
  it("picks the step that finished last among the successful ones", () => {
    const steps = [
      step("a", 1, { finishedAt: "2026-01-01T00:00:01.000Z" }),
      step("b", 2, { finishedAt: "2026-01-01T00:00:03.000Z" }),
      step("c", null, { status: "FAILED", finishedAt: "2026-01-01T00:00:04.000Z" }),
    ];
    expect(lastSucceededStep({ steps })?.nodeId).toBe("b");
    expect(lastSucceededStep({ steps: [] })).toBeNull();
  });
});
