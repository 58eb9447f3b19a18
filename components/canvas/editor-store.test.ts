import { describe, expect, it } from "vitest";
import { emptyDefinition, type TFlowDefinition } from "../../lib/flows/definition.ts";
import { newNode } from "../../lib/flows/validate.ts";
import { createEditorStore, HISTORY_LIMIT, saveStatusOf } from "./editor-store.ts";
import { setPositions } from "./graph.ts";

function withNode(definition: TFlowDefinition, x = 0): TFlowDefinition {
  const node = newNode("map", { x, y: 0 }, definition.nodes.map((n) => n.id));
  return { ...definition, nodes: [...definition.nodes, node] };
}

function store(readOnly = false) {
  return createEditorStore({ flowId: "f", definition: emptyDefinition(), revision: 1, readOnly, connectionNames: [] });
}

describe("editor history", () => {
  it("undoes and redoes whole definitions", () => {
    const s = store();
    s.getState().commit(withNode(s.getState().definition));
    s.getState().commit(withNode(s.getState().definition, 300));
    expect(s.getState().definition.nodes).toHaveLength(2);
    s.getState().undo();
    expect(s.getState().definition.nodes).toHaveLength(1);
    s.getState().redo();
    expect(s.getState().definition.nodes).toHaveLength(2);
  });

  it("a drag is one undo step, however many frames it had", () => {
    const s = store();
    s.getState().commit(withNode(s.getState().definition));
    s.getState().beginGesture();
    for (let x = 1; x <= 60; x++) s.getState().gestureFrame(setPositions(s.getState().definition, new Map([["n1", { x, y: 0 }]]), new Map()));
    s.getState().endGesture({ layoutOnly: true });
    expect(s.getState().definition.nodes[0]!.position.x).toBe(60);
    s.getState().undo();
    expect(s.getState().definition.nodes[0]!.position.x).toBe(0);
  });

  it("typing in one field is one undo step", () => {
    const s = store();
    s.getState().commit(withNode(s.getState().definition));
    for (const label of ["O", "Or", "Ord", "Order"]) {
      const d = s.getState().definition;
      s.getState().commit({ ...d, nodes: d.nodes.map((n) => ({ ...n, label })) }, { coalesce: "node:n1:label" });
    }
    s.getState().undo();
    expect(s.getState().definition.nodes[0]!.label).toBe("Map");
  });

  it("keeps at most the last hundred steps", () => {
    const s = store();
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) s.getState().commit(withNode(s.getState().definition, i * 10));
    expect(s.getState().past).toHaveLength(HISTORY_LIMIT);
  });

  it("reloading their version clears the history and counts as saved", () => {
    const s = store();
    s.getState().commit(withNode(s.getState().definition));
    s.getState().saveConflicted({ revision: 7, definition: emptyDefinition(), editorName: "Ada", updatedAt: new Date().toISOString() });
    expect(saveStatusOf(s.getState())).toBe("conflict");
    s.getState().replaceDefinition(emptyDefinition(), 7);
    expect(s.getState().past).toHaveLength(0);
    expect(s.getState().revision).toBe(7);
    expect(saveStatusOf(s.getState())).toBe("saved");
  });

  it("a read-only editor takes no changes", () => {
    const s = store(true);
    s.getState().commit(withNode(s.getState().definition));
    expect(s.getState().definition.nodes).toHaveLength(0);
  });
});
