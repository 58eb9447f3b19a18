import { describe, expect, it } from "vitest";
import type { TFlowDefinition } from "./definition.ts";
import { diffCanvas, diffDefinitions, diffValues, lineDiff } from "./diff.ts";

// The flow from the issue: a CMMS work order arrives, a map builds the reservation, a branch sends
// cheap orders straight to Odoo and expensive ones to an approval.
function partsReservation(): TFlowDefinition {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "trigger", kind: "webhook-trigger", kindVersion: 1, label: "Work order released", position: { x: 0, y: 0 }, config: { auth: "hmac", path: "work-orders" } },
      {
        id: "map",
        kind: "map",
        kindVersion: 1,
        label: "Build reservation",
        position: { x: 260, y: 0 },
        config: {
          script: [
            "const order = input.workOrder;",
            "return {",
            "  equipment: order.assetId,",
            "  lines: order.parts.map((p) => ({ sku: p.sku, qty: p.qty })),",
            "};",
          ].join("\n"),
        },
      },
      {
        id: "branch",
        kind: "branch",
        kindVersion: 1,
        position: { x: 520, y: 0 },
        config: {
          mode: "switch",
          cases: [
            { id: "cheap", label: "Under 500", expression: "input.total < 500" },
            { id: "dear", label: "500 and over", expression: "input.total >= 500" },
          ],
        },
      },
      { id: "odoo", kind: "call-odoo", kindVersion: 1, position: { x: 780, y: -80 }, config: { connection: "odoo-main", model: "stock.picking", method: "create" } },
      { id: "approve", kind: "approve", kindVersion: 1, position: { x: 780, y: 80 }, config: { assignees: ["group:purchasing"], dueInHours: 24 } },
    ],
    edges: [
      { id: "e1", source: "trigger", sourcePort: "out", target: "map", targetPort: "in" },
      { id: "e2", source: "map", sourcePort: "out", target: "branch", targetPort: "in" },
      { id: "e3", source: "branch", sourcePort: "cheap", target: "odoo", targetPort: "in" },
      { id: "e4", source: "branch", sourcePort: "dear", target: "approve", targetPort: "in" },
    ],
    notes: [{ id: "note1", position: { x: 0, y: 200 }, size: { width: 200, height: 80 }, text: "Ask purchasing about thresholds", color: "yellow" }],
    settings: { timeoutMs: 3_600_000 },
  };
}

function edit(mutate: (d: TFlowDefinition) => void): TFlowDefinition {
  const d = structuredClone(partsReservation());
  mutate(d);
  return d;
}

const node = (d: TFlowDefinition, id: string) => d.nodes.find((n) => n.id === id)!;

describe("diffDefinitions", () => {
  it("reports nothing for the same flow, whatever the key order", () => {
    const a = partsReservation();
    const b = edit((d) => {
      const n = node(d, "odoo");
      n.config = { method: "create", model: "stock.picking", connection: "odoo-main" };
    });
    const diff = diffDefinitions(a, b);
    expect(diff.summary.identical).toBe(true);
    expect(diff.nodes.changed).toEqual([]);
  });

  it("shows an edited map script as a changed node with a line diff", () => {
    const a = partsReservation();
    const b = edit((d) => {
      node(d, "map").config.script = String(node(d, "map").config.script).replace("qty: p.qty", "qty: p.qty, uom: p.unit");
    });
    const diff = diffDefinitions(a, b);
    expect(diff.nodes.changed.map((c) => c.id)).toEqual(["map"]);
    const [field] = diff.nodes.changed[0]!.fields;
    expect(field!.path).toBe("config.script");
    expect(field!.text).toMatchObject({ added: 1, removed: 1 });
    const lines = field!.text!.hunks.flatMap((h) => h.lines);
    expect(lines.filter((l) => l.type === "removed").map((l) => [l.oldLine, l.text])).toEqual([[4, "  lines: order.parts.map((p) => ({ sku: p.sku, qty: p.qty })),"]]);
    expect(lines.filter((l) => l.type === "added").map((l) => [l.newLine, l.text])).toEqual([[4, "  lines: order.parts.map((p) => ({ sku: p.sku, qty: p.qty, uom: p.unit })),"]]);
    expect(diff.summary).toMatchObject({ nodesChanged: 1, nodesAdded: 0, sameBehaviour: false });
  });

  it("reports a node added on a new branch with its edge", () => {
    const a = partsReservation();
    const b = edit((d) => {
      d.nodes.push({ id: "end", kind: "end", kindVersion: 1, label: "Respond", position: { x: 1040, y: -80 }, config: { status: 201 } });
      d.edges.push({ id: "e5", source: "odoo", sourcePort: "out", target: "end", targetPort: "in" });
    });
    const diff = diffDefinitions(a, b);
    expect(diff.nodes.added).toEqual(["end"]);
    expect(diff.edges.added.map((e) => e.id)).toEqual(["e5"]);
    expect(diff.nodes.removed).toEqual([]);
    expect(diff.edges.removed).toEqual([]);
  });

  it("reports a rewired edge as one removed and one added connection, and ignores new edge ids", () => {
    const a = partsReservation();
    const b = edit((d) => {
      // The analyst swapped the branch outputs; the editor gave the redrawn edges new ids.
      d.edges = d.edges.filter((e) => e.id !== "e3" && e.id !== "e4");
      d.edges.push({ id: "e7", source: "branch", sourcePort: "cheap", target: "approve", targetPort: "in" });
      d.edges.push({ id: "e8", source: "branch", sourcePort: "dear", target: "odoo", targetPort: "in" });
      // Deleted and redrawn with a new id, but connecting the same ports: no change.
      d.edges = d.edges.map((e) => (e.id === "e1" ? { ...e, id: "e1-redrawn" } : e));
    });
    const diff = diffDefinitions(a, b);
    expect(diff.edges.removed.map((e) => e.id).sort()).toEqual(["e3", "e4"]);
    expect(diff.edges.added.map((e) => e.id).sort()).toEqual(["e7", "e8"]);
    expect(diff.nodes.changed).toEqual([]);
  });

  it("lists a node that only moved apart from the changed ones", () => {
    const a = partsReservation();
    const b = edit((d) => {
      node(d, "approve").position = { x: 800, y: 140 };
    });
    const diff = diffDefinitions(a, b);
    expect(diff.nodes.changed).toEqual([]);
    expect(diff.nodes.moved).toEqual(["approve"]);
    expect(diff.summary).toMatchObject({ sameBehaviour: true, identical: false, nodesMoved: 1 });
  });

  it("flags a changed node that also moved", () => {
    const b = edit((d) => {
      node(d, "odoo").position = { x: 0, y: 999 };
      node(d, "odoo").label = "Reserve parts";
    });
    const [change] = diffDefinitions(partsReservation(), b).nodes.changed;
    expect(change).toMatchObject({ id: "odoo", moved: true, label: { before: undefined, after: "Reserve parts" }, fields: [] });
  });

  it("reports removed nodes and the edges that went with them", () => {
    const b = edit((d) => {
      d.nodes = d.nodes.filter((n) => n.id !== "approve");
      d.edges = d.edges.filter((e) => e.target !== "approve");
    });
    const diff = diffDefinitions(partsReservation(), b);
    expect(diff.nodes.removed).toEqual(["approve"]);
    expect(diff.edges.removed.map((e) => e.id)).toEqual(["e4"]);
  });

  it("compares switch cases by id: an edited expression, an added case and a new order", () => {
    const b = edit((d) => {
      const cases = node(d, "branch").config.cases as { id: string; label: string; expression: string }[];
      cases[1]!.expression = "input.total >= 1000";
      cases.unshift({ id: "free", label: "Free of charge", expression: "input.total === 0" });
    });
    const fields = diffDefinitions(partsReservation(), b).nodes.changed[0]!.fields;
    expect(fields.map((f) => f.path)).toEqual(["config.cases[0]", "config.cases[2].expression"]);
    expect(fields[0]).toMatchObject({ before: undefined, after: { id: "free" } });
    expect(fields[1]).toMatchObject({ before: "input.total >= 500", after: "input.total >= 1000" });

    const swapped = edit((d) => {
      (node(d, "branch").config.cases as unknown[]).reverse();
    });
    const reorder = diffDefinitions(partsReservation(), swapped).nodes.changed[0]!.fields;
    expect(reorder).toEqual([{ path: "config.cases", segments: ["config", "cases"], before: ["cheap", "dear"], after: ["dear", "cheap"], reordered: true }]);
  });

  it("reports a kind upgrade, a changed assignee list and settings", () => {
    const b = edit((d) => {
      node(d, "approve").kindVersion = 2;
      node(d, "approve").config.assignees = ["group:purchasing", "user:plant-manager"];
      d.settings = { timeoutMs: 7_200_000, concurrency: 4 };
    });
    const diff = diffDefinitions(partsReservation(), b);
    const change = diff.nodes.changed[0]!;
    expect(change.kindVersion).toEqual({ before: 1, after: 2 });
    expect(change.fields).toEqual([{ path: "config.assignees", segments: ["config", "assignees"], before: ["group:purchasing"], after: ["group:purchasing", "user:plant-manager"] }]);
    expect(diff.settings).toEqual([
      { path: "timeoutMs", segments: ["timeoutMs"], before: 3_600_000, after: 7_200_000 },
      { path: "concurrency", segments: ["concurrency"], before: undefined, after: 4 },
    ]);
  });

  it("reports sticky-note edits without touching node counts", () => {
    const b = edit((d) => {
      d.notes[0]!.text = "Purchasing agreed: 500 EUR";
      d.notes.push({ id: "note2", position: { x: 0, y: 400 }, size: { width: 200, height: 80 }, text: "v2", color: "blue" });
    });
    const diff = diffDefinitions(partsReservation(), b);
    expect(diff.notes.added).toEqual(["note2"]);
    expect(diff.notes.changed.map((c) => c.fields.map((f) => f.path))).toEqual([["text"]]);
    expect(diff.summary).toMatchObject({ notesChanged: 2, sameBehaviour: true, identical: false });
  });
});

describe("diffValues", () => {
  it("aligns rows of a lookup table, so one inserted row is one addition", () => {
    const rows = [
      { from: "PUMP-01", to: "EQ/0001" },
      { from: "PUMP-02", to: "EQ/0002" },
      { from: "PUMP-03", to: "EQ/0003" },
    ];
    const after = [rows[0], { from: "PUMP-01B", to: "EQ/0009" }, rows[1], { ...rows[2], to: "EQ/0033" }];
    expect(diffValues(["config", "rows"], rows, after).map(({ segments: _, ...rest }) => rest)).toEqual([
      { path: "config.rows[1]", before: undefined, after: { from: "PUMP-01B", to: "EQ/0009" } },
      { path: "config.rows[3].to", before: "EQ/0003", after: "EQ/0033" },
    ]);
  });

  it("quotes keys that are not identifiers", () => {
    expect(diffValues(["config", "headers"], { "X-Api-Key": "a" }, { "X-Api-Key": "b" })[0]!.path).toBe('config.headers["X-Api-Key"]');
  });
});

describe("lineDiff", () => {
  it("keeps three lines of context and splits distant changes into hunks", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n");
    const after = before.replace("line 2\n", "line two\n").replace("line 18", "line eighteen");
    const diff = lineDiff(before, after);
    expect(diff.hunks).toHaveLength(2);
    expect(diff.hunks[0]).toMatchObject({ oldStart: 1, newStart: 1 });
    expect(diff.hunks[0]!.lines.map((l) => l.type)).toEqual(["context", "removed", "added", "context", "context", "context"]);
    expect(diff.hunks[1]!.oldStart).toBe(15);
  });

  it("treats a missing final newline as no change", () => {
    expect(lineDiff("a\nb", "a\nb\n").hunks).toEqual([]);
  });

  it("shows a script written from nothing as all added", () => {
    const diff = lineDiff("", "return 1;\n");
    expect(diff).toMatchObject({ added: 1, removed: 0 });
  });
});

describe("diffCanvas", () => {
  it("draws the new flow with removed nodes and edges ghosted from the old one", () => {
    const a = partsReservation();
    const b = edit((d) => {
      d.nodes = d.nodes.filter((n) => n.id !== "approve");
      d.edges = d.edges.filter((e) => e.target !== "approve");
      d.nodes.push({ id: "end", kind: "end", kindVersion: 1, position: { x: 1040, y: 0 }, config: {} });
      // The new edge reuses the id of the removed one.
      d.edges.push({ id: "e4", source: "odoo", sourcePort: "out", target: "end", targetPort: "in" });
      node(d, "map").config.script = "return input;";
    });
    const canvas = diffCanvas(a, b);
    expect(canvas.decorations).toEqual({ approve: "removed", end: "added", map: "changed" });
    expect(canvas.definition.nodes.map((n) => n.id)).toContain("approve");
    const ghost = canvas.definition.edges.find((e) => e.target === "approve")!;
    expect(ghost.id).not.toBe("e4");
    expect(canvas.edgeDecorations).toEqual({ e4: "added", [ghost.id]: "removed" });
  });
});
