// The config form, described without React: a node kind's zod config schema goes through
// z.toJSONSchema({ io: "input" }) and comes out as a tree of FormFields the config panel renders.
// Form hints (`.meta({ title, widget, showWhen, advanced, ... })`, see nodes/types.ts FieldMeta)
// arrive as plain keys on the JSON schema nodes. Browser-safe; kept here so the schema walking,
// the value updates and the placement of validation issues are unit-testable.
//
// Terminology: a *field* is one control (or group of controls) bound to a *path* inside the
// node's config; *containers* (object, array, union) hold fields; everything else is a *leaf*.
import { z } from "zod";
import type { AnyNodeDefinition, FieldMeta } from "../../nodes/types.ts";
import type { FlowIssue } from "./definition.ts";

/** The subset of JSON Schema (draft 2020-12, as zod 4 writes it) the form understands. */
export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  [key: string]: unknown;
};

export type ConfigPath = (string | number)[];

type FieldBase = {
  /** Property name in the parent object ("" for the root and for array items). */
  key: string;
  title: string;
  description?: string;
  placeholder?: string;
  required: boolean;
  nullable: boolean;
  hasDefault: boolean;
  default?: unknown;
  advanced: boolean;
  showWhen?: { field: string; equals: unknown[] };
  /** The widget the schema asked for (`.meta({ widget })`), if any. */
  widget?: string;
};

export type SelectOption = { value: string | number | boolean | null; label: string };

export type FormField =
  | (FieldBase & { kind: "text" | "textarea" | "template" | "cron" | "path" | "timezone"; minLength?: number; maxLength?: number; pattern?: string; format?: string })
  | (FieldBase & { kind: "duration"; valueType: "string" | "number" | "either"; unit: "ms" | "s" | "min" })
  | (FieldBase & { kind: "number"; integer: boolean; minimum?: number; maximum?: number })
  | (FieldBase & { kind: "switch" })
  | (FieldBase & { kind: "select"; options: SelectOption[] })
  | (FieldBase & { kind: "code"; language: "javascript" | "json" })
  | (FieldBase & { kind: "json"; shape?: "object" | "array" })
  | (FieldBase & { kind: "connection"; connectionKind?: string })
  | (FieldBase & { kind: "domain" })
  | (FieldBase & { kind: "keyvalue"; value: FormField })
  | (FieldBase & { kind: "object"; fields: FormField[] })
  | (FieldBase & { kind: "array"; item: FormField; minItems?: number; maxItems?: number })
  | (FieldBase & { kind: "tags"; itemType: "string" | "number" | "integer"; maxItems?: number })
  /** A discriminated union: a control for the discriminator, then the chosen variant's fields.
   *  `common` are the fields every variant declares alike (shown when no variant is chosen yet). */
  | (FieldBase & { kind: "union"; discriminator: string; common: FormField[]; variants: UnionVariant[] })
  /** A value of one of several scalar types (a switch case value: text, number or true/false). */
  | (FieldBase & { kind: "scalar"; types: ("string" | "number" | "boolean")[] })
  /** A list of values picked from a fixed set (checkboxes). */
  | (FieldBase & { kind: "multiselect"; options: SelectOption[] })
  | (FieldBase & { kind: "const"; value: unknown })
  | (FieldBase & { kind: "unsupported"; reason: string });

/** `fields` are all of the variant's fields but the discriminator, in declared order; the
 *  discriminator control goes before `fields[discriminatorIndex]`. */
export type UnionVariant = { value: string | number | boolean; title: string; description?: string; fields: FormField[]; discriminatorIndex: number };

export type FieldKind = FormField["kind"];

/** Widgets the panel draws. Besides FieldMeta's list: "path" (a dotted path into the step input),
 *  "timezone" (IANA zone) and "tags" (a list of short strings or numbers), used by nodes/fields.ts. */
export const WIDGETS = [
  "text", "textarea", "code", "json", "template", "select", "number", "switch", "connection", "cron", "keyvalue", "domain", "duration",
  "path", "timezone", "tags",
] as const;
export type Widget = (typeof WIDGETS)[number];
const WIDGET_SET = new Set<string>(WIDGETS);

// ---------------------------------------------------------------------------------------------
// Schema -> form

const formCache = new WeakMap<object, FormField>();

/** The form of a node kind's config (cached per schema object). */
export function formForDefinition(definition: Pick<AnyNodeDefinition, "config">): FormField {
  const cached = formCache.get(definition.config);
  if (cached) return cached;
  let form: FormField;
  try {
    form = schemaToForm(z.toJSONSchema(definition.config, { io: "input", unrepresentable: "any" }) as JsonSchema);
  } catch (error) {
    // A schema zod cannot describe still gets a form: the whole config as JSON.
    const reason = error instanceof Error ? error.message : String(error);
    form = { ...base({}, "", true, false), title: "Configuration", kind: "unsupported", reason };
  }
  formCache.set(definition.config, form);
  return form;
}

/** Turns a JSON schema (as z.toJSONSchema writes it) into the root FormField. */
export function schemaToForm(schema: JsonSchema): FormField {
  const defs = { ...(schema.definitions ?? {}), ...(schema.$defs ?? {}) };
  return toField(schema, "", true, defs, 0);
}

type Defs = Record<string, JsonSchema>;

function resolve(schema: JsonSchema, defs: Defs, depth = 0): JsonSchema {
  if (!schema.$ref || depth > 20) return schema;
  const name = schema.$ref.replace(/^#\/(\$defs|definitions)\//, "");
  const target = defs[name];
  if (!target) return schema;
  const { $ref: _ref, ...rest } = schema;
  // Keys beside a $ref (meta, default) win over the referenced schema's own.
  return { ...resolve(target, defs, depth + 1), ...rest };
}



function isNullSchema(s: JsonSchema): boolean {
  return s.type === "null" || (s.const === null && s.type === undefined);
}

function schemaTypes(s: JsonSchema): string[] {
  if (Array.isArray(s.type)) return s.type;
  return s.type ? [s.type] : [];
}

/** Merges the annotations of outer wrappers (anyOf [X, null] with a title) into the inner schema. */
function withOuterAnnotations(inner: JsonSchema, outer: JsonSchema): JsonSchema {
  const merged: JsonSchema = { ...inner };
  for (const key of ["title", "description", "default", "widget", "placeholder", "advanced", "showWhen", "language", "connectionKind", "enumLabels"]) {
    if (key in outer) merged[key] = outer[key];
  }
  return merged;
}

export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  if (!words) return "";
  const fixed = words.replace(/\b(id|url|http|json|api|mqtt|sku|uom)\b/g, (w) => (w === "id" ? "ID" : w.toUpperCase()));
  return fixed.charAt(0).toUpperCase() + fixed.slice(1);
}

export function singular(title: string): string {
  if (/ies$/i.test(title)) return title.replace(/ies$/i, "y");
  if (/(ss|us)$/i.test(title)) return title;
  if (/(ss|x|ch|sh)es$/i.test(title)) return title.replace(/es$/i, "");
  if (/s$/i.test(title)) return title.replace(/s$/i, "");
  return title;
}

/** The scalar types of a union of primitives, or null when anything else is in it. */
function scalarTypes(types: string[]): ("string" | "number" | "boolean")[] | null {
  const out = new Set<"string" | "number" | "boolean">();
  for (const t of types) {
    if (t === "string" || t === "boolean") out.add(t);
    else if (t === "number" || t === "integer") out.add("number");
    else return null;
  }
  return out.size > 1 ? [...out] : null;
}

function enumOptions(values: readonly unknown[], labels: unknown): SelectOption[] {
  const named = typeof labels === "object" && labels !== null ? (labels as Record<string, unknown>) : {};
  return values
    .filter((v): v is string | number | boolean | null => v === null || ["string", "number", "boolean"].includes(typeof v))
    .map((value) => {
      const label = named[String(value)];
      return { value, label: typeof label === "string" ? label : optionLabel(value) };
    });
}

function optionLabel(value: unknown): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return String(value);
  // Codes (GET, EUR) and operators stay as written; identifiers (read_group, upsert) read as words.
  if (!/[a-z]/.test(value as string) || !/^[A-Za-z][\w-]*$/.test(value as string)) return String(value);
  return humanize(String(value));
}

function base(schema: JsonSchema, key: string, required: boolean, nullable: boolean): FieldBase {
  const meta = schema as JsonSchema & FieldMeta;
  const hasDefault = "default" in schema;
  return {
    key,
    title: typeof meta.title === "string" ? meta.title : humanize(key),
    description: typeof meta.description === "string" ? meta.description : undefined,
    placeholder: typeof meta.placeholder === "string" ? meta.placeholder : undefined,
    // A field with a default may be left out: the schema fills it in.
    required: required && !hasDefault,
    nullable,
    hasDefault,
    default: hasDefault ? schema.default : undefined,
    advanced: meta.advanced === true,
    showWhen: isShowWhen(meta.showWhen) ? meta.showWhen : undefined,
    widget: typeof meta.widget === "string" ? meta.widget : undefined,
  };
}

function isShowWhen(value: unknown): value is { field: string; equals: unknown[] } {
  return typeof value === "object" && value !== null && typeof (value as { field?: unknown }).field === "string" && Array.isArray((value as { equals?: unknown }).equals);
}

function safeBound(n: unknown): number | undefined {
  return typeof n === "number" && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined;
}

/** Object-typed alternatives with one property that is a constant in each: a discriminated union. */
function findDiscriminator(options: JsonSchema[]): string | null {
  if (options.length < 2 || !options.every((o) => o.properties)) return null;
  const first = options[0]?.properties ?? {};
  for (const candidate of Object.keys(first)) {
    const values: unknown[] = [];
    let ok = true;
    for (const option of options) {
      const prop = option.properties?.[candidate];
      const value = prop ? constOf(prop) : undefined;
      if (value === undefined) {
        ok = false;
        break;
      }
      values.push(value);
    }
    if (ok && new Set(values.map((v) => JSON.stringify(v))).size === values.length) return candidate;
  }
  return null;
}

function constOf(schema: JsonSchema): string | number | boolean | undefined {
  const value = "const" in schema ? schema.const : Array.isArray(schema.enum) && schema.enum.length === 1 ? schema.enum[0] : undefined;
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : undefined;
}

/** allOf of objects (z.intersection, .and()) becomes one object, or one union with common fields. */
function mergeAllOf(parts: JsonSchema[], defs: Defs): JsonSchema {
  const resolved = parts.map((p) => resolve(p, defs));
  const unions = resolved.filter((p) => p.oneOf || p.anyOf);
  const objects = resolved.filter((p) => !(p.oneOf || p.anyOf));
  const common: JsonSchema = { type: "object", properties: {}, required: [] };
  for (const o of objects) {
    Object.assign(common.properties!, o.properties ?? {});
    common.required!.push(...(o.required ?? []));
  }
  if (unions.length !== 1) return common;
  const union = unions[0]!;
  const options = (union.oneOf ?? union.anyOf ?? []).map((option) => {
    const r = resolve(option, defs);
    return { ...r, properties: { ...common.properties, ...(r.properties ?? {}) }, required: [...common.required!, ...(r.required ?? [])] };
  });
  return { ...union, oneOf: options, anyOf: undefined };
}

function toField(raw: JsonSchema, key: string, required: boolean, defs: Defs, depth: number): FormField {
  let schema = resolve(raw, defs);
  let nullable = false;

  if (depth > 12) return { ...base(schema, key, required, nullable), kind: "unsupported", reason: "nested too deeply" };

  if (schema.allOf && schema.allOf.length > 0) {
    schema = withOuterAnnotations(mergeAllOf(schema.allOf, defs), stripAllOf(schema));
  }

  // Nullable wrappers: anyOf/oneOf [X, {type: "null"}] and type: [X, "null"].
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const nonNull = alternatives.filter((a) => !isNullSchema(resolve(a, defs)));
    if (nonNull.length < alternatives.length) nullable = true;
    if (nonNull.length === 1) {
      schema = withOuterAnnotations(resolve(nonNull[0]!, defs), schema);
    } else if (nonNull.length !== alternatives.length) {
      schema = { ...schema, anyOf: nonNull, oneOf: undefined };
    }
  }
  const types = schemaTypes(schema).filter((t) => t !== "null");
  if (schemaTypes(schema).includes("null")) nullable = true;

  const meta = schema as JsonSchema & FieldMeta;
  const b = base(schema, key, required, nullable);
  const widget = typeof schema.widget === "string" && WIDGET_SET.has(schema.widget) ? (schema.widget as Widget) : undefined;

  // Alternatives left after removing null.
  const options = schema.anyOf ?? schema.oneOf;
  if (options && options.length > 0) {
    const resolvedOptions = options.map((o) => resolve(o, defs));
    // A union of constants (z.union of literals) is a select.
    const consts = resolvedOptions.map(constOf);
    if (consts.every((c) => c !== undefined)) return { ...b, kind: "select", options: enumOptions(consts, schema.enumLabels) };
    const discriminator = findDiscriminator(resolvedOptions);
    if (discriminator && widget !== "json") {
      // Fields declared identically in every variant (z.intersection and shared keys) are common.
      const firstKeys = Object.keys(resolvedOptions[0]?.properties ?? {});
      const commonKeys = firstKeys.filter(
        (k) =>
          k !== discriminator &&
          resolvedOptions.every((o) => o.properties?.[k] !== undefined && deepEqual(o.properties[k], resolvedOptions[0]!.properties![k])),
      );
      const firstRequired = new Set(resolvedOptions[0]?.required ?? []);
      const common = commonKeys.map((k) => toField(resolvedOptions[0]!.properties![k]!, k, firstRequired.has(k), defs, depth + 1));
      const variants: UnionVariant[] = resolvedOptions.map((option) => {
        const requiredKeys = new Set(option.required ?? []);
        const entries = Object.entries(option.properties ?? {});
        const fields = entries
          .filter(([childKey]) => childKey !== discriminator)
          .map(([childKey, childSchema]) => toField(childSchema, childKey, requiredKeys.has(childKey), defs, depth + 1));
        const literal = resolve(option.properties![discriminator]!, defs);
        const value = constOf(literal)!;
        return {
          value,
          title: typeof option.title === "string" ? option.title : typeof literal.title === "string" ? literal.title : optionLabel(value),
          description: typeof option.description === "string" ? option.description : typeof literal.description === "string" ? literal.description : undefined,
          fields,
          discriminatorIndex: entries.findIndex(([k]) => k === discriminator),
        };
      });
      return { ...b, title: typeof schema.title === "string" ? schema.title : humanize(discriminator), kind: "union", discriminator, common, variants };
    }
    const scalar = scalarTypes(resolvedOptions.flatMap(schemaTypes));
    if (scalar && !widget && resolvedOptions.every((o) => !o.enum && !("const" in o))) return { ...b, kind: "scalar", types: scalar };
    if (widget) {
      const optionTypes = resolvedOptions.flatMap(schemaTypes);
      const leaf = leafFromWidget(b, widget, meta, optionTypes, { ...schema, anyOf: undefined, oneOf: undefined }, defs, depth);
      if (leaf) return leaf;
    }
    // Scalars of several types, or shapes we cannot tell apart: edit as JSON.
    return { ...b, kind: "json" };
  }

  if ("const" in schema) return { ...b, kind: "const", value: schema.const };

  if (Array.isArray(schema.enum)) return { ...b, kind: "select", options: enumOptions(schema.enum, schema.enumLabels) };

  if (widget) {
    const leaf = leafFromWidget(b, widget, meta, types, schema, defs, depth);
    if (leaf) return leaf;
  }

  const type = types.length === 1 ? types[0] : types.length === 0 ? undefined : "mixed";
  if (type === "mixed") {
    const scalar = scalarTypes(types);
    if (scalar) return { ...b, kind: "scalar", types: scalar };
  }
  switch (type) {
    case "string":
      return { ...b, kind: "text", minLength: schema.minLength, maxLength: schema.maxLength, pattern: schema.pattern, format: schema.format };
    case "number":
    case "integer":
      return numberField(b, schema, type === "integer");
    case "boolean":
      return { ...b, kind: "switch" };
    case "object": {
      if (schema.properties && Object.keys(schema.properties).length > 0) {
        const requiredKeys = new Set(schema.required ?? []);
        const fields = Object.entries(schema.properties).map(([childKey, child]) => toField(child, childKey, requiredKeys.has(childKey), defs, depth + 1));
        return { ...b, kind: "object", fields };
      }
      if (typeof schema.additionalProperties === "object") {
        const valueSchema = resolve(schema.additionalProperties, defs);
        if (schemaTypes(valueSchema).length === 1 && ["string", "number", "integer", "boolean"].includes(schemaTypes(valueSchema)[0]!)) {
          return { ...b, kind: "keyvalue", value: keyValueValue(valueSchema, defs, depth) };
        }
      }
      return { ...b, kind: "json", shape: "object" };
    }
    case "array": {
      const items = Array.isArray(schema.items) ? undefined : schema.items;
      if (!items || schema.prefixItems) return { ...b, kind: "json", shape: "array" };
      const itemSchema = resolve(items, defs);
      if (Array.isArray(itemSchema.enum)) return { ...b, kind: "multiselect", options: enumOptions(itemSchema.enum, schema.enumLabels ?? itemSchema.enumLabels) };
      const item = toField(items, "", true, defs, depth + 1);
      return { ...b, kind: "array", item, minItems: schema.minItems, maxItems: schema.maxItems };
    }
    case undefined:
      // z.unknown() / z.any(): anything JSON.
      return { ...b, kind: "json" };
    default:
      return { ...b, kind: "json" };
  }
}

function stripAllOf(schema: JsonSchema): JsonSchema {
  const { allOf: _a, ...rest } = schema;
  return rest;
}

function numberField(b: FieldBase, schema: JsonSchema, integer: boolean): FormField {
  const minimum = safeBound(schema.minimum) ?? (typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + (integer ? 1 : 0) : undefined);
  const maximum = safeBound(schema.maximum) ?? (typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum - (integer ? 1 : 0) : undefined);
  return { ...b, kind: "number", integer, minimum, maximum };
}

/** The value column of a key/value list: plain strings become templates (values may use {{ }}). */
function keyValueValue(valueSchema: JsonSchema, defs: Defs, depth: number): FormField {
  const field = toField(valueSchema, "", true, defs, depth + 1);
  if (field.kind === "text") return { ...field, kind: "template" };
  return field;
}

function leafFromWidget(
  b: FieldBase,
  widget: Widget,
  meta: JsonSchema & FieldMeta,
  types: string[],
  schema?: JsonSchema,
  defs?: Defs,
  depth = 0,
): FormField | null {
  switch (widget) {
    case "text":
    case "textarea":
    case "template":
    case "cron":
    case "path":
    case "timezone":
      return { ...b, kind: widget, minLength: schema?.minLength, maxLength: schema?.maxLength, pattern: schema?.pattern, format: schema?.format };
    case "code":
      return { ...b, kind: "code", language: meta.language === "json" ? "json" : "javascript" };
    case "json": {
      const shape = types.length === 1 && (types[0] === "object" || types[0] === "array") ? types[0] : undefined;
      return { ...b, kind: "json", shape };
    }
    case "connection":
      return { ...b, kind: "connection", connectionKind: typeof meta.connectionKind === "string" ? meta.connectionKind : undefined };
    case "domain":
      return { ...b, kind: "domain" };
    case "switch":
      return { ...b, kind: "switch" };
    case "number":
      return schema ? numberField(b, schema, types.includes("integer")) : null;
    case "duration": {
      const numeric = types.includes("number") || types.includes("integer");
      const text = types.includes("string");
      return { ...b, kind: "duration", valueType: numeric && text ? "either" : numeric ? "number" : "string", unit: durationUnit(b) };
    }
    case "keyvalue": {
      if (schema && typeof schema.additionalProperties === "object" && defs) {
        return { ...b, kind: "keyvalue", value: keyValueValue(resolve(schema.additionalProperties, defs), defs, depth) };
      }
      return { ...b, kind: "keyvalue", value: { ...base({}, "", true, false), kind: "template" } };
    }
    case "tags": {
      const items = schema && !Array.isArray(schema.items) && schema.items && defs ? resolve(schema.items, defs) : undefined;
      const itemTypes = items ? schemaTypes(items) : ["string"];
      const itemType = itemTypes.includes("integer") ? "integer" : itemTypes.includes("number") ? "number" : itemTypes.includes("string") ? "string" : null;
      if (!itemType) return null;
      return { ...b, kind: "tags", itemType, maxItems: schema?.maxItems };
    }
    case "select":
      // A select without an enum has nothing to offer: fall back to the type.
      return null;
  }
}

/**
 * The unit of a numeric duration. JSON Schema has no place for it, so it is read from the name
 * (timeoutMs, delaySeconds, waitMinutes), then from the title or help ("... in minutes").
 */
function durationUnit(b: FieldBase): "ms" | "s" | "min" {
  if (/(Ms|Millis(econds)?)$/.test(b.key)) return "ms";
  if (/(Seconds|Secs?)$/i.test(b.key)) return "s";
  if (/(Minutes|Mins?)$/i.test(b.key)) return "min";
  const words = `${b.title} ${b.description ?? ""} ${b.placeholder ?? ""}`;
  if (/\bminutes?\b/i.test(words)) return "min";
  if (/\bseconds?\b/i.test(words)) return "s";
  return "ms";
}

// ---------------------------------------------------------------------------------------------
// Walking

/** Every field of the form, containers first, with union variants and array items included. */
export function walkFields(root: FormField, visit: (field: FormField, trail: string[]) => void, trail: string[] = []): void {
  visit(root, trail);
  const here = [...trail, root.key || (trail.length === 0 ? "(root)" : "[]")];
  switch (root.kind) {
    case "object":
      for (const f of root.fields) walkFields(f, visit, here);
      break;
    case "array":
      walkFields(root.item, visit, here);
      break;
    case "keyvalue":
      walkFields(root.value, visit, here);
      break;
    case "union":
      for (const v of root.variants) for (const f of v.fields) walkFields(f, visit, [...here, String(v.value)]);
      break;
    default:
  }
}

/** The fields a union shows for its current value: the common ones, then the variant's own. */
export function unionFields(field: Extract<FormField, { kind: "union" }>, value: unknown): { variant: UnionVariant | undefined; fields: FormField[] } {
  const current = isRecord(value) ? value[field.discriminator] : undefined;
  const variant = field.variants.find((v) => v.value === current);
  return { variant, fields: variant ? variant.fields : field.common };
}

/** The child fields of an object-like field (object or union) for the given value. */
export function childFields(field: FormField, value: unknown): FormField[] {
  if (field.kind === "object") return field.fields;
  if (field.kind === "union") return unionFields(field, value).fields;
  return [];
}

/** Whether a field's `showWhen` condition holds, reading siblings (and their defaults). */
export function isFieldVisible(field: FormField, siblings: readonly FormField[], objectValue: unknown): boolean {
  if (!field.showWhen) return true;
  const { field: otherKey, equals } = field.showWhen;
  const other = siblings.find((f) => f.key === otherKey);
  let current = isRecord(objectValue) ? objectValue[otherKey] : undefined;
  if (current === undefined && other?.hasDefault) current = other.default;
  return equals.some((candidate) => deepEqual(candidate, current));
}

// ---------------------------------------------------------------------------------------------
// Values

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function getIn(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === "number" ? !Array.isArray(current) : !isRecord(current)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** An immutable update. `undefined` removes an object key (an optional field cleared). */
export function setIn(value: unknown, path: readonly (string | number)[], next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (typeof head === "number") {
    const list = Array.isArray(value) ? [...value] : [];
    list[head] = setIn(list[head], rest, next);
    return list;
  }
  const record = isRecord(value) ? { ...value } : {};
  const child = setIn(record[head], rest, next);
  if (child === undefined) delete record[head];
  else record[head] = child;
  return record;
}

/** The value a fresh field starts with; `undefined` for optional leaves without a default. */
export function initialValue(field: FormField): unknown {
  if (field.hasDefault) return structuredClone(field.default);
  switch (field.kind) {
    case "const":
      return field.value;
    case "object": {
      const out: Record<string, unknown> = {};
      for (const child of field.fields) {
        if (!child.required && !child.hasDefault && child.kind !== "const") continue;
        const v = initialValue(child);
        if (v !== undefined) out[child.key] = v;
      }
      return field.required || field.key === "" ? out : undefined;
    }
    case "union": {
      const variant = field.variants[0];
      if (!variant) return undefined;
      return variantValue(field, variant, undefined);
    }
    case "array": {
      if (!field.required) return field.key === "" ? [] : undefined;
      const n = field.minItems ?? 0;
      return Array.from({ length: n }, () => initialValue(field.item));
    }
    case "keyvalue":
      return field.required ? {} : undefined;
    case "tags":
    case "multiselect":
      return field.required ? [] : undefined;
    case "scalar":
      return field.required ? (field.types.includes("string") ? "" : field.types[0] === "number" ? 0 : false) : undefined;
    case "domain":
      return field.required ? [] : undefined;
    case "switch":
      return field.required ? false : undefined;
    case "select":
      return field.required ? field.options[0]?.value : undefined;
    case "text":
    case "textarea":
    case "template":
    case "cron":
    case "code":
    case "connection":
    case "path":
    case "timezone":
      return field.required ? "" : undefined;
    case "duration":
      return undefined;
    case "number":
      return field.required && field.minimum !== undefined ? field.minimum : undefined;
    case "json":
      if (!field.required) return undefined;
      return field.shape === "object" ? {} : field.shape === "array" ? [] : undefined;
    case "unsupported":
      return undefined;
  }
}

/** A union's value for a variant, keeping what the previous value had in fields of the same name and kind. */
export function variantValue(field: Extract<FormField, { kind: "union" }>, variant: UnionVariant, previous: unknown): Record<string, unknown> {
  const before = isRecord(previous) ? previous : {};
  const { fields: oldFields } = unionFields(field, previous);
  const out: Record<string, unknown> = { [field.discriminator]: variant.value };
  for (const child of variant.fields) {
    const old = oldFields.find((f) => f.key === child.key);
    if (old && old.kind === child.kind && before[child.key] !== undefined) {
      out[child.key] = before[child.key];
      continue;
    }
    if (!child.required && !child.hasDefault && child.kind !== "const") continue;
    const v = initialValue(child);
    if (v !== undefined) out[child.key] = v;
  }
  return out;
}

/**
 * A new array item. Items with a string `id` (switch cases, form fields) get one that is unique
 * in the list, since ids are referenced elsewhere (a switch case id is its output port).
 */
export function newArrayItem(field: Extract<FormField, { kind: "array" }>, existing: readonly unknown[]): unknown {
  const item = initialValue({ ...field.item, required: true });
  if (isRecord(item) && field.item.kind === "object" && field.item.fields.some((f) => f.key === "id" && (f.kind === "text" || f.kind === "template"))) {
    const taken = new Set(existing.map((e) => (isRecord(e) ? e.id : undefined)));
    const prefix = slug(singular(field.title)) || "item";
    let n = existing.length + 1;
    while (taken.has(`${prefix}-${n}`)) n++;
    item.id = `${prefix}-${n}`;
  }
  return item;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

// ---------------------------------------------------------------------------------------------
// Issues and focus

export function pathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}

/** `chain[i]` is the field at `path[i]` (an array's item for an index). */
export type Located = { path: ConfigPath; chain: FormField[] };

/**
 * The deepest visible field a config path points into. Leaves (code, JSON, key/value, domain...)
 * own everything below them; a hidden field's problems surface at its container.
 */
export function locateField(root: FormField, value: unknown, path: readonly (string | number)[]): Located {
  const chain: FormField[] = [];
  const at: ConfigPath = [];
  let field: FormField = root;
  let current: unknown = value;
  for (const segment of path) {
    if (field.kind === "object" || field.kind === "union") {
      const siblings = childFields(field, current);
      if (field.kind === "union" && segment === field.discriminator) {
        at.push(segment);
        break;
      }
      const child = siblings.find((f) => f.key === segment);
      if (!child || !isFieldVisible(child, siblings, current)) break;
      at.push(segment);
      chain.push(child);
      field = child;
      current = isRecord(current) ? current[segment] : undefined;
      continue;
    }
    if (field.kind === "array" && typeof segment === "number" && Array.isArray(current) && segment < current.length) {
      at.push(segment);
      chain.push(field.item);
      field = field.item;
      current = current[segment];
      continue;
    }
    break;
  }
  return { path: at, chain };
}

export type PlacedIssues = {
  /** Issues by the path (pathKey) of the field that shows them. */
  byField: Map<string, FlowIssue[]>;
  /** Issues no field can show (no path, or the whole config): shown above the form. */
  general: FlowIssue[];
  /** Whether any placed issue sits in an advanced field (the panel unfolds "Advanced" then). */
  inAdvanced: boolean;
  /** The objects (pathKey) whose "Advanced" fold holds a field with an issue. */
  advancedContainers: Set<string>;
};

/** The objects (pathKey) whose "Advanced" folds lie on the way to a located field. */
export function advancedContainersOf(located: Located): string[] {
  const out: string[] = [];
  located.chain.forEach((field, i) => {
    if (field.advanced) out.push(pathKey(located.path.slice(0, i)));
  });
  return out;
}

export function placeIssues(root: FormField, value: unknown, issues: readonly FlowIssue[]): PlacedIssues {
  const byField = new Map<string, FlowIssue[]>();
  const general: FlowIssue[] = [];
  const advancedContainers = new Set<string>();
  let inAdvanced = false;
  for (const issue of issues) {
    if (!issue.path || issue.path.length === 0) {
      general.push(issue);
      continue;
    }
    const located = locateField(root, value, issue.path);
    if (located.path.length === 0) {
      general.push(issue);
      continue;
    }
    for (const key of advancedContainersOf(located)) {
      inAdvanced = true;
      advancedContainers.add(key);
    }
    const k = pathKey(located.path);
    byField.set(k, [...(byField.get(k) ?? []), issue]);
  }
  return { byField, general, inAdvanced, advancedContainers };
}

/** An issue's message as shown under a field: prefixed with where inside the field, if deeper. */
export function issueText(issue: FlowIssue, fieldPath: readonly (string | number)[]): string {
  const rest = (issue.path ?? []).slice(fieldPath.length);
  if (rest.length === 0) return issue.message;
  // Messages usually name what they are about ("Header "Accept" ...", "Condition 2: ..."); list
  // positions are left to the message, which counts from 1 where the path counts from 0.
  const last = rest[rest.length - 1]!;
  if (typeof last === "number" || issue.message.includes(last)) return issue.message;
  const where = rest.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
  return `${where}: ${issue.message}`;
}

/** Kinds the panel has no control for (the contract test asserts every node kind has none). */
export function unsupportedFields(root: FormField): string[] {
  const out: string[] = [];
  walkFields(root, (field, trail) => {
    if (field.kind === "unsupported") out.push([...trail, field.key].filter(Boolean).join(".") + ` (${field.reason})`);
  });
  return out;
}
