import { describe, expect, it } from "vitest";
import { newNode, validateFlow } from "./validate.ts";
import type { TFlowDefinition } from "./definition.ts";

// Nothing that cannot even be parsed gets published: script syntax errors are config errors on
// the right field, with the analyst's own line numbers.
function flowWith(script: string, condition: string): TFlowDefinition {
  const trigger = newNode("manual-trigger", { x: 0, y: 0 }, new Set());
  const map = { ...newNode("map", { x: 200, y: 0 }, new Set([trigger.id])), config: { script } };
  const branch = { ...newNode("branch", { x: 400, y: 0 }, new Set([trigger.id, map.id])), config: { mode: "if", condition } };
  const end = newNode("end", { x: 600, y: 0 }, new Set([trigger.id, map.id, branch.id]));
  return {
    schemaVersion: 1, notes: [], settings: {},
    nodes: [trigger, map, branch, end],
    edges: [
      { id: "e1", source: trigger.id, sourcePort: "out", target: map.id, targetPort: "in" },
      { id: "e2", source: map.id, sourcePort: "out", target: branch.id, targetPort: "in" },
      { id: "e3", source: branch.id, sourcePort: "true", target: end.id, targetPort: "in" },
    ],
  };
}

describe("validateFlow: script syntax", () => {
  it("passes valid scripts and conditions", () => {
    const { issues } = validateFlow(flowWith("return { qty: input.qty * 2 };", "input.qty > 10"));
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("reports a script syntax error on the script field with its line", () => {
    const { issues, definition } = validateFlow(flowWith("const a = 1;\nreturn { a: };", "input.qty > 10"));
    expect(definition).toBeNull();
    const issue = issues.find((i) => i.code === "config-invalid" && i.path?.[0] === "script");
    expect(issue?.message).toMatch(/Line 2, column \d+: Unexpected token/);
  });

  it("reports a broken condition on the condition field", () => {
    const { issues } = validateFlow(flowWith("return input;", "input.qty >"));
    expect(issues.find((i) => i.path?.[0] === "condition")?.message).toMatch(/Line 1/);
  });
});
