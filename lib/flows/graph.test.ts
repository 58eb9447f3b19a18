import { describe, expect, it } from "vitest";
import { adjacencyOf, findCycles, reachableFrom } from "./graph.ts";

const graph = (ids: string[], links: [string, string][]) => adjacencyOf(ids, links.map(([source, target]) => ({ source, target })));

describe("graph helpers", () => {
  it("ignores edges whose ends are not nodes", () => {
    expect(graph(["a", "b"], [["a", "b"], ["a", "x"], ["x", "b"]])).toEqual(new Map([["a", ["b"]], ["b", []]]));
  });

  it("finds what the trigger reaches, through merges and branches", () => {
    const adjacency = graph(["t", "a", "b", "c", "lonely"], [["t", "a"], ["t", "b"], ["a", "c"], ["b", "c"]]);
    expect([...reachableFrom("t", adjacency)].sort()).toEqual(["a", "b", "c", "t"]);
  });

  it.each<[string, string[], [string, string][], string[][]]>([
    ["a chain", ["a", "b", "c"], [["a", "b"], ["b", "c"]], []],
    ["a diamond", ["a", "b", "c", "d"], [["a", "b"], ["a", "c"], ["b", "d"], ["c", "d"]], []],
    ["a loop back", ["a", "b", "c"], [["a", "b"], ["b", "c"], ["c", "b"]], [["b", "c"]]],
    ["a self loop", ["a", "b"], [["a", "b"], ["b", "b"]], [["b"]]],
    ["two loops", ["a", "b", "c", "d", "e"], [["a", "b"], ["b", "a"], ["c", "d"], ["d", "e"], ["e", "c"]], [["a", "b"], ["c", "d", "e"]]],
  ])("finds loops in %s", (_name, ids, links, cycles) => {
    expect(findCycles(graph(ids, links))).toEqual(cycles);
  });

  it("handles a 2000-step chain without running out of stack", () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `n${i}`);
    const links = ids.slice(1).map((id, i) => [ids[i] as string, id] as [string, string]);
    expect(findCycles(graph(ids, [...links, ["n1999", "n0"]]))[0]).toHaveLength(2000);
  });
});
