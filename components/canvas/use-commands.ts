"use client";

// Every editing command in one place, shared by the keyboard shortcuts, the toolbar, the palette,
// the side panel and the menus, so each does the same thing whichever way it is invoked.
import { useReactFlow } from "@xyflow/react";
import { useMemo, useRef, type RefObject } from "react";
import type { TFlowDefinition, TStickyNote } from "../../lib/flows/definition.ts";
import { newNode } from "../../lib/flows/validate.ts";
import { getNodeDefinition, type NodeKind } from "../../nodes/registry.ts";
import { useToast } from "../ui/toast.tsx";
import { isNoteRfId, noteIdOf, noteRfId, type EditorStore } from "./editor-store.ts";
import {
  addEdge, autoLayout, nodeRect as nodeRectOf, copyFragment, fragmentBounds, fragmentText, freeSpot, freshId, firstFreeOutput, parseFragment,
  pasteFragment, removeElements, setPositions, snap, spotAfter, takenIds, updateNote, type ConnectionRequest, type XY,
} from "./graph.ts";
import { geometryOf, inputPortsOf, isTrigger, nodeGeometry } from "./ports.ts";

/** Copied steps when the system clipboard is out of reach (no permission, old browser). */
let memoryClipboard: string | null = null;

export type EditorCommands = ReturnType<typeof useCommands>;

export function useCommands(store: EditorStore, canvasRef: RefObject<HTMLDivElement | null>) {
  const rf = useReactFlow();
  const toast = useToast();
  // Repeated pastes of the same steps cascade instead of piling up on one spot.
  const pasteRef = useRef<{ count: number; last: string | null }>({ count: 0, last: null });

  return useMemo(() => {
    const get = store.getState;

    function viewportCentre(): XY {
      const rect = canvasRef.current?.getBoundingClientRect();
      if (!rect) return { x: 0, y: 0 };
      return rf.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
    }

    function visibleFlowRect() {
      const rect = canvasRef.current?.getBoundingClientRect();
      if (!rect) return null;
      const a = rf.screenToFlowPosition({ x: rect.left, y: rect.top });
      const b = rf.screenToFlowPosition({ x: rect.right, y: rect.bottom });
      return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y };
    }

    /**
     * Brings a new step into view: zoom out to show the whole flow while it stays readable
     * (n8n-like), else pan to the step.
     */
    function reveal(rect: { x: number; y: number; width: number; height: number }, from?: { x: number; y: number; width: number; height: number }) {
      const view = visibleFlowRect();
      const canvas = canvasRef.current?.getBoundingClientRect();
      if (!view || !canvas) return;
      const inside = rect.x >= view.x && rect.y >= view.y && rect.x + rect.width <= view.x + view.width && rect.y + rect.height <= view.y + view.height;
      if (inside) return;
      const rects = get().definition.nodes.map(nodeRectOf);
      const minX = Math.min(rect.x, ...rects.map((r) => r.x));
      const minY = Math.min(rect.y, ...rects.map((r) => r.y));
      const maxX = Math.max(rect.x + rect.width, ...rects.map((r) => r.x + r.width));
      const maxY = Math.max(rect.y + rect.height, ...rects.map((r) => r.y + r.height));
      const fitZoom = Math.min(canvas.width / ((maxX - minX) * 1.15), canvas.height / ((maxY - minY) * 1.15));
      // The whole flow while it stays readable; else the new step beside the one it follows.
      if (fitZoom >= 0.55) {
        void rf.fitView({ padding: 0.08, maxZoom: Math.max(rf.getZoom(), 0.55), duration: 250 });
        return;
      }
      const zoom = rf.getZoom();
      const pair = from ? { x: Math.min(from.x, rect.x), right: Math.max(from.x + from.width, rect.x + rect.width), y: Math.min(from.y, rect.y), bottom: Math.max(from.y + from.height, rect.y + rect.height) } : null;
      const centre = pair && (pair.right - pair.x) * zoom < canvas.width * 0.9
        ? { x: (pair.x + pair.right) / 2, y: (pair.y + pair.bottom) / 2 }
        : { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      void rf.setCenter(centre.x, centre.y, { zoom, duration: 250 });
    }

    function selectedParts() {
      const { selectedNodes, selectedEdges } = get();
      const nodeIds = new Set<string>();
      const noteIds = new Set<string>();
      for (const id of selectedNodes) {
        if (isNoteRfId(id)) noteIds.add(noteIdOf(id));
        else nodeIds.add(id);
      }
      return { nodeIds, noteIds, edgeIds: new Set(selectedEdges) };
    }

    function triggerBlocked(kind: string): string | null {
      const definition = getNodeDefinition(kind);
      if (definition?.trigger && get().definition.nodes.some(isTrigger)) {
        return "A flow has exactly one trigger. Delete the current trigger to choose another one.";
      }
      return null;
    }

    /**
     * Adds a step. Without a drop position it goes to the right of the selected step, connected
     * from that step's first free output (n8n's "+"), or to the middle of the view.
     */
    function addNode(kind: string, options: { position?: XY; connect?: boolean } = {}): string | null {
      const state = get();
      if (state.readOnly) return null;
      const definition = getNodeDefinition(kind);
      if (!definition) return null;
      const blocked = triggerBlocked(kind);
      if (blocked) {
        toast(blocked, "error");
        return null;
      }
      const current = state.definition;
      const size = geometryOf(definition.inputs, [{ id: "out", label: "out" }]);
      let source = null;
      let port = null;
      if (!options.position && options.connect !== false && definition.inputs.length > 0) {
        const { nodeIds } = selectedParts();
        if (nodeIds.size === 1) {
          const [id] = nodeIds;
          source = current.nodes.find((n) => n.id === id) ?? null;
          port = source ? firstFreeOutput(current, source.id) : null;
        }
      }
      let position: XY;
      if (options.position) position = { x: snap(options.position.x - size.width / 2), y: snap(options.position.y - 29) };
      else if (source && port) position = spotAfter(current, source, port.id, size);
      else {
        const centre = viewportCentre();
        position = freeSpot(current, { x: centre.x - size.width / 2, y: centre.y - size.height / 2 }, size);
      }
      const node = newNode(kind as NodeKind, position, takenIds(current));
      let next: TFlowDefinition = { ...current, nodes: [...current.nodes, node] };
      if (source && port) {
        const targetPort = inputPortsOf(node)[0]?.id ?? "in";
        next = addEdge(next, { source: source.id, sourcePort: port.id, target: node.id, targetPort })?.definition ?? next;
      }
      state.commit(next);
      state.select([node.id]);
      const geometry = nodeGeometry(node);
      const sourceRect = source ? nodeRectOf(source) : undefined;
      // A dropped step is where the analyst put it; an added one may need bringing into view.
      if (!options.position) requestAnimationFrame(() => reveal({ ...node.position, width: geometry.width, height: geometry.height }, sourceRect));
      return node.id;
    }

    function connect(request: ConnectionRequest): boolean {
      const state = get();
      const result = addEdge(state.definition, request);
      if (!result) return false;
      state.commit(result.definition);
      return true;
    }

    function deleteSelection(): number {
      const state = get();
      if (state.readOnly) return 0;
      const { nodeIds, noteIds, edgeIds } = selectedParts();
      const count = nodeIds.size + noteIds.size + edgeIds.size;
      if (count === 0) return 0;
      state.commit(removeElements(state.definition, { nodeIds, noteIds, edgeIds }));
      state.select([], []);
      return count;
    }

    function deleteEdge(edgeId: string) {
      const state = get();
      state.commit(removeElements(state.definition, { edgeIds: [edgeId] }));
    }

    function copyText(): string | null {
      const { nodeIds, noteIds } = selectedParts();
      const fragment = copyFragment(get().definition, nodeIds, noteIds);
      if (!fragment) return null;
      const text = fragmentText(fragment);
      memoryClipboard = text;
      return text;
    }


    function paste(text: string | null | undefined): boolean {
      const state = get();
      if (state.readOnly) return false;
      const source = text && text.trim() ? text : memoryClipboard;
      const fragment = source ? parseFragment(source) : null;
      if (!fragment || fragment.nodes.length + fragment.notes.length === 0) {
        toast("Nothing to paste: the clipboard does not hold Millwright steps (copy some with Ctrl+C first).", "error");
        return false;
      }
      const bounds = fragmentBounds(fragment)!;
      const view = visibleFlowRect();
      const cascade = pasteRef.current;
      cascade.count = source === cascade.last ? cascade.count + 1 : 1;
      cascade.last = source ?? null;
      // Same place + a cascade when the originals are in view (paste in the same flow), otherwise
      // the middle of the view (paste into another flow).
      const inView = view && bounds.x >= view.x && bounds.y >= view.y && bounds.x + bounds.width <= view.x + view.width && bounds.y + bounds.height <= view.y + view.height;
      let delta: XY;
      if (inView) delta = { x: 40 * cascade.count, y: 40 * cascade.count };
      else {
        const centre = viewportCentre();
        delta = { x: snap(centre.x - bounds.width / 2 - bounds.x), y: snap(centre.y - bounds.height / 2 - bounds.y) };
      }
      const result = pasteFragment(state.definition, fragment, delta);
      if (result.nodeIds.length + result.noteIds.length === 0) {
        toast("Nothing pasted: a flow has exactly one trigger, and this one already has it.", "error");
        return false;
      }
      state.commit(result.definition);
      state.select([...result.nodeIds, ...result.noteIds.map(noteRfId)]);
      if (result.skippedTrigger) toast("The trigger was left out: a flow has exactly one, and this one already has it.");
      return true;
    }

    function duplicate(): boolean {
      const state = get();
      if (state.readOnly) return false;
      const { nodeIds, noteIds } = selectedParts();
      const fragment = copyFragment(state.definition, nodeIds, noteIds);
      if (!fragment) return false;
      const result = pasteFragment(state.definition, fragment, { x: 40, y: 40 });
      if (result.nodeIds.length + result.noteIds.length === 0) {
        toast("A flow has exactly one trigger: it cannot be duplicated.", "error");
        return false;
      }
      state.commit(result.definition);
      state.select([...result.nodeIds, ...result.noteIds.map(noteRfId)]);
      if (result.skippedTrigger) toast("The trigger was not duplicated: a flow has exactly one.");
      return true;
    }

    function selectAll() {
      const { definition, select } = get();
      select([...definition.notes.map((n) => noteRfId(n.id)), ...definition.nodes.map((n) => n.id)], definition.edges.map((e) => e.id));
    }

    function nudge(dx: number, dy: number) {
      const state = get();
      if (state.readOnly) return;
      const { nodeIds, noteIds } = selectedParts();
      if (nodeIds.size + noteIds.size === 0) return;
      const nodes = new Map<string, XY>();
      const notes = new Map<string, XY>();
      for (const n of state.definition.nodes) if (nodeIds.has(n.id)) nodes.set(n.id, { x: n.position.x + dx, y: n.position.y + dy });
      for (const n of state.definition.notes) if (noteIds.has(n.id)) notes.set(n.id, { x: n.position.x + dx, y: n.position.y + dy });
      state.commit(setPositions(state.definition, nodes, notes), { coalesce: "nudge", layoutOnly: true });
    }

    function tidyUp() {
      const state = get();
      if (state.readOnly || state.definition.nodes.length === 0) return;
      const { nodeIds } = selectedParts();
      state.commit(autoLayout(state.definition, nodeIds.size > 1 ? nodeIds : undefined), { layoutOnly: true });
      requestAnimationFrame(() => void rf.fitView({ padding: 0.08, duration: 300, maxZoom: 1.1 }));
    }

    function addNote(): string | null {
      const state = get();
      if (state.readOnly) return null;
      const centre = viewportCentre();
      const size = { width: 260, height: 140 };
      const note: TStickyNote = {
        id: freshId("note", takenIds(state.definition)),
        // Beside the steps, not on top of them.
        position: freeSpot(state.definition, { x: centre.x - size.width / 2, y: centre.y - size.height / 2 }, size),
        size, text: "", color: "yellow",
      };
      state.commit({ ...state.definition, notes: [...state.definition.notes, note] });
      state.select([noteRfId(note.id)]);
      return note.id;
    }

    function editNote(noteId: string, patch: Partial<Pick<TStickyNote, "text" | "color">>) {
      const state = get();
      state.commit(updateNote(state.definition, noteId, patch), { coalesce: `note:${noteId}:${Object.keys(patch).join()}` });
    }

    function focusNode(nodeId: string, path?: (string | number)[]) {
      const state = get();
      const node = state.definition.nodes.find((n) => n.id === nodeId);
      if (!node) return;
      state.select([nodeId]);
      const { width, height } = nodeGeometry(node);
      void rf.setCenter(node.position.x + width / 2, node.position.y + height / 2, { zoom: Math.max(rf.getZoom(), 0.9), duration: 300 });
      state.requestFocus(nodeId, path);
    }

    function fitView() {
      void rf.fitView({ padding: 0.08, duration: 250, maxZoom: 1.1 });
    }

    return {
      addNode, connect, deleteSelection, deleteEdge, copyText, paste, duplicate, selectAll, nudge, tidyUp, addNote, editNote,
      focusNode, fitView, triggerBlocked, viewportCentre,
      screenToFlow: (point: XY) => rf.screenToFlowPosition(point),
      zoomIn: () => void rf.zoomIn({ duration: 150 }),
      zoomOut: () => void rf.zoomOut({ duration: 150 }),
      zoomReset: () => void rf.zoomTo(1, { duration: 150 }),
      undo: () => get().undo(),
      redo: () => get().redo(),
      hasMemoryClipboard: () => memoryClipboard !== null,
    };
  }, [store, rf, toast, canvasRef, pasteRef]);
}
