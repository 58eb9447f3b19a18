// A run on the canvas: each step carries its state (or "not reached"), the path the run took is
// highlighted and the rest dimmed, and a poll with unchanged states re-renders nothing.
import { describe, expect, it } from "vitest";
import { emptyDefinition, type TFlowDefinition } from "../../lib/flows/definition.ts";
import { CanvasDeriver, edgeRunState, type StepRfNode } from "./derive.ts";
import type { NodeRunState, RunStates } from "./run-state.ts";

// webhook -> branch (true -> map, false -> end)
const definition: TFlowDefinition = {
  ...emptyDefinition(),
  nodes: [
    { id: "hook", kind: "webhook-trigger", kindVersion: 1, label: "Order in", position: { x: 0, y: 0 }, config: {} },
    { id: "big", kind: "branch", kindVersion: 1, label: "Big order?", position: { x: 300, y: 0 }, config: { mode: "if", condition: "input.amount > 1000" } },
    { id: "shape", kind: "map", kindVersion: 1, label: "Shape", position: { x: 600, y: -100 }, config: { script: "return input;" } },
    { id: "done", kind: "end", kindVersion: 1, label: "Done", position: { x: 600, y: 100 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "hook", sourcePort: "out", target: "big", targetPort: "in" },
    { id: "e2", source: "big", sourcePort: "true", target: "shape", targetPort: "in" },
    { id: "e3", source: "big", sourcePort: "false", target: "done", targetPort: "in" },
  ],
};

function state(status: NodeRunState["status"], extra: Partial<NodeRunState> = {}): NodeRunState {
  return { status, attempt: 1, maxAttempts: 1, durationMs: 12, error: null, port: null, ...extra };
}

function failedRun(): RunStates {
  return {
    hook: state("SUCCEEDED", { port: "out" }),
    big: state("SUCCEEDED", { port: "true" }),
    shape: state("FAILED", { attempt: 3, maxAttempts: 3, error: "input.order is undefined" }),
  };
}

const step = (nodes: ReturnType<CanvasDeriver["nodes"]>, id: string) => nodes.find((n) => n.id === id) as StepRfNode;

describe("a run on the canvas", () => {
  it("without a run, nodes and edges carry no run state", () => {
    const deriver = new CanvasDeriver();
    const nodes = deriver.nodes({ definition });
    expect(nodes.every((n) => !("runState" in n.data))).toBe(true);
    expect(deriver.edges({ definition }).every((e) => e.data?.run === undefined)).toBe(true);
  });

  it("gives each step its state, marks unreached steps and names the status for screen readers", () => {
    const nodes = new CanvasDeriver().nodes({ definition, runStates: failedRun() });
    expect(step(nodes, "shape").data.runState).toMatchObject({ status: "FAILED", attempt: 3, error: "input.order is undefined" });
    expect(step(nodes, "done").data.runState).toBeNull();
    expect(step(nodes, "shape").ariaLabel).toBe("Shape (Map), failed");
    expect(step(nodes, "done").ariaLabel).toBe("Done (End), not reached");
  });

  it("highlights the edges the run took and dims the others", () => {
    const edges = new CanvasDeriver().edges({ definition, runStates: failedRun() });
    const run = Object.fromEntries(edges.map((e) => [e.id, e.data?.run]));
    expect(run).toEqual({ e1: "taken", e2: "taken", e3: "untaken" });
    const colours = Object.fromEntries(edges.map((e) => [e.id, (e.markerEnd as { color: string }).color]));
    expect(colours.e2).not.toBe(colours.e3);
  });

  it("does not count an edge as taken while its source is still running, or after it failed", () => {
    const edge = { source: "big", sourcePort: "true", target: "shape" };
    expect(edgeRunState(edge, { big: state("RUNNING") })).toBe("untaken");
    expect(edgeRunState(edge, { big: state("FAILED", { error: "boom" }) })).toBe("untaken");
    // A succeeded step that recorded no port: the edges to the steps that ran.
    expect(edgeRunState(edge, { big: state("SUCCEEDED"), shape: state("RUNNING") })).toBe("taken");
    expect(edgeRunState({ ...edge, target: "done" }, { big: state("SUCCEEDED"), shape: state("RUNNING") })).toBe("untaken");
  });

  it("keeps the same node objects when a poll brings equal states, and renews only the one that changed", () => {
    const deriver = new CanvasDeriver();
    const first = deriver.nodes({ definition, runStates: failedRun() });
    const again = deriver.nodes({ definition, runStates: failedRun() });
    expect(again.map((n) => n === first.find((f) => f.id === n.id))).toEqual([true, true, true, true]);
    const edges = deriver.edges({ definition, runStates: failedRun() });
    expect(deriver.edges({ definition, runStates: failedRun() })).toBe(edges);

    const replayed = { ...failedRun(), shape: state("SUCCEEDED", { port: "out" }), done: state("RUNNING") };
    const after = deriver.nodes({ definition, runStates: replayed });
    expect(step(after, "hook")).toBe(step(first, "hook"));
    expect(step(after, "shape")).not.toBe(step(first, "shape"));
    expect(step(after, "shape").data.runState?.status).toBe("SUCCEEDED");
    expect(step(after, "done").data.runState?.status).toBe("RUNNING");
  });

  it("keeps diff decorations working beside run states", () => {
    const deriver = new CanvasDeriver();
    const nodes = deriver.nodes({ definition, decorations: { shape: "changed" }, runStates: failedRun() });
    expect(step(nodes, "shape").data).toMatchObject({ decoration: "changed", runState: { status: "FAILED" } });
    const edges = deriver.edges({ definition, edgeDecorations: { e3: "added" } });
    expect(edges.find((e) => e.id === "e3")?.data).toEqual({ decoration: "added" });
  });
});
