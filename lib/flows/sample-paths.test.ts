import { describe, expect, it } from "vitest";
import { flattenSampleTree, joinPath, previewValue, samplePaths, sampleTree, templateExpression } from "./sample-paths.ts";

const workOrder = {
  workOrder: {
    id: "WO-1042",
    priority: 2,
    urgent: true,
    closedAt: null,
    parts: [
      { sku: "PUMP-12", qty: 1 },
      { sku: "SEAL-3", qty: 4 },
    ],
    "unit price": 12.5,
  },
};

describe("sample paths", () => {
  it("lists the paths an analyst can insert, with types and example values", () => {
    const paths = samplePaths(workOrder);
    const byPath = new Map(paths.map((p) => [p.path, p]));
    expect([...byPath.keys()]).toEqual([
      "input.workOrder",
      "input.workOrder.id",
      "input.workOrder.priority",
      "input.workOrder.urgent",
      "input.workOrder.closedAt",
      "input.workOrder.parts",
      "input.workOrder.parts[0]",
      "input.workOrder.parts[0].sku",
      "input.workOrder.parts[0].qty",
      'input.workOrder["unit price"]',
    ]);
    expect(byPath.get("input.workOrder.id")).toMatchObject({ type: "string", example: '"WO-1042"', key: "id" });
    expect(byPath.get("input.workOrder.priority")).toMatchObject({ type: "number", example: "2" });
    expect(byPath.get("input.workOrder.urgent")).toMatchObject({ type: "boolean", example: "true" });
    expect(byPath.get("input.workOrder.closedAt")).toMatchObject({ type: "null", example: "null" });
    // Arrays show their first item as the representative and say how many more there are.
    expect(byPath.get("input.workOrder.parts")).toMatchObject({ type: "array", example: "[2 items]", omitted: 1 });
    expect(byPath.get("input.workOrder.parts[0]")).toMatchObject({ type: "object", key: "[0]", example: "{2 keys}" });
  });

  it("builds a tree whose top level is the sample's own keys", () => {
    const tree = sampleTree(workOrder);
    expect(tree).toHaveLength(1);
    expect(tree[0]?.key).toBe("workOrder");
    expect(tree[0]?.children?.map((c) => c.key)).toContain("parts");
    expect(flattenSampleTree(tree)).toEqual(samplePaths(workOrder));
  });

  it("uses another root variable when asked", () => {
    expect(samplePaths({ a: 1 }, { root: "payload" }).map((p) => p.path)).toEqual(["payload.a"]);
  });

  it("handles scalar, empty and missing samples", () => {
    expect(samplePaths(undefined)).toEqual([]);
    expect(samplePaths({})).toEqual([]);
    expect(samplePaths([])).toEqual([]);
    expect(samplePaths(42)).toEqual([expect.objectContaining({ path: "input", type: "number" })]);
    expect(samplePaths([{ id: 1 }]).map((p) => p.path)).toEqual(["input[0]", "input[0].id"]);
  });

  it("stays bounded on huge and deep samples", () => {
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const widePaths = samplePaths(wide, { maxKeys: 50 });
    expect(widePaths).toHaveLength(50);
    expect(sampleTree({ wide }, { maxKeys: 50 })[0]?.omitted).toBe(4950);

    let deep: unknown = "leaf";
    for (let i = 0; i < 100; i++) deep = { next: deep };
    const deepPaths = samplePaths(deep, { maxDepth: 4 });
    expect(deepPaths.map((p) => p.path)).toEqual(["input.next", "input.next.next", "input.next.next.next", "input.next.next.next.next"]);

    const many = Array.from({ length: 300 }, (_, i) => [`group${i}`, { a: 1, b: 2, c: 3 }]);
    expect(samplePaths(Object.fromEntries(many), { maxNodes: 100 }).length).toBeLessThanOrEqual(100);
  });

  it("quotes keys that are not identifiers and truncates long examples", () => {
    expect(joinPath("input", ["a-b", 0, "ok", "$x"])).toBe('input["a-b"][0].ok.$x');
    expect(previewValue("x".repeat(100), 10)).toBe(`"${"x".repeat(9)}…"`);
    expect(templateExpression("input.a")).toBe("{{ input.a }}");
  });
});
