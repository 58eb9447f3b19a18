"use client";

// One store per open editor (created when the page mounts, handed down by EditorStoreProvider).
// The flow definition is the source of truth; React Flow's nodes and edges are derived from it
// (derive.ts) and every change comes back here as a new definition. History holds definition
// snapshots: they are immutable, so a snapshot costs one reference.
import { createContext, createElement, useContext, useState, type ReactNode } from "react";
import { createStore, type StoreApi } from "zustand/vanilla";
import { useStore } from "zustand";
import type { FlowIssue, TFlowDefinition } from "../../lib/flows/definition.ts";

export const HISTORY_LIMIT = 100;
/** Edits with the same key within this window (typing in one field, nudging) are one undo step. */
const COALESCE_MS = 1200;

export const NOTE_PREFIX = "note:";
export const noteRfId = (noteId: string) => `${NOTE_PREFIX}${noteId}`;
export const isNoteRfId = (rfId: string) => rfId.startsWith(NOTE_PREFIX);
export const noteIdOf = (rfId: string) => rfId.slice(NOTE_PREFIX.length);

export type SaveConflict = { revision: number; definition: TFlowDefinition; editorName: string; updatedAt: string };
export type SaveStatus = "saved" | "dirty" | "saving" | "conflict" | "error";
export type CommitOptions = {
  /** Consecutive commits with the same key (within ~1 s) merge into one undo step. */
  coalesce?: string;
  /** Position-only changes do not need revalidation. */
  layoutOnly?: boolean;
};
export type FocusRequest = { nodeId: string; path: (string | number)[] | undefined; seq: number };

export type EditorState = {
  flowId: string;
  readOnly: boolean;
  connectionNames: string[];

  definition: TFlowDefinition;
  /** Bumped by every change (autosave watches it). */
  changeVersion: number;
  /** Bumped by changes that can change validation (not by moves). */
  structureVersion: number;

  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;

  past: TFlowDefinition[];
  future: TFlowDefinition[];
  lastCommit: { key: string; at: number } | null;
  /** Definition before a drag or resize began; committed as one step when it ends. */
  gestureBase: TFlowDefinition | null;

  revision: number;
  savedVersion: number;
  savingVersion: number | null;
  lastSavedAt: string | null;
  conflict: SaveConflict | null;
  saveError: string | null;

  issues: FlowIssue[];
  validatedVersion: number;

  paletteRequest: { seq: number; category: string | null };
  helpOpen: boolean;
  problemsOpen: boolean;
  publishOpen: boolean;
  connectFrom: string | null;
  /** "Open this step's settings" (at a field): the side panel focuses it. Cleared when the
   *  selection moves to another step, so re-selecting later does not steal the focus again. */
  focusRequest: FocusRequest | null;
};

export type EditorActions = {
  commit: (next: TFlowDefinition, options?: CommitOptions) => void;
  beginGesture: () => void;
  /** A frame of a drag or resize: no history entry, no validation. */
  gestureFrame: (next: TFlowDefinition) => void;
  endGesture: (options?: CommitOptions) => void;
  undo: () => void;
  redo: () => void;
  select: (nodes: Iterable<string>, edges?: Iterable<string>) => void;
  replaceDefinition: (definition: TFlowDefinition, revision: number) => void;

  saveStarted: (version: number) => void;
  saveSucceeded: (version: number, revision: number, at: string) => void;
  saveConflicted: (conflict: SaveConflict) => void;
  saveFailed: (message: string) => void;
  keepMine: () => void;

  setIssues: (issues: FlowIssue[], version: number) => void;

  openPalette: (category?: string | null) => void;
  setHelpOpen: (open: boolean) => void;
  setProblemsOpen: (open: boolean) => void;
  setPublishOpen: (open: boolean) => void;
  setConnectFrom: (nodeId: string | null) => void;
  requestFocus: (nodeId: string, path?: (string | number)[]) => void;
};

export type EditorStore = StoreApi<EditorState & EditorActions>;

export type EditorInit = {
  flowId: string;
  definition: TFlowDefinition;
  revision: number;
  readOnly: boolean;
  connectionNames: string[];
  lastSavedAt?: string | null;
};

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const v of a) if (!b.has(v)) return false;
  return true;
}

function pruneSelection(definition: TFlowDefinition, nodes: ReadonlySet<string>, edges: ReadonlySet<string>) {
  const nodeIds = new Set(definition.nodes.map((n) => n.id));
  for (const note of definition.notes) nodeIds.add(noteRfId(note.id));
  const edgeIds = new Set(definition.edges.map((e) => e.id));
  const keptNodes = new Set([...nodes].filter((id) => nodeIds.has(id)));
  const keptEdges = new Set([...edges].filter((id) => edgeIds.has(id)));
  return {
    selectedNodes: sameSet(keptNodes, nodes) ? nodes : keptNodes,
    selectedEdges: sameSet(keptEdges, edges) ? edges : keptEdges,
  };
}

export function createEditorStore(init: EditorInit): EditorStore {
  return createStore<EditorState & EditorActions>()((set, get) => ({
    flowId: init.flowId,
    readOnly: init.readOnly,
    connectionNames: init.connectionNames,
    definition: init.definition,
    changeVersion: 0,
    structureVersion: 0,
    selectedNodes: new Set(),
    selectedEdges: new Set(),
    past: [],
    future: [],
    lastCommit: null,
    gestureBase: null,
    revision: init.revision,
    savedVersion: 0,
    savingVersion: null,
    lastSavedAt: init.lastSavedAt ?? null,
    conflict: null,
    saveError: null,
    issues: [],
    validatedVersion: -1,
    paletteRequest: { seq: 0, category: null },
    helpOpen: false,
    problemsOpen: false,
    publishOpen: false,
    connectFrom: null,
    focusRequest: null,

    commit(next, options = {}) {
      const state = get();
      if (state.readOnly || next === state.definition) return;
      const now = Date.now();
      const key = options.coalesce;
      const merge = key !== undefined && state.lastCommit?.key === key && now - state.lastCommit.at < COALESCE_MS && state.past.length > 0;
      const past = merge ? state.past : [...state.past, state.definition].slice(-HISTORY_LIMIT);
      set({
        definition: next,
        past,
        future: [],
        lastCommit: key ? { key, at: now } : null,
        changeVersion: state.changeVersion + 1,
        structureVersion: options.layoutOnly ? state.structureVersion : state.structureVersion + 1,
        ...pruneSelection(next, state.selectedNodes, state.selectedEdges),
      });
    },

    beginGesture() {
      const state = get();
      if (state.readOnly || state.gestureBase) return;
      set({ gestureBase: state.definition });
    },

    gestureFrame(next) {
      const state = get();
      if (state.readOnly) return;
      set({ definition: next, changeVersion: state.changeVersion + 1 });
    },

    endGesture(options = {}) {
      const state = get();
      const base = state.gestureBase;
      if (!base) return;
      if (base === state.definition) {
        set({ gestureBase: null });
        return;
      }
      set({
        gestureBase: null,
        past: [...state.past, base].slice(-HISTORY_LIMIT),
        future: [],
        lastCommit: null,
        changeVersion: state.changeVersion + 1,
        structureVersion: options.layoutOnly === false ? state.structureVersion + 1 : state.structureVersion,
      });
    },

    undo() {
      const state = get();
      if (state.readOnly || state.gestureBase || state.past.length === 0) return;
      const previous = state.past[state.past.length - 1] as TFlowDefinition;
      set({
        definition: previous,
        past: state.past.slice(0, -1),
        future: [state.definition, ...state.future].slice(0, HISTORY_LIMIT),
        lastCommit: null,
        changeVersion: state.changeVersion + 1,
        structureVersion: state.structureVersion + 1,
        ...pruneSelection(previous, state.selectedNodes, state.selectedEdges),
      });
    },

    redo() {
      const state = get();
      if (state.readOnly || state.gestureBase || state.future.length === 0) return;
      const next = state.future[0] as TFlowDefinition;
      set({
        definition: next,
        past: [...state.past, state.definition].slice(-HISTORY_LIMIT),
        future: state.future.slice(1),
        lastCommit: null,
        changeVersion: state.changeVersion + 1,
        structureVersion: state.structureVersion + 1,
        ...pruneSelection(next, state.selectedNodes, state.selectedEdges),
      });
    },

    select(nodes, edges = []) {
      const state = get();
      const nextNodes = new Set(nodes);
      const nextEdges = new Set(edges);
      const sameNodes = sameSet(nextNodes, state.selectedNodes);
      const sameEdges = sameSet(nextEdges, state.selectedEdges);
      if (sameNodes && sameEdges) return;
      const focusRequest = state.focusRequest && nextNodes.has(state.focusRequest.nodeId) ? state.focusRequest : null;
      set({ selectedNodes: sameNodes ? state.selectedNodes : nextNodes, selectedEdges: sameEdges ? state.selectedEdges : nextEdges, focusRequest });
    },

    replaceDefinition(definition, revision) {
      const state = get();
      set({
        definition,
        revision,
        past: [],
        future: [],
        lastCommit: null,
        gestureBase: null,
        conflict: null,
        saveError: null,
        changeVersion: state.changeVersion + 1,
        savedVersion: state.changeVersion + 1,
        structureVersion: state.structureVersion + 1,
        ...pruneSelection(definition, state.selectedNodes, state.selectedEdges),
      });
    },

    saveStarted(version) {
      set({ savingVersion: version, saveError: null });
    },
    saveSucceeded(version, revision, at) {
      set({ savingVersion: null, savedVersion: version, revision, lastSavedAt: at, saveError: null });
    },
    saveConflicted(conflict) {
      set({ savingVersion: null, conflict });
    },
    saveFailed(message) {
      set({ savingVersion: null, saveError: message });
    },
    keepMine() {
      const conflict = get().conflict;
      if (!conflict) return;
      // Saving on top of their revision replaces their draft with ours: the analyst chose so.
      set({ conflict: null, revision: conflict.revision });
    },

    setIssues(issues, version) {
      set({ issues, validatedVersion: version });
    },

    openPalette(category = null) {
      set((s) => ({ paletteRequest: { seq: s.paletteRequest.seq + 1, category } }));
    },
    setHelpOpen(open) {
      set({ helpOpen: open });
    },
    setProblemsOpen(open) {
      set({ problemsOpen: open });
    },
    setPublishOpen(open) {
      set({ publishOpen: open });
    },
    setConnectFrom(nodeId) {
      set({ connectFrom: nodeId });
    },
    requestFocus(nodeId, path) {
      set((s) => ({ focusRequest: { nodeId, path, seq: (s.focusRequest?.seq ?? 0) + 1 } }));
    },
  }));
}

export function saveStatusOf(state: Pick<EditorState, "conflict" | "savingVersion" | "changeVersion" | "savedVersion" | "saveError">): SaveStatus {
  if (state.conflict) return "conflict";
  if (state.savingVersion !== null) return "saving";
  if (state.saveError) return "error";
  return state.changeVersion === state.savedVersion ? "saved" : "dirty";
}

const EditorStoreContext = createContext<EditorStore | null>(null);

export function EditorStoreProvider({ init, children }: { init: EditorInit; children: ReactNode }) {
  // One store per mount: navigating to another flow mounts a fresh editor.
  const [store] = useState(() => createEditorStore(init));
  return createElement(EditorStoreContext.Provider, { value: store }, children);
}

export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditor needs <EditorStoreProvider>");
  return store;
}

/** Read one slice of the editor state; the component re-renders only when that slice changes. */
export function useEditor<T>(selector: (state: EditorState & EditorActions) => T): T {
  return useStore(useEditorStoreApi(), selector);
}
