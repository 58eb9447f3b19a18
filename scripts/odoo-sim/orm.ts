// The Odoo test server's in-memory ORM: tables of rows, field definitions per version, domains
// (PROTOCOL.md 6.1), read formatting (6.2), x2many commands (6.3) and the generic methods of section 7
// (search, search_read, read, create, write, unlink, search_count, name_search, fields_get, ...).
// Every call runs in a transaction: the caller snapshots the database and restores it on error.
import { aclError, missingError, requiredFieldError, typeError, userError, valueError, type OdooException, type OdooVersion } from "./errors.ts";

export type Row = Record<string, unknown> & { id: number };
export type FieldType = "char" | "text" | "integer" | "float" | "monetary" | "boolean" | "date" | "datetime" | "selection" | "many2one" | "one2many" | "many2many";

export interface FieldDef {
  type: FieldType;
  string: string;
  required?: boolean;
  readonly?: boolean;
  relation?: string;
  inverse?: string; // one2many: the many2one on the comodel
  selection?: [string, string][];
  default?: (env: Env) => unknown;
  compute?: (env: Env, row: Row) => unknown;
  versions?: OdooVersion[];
}

export interface MethodDef {
  model?: boolean; // @api.model: no ids
  params?: { name: string; required?: boolean }[];
  run: (env: Env, ids: number[], kwargs: Record<string, unknown>) => unknown;
}

export interface AclDef { ops: ("read" | "write" | "create" | "unlink")[]; model?: string; description?: string; group17: string; group19: string }

export interface ModelDef {
  name: string;
  description: string;
  fields: Record<string, FieldDef>;
  recName?: string;
  order?: string;
  parentField?: string;
  displayName?: (env: Env, row: Row) => string;
  acl?: AclDef;
  methods?: Record<string, MethodDef>;
  onCreate?: (env: Env, row: Row) => void;
  check?: (env: Env, row: Row) => void;
  beforeUnlink?: (env: Env, ids: number[]) => void;
}

export interface Db { tables: Record<string, Map<number, Row>>; nextId: Record<string, number>; sequences: Record<string, number> }

export interface Env {
  version: OdooVersion;
  uid: number;
  isAdmin: boolean;
  context: Record<string, unknown>;
  db: Db;
  models: Record<string, ModelDef>;
}

export const now = () => new Date().toISOString().slice(0, 19).replace("T", " ");
export const today = () => new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------- models and fields

const AUTO_FIELDS: Record<string, FieldDef> = {
  id: { type: "integer", string: "ID", readonly: true },
  display_name: { type: "char", string: "Display Name", readonly: true, compute: (env, row) => displayName(env, currentModelOf(env, row), row) },
  create_date: { type: "datetime", string: "Created on", readonly: true },
  write_date: { type: "datetime", string: "Last Updated on", readonly: true },
};

// Rows do not know their model; computed display_name gets it through this side table.
const rowModel = new WeakMap<Row, string>();
function currentModelOf(_env: Env, row: Row): string { return rowModel.get(row) ?? ""; }

export function getModel(env: Env, name: string): ModelDef {
  const model = env.models[name];
  if (!model) throw userError(`Object ${name} doesn't exist`);
  return model;
}

export function fieldsOf(env: Env, model: ModelDef): Record<string, FieldDef> {
  const fields: Record<string, FieldDef> = { ...AUTO_FIELDS };
  for (const [name, field] of Object.entries(model.fields)) {
    if (!field.versions || field.versions.includes(env.version)) fields[name] = field;
  }
  return fields;
}

function fieldOf(env: Env, model: ModelDef, name: string): FieldDef {
  const field = fieldsOf(env, model)[name];
  if (!field) throw invalidField(env, model.name, name);
  return field;
}

const invalidField = (env: Env, model: string, name: string) =>
  valueError(env.version === 17 ? `Invalid field '${name}' on model '${model}'` : `Invalid field '${name}' on '${model}'`);

export function table(env: Env, model: string): Map<number, Row> {
  let rows = env.db.tables[model];
  if (!rows) { rows = new Map(); env.db.tables[model] = rows; }
  return rows;
}

export function nextSequence(env: Env, key: string, prefix: string, digits = 5): string {
  const value = (env.db.sequences[key] ?? 0) + 1;
  env.db.sequences[key] = value;
  return `${prefix}${String(value).padStart(digits, "0")}`;
}

// ---------------------------------------------------------------- values

export function fieldValue(env: Env, model: ModelDef, row: Row, name: string): unknown {
  const field = fieldsOf(env, model)[name];
  if (!field) return undefined;
  rowModel.set(row, model.name);
  if (field.compute) return field.compute(env, row);
  if (field.type === "one2many") {
    const inverse = field.inverse ?? "";
    return [...table(env, field.relation ?? "").values()].filter((r) => r[inverse] === row.id && isActive(env, field.relation ?? "", r)).map((r) => r.id);
  }
  const value = row[name];
  if (field.type === "many2many") return Array.isArray(value) ? value : [];
  if (value === undefined || value === null) return emptyValue(field);
  return value;
}

function isActive(env: Env, model: string, row: Row): boolean {
  const def = env.models[model];
  return !def || !("active" in def.fields) || row.active !== false;
}

function emptyValue(field: FieldDef): unknown {
  if (field.type === "integer" || field.type === "float" || field.type === "monetary") return 0;
  if (field.type === "one2many" || field.type === "many2many") return [];
  return false;
}

export function displayName(env: Env, modelName: string, row: Row): string {
  const model = env.models[modelName];
  if (!model) return "";
  if (model.displayName) return model.displayName(env, row);
  const name = row[model.recName ?? "name"];
  return typeof name === "string" && name ? name : `${modelName},${row.id}`;
}

export function browse(env: Env, model: string, id: unknown): Row | undefined {
  return typeof id === "number" ? table(env, model).get(id) : undefined;
}

// ---------------------------------------------------------------- access rights

export function checkAccess(env: Env, model: ModelDef, operation: "read" | "write" | "create" | "unlink"): void {
  const acl = model.acl;
  if (env.isAdmin || !acl || !acl.ops.includes(operation)) return;
  const other = acl.model ? env.models[acl.model] : undefined;
  throw aclError(env.version, operation, acl.description ?? other?.description ?? model.description, acl.model ?? model.name, acl.group17, acl.group19);
}

// ---------------------------------------------------------------- domains

const OPERATORS = new Set(["=", "!=", "<>", "==", ">", ">=", "<", "<=", "=?", "in", "not in", "like", "not like", "ilike", "not ilike", "=like", "not =like", "=ilike", "not =ilike", "child_of", "parent_of", "any", "not any"]);
const NEGATIVE = new Set(["!=", "<>", "not in", "not like", "not ilike", "not =like", "not =ilike", "not any"]);
const POSITIVE_OF: Record<string, string> = { "!=": "=", "<>": "=", "not in": "in", "not like": "like", "not ilike": "ilike", "not =like": "=like", "not =ilike": "=ilike", "not any": "any" };

type Predicate = (row: Row) => boolean;

// Python's repr of a domain leaf, as Odoo puts it in its error messages.
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  return String(value);
}
const leafRepr = (leaf: unknown[]) => `(${leaf.map(pyRepr).join(", ")})`;

export function compileDomain(env: Env, model: ModelDef, domain: unknown): Predicate {
  if (domain === null || domain === undefined || domain === false) return () => true;
  if (!Array.isArray(domain)) throw valueError(`Invalid domain: ${pyRepr(domain)}`);
  const stack: Predicate[] = [];
  for (let i = domain.length - 1; i >= 0; i--) {
    const term: unknown = domain[i];
    if (term === "!") { const a = pop(stack); stack.push((r) => !a(r)); continue; }
    if (term === "&" || term === "|") {
      const a = pop(stack), b = pop(stack);
      stack.push(term === "&" ? (r) => a(r) && b(r) : (r) => a(r) || b(r));
      continue;
    }
    stack.push(compileLeaf(env, model, term));
  }
  return (row) => stack.every((p) => p(row));
}

function pop(stack: Predicate[]): Predicate {
  const value = stack.pop();
  if (!value) throw valueError("Domain operator without enough operands");
  return value;
}

function compileLeaf(env: Env, model: ModelDef, term: unknown): Predicate {
  const where = env.version === 17 ? "leaf" : "condition";
  if (!Array.isArray(term) || term.length !== 3) throw valueError(env.version === 17 ? `Invalid leaf ${pyRepr(term)}` : `Invalid term ${pyRepr(term)}`);
  const [path, rawOperator, operand] = term as [unknown, unknown, unknown];
  if ((path === 1 || path === 0) && rawOperator === "=" && operand === 1) { const truth = path === 1; return () => truth; }
  const operator = typeof rawOperator === "string" ? rawOperator.toLowerCase() : "";
  if (typeof path !== "string" || !OPERATORS.has(operator)) {
    throw valueError(env.version === 17 ? `Invalid leaf ${leafRepr(term)}` : `Invalid operator in condition ${leafRepr(term)}`);
  }
  const parts = path.split(".");
  // Validate the path up front, as Odoo does.
  let current = model;
  for (const [index, part] of parts.entries()) {
    const field = fieldsOf(env, current)[part];
    if (!field) throw valueError(`Invalid field ${current.name}.${part} in ${where} ${leafRepr(term)}`);
    if (index < parts.length - 1) {
      const next = field.relation ? env.models[field.relation] : undefined;
      if (!next) throw valueError(`Invalid field ${current.name}.${part} in ${where} ${leafRepr(term)}`);
      current = next;
    }
  }
  const negative = NEGATIVE.has(operator);
  const positive = POSITIVE_OF[operator] ?? operator;
  return (row) => {
    const { field, model: owner, values } = pathValues(env, model, row, parts);
    const hit = values.some((value) => matches(env, owner, field, value, positive, operand));
    return negative ? !hit : hit;
  };
}

// The values a dotted path reaches from a row (several through x2many), with the last field.
function pathValues(env: Env, model: ModelDef, row: Row, parts: string[]): { field: FieldDef; model: ModelDef; values: unknown[] } {
  let rows: Row[] = [row];
  let current = model;
  for (const [index, part] of parts.entries()) {
    const field = fieldOf(env, current, part);
    const raw = rows.map((r) => fieldValue(env, current, r, part));
    if (index === parts.length - 1) {
      const values = field.type === "one2many" || field.type === "many2many" ? raw.flatMap((v) => (Array.isArray(v) && v.length ? v : [false])) : raw;
      return { field, model: current, values: values.length ? values : [false] };
    }
    const relation = field.relation ?? "";
    const ids = raw.flatMap((v) => (Array.isArray(v) ? v : v ? [v] : [])) as number[];
    rows = ids.map((id) => browse(env, relation, id)).filter((r): r is Row => Boolean(r));
    current = getModel(env, relation);
  }
  return { field: fieldOf(env, model, "id"), model, values: [false] };
}

const isEmpty = (v: unknown) => v === false || v === null || v === undefined;

function likeRegex(pattern: string, wrap: boolean, insensitive: boolean): RegExp {
  const body = pattern.split("").map((c) => (c === "%" ? ".*" : c === "_" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${wrap ? ".*" : ""}${body}${wrap ? ".*" : ""}$`, insensitive ? "is" : "s");
}

function matches(env: Env, owner: ModelDef, field: FieldDef, value: unknown, operator: string, operand: unknown): boolean {
  const relational = field.type === "many2one" || field.type === "one2many" || field.type === "many2many";
  const label = relational && typeof value === "number" ? displayName(env, field.relation ?? "", browse(env, field.relation ?? "", value) ?? { id: value }) : value;
  const compared = relational && (typeof operand === "string" || (Array.isArray(operand) && typeof operand[0] === "string")) ? label : value;
  switch (operator) {
    case "=": case "==": return operand === false || operand === null ? isEmpty(value) : compared === operand;
    case "=?": return isEmpty(operand) ? true : compared === operand;
    case ">": case ">=": case "<": case "<=": {
      if (isEmpty(value) || isEmpty(operand)) return false;
      const a = value as number | string, b = operand as number | string;
      return operator === ">" ? a > b : operator === ">=" ? a >= b : operator === "<" ? a < b : a <= b;
    }
    case "in": {
      const list = Array.isArray(operand) ? operand : [operand];
      return list.some((item) => (item === false || item === null ? isEmpty(value) : item === compared));
    }
    case "like": case "ilike": case "=like": case "=ilike": {
      if (isEmpty(label)) return false;
      return likeRegex(String(operand), !operator.startsWith("="), operator.includes("ilike")).test(String(label));
    }
    case "child_of": case "parent_of": {
      const target = field.type === "integer" ? owner : getModel(env, field.relation ?? "");
      const roots = (Array.isArray(operand) ? operand : [operand]).filter((v): v is number => typeof v === "number");
      const family = operator === "child_of" ? descendants(env, target, roots) : ancestors(env, target, roots);
      return typeof value === "number" && family.has(value);
    }
    case "any": {
      if (typeof value !== "number") return false;
      const sub = getModel(env, field.relation ?? "");
      const row = browse(env, sub.name, value);
      return Boolean(row) && compileDomain(env, sub, operand)(row as Row);
    }
    default: return false;
  }
}

function descendants(env: Env, model: ModelDef, roots: number[]): Set<number> {
  const parent = model.parentField ?? "parent_id";
  const result = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const row of table(env, model.name).values()) {
      if (!result.has(row.id) && typeof row[parent] === "number" && result.has(row[parent] as number)) { result.add(row.id); grew = true; }
    }
  }
  return result;
}

function ancestors(env: Env, model: ModelDef, roots: number[]): Set<number> {
  const parent = model.parentField ?? "parent_id";
  const result = new Set<number>();
  for (let id of roots) {
    while (typeof id === "number" && !result.has(id)) {
      result.add(id);
      id = browse(env, model.name, id)?.[parent] as number;
    }
  }
  return result;
}

// ---------------------------------------------------------------- search and read

export function search(env: Env, model: ModelDef, domain: unknown, options: { offset?: unknown; limit?: unknown; order?: unknown } = {}): number[] {
  checkAccess(env, model, "read");
  const predicate = compileDomain(env, model, domain);
  const mentionsActive = Array.isArray(domain) && domain.some((t) => Array.isArray(t) && t[0] === "active");
  const activeTest = "active" in fieldsOf(env, model) && env.context.active_test !== false && !mentionsActive;
  let rows = [...table(env, model.name).values()].filter((row) => (!activeTest || row.active !== false) && predicate(row));
  rows = sortRows(env, model, rows, typeof options.order === "string" && options.order ? options.order : model.order ?? "id");
  const offset = typeof options.offset === "number" ? options.offset : 0;
  const limit = typeof options.limit === "number" ? options.limit : undefined;
  return rows.slice(offset, limit === undefined ? undefined : offset + limit).map((row) => row.id);
}

function sortRows(env: Env, model: ModelDef, rows: Row[], order: string): Row[] {
  const keys = order.split(",").map((part) => part.trim().split(/\s+/)).filter((p) => p[0]).map(([name, dir]) => {
    const field = fieldOf(env, model, name ?? "id");
    return { name: name ?? "id", field, desc: (dir ?? "").toLowerCase() === "desc" };
  });
  const keyOf = (row: Row, name: string, field: FieldDef) => {
    const value = fieldValue(env, model, row, name);
    if (field.type === "many2one" && typeof value === "number") return displayName(env, field.relation ?? "", browse(env, field.relation ?? "", value) ?? { id: value });
    return value;
  };
  return [...rows].sort((a, b) => {
    for (const { name, field, desc } of keys) {
      const x = keyOf(a, name, field), y = keyOf(b, name, field);
      if (x === y) continue;
      if (isEmpty(x)) return 1; // NULLS LAST
      if (isEmpty(y)) return -1;
      const cmp = typeof x === "string" && typeof y === "string" ? x.localeCompare(y) : (x as number) < (y as number) ? -1 : 1;
      return desc ? -cmp : cmp;
    }
    return 0;
  });
}

export function read(env: Env, model: ModelDef, ids: number[], fields: unknown, load: unknown = "_classic_read"): Record<string, unknown>[] {
  checkAccess(env, model, "read");
  const all = fieldsOf(env, model);
  const names = Array.isArray(fields) && fields.length ? (fields as string[]) : Object.keys(all);
  for (const name of names) if (!all[name]) throw invalidField(env, model.name, name);
  const classic = load === "_classic_read" || load === undefined;
  const rows = table(env, model.name);
  return ids.filter((id) => rows.has(id)).map((id) => {
    const row = rows.get(id) as Row;
    const out: Record<string, unknown> = { id };
    for (const name of names) {
      if (name === "id") continue;
      const field = all[name] as FieldDef;
      const value = fieldValue(env, model, row, name);
      if (field.type === "many2one" && classic && typeof value === "number") {
        const target = browse(env, field.relation ?? "", value);
        out[name] = [value, target ? displayName(env, field.relation ?? "", target) : ""];
      } else {
        out[name] = value;
      }
    }
    return out;
  });
}

// ---------------------------------------------------------------- create, write, unlink

export function create(env: Env, model: ModelDef, valsList: Record<string, unknown>[]): number[] {
  checkAccess(env, model, "create");
  const ids: number[] = [];
  for (const vals of valsList) {
    if (!vals || typeof vals !== "object" || Array.isArray(vals)) throw typeError("create() expects a dict or a list of dicts");
    const fields = fieldsOf(env, model);
    for (const name of Object.keys(vals)) if (!fields[name]) throw invalidField(env, model.name, name);
    const id = env.db.nextId[model.name] ?? 1;
    env.db.nextId[model.name] = id + 1;
    const stamp = now();
    const row: Row = { id, create_date: stamp, write_date: stamp };
    rowModel.set(row, model.name);
    for (const [name, field] of Object.entries(fields)) {
      if (field.compute || field.type === "one2many" || name in AUTO_FIELDS) continue;
      if (!(name in vals) && field.default) row[name] = field.default(env);
    }
    table(env, model.name).set(id, row);
    assign(env, model, row, vals);
    model.onCreate?.(env, row);
    checkRow(env, model, row);
    ids.push(id);
  }
  return ids;
}

export function write(env: Env, model: ModelDef, ids: number[], vals: Record<string, unknown>): true {
  checkAccess(env, model, "write");
  if (!vals || typeof vals !== "object" || Array.isArray(vals)) throw typeError("write() expects a dict");
  const fields = fieldsOf(env, model);
  for (const name of Object.keys(vals)) if (!fields[name]) throw invalidField(env, model.name, name);
  const rows = existing(env, model, ids);
  for (const row of rows) {
    assign(env, model, row, vals);
    row.write_date = now();
    checkRow(env, model, row);
  }
  return true;
}

export function unlink(env: Env, model: ModelDef, ids: number[]): true {
  checkAccess(env, model, "unlink");
  existing(env, model, ids);
  model.beforeUnlink?.(env, ids);
  const rows = table(env, model.name);
  for (const id of ids) rows.delete(id);
  // Cascade one2many children whose inverse pointed here (order lines, moves).
  for (const field of Object.values(fieldsOf(env, model))) {
    if (field.type !== "one2many" || !field.relation || !field.inverse) continue;
    const children = table(env, field.relation);
    for (const [id, child] of children) if (ids.includes(child[field.inverse] as number)) children.delete(id);
  }
  return true;
}

function existing(env: Env, model: ModelDef, ids: number[]): Row[] {
  const rows = table(env, model.name);
  const missing = ids.filter((id) => !rows.has(id));
  if (missing.length) throw missingError(model.name, missing, env.uid);
  return ids.map((id) => rows.get(id) as Row);
}

function checkRow(env: Env, model: ModelDef, row: Row): void {
  for (const [name, field] of Object.entries(fieldsOf(env, model))) {
    if (field.required && isEmpty(row[name])) throw requiredFieldError(env.version, model.description, model.name, field.string, name);
  }
  model.check?.(env, row);
}

function assign(env: Env, model: ModelDef, row: Row, vals: Record<string, unknown>): void {
  const fields = fieldsOf(env, model);
  for (const [name, value] of Object.entries(vals)) {
    const field = fields[name] as FieldDef;
    if (name in AUTO_FIELDS || field.compute) continue; // Odoo ignores writes to computed, non-inverse fields
    if (field.type === "one2many") { applyOne2many(env, field, row.id, value); continue; }
    if (field.type === "many2many") { row[name] = applyMany2many(Array.isArray(row[name]) ? (row[name] as number[]) : [], value); continue; }
    if (field.type === "many2one") {
      const id = Array.isArray(value) ? value[0] : value;
      if (isEmpty(id)) { row[name] = false; continue; }
      if (typeof id !== "number") throw valueError(`Wrong value for ${model.name}.${name}: ${pyRepr(value)}`);
      row[name] = id;
      continue;
    }
    if (field.type === "selection" && !isEmpty(value) && field.selection && !field.selection.some(([key]) => key === value)) {
      throw valueError(`Wrong value for ${model.name}.${name}: ${pyRepr(value)}`);
    }
    if ((field.type === "integer" || field.type === "float" || field.type === "monetary") && isEmpty(value)) { row[name] = 0; continue; }
    row[name] = value === null ? false : value;
  }
}

function commands(value: unknown): unknown[][] {
  if (isEmpty(value)) return [[5, 0, 0]];
  if (!Array.isArray(value)) throw valueError(`Wrong x2many value: ${pyRepr(value)}`);
  if (value.every((v) => typeof v === "number")) return [[6, 0, value]];
  return value.map((command) => {
    if (!Array.isArray(command) || typeof command[0] !== "number") throw valueError(`Wrong x2many command: ${pyRepr(command)}`);
    return command;
  });
}

function applyOne2many(env: Env, field: FieldDef, ownerId: number, value: unknown): void {
  const comodel = getModel(env, field.relation ?? "");
  const inverse = field.inverse ?? "";
  const linked = () => [...table(env, comodel.name).values()].filter((r) => r[inverse] === ownerId).map((r) => r.id);
  for (const [code, id, data] of commands(value) as [number, unknown, unknown][]) {
    if (code === 0) create(env, comodel, [{ ...(data as Record<string, unknown>), [inverse]: ownerId }]);
    else if (code === 1) write(env, comodel, [id as number], data as Record<string, unknown>);
    else if (code === 2 || code === 3) unlink(env, comodel, [id as number]);
    else if (code === 4) write(env, comodel, [id as number], { [inverse]: ownerId });
    else if (code === 5) { const ids = linked(); if (ids.length) unlink(env, comodel, ids); }
    else if (code === 6) {
      const keep = new Set(Array.isArray(data) ? (data as number[]) : []);
      const drop = linked().filter((x) => !keep.has(x));
      if (drop.length) unlink(env, comodel, drop);
      if (keep.size) write(env, comodel, [...keep], { [inverse]: ownerId });
    } else throw valueError(`Unknown x2many command ${code}`);
  }
}

function applyMany2many(current: number[], value: unknown): number[] {
  let ids = [...current];
  for (const [code, id, data] of commands(value) as [number, unknown, unknown][]) {
    if (code === 3 || code === 2) ids = ids.filter((x) => x !== id);
    else if (code === 4 && typeof id === "number" && !ids.includes(id)) ids.push(id);
    else if (code === 5) ids = [];
    else if (code === 6) ids = Array.isArray(data) ? [...(data as number[])] : [];
    else if (code === 0 || code === 1) throw valueError("Commands 0 and 1 on many2many are not supported by the test server");
  }
  return ids;
}

// ---------------------------------------------------------------- fields_get, name_search, load

export function fieldsGet(env: Env, model: ModelDef, allfields: unknown, attributes: unknown): Record<string, Record<string, unknown>> {
  const wanted = Array.isArray(attributes) && attributes.length ? new Set(attributes as string[]) : undefined;
  const names = Array.isArray(allfields) && allfields.length ? new Set(allfields as string[]) : undefined;
  const result: Record<string, Record<string, unknown>> = {};
  for (const [name, field] of Object.entries(fieldsOf(env, model))) {
    if (names && !names.has(name)) continue;
    const description: Record<string, unknown> = {
      type: field.type, string: field.string, required: Boolean(field.required), readonly: Boolean(field.readonly || field.compute),
      store: !field.compute, sortable: !field.compute, searchable: true, name,
    };
    if (field.relation) description.relation = field.relation;
    if (field.inverse) description.relation_field = field.inverse;
    if (field.selection) description.selection = field.selection;
    result[name] = wanted ? Object.fromEntries(Object.entries(description).filter(([key]) => wanted.has(key))) : description;
  }
  return result;
}

export function nameSearch(env: Env, model: ModelDef, name: unknown, domain: unknown, operator: unknown, limit: unknown): [number, string][] {
  const base = Array.isArray(domain) ? domain : [];
  const op = typeof operator === "string" ? operator : "ilike";
  const recName = model.recName ?? "name";
  const nameDomain = typeof name === "string" && name
    ? ("default_code" in model.fields ? ["|", ["default_code", op, name], [recName, op, name]] : [[recName, op, name]])
    : [];
  const ids = search(env, model, [...base, ...nameDomain], { limit: typeof limit === "number" ? limit : 100 });
  return ids.map((id) => [id, displayName(env, model.name, browse(env, model.name, id) as Row)]);
}

// load(fields, data): an import. An "id" column holds external ids ("module.name", or a bare name
// under "__import__"): the record is updated when the id exists, created otherwise, together with
// its ir.model.data row. "field/id" columns resolve many2one values by external id, ".id" by id.
// A failing row rolls the whole import back and answers {ids: false, messages: [...]}, as Odoo does.
export function load(env: Env, model: ModelDef, columns: unknown, data: unknown): { ids: number[] | false; messages: Record<string, unknown>[]; nextrow: number } {
  if (!Array.isArray(columns) || !Array.isArray(data)) throw typeError("load() needs fields and data lists");
  checkAccess(env, model, "create");
  const snapshot = structuredClone(env.db);
  let rowIndex = 0;
  try {
    return loadRows(env, model, columns as string[], data as unknown[][], (index) => { rowIndex = index; });
  } catch (error) {
    if (!(error instanceof Error) || !("odooName" in error)) throw error;
    Object.assign(env.db, snapshot);
    return { ids: false, messages: [{ type: "error", message: error.message, record: rowIndex, rows: { from: rowIndex, to: rowIndex } }], nextrow: 0 };
  }
}

function loadRows(env: Env, model: ModelDef, names: string[], data: unknown[][], at: (index: number) => void): { ids: number[] | false; messages: Record<string, unknown>[]; nextrow: number } {
  const ids: number[] = [];
  for (const [rowIndex, rawRow] of data.entries()) {
    at(rowIndex);
    const vals: Record<string, unknown> = {};
    let xmlid: string | undefined;
    let dbId: number | undefined;
    for (const [index, column] of names.entries()) {
      const cell = Array.isArray(rawRow) ? rawRow[index] : undefined;
      if (column === "id") { xmlid = typeof cell === "string" && cell ? cell : undefined; continue; }
      if (column === ".id") { dbId = Number(cell); continue; }
      const [fieldName, suffix] = column.split("/") as [string, string | undefined];
      const field = fieldsOf(env, model)[fieldName];
      if (!field) throw valueError(`Unknown field '${column}'`);
      vals[fieldName] = convertCell(env, field, cell, suffix);
    }
    const existingId = dbId ?? (xmlid ? resolveXmlid(env, xmlid, model.name) : undefined);
    if (existingId !== undefined) {
      write(env, model, [existingId], vals);
      ids.push(existingId);
    } else {
      const [id] = create(env, model, [vals]);
      ids.push(id as number);
      if (xmlid) {
        const [module, name] = splitXmlid(xmlid);
        const stale = table(env, "ir.model.data");
        for (const [key, row] of stale) if (row.module === module && row.name === name) stale.delete(key);
        create(env, getModel(env, "ir.model.data"), [{ module, name, model: model.name, res_id: id }]);
      }
    }
  }
  return { ids, messages: [], nextrow: 0 };
}

function convertCell(env: Env, field: FieldDef, cell: unknown, suffix: string | undefined): unknown {
  if (cell === "" || cell === null || cell === undefined || cell === false) return false;
  if (field.type === "many2one") {
    if (suffix === "id") return resolveXmlid(env, String(cell), field.relation ?? "") ?? raiseMissingXmlid(String(cell));
    if (suffix === ".id") return Number(cell);
    const hits = nameSearch(env, getModel(env, field.relation ?? ""), String(cell), [], "=", 1);
    if (!hits[0]) throw valueError(`No matching record found for name '${String(cell)}' in field '${field.string}'`);
    return hits[0][0];
  }
  if (field.type === "integer") return Number.parseInt(String(cell), 10);
  if (field.type === "float" || field.type === "monetary") return Number.parseFloat(String(cell));
  if (field.type === "boolean") return typeof cell === "boolean" ? cell : ["1", "true", "yes"].includes(String(cell).toLowerCase());
  return cell;
}

function raiseMissingXmlid(xmlid: string): never {
  throw valueError(`No matching record found for external id '${xmlid}'`);
}

const splitXmlid = (xmlid: string): [string, string] =>
  xmlid.includes(".") ? [xmlid.slice(0, xmlid.indexOf(".")), xmlid.slice(xmlid.indexOf(".") + 1)] : ["__import__", xmlid];

export function resolveXmlid(env: Env, xmlid: string, model?: string): number | undefined {
  const [module, name] = splitXmlid(xmlid);
  for (const row of table(env, "ir.model.data").values()) {
    if (row.module === module && row.name === name && (!model || row.model === model)) {
      return browse(env, row.model as string, row.res_id) ? (row.res_id as number) : undefined;
    }
  }
  return undefined;
}

export function assertException(error: unknown): asserts error is OdooException {
  if (!(error instanceof Error) || !("odooName" in error)) throw error;
}
