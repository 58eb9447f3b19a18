// Field pickers: turn a step's sample data (the previous node's pinned sample, a trigger's sample
// payload) into the paths an analyst can insert into templates (`{{ input.workOrder.id }}`) and
// scripts (`input.workOrder.id`). Browser-safe and bounded, so a large payload never freezes the
// config panel: arrays contribute their first item only, and depth and node count are capped.

export type SampleValueType = "string" | "number" | "boolean" | "null" | "object" | "array";

export type SampleNode = {
  /** The whole expression, e.g. `input.workOrder.parts[0].sku`. */
  path: string;
  /** The last segment as shown in a tree: `sku`, `[0]`, `["unit price"]`. */
  key: string;
  type: SampleValueType;
  /** A short preview of the value: `"PUMP-12"`, `42`, `true`, `{3 keys}`, `[2 items]`. */
  example: string;
  depth: number;
  /** Object properties, or the first item of an array. */
  children?: SampleNode[];
  /** Keys or items present in the sample but not listed (other array items, capped objects). */
  omitted?: number;
};

export type SamplePathOptions = {
  /** The variable the sample is bound to in scripts and templates. */
  root?: string;
  /** Levels below the root to list. */
  maxDepth?: number;
  /** Total nodes listed, across the whole tree. */
  maxNodes?: number;
  /** Properties listed per object. */
  maxKeys?: number;
  /** Characters of a string example. */
  maxExample?: number;
};

const DEFAULTS: Required<SamplePathOptions> = { root: "input", maxDepth: 6, maxNodes: 400, maxKeys: 60, maxExample: 40 };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `.name` for identifiers, `["unit price"]` otherwise, `[3]` for array indexes. */
export function pathSegment(key: string | number): string {
  if (typeof key === "number") return `[${key}]`;
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

export function joinPath(root: string, segments: readonly (string | number)[]): string {
  return root + segments.map(pathSegment).join("");
}

/** How a path is written inside a text template. */
export function templateExpression(path: string): string {
  return `{{ ${path} }}`;
}

export function sampleValueType(value: unknown): SampleValueType {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return "object";
  }
}

export function previewValue(value: unknown, maxExample = DEFAULTS.maxExample): string {
  const type = sampleValueType(value);
  if (type === "array") {
    const n = (value as unknown[]).length;
    return `[${n} ${n === 1 ? "item" : "items"}]`;
  }
  if (type === "object") {
    const n = Object.keys(value as object).length;
    return `{${n} ${n === 1 ? "key" : "keys"}}`;
  }
  if (type === "string") {
    const s = value as string;
    return JSON.stringify(s.length > maxExample ? `${s.slice(0, maxExample - 1)}…` : s);
  }
  return String(value ?? null);
}

/**
 * The sample as a tree of pickable paths. A scalar sample yields one node (the root itself);
 * `undefined` (no sample pinned) yields none.
 */
export function sampleTree(sample: unknown, options: SamplePathOptions = {}): SampleNode[] {
  if (sample === undefined) return [];
  const o = { ...DEFAULTS, ...options };
  let budget = o.maxNodes;

  function walk(value: unknown, segments: (string | number)[], key: string, depth: number): SampleNode {
    budget--;
    const node: SampleNode = { path: joinPath(o.root, segments), key, type: sampleValueType(value), example: previewValue(value, o.maxExample), depth };
    if (depth >= o.maxDepth) return node;
    if (node.type === "array") {
      const items = value as unknown[];
      if (items.length > 0 && budget > 0) {
        node.children = [walk(items[0], [...segments, 0], "[0]", depth + 1)];
        if (items.length > 1) node.omitted = items.length - 1;
      }
    } else if (node.type === "object") {
      const entries = Object.entries(value as Record<string, unknown>);
      const children: SampleNode[] = [];
      for (const [k, v] of entries) {
        if (budget <= 0 || children.length >= o.maxKeys) break;
        children.push(walk(v, [...segments, k], k, depth + 1));
      }
      if (children.length > 0) node.children = children;
      if (entries.length > children.length) node.omitted = entries.length - children.length;
    }
    return node;
  }

  const type = sampleValueType(sample);
  if (type === "object" || type === "array") {
    const root = walk(sample, [], o.root, 0);
    return root.children ?? [];
  }
  return [walk(sample, [], o.root, 0)];
}

/** Every node of the tree, depth first (for completion lists and pickers with a search box). */
export function flattenSampleTree(nodes: readonly SampleNode[]): SampleNode[] {
  const out: SampleNode[] = [];
  const visit = (list: readonly SampleNode[]) => {
    for (const node of list) {
      out.push(node);
      if (node.children) visit(node.children);
    }
  };
  visit(nodes);
  return out;
}

/** Shorthand: the flat list of paths of a sample. */
export function samplePaths(sample: unknown, options?: SamplePathOptions): SampleNode[] {
  return flattenSampleTree(sampleTree(sample, options));
}
