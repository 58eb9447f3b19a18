// Odoo domains as the domain builder edits them: a tree of AND/OR groups and conditions, each
// optionally negated, read from and written back to Odoo's prefix notation
// (["&", ["a", "=", 1], "|", ["b", "=", 2], ["c", "=", 3]]). Consecutive terms at the top level
// are ANDed implicitly, as Odoo does, so a plain list of conditions stays a plain list.
import { ODOO_OPERATORS } from "../../nodes/fields.ts";

export { ODOO_OPERATORS };

export type DomainLeaf = { type: "leaf"; id: string; field: string; operator: string; value: unknown; negate: boolean };
export type DomainGroup = { type: "group"; id: string; op: "&" | "|"; negate: boolean; children: DomainNode[] };
export type DomainNode = DomainLeaf | DomainGroup;

let counter = 0;
export function nodeId(): string {
  counter += 1;
  return `d${counter}`;
}

export function newLeaf(): DomainLeaf {
  return { type: "leaf", id: nodeId(), field: "", operator: "=", value: "", negate: false };
}

export function newGroup(op: "&" | "|" = "|"): DomainGroup {
  return { type: "group", id: nodeId(), op, negate: false, children: [newLeaf()] };
}

/** Joins two operands under `op`, merging nested groups of the same operator (a & (b & c) = a & b & c). */
function join(op: "&" | "|", operands: DomainNode[]): DomainGroup {
  const children: DomainNode[] = [];
  for (const operand of operands) {
    if (operand.type === "group" && operand.op === op && !operand.negate) children.push(...operand.children);
    else children.push(operand);
  }
  return { type: "group", id: nodeId(), op, negate: false, children };
}

export type ParsedDomain = { ok: true; root: DomainGroup } | { ok: false; error: string };

/** Reads a domain into a tree; a domain the builder cannot show (bad shape) is an error. */
export function parseDomain(domain: unknown): ParsedDomain {
  if (!Array.isArray(domain)) return { ok: false, error: "A domain is a JSON list" };
  let i = 0;
  const read = (): DomainNode => {
    if (i >= domain.length) throw new Error("An operator is missing its conditions");
    const token = domain[i++];
    if (token === "&" || token === "|") {
      const a = read();
      const b = read();
      return join(token, [a, b]);
    }
    if (token === "!") {
      const operand = read();
      return { ...operand, negate: !operand.negate };
    }
    if (Array.isArray(token) && token.length === 3 && typeof token[0] === "string" && typeof token[1] === "string") {
      return { type: "leaf", id: nodeId(), field: token[0], operator: token[1], value: token[2], negate: false };
    }
    throw new Error(`Item ${i} is not "&", "|", "!" or a condition ["field", "operator", value]`);
  };
  try {
    const terms: DomainNode[] = [];
    while (i < domain.length) terms.push(read());
    if (terms.length === 1 && terms[0]!.type === "group") return { ok: true, root: terms[0] as DomainGroup };
    const root = join("&", terms);
    return { ok: true, root };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function write(node: DomainNode): unknown[] {
  const not = node.negate ? ["!"] : [];
  if (node.type === "leaf") return [...not, [node.field, node.operator, node.value]];
  const parts = node.children.map(write).filter((p) => p.length > 0);
  if (parts.length === 0) return [];
  if (parts.length === 1) return [...not, ...parts[0]!];
  return [...not, ...Array<string>(parts.length - 1).fill(node.op), ...parts.flat(1)];
}

/** Writes the tree in prefix notation; the top-level AND stays implicit. */
export function serializeDomain(root: DomainGroup): unknown[] {
  if (root.op === "&" && !root.negate) return root.children.flatMap(write);
  return write(root);
}

/** Operators whose value is a list, or a sub-domain. */
export function valueKind(operator: string): "list" | "domain" | "scalar" {
  if (operator === "in" || operator === "not in") return "list";
  if (operator === "any" || operator === "not any") return "domain";
  return "scalar";
}

/** How a condition's value reads in its text box. */
export function formatDomainValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  return JSON.stringify(value);
}

/**
 * A condition's value from its text box: numbers and true/false become JSON values, "quoted"
 * text stays text (so "42" can be a string), lists are comma-separated or JSON; anything else,
 * including {{ placeholders }}, is text.
 */
export function parseDomainValue(text: string, operator: string): unknown {
  const trimmed = text.trim();
  const kind = valueKind(operator);
  if (kind === "domain" || (kind === "list" && trimmed.startsWith("["))) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  if (kind === "list") {
    if (trimmed === "") return [];
    if (/^\{\{.*\}\}$/.test(trimmed)) return trimmed;
    return trimmed.split(",").map((part) => scalar(part.trim()));
  }
  return scalar(text);
}

function scalar(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (trimmed === "null") return null;
  if (/^-?\d+(\.\d+)?$/.test(trimmed) && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (/^".*"$/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

/** A short word for the type the value was read as (shown beside the box). */
export function valueTypeLabel(value: unknown): string {
  if (Array.isArray(value)) return "list";
  if (value === null) return "null";
  if (typeof value === "string") return value.includes("{{") ? "template" : "text";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  return "JSON";
}

// ---------------------------------------------------------------------------------------------
// Immutable edits on the tree, by node id.

export function updateNode(root: DomainGroup, id: string, update: (node: DomainNode) => DomainNode | null): DomainGroup {
  const visit = (node: DomainNode): DomainNode | null => {
    if (node.id === id) return update(node);
    if (node.type === "leaf") return node;
    const children = node.children.map(visit).filter((c): c is DomainNode => c !== null);
    return { ...node, children };
  };
  const next = visit(root);
  return next && next.type === "group" ? next : { ...root, children: [] };
}

export function appendChild(root: DomainGroup, groupId: string, child: DomainNode): DomainGroup {
  return updateNode(root, groupId, (node) => (node.type === "group" ? { ...node, children: [...node.children, child] } : node));
}

export function removeNode(root: DomainGroup, id: string): DomainGroup {
  if (root.id === id) return { ...root, children: [] };
  return updateNode(root, id, () => null);
}

/** JSON on one line per item, with spaces after commas: `["state", "=", "draft"]`. */
export function compactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${compactJson(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A domain as JSON text, one term per line. */
export function formatDomainJson(domain: unknown): string {
  if (!Array.isArray(domain)) return JSON.stringify(domain, null, 2) ?? "";
  if (domain.length === 0) return "[]";
  return `[\n${domain.map((item) => `  ${compactJson(item)}`).join(",\n")}\n]`;
}
