import { describe, expect, it } from "vitest";
import { emptyDefinition, type TFlowDefinition } from "../../lib/flows/definition.ts";
import { newNode } from "../../lib/flows/validate.ts";
import type { NodeKind } from "../../nodes/registry.ts";
import {
  addEdge, autoLayout, connectionCandidates, connectionProblem, copyFragment, firstFreeOutput, fragmentText, parseFragment,
  pasteFragment, removeElements, updateNode,
} from "./graph.ts";

function flow(...kinds: NodeKind[]): TFlowDefinition {
  const definition = emptyDefinition();
  const ids = new Set<string>();
  kinds.forEach((kind, i) => {
    const node = newNode(kind, { x: i * 300, y: 0 }, ids);
    ids.add(node.id);
    definition.nodes.push(node);
  });
  return definition;
}

function connect(definition: TFlowDefinition, source: string, target: string, sourcePort = "out"): TFlowDefinition {
  const result = addEdge(definition, { source, sourcePort, target, targetPort: "in" });
  if (!result) throw new Error(`cannot connect ${source} -> ${target}`);
  return result.definition;
}

describe("connection rules", () => {
  const base = connect(connect(flow("webhook-trigger", "map", "branch", "end"), "n1", "n2"), "n2", "n3");

  it("refuses a step connected to itself, into a trigger, or from an output it does not have", () => {
    expect(connectionProblem(base, { source: "n2", sourcePort: "out", target: "n2", targetPort: "in" })).toMatch(/itself/);
    expect(connectionProblem(base, { source: "n2", sourcePort: "out", target: "n1", targetPort: "in" })).toMatch(/trigger/);
    expect(connectionProblem(base, { source: "n3", sourcePort: "maybe", target: "n4", targetPort: "in" })).toMatch(/output/);
  });

  it("refuses a loop and a second identical connection", () => {
    expect(connectionProblem(base, { source: "n3", sourcePort: "true", target: "n2", targetPort: "in" })).toMatch(/loop/);
    expect(connectionProblem(base, { source: "n1", sourcePort: "out", target: "n2", targetPort: "in" })).toMatch(/already/);
  });

  it("accepts a branch output into a step that follows", () => {
    expect(connectionProblem(base, { source: "n3", sourcePort: "true", target: "n4", targetPort: "in" })).toBeNull();
  });

  it("offers the branch's free outputs first in Connect to…", () => {
    const withTrue = connect(base, "n3", "n4", "true");
    expect(firstFreeOutput(withTrue, "n3")?.id).toBe("false");
    const candidates = connectionCandidates(withTrue, "n3");
    expect(candidates[0]).toMatchObject({ sourcePort: "false", target: "n4" });
    expect(candidates.some((c) => c.target === "n2" || c.target === "n1" || c.target === "n3")).toBe(false);
  });
});

describe("editing", () => {
  it("deleting a step removes its connections", () => {
    const definition = connect(connect(flow("webhook-trigger", "map", "end"), "n1", "n2"), "n2", "n3");
    const next = removeElements(definition, { nodeIds: ["n2"] });
    expect(next.nodes.map((n) => n.id)).toEqual(["n1", "n3"]);
    expect(next.edges).toEqual([]);
  });

  it("removing a switch case drops the connection that left from it", () => {
    let definition = flow("webhook-trigger", "branch", "end", "end");
    definition = updateNode(definition, "n2", {
      config: { mode: "switch", expression: "input.kind", cases: [{ id: "a", label: "A", value: "a" }, { id: "b", label: "B", value: "b" }] },
    });
    definition = connect(connect(definition, "n2", "n3", "a"), "n2", "n4", "b");
    const next = updateNode(definition, "n2", { config: { mode: "switch", expression: "input.kind", cases: [{ id: "a", label: "A", value: "a" }] } });
    expect(next.edges.map((e) => e.sourcePort)).toEqual(["a"]);
  });

  it("auto-layout puts each step to the right of the one before it", () => {
    const definition = connect(connect(flow("webhook-trigger", "map", "end"), "n1", "n2"), "n2", "n3");
    const stacked = { ...definition, nodes: definition.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) };
    const laid = autoLayout(stacked);
    const [a, b, c] = laid.nodes.map((n) => n.position.x);
    expect(a! < b! && b! < c!).toBe(true);
  });
});

describe("clipboard", () => {
  const definition = connect(connect(flow("webhook-trigger", "map", "end"), "n1", "n2"), "n2", "n3");

  it("copies steps with the connections between them, and pastes them with fresh ids", () => {
    const fragment = copyFragment(definition, new Set(["n2", "n3"]), new Set())!;
    expect(fragment.edges).toHaveLength(1); // n1 -> n2 stays behind: n1 was not copied
    const text = fragmentText(fragment);
    const pasted = pasteFragment(definition, parseFragment(text)!, { x: 40, y: 40 });
    expect(pasted.nodeIds).toEqual(["n4", "n5"]);
    expect(pasted.definition.nodes).toHaveLength(5);
    const copy = pasted.definition.edges.at(-1)!;
    expect([copy.source, copy.target]).toEqual(["n4", "n5"]);
    expect(pasted.definition.nodes.find((n) => n.id === "n4")!.position).toEqual({ x: 340, y: 40 });
  });

  it("pastes into another flow, but never a second trigger", () => {
    const fragment = parseFragment(fragmentText(copyFragment(definition, new Set(["n1", "n2"]), new Set())!))!;
    const other = flow("schedule-trigger");
    const pasted = pasteFragment(other, fragment, { x: 0, y: 0 });
    expect(pasted.skippedTrigger).toBe(true);
    expect(pasted.definition.nodes.map((n) => n.kind)).toEqual(["schedule-trigger", "map"]);
    expect(pasted.definition.edges).toEqual([]);
  });

  it("ignores clipboard text that is not Millwright steps", () => {
    expect(parseFragment("hello")).toBeNull();
    expect(parseFragment('{"format":"millwright/flow-fragment","nodes":[{"id":"bad id!"}]}')).toBeNull();
    expect(parseFragment(JSON.stringify({ nodes: [] }))).toBeNull();
  });

  it("accepts a whole exported flow file", () => {
    const fragment = parseFragment(JSON.stringify({ definition }));
    expect(fragment?.nodes).toHaveLength(3);
  });
});

describe("auto-layout of a branch", () => {
  it("puts True above False, each with the steps after it", () => {
    let definition = flow("webhook-trigger", "branch", "call-odoo", "approve", "end");
    definition = connect(definition, "n1", "n2");
    definition = connect(definition, "n2", "n3", "true");
    definition = connect(definition, "n2", "n4", "false");
    definition = connect(definition, "n4", "n5", "approved");
    const y = (id: string) => autoLayout(definition).nodes.find((n) => n.id === id)!.position.y;
    expect(y("n3")).toBeLessThan(y("n4"));
    expect(Math.abs(y("n5") - y("n4"))).toBeLessThan(200);
  });
});
