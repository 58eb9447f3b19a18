// What the designer knows about an Odoo database: its models and the fields of a model (from
// ir.model and fields_get), the query the /api/odoo-meta routes take, and the small pure helpers
// the pickers use (search, snippets for the values editor, x2many command syntax).
// Browser-safe: no server imports.
import { z } from "zod";

export type OdooModelInfo = { model: string; name: string };

export type OdooFieldInfo = {
  name: string;
  /** The label Odoo shows ("Customer"). */
  string: string;
  type: string;
  relation?: string;
  required: boolean;
  readonly: boolean;
  /** For selection fields: [value, label] pairs. */
  selection?: [string, string][];
  help?: string;
};

export type OdooModelsAnswer = { connection: string; environment: string; models: OdooModelInfo[] };
export type OdooFieldsAnswer = { connection: string; environment: string; model: string; fetchedAt: string; fields: OdooFieldInfo[] };

/** The attributes asked of fields_get: enough for pickers, small enough to cache. */
export const FIELD_ATTRIBUTES = ["string", "type", "relation", "required", "readonly", "selection", "help"] as const;

const connectionName = z.string().trim().min(1, "Name the connection, e.g. odoo-main").max(200);
const environmentKey = z.string().trim().min(1).max(200).optional();

export const ZModelsQuery = z.object({ connection: connectionName, environment: environmentKey });
export const ZFieldsQuery = z.object({
  connection: connectionName,
  environment: environmentKey,
  model: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/, "Use the technical model name, e.g. sale.order"),
  refresh: z
    .enum(["1", "0", "true", "false"])
    .optional()
    .transform((value) => value === "1" || value === "true"),
});

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** fields_get's answer as a list sorted by name; odd entries (no type) are left out. */
export function normaliseFields(raw: unknown): OdooFieldInfo[] {
  if (!raw || typeof raw !== "object") return [];
  const fields: OdooFieldInfo[] = [];
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!value || typeof value !== "object") continue;
    const description = value as Record<string, unknown>;
    const type = text(description.type);
    if (!type) continue;
    const field: OdooFieldInfo = { name, string: text(description.string) ?? name, type, required: description.required === true, readonly: description.readonly === true };
    const relation = text(description.relation);
    if (relation) field.relation = relation;
    const help = text(description.help);
    if (help) field.help = help;
    if (Array.isArray(description.selection)) {
      field.selection = description.selection
        .filter((pair): pair is [unknown, unknown] => Array.isArray(pair) && pair.length >= 2)
        .map(([key, label]) => [String(key), String(label)]);
    }
    fields.push(field);
  }
  return fields.sort((a, b) => a.name.localeCompare(b.name));
}

/** ir.model search_read rows as { model, name }, sorted by technical name. */
export function normaliseModels(rows: unknown): OdooModelInfo[] {
  if (!Array.isArray(rows)) return [];
  return rows
    .filter((row): row is Record<string, unknown> => Boolean(row) && typeof row === "object" && typeof (row as Record<string, unknown>).model === "string")
    .map((row) => ({ model: row.model as string, name: text(row.name) ?? (row.model as string) }))
    .sort((a, b) => a.model.localeCompare(b.model));
}

/**
 * Items matching what was typed: the technical name or the label contains every word. Names that
 * start with the query come first, then the rest in their order.
 */
export function searchItems<T>(items: readonly T[], query: string, keys: (item: T) => [string, string], limit = 50): T[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items.slice(0, limit);
  const first = query.trim().toLowerCase();
  const hits = items.filter((item) => {
    const [name, label] = keys(item);
    const haystack = `${name} ${label}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
  const starts = hits.filter((item) => keys(item)[0].toLowerCase().startsWith(first));
  return [...starts, ...hits.filter((item) => !starts.includes(item))].slice(0, limit);
}

export const X2MANY_TYPES = new Set(["one2many", "many2many"]);

/** The sample value the values editor inserts for a field, by type. */
export function sampleValue(field: Pick<OdooFieldInfo, "type" | "selection">): string {
  switch (field.type) {
    case "integer":
    case "float":
    case "monetary":
    case "many2one":
      return "0";
    case "boolean":
      return "false";
    case "one2many":
    case "many2many":
      return "[[0, 0, {}]]";
    case "selection":
      return JSON.stringify(field.selection?.[0]?.[0] ?? "");
    default:
      return '""';
  }
}

/** `"name": value` for the values editor (a comma is left to the analyst). */
export function fieldSnippet(field: Pick<OdooFieldInfo, "name" | "type" | "selection">): string {
  return `${JSON.stringify(field.name)}: ${sampleValue(field)}`;
}

export type X2ManyCommand = "create" | "set" | "link" | "unlink" | "clear";

/** The x2many command syntax Odoo's create and write take, with one line of explanation each. */
export const X2MANY_COMMANDS: { command: X2ManyCommand; label: string; snippet: string; explanation: string }[] = [
  { command: "create", label: "Create lines", snippet: '[[0, 0, { "name": "{{ input.name }}" }]]', explanation: "(0, 0, values): creates a new line with these values and links it." },
  { command: "set", label: "Set to ids", snippet: "[[6, 0, [1, 2]]]", explanation: "(6, 0, ids): replaces the whole list with these records." },
  { command: "link", label: "Link one id", snippet: "[[4, 42]]", explanation: "(4, id): adds an existing record to the list." },
  { command: "unlink", label: "Unlink one id", snippet: "[[3, 42]]", explanation: "(3, id): removes the record from the list (it is not deleted)." },
  { command: "clear", label: "Clear", snippet: "[[5]]", explanation: "(5,): empties the list (the records are not deleted)." },
];

/** A short type label: "many2one → res.partner", "selection", "char". */
export function typeLabel(field: Pick<OdooFieldInfo, "type" | "relation">): string {
  return field.relation ? `${field.type} → ${field.relation}` : field.type;
}
