// What changed between two flow definitions (two versions, or a version and the draft): nodes
// added, removed and changed (field by field), edges rewired, sticky notes and settings edited.
// Feeds the visual diff page and, later, the promotion review. Pure and browser-safe.
//
// Terms used below:
// - a node is "changed" when its kind, label, config or pinned sample differ; a node that only
//   moved on the canvas is "moved", reported apart, because moving changes nothing at run time;
// - an edge is identified by what it connects (source + port -> target + port), not by its id:
//   ids are editor bookkeeping, so deleting and redrawing the same connection is no change;
// - a long or multi-line string (a map script, a template) gets a line diff for the text panel.
import { diffArrays, diffLines } from "diff";
import type { TFlowDefinition, TFlowEdge, TFlowNode, TStickyNote } from "./definition.ts";

/** Strings with a line break, or longer than this, are compared line by line. */
const LONG_STRING = 80;
/** Unchanged lines shown around each change in a text diff. */
const CONTEXT_LINES = 3;

export type TextDiffLine = {
  type: "context" | "added" | "removed";
  text: string;
  /** 1-based line number in the "before" text (context and removed lines). */
  oldLine?: number;
  /** 1-based line number in the "after" text (context and added lines). */
  newLine?: number;
};

export type TextDiffHunk = { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: TextDiffLine[] };

/** A unified line diff: hunks of changed lines with a little unchanged context around them. */
export type TextDiff = { hunks: TextDiffHunk[]; added: number; removed: number };

/** One value that differs. `path` is readable and stable: `config.cases[1].expression`, `sample.order.id`. */
export type FieldChange = {
  path: string;
  /** The same path as segments: ["config", "cases", 1, "expression"]. */
  segments: (string | number)[];
  /** undefined when the value did not exist before (added) ... */
  before: unknown;
  /** ... or no longer exists after (removed). */
  after: unknown;
  /** A line diff when either side is a long or multi-line string (scripts, templates). */
  text?: TextDiff;
  /** The items of an id-keyed list (switch cases) kept their content but changed order; before/after are the ids. */
  reordered?: boolean;
};

export type NodeChange = {
  id: string;
  /** The node as it is before and after, for labels and icons in the UI. */
  before: TFlowNode;
  after: TFlowNode;
  kind?: { before: string; after: string };
  kindVersion?: { before: number; after: number };
  label?: { before: string | undefined; after: string | undefined };
  /** Config and sample differences (paths start with `config.` or `sample`). */
  fields: FieldChange[];
  /** It also moved on the canvas. */
  moved: boolean;
};

export type NoteChange = { id: string; before: TStickyNote; after: TStickyNote; fields: FieldChange[]; moved: boolean };

export type FlowDiff = {
  nodes: {
    added: string[];
    removed: string[];
    changed: NodeChange[];
    /** Nodes whose only difference is their position on the canvas. */
    moved: string[];
  };
  /** Added edges as they are in `b`, removed edges as they were in `a`. */
  edges: { added: TFlowEdge[]; removed: TFlowEdge[] };
  notes: { added: string[]; removed: string[]; changed: NoteChange[]; moved: string[] };
  settings: FieldChange[];
  summary: {
    nodesAdded: number;
    nodesRemoved: number;
    nodesChanged: number;
    nodesMoved: number;
    edgesAdded: number;
    edgesRemoved: number;
    notesChanged: number;
    settingsChanged: number;
    /** Nothing differs except positions on the canvas (or nothing at all). */
    sameBehaviour: boolean;
    /** Nothing differs at all, positions included. */
    identical: boolean;
  };
};

export function diffDefinitions(a: TFlowDefinition, b: TFlowDefinition): FlowDiff {
  const nodes = diffNodes(a.nodes, b.nodes);
  const edges = diffEdges(a.edges, b.edges);
  const notes = diffNotes(a.notes ?? [], b.notes ?? []);
  const settings = diffValues([], a.settings ?? {}, b.settings ?? {});

  const notesChanged = notes.added.length + notes.removed.length + notes.changed.length;
  const sameBehaviour =
    nodes.added.length + nodes.removed.length + nodes.changed.length + edges.added.length + edges.removed.length + settings.length === 0;
  return {
    nodes,
    edges,
    notes,
    settings,
    summary: {
      nodesAdded: nodes.added.length,
      nodesRemoved: nodes.removed.length,
      nodesChanged: nodes.changed.length,
      nodesMoved: nodes.moved.length,
      edgesAdded: edges.added.length,
      edgesRemoved: edges.removed.length,
      notesChanged,
      settingsChanged: settings.length,
      sameBehaviour,
      identical: sameBehaviour && nodes.moved.length === 0 && notesChanged === 0 && notes.moved.length === 0,
    },
  };
}

function diffNodes(before: TFlowNode[], after: TFlowNode[]): FlowDiff["nodes"] {
  const old = new Map(before.map((n) => [n.id, n]));
  const now = new Map(after.map((n) => [n.id, n]));
  const result: FlowDiff["nodes"] = { added: [], removed: [], changed: [], moved: [] };
  for (const node of before) if (!now.has(node.id)) result.removed.push(node.id);
  for (const node of after) {
    const prev = old.get(node.id);
    if (!prev) {
      result.added.push(node.id);
      continue;
    }
    const moved = prev.position.x !== node.position.x || prev.position.y !== node.position.y;
    const change: NodeChange = { id: node.id, before: prev, after: node, fields: [], moved };
    if (prev.kind !== node.kind) change.kind = { before: prev.kind, after: node.kind };
    if (prev.kindVersion !== node.kindVersion) change.kindVersion = { before: prev.kindVersion, after: node.kindVersion };
    if (normaliseLabel(prev.label) !== normaliseLabel(node.label)) change.label = { before: prev.label, after: node.label };
    change.fields = [...diffValues(["config"], prev.config, node.config), ...diffValues(["sample"], prev.sample, node.sample)];
    if (change.kind || change.kindVersion || change.label || change.fields.length > 0) result.changed.push(change);
    else if (moved) result.moved.push(node.id);
  }
  return result;
}

function normaliseLabel(label: string | undefined): string {
  return label?.trim() ?? "";
}

export function edgeSignature(edge: Pick<TFlowEdge, "source" | "sourcePort" | "target" | "targetPort">): string {
  return `${edge.source}\u0000${edge.sourcePort}\u0000${edge.target}\u0000${edge.targetPort}`;
}

function diffEdges(before: TFlowEdge[], after: TFlowEdge[]): FlowDiff["edges"] {
  const old = new Set(before.map(edgeSignature));
  const now = new Set(after.map(edgeSignature));
  return {
    added: after.filter((e) => !old.has(edgeSignature(e))),
    removed: before.filter((e) => !now.has(edgeSignature(e))),
  };
}

function diffNotes(before: TStickyNote[], after: TStickyNote[]): FlowDiff["notes"] {
  const old = new Map(before.map((n) => [n.id, n]));
  const now = new Set(after.map((n) => n.id));
  const result: FlowDiff["notes"] = { added: [], removed: [], changed: [], moved: [] };
  for (const note of before) if (!now.has(note.id)) result.removed.push(note.id);
  for (const note of after) {
    const prev = old.get(note.id);
    if (!prev) {
      result.added.push(note.id);
      continue;
    }
    const moved = prev.position.x !== note.position.x || prev.position.y !== note.position.y;
    const fields = [
      ...diffValues(["text"], prev.text, note.text),
      ...diffValues(["color"], prev.color, note.color),
      ...diffValues(["size"], prev.size, note.size),
    ];
    if (fields.length > 0) result.changed.push({ id: note.id, before: prev, after: note, fields, moved });
    else if (moved) result.moved.push(note.id);
  }
  return result;
}

// ---- Structural comparison of JSON values --------------------------------------------------------

/** Deep equality of JSON-like values (key order does not matter; `undefined` keys count as absent). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) if (!jsonEqual(ra[key], rb[key])) return false;
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type Segments = (string | number)[];

/** ["config", "cases", 1, "expression"] -> "config.cases[1].expression"; odd keys are quoted: headers["X-Api-Key"]. */
export function formatSegments(segments: readonly (string | number)[]): string {
  let out = "";
  for (const key of segments) {
    if (typeof key === "number") out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

function change(segments: Segments, before: unknown, after: unknown, extra: Partial<FieldChange> = {}): FieldChange {
  return { path: formatSegments(segments), segments, before, after, ...extra };
}

/** The leaves that differ between two JSON values, with their paths under `base`. */
export function diffValues(base: Segments, before: unknown, after: unknown): FieldChange[] {
  if (jsonEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => diffValues([...base, key], before[key], after[key]));
  }
  if (Array.isArray(before) && Array.isArray(after)) return diffArrayValues(base, before, after);
  return [leafChange(base, before, after)];
}

function leafChange(segments: Segments, before: unknown, after: unknown): FieldChange {
  const isLong = (v: unknown) => typeof v === "string" && (v.includes("\n") || v.length > LONG_STRING);
  const textual = (v: unknown) => typeof v === "string" || v === undefined || v === null;
  if ((isLong(before) || isLong(after)) && textual(before) && textual(after)) {
    return change(segments, before, after, { text: lineDiff(typeof before === "string" ? before : "", typeof after === "string" ? after : "") });
  }
  return change(segments, before, after);
}

/**
 * Arrays: arrays of objects that all carry a unique `id` (switch cases, mappings) are matched by id,
 * so inserting one case does not report every later case as changed. Other arrays are aligned with
 * a sequence diff, so inserting a row in the middle of a lookup table is one addition. Arrays of
 * primitives that differ are reported whole (`["a","b"] -> ["a","c"]` reads best).
 */
function diffArrayValues(base: Segments, before: unknown[], after: unknown[]): FieldChange[] {
  const allPrimitive = [...before, ...after].every((v) => v === null || typeof v !== "object");
  if (allPrimitive) return [leafChange(base, before, after)];

  const idsOf = (list: unknown[]) => {
    const ids = list.map((v) => (isPlainObject(v) && typeof v.id === "string" ? v.id : null));
    return ids.every((id) => id !== null) && new Set(ids).size === ids.length ? (ids as string[]) : null;
  };
  const oldIds = idsOf(before);
  const newIds = idsOf(after);
  if (oldIds && newIds && before.length > 0 && after.length > 0) {
    const changes: FieldChange[] = [];
    const newIndex = new Map(newIds.map((id, i) => [id, i]));
    // Order matters (a switch takes the first matching case), so a reorder is a change of its own.
    const keptOld = oldIds.filter((id) => newIndex.has(id));
    const keptNew = newIds.filter((id) => oldIds.includes(id));
    if (keptOld.some((id, i) => id !== keptNew[i])) changes.push(change(base, keptOld, keptNew, { reordered: true }));
    oldIds.forEach((id, i) => {
      if (!newIndex.has(id)) changes.push(change([...base, i], before[i], undefined));
    });
    newIds.forEach((id, i) => {
      const j = oldIds.indexOf(id);
      if (j === -1) changes.push(change([...base, i], undefined, after[i]));
      else changes.push(...diffValues([...base, i], before[j], after[i]));
    });
    return changes;
  }

  const changes: FieldChange[] = [];
  const parts = diffArrays(before, after, { comparator: jsonEqual });
  let oldIndex = 0;
  let newIndex = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (!part.added && !part.removed) {
      oldIndex += part.count;
      newIndex += part.count;
      continue;
    }
    const next = parts[p + 1];
    // A removed run followed by an added run is an edit in place: pair them up element by element.
    if (part.removed && next?.added) {
      const paired = Math.min(part.count, next.count);
      for (let k = 0; k < paired; k++) changes.push(...diffValues([...base, newIndex + k], part.value[k], next.value[k]));
      for (let k = paired; k < part.count; k++) changes.push(change([...base, oldIndex + k], part.value[k], undefined));
      for (let k = paired; k < next.count; k++) changes.push(change([...base, newIndex + k], undefined, next.value[k]));
      oldIndex += part.count;
      newIndex += next.count;
      p++;
      continue;
    }
    if (part.removed) {
      part.value.forEach((v, k) => changes.push(change([...base, oldIndex + k], v, undefined)));
      oldIndex += part.count;
    } else {
      part.value.forEach((v, k) => changes.push(change([...base, newIndex + k], undefined, v)));
      newIndex += part.count;
    }
  }
  return changes;
}

// ---- Line diffs for scripts and templates --------------------------------------------------------

function splitLines(value: string): string[] {
  const lines = value.split("\n");
  // "a\nb\n" is two lines, not three.
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** A unified diff of two texts: numbered lines, grouped in hunks with `context` unchanged lines around changes. */
export function lineDiff(before: string, after: string, context: number = CONTEXT_LINES): TextDiff {
  const all: TextDiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  let added = 0;
  let removed = 0;
  // Compare with a final newline on both sides so "x" and "x\n" do not differ on their last line.
  const norm = (s: string) => (s === "" || s.endsWith("\n") ? s : `${s}\n`);
  for (const part of diffLines(norm(before), norm(after))) {
    for (const text of splitLines(part.value)) {
      if (part.added) {
        all.push({ type: "added", text, newLine: newLine++ });
        added++;
      } else if (part.removed) {
        all.push({ type: "removed", text, oldLine: oldLine++ });
        removed++;
      } else {
        all.push({ type: "context", text, oldLine: oldLine++, newLine: newLine++ });
      }
    }
  }

  // Keep changed lines plus `context` lines either side; merge hunks whose context overlaps.
  const keep = new Array<boolean>(all.length).fill(false);
  all.forEach((line, i) => {
    if (line.type === "context") return;
    for (let k = Math.max(0, i - context); k <= Math.min(all.length - 1, i + context); k++) keep[k] = true;
  });
  const hunks: TextDiffHunk[] = [];
  let current: TextDiffLine[] | null = null;
  const close = () => {
    if (!current || current.length === 0) return;
    const firstOld = current.find((l) => l.oldLine !== undefined)?.oldLine;
    const firstNew = current.find((l) => l.newLine !== undefined)?.newLine;
    const oldLines = current.filter((l) => l.type !== "added").length;
    const newLines = current.filter((l) => l.type !== "removed").length;
    hunks.push({ oldStart: firstOld ?? 0, oldLines, newStart: firstNew ?? 0, newLines, lines: current });
    current = null;
  };
  all.forEach((line, i) => {
    if (keep[i]) (current ??= []).push(line);
    else close();
  });
  close();
  return { hunks, added, removed };
}

// ---- The diff as a canvas ----------------------------------------------------------------------

export type DiffDecoration = "added" | "removed" | "changed";

/**
 * One definition to draw a diff on: `b` plus the nodes and edges that `a` had and `b` lost, so
 * removed steps stay visible (ghosted) where they were. Removed edges get fresh ids when theirs is
 * reused in `b`. Not a valid flow; only for display.
 */
export function diffCanvas(a: TFlowDefinition, b: TFlowDefinition, diff: FlowDiff = diffDefinitions(a, b)) {
  const removedNodes = new Set(diff.nodes.removed);
  const nodes = [...b.nodes, ...a.nodes.filter((n) => removedNodes.has(n.id))];
  const edgeIds = new Set(b.edges.map((e) => e.id));
  const removedEdges = diff.edges.removed.map((edge) => {
    let id = edge.id;
    for (let i = 1; edgeIds.has(id); i++) id = `${edge.id.slice(0, 56)}-was-${i}`;
    edgeIds.add(id);
    return { ...edge, id };
  });

  const decorations: Record<string, DiffDecoration> = {};
  for (const id of diff.nodes.added) decorations[id] = "added";
  for (const id of diff.nodes.removed) decorations[id] = "removed";
  for (const change of diff.nodes.changed) decorations[change.id] = "changed";
  const edgeDecorations: Record<string, DiffDecoration> = {};
  for (const edge of diff.edges.added) edgeDecorations[edge.id] = "added";
  for (const edge of removedEdges) edgeDecorations[edge.id] = "removed";

  const definition: TFlowDefinition = { ...b, nodes, edges: [...b.edges, ...removedEdges] };
  return { definition, decorations, edgeDecorations };
}
