// Turns create values into one row of Odoo's `load()` (the import API), which creates a record and
// its external id in one transaction. load() takes text cells in import format, so each value is
// converted by its field type: many2one ids go in a "field/.id" column, many2many plain id lists as
// "1,2,3" in a "field/.id" column, booleans as "1"/"", empty values as "". Values that
// load cannot express (x2many commands, one2many values, objects, unknown fields, json fields) give null: the caller
// then creates through create() and sets the external id afterwards.

export type LoadRow = { columns: string[]; cells: string[] };

const TEXT_TYPES = new Set(["char", "text", "html", "selection", "date", "datetime", "binary"]);
const NUMBER_TYPES = new Set(["integer", "float", "monetary"]);

/** The load() columns (after "id") and cells for these values, or null when load cannot express them. */
export function loadRow(values: Record<string, unknown>, fieldTypes: Record<string, string>): LoadRow | null {
  const columns: string[] = [];
  const cells: string[] = [];
  for (const [field, value] of Object.entries(values)) {
    const type = fieldTypes[field];
    if (field === "id" || type === undefined) return null;
    const cell = loadCell(type, value);
    if (cell === null) return null;
    columns.push(cell.byId ? `${field}/.id` : field);
    cells.push(cell.text);
  }
  return { columns, cells };
}

function loadCell(type: string, value: unknown): { text: string; byId: boolean } | null {
  if (value === null || value === false || value === undefined) return type === "boolean" || type === "many2one" || TEXT_TYPES.has(type) || NUMBER_TYPES.has(type) ? { text: "", byId: false } : null;
  if (type === "many2one") return databaseId(value) ? { text: String(value), byId: true } : null;
  if (type === "many2many") return Array.isArray(value) && value.length > 0 && value.every(databaseId) ? { text: value.join(","), byId: true } : null;
  if (type === "boolean") return value === true ? { text: "1", byId: false } : null;
  if (NUMBER_TYPES.has(type)) return typeof value === "number" && Number.isFinite(value) ? { text: String(value), byId: false } : null;
  if (TEXT_TYPES.has(type)) return typeof value === "string" ? { text: value, byId: false } : typeof value === "number" ? { text: String(value), byId: false } : null;
  return null;
}

function databaseId(value: unknown): boolean {
  return (typeof value === "number" && Number.isInteger(value) && value > 0) || (typeof value === "string" && /^[1-9]\d*$/.test(value));
}
