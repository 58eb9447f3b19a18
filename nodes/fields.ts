// Building blocks shared by the node definitions: field schemas with their form hints, and the
// checks behind them (templates, cron, time zones, MQTT topic filters, ISO durations, Odoo domains).
// Every check returns a sentence an analyst understands, or null. Browser-safe, no dependencies
// beyond zod, so the editor, publish and the engine agree on what is valid.
import { z } from "zod";
import { describeSyntaxProblem, expressionSyntaxProblem, scriptSyntaxProblem } from "./script-syntax.ts";
import type { FieldMeta } from "./types.ts";

// ---------------------------------------------------------------------------------------------
// JavaScript: map scripts (function bodies) and expressions (conditions, switch values).

/** A zod refinement that reports the first syntax error with its line and column. */
export function refineJavaScript(kind: "script" | "expression") {
  return (text: string, ctx: z.RefinementCtx): void => {
    if (text.trim() === "") return;
    const found = kind === "script" ? scriptSyntaxProblem(text) : expressionSyntaxProblem(text);
    if (found) ctx.addIssue({ code: "custom", message: describeSyntaxProblem(found) });
  };
}

// ---------------------------------------------------------------------------------------------
// Templates: text with {{ expression }} placeholders, evaluated against the step input at run time.

/** Why a template cannot be evaluated (an unclosed or empty placeholder), or null. */
export function templateProblem(text: string): string | null {
  let from = 0;
  for (;;) {
    const open = text.indexOf("{{", from);
    if (open === -1) return null;
    const close = text.indexOf("}}", open + 2);
    if (close === -1) return `A "{{" placeholder is not closed with "}}"`;
    const expression = text.slice(open + 2, close);
    if (expression.trim() === "") return `A "{{ }}" placeholder is empty: put an expression inside, e.g. {{ input.id }}`;
    if (expression.includes("{{")) return `A "{{" placeholder is not closed with "}}" before the next one opens`;
    const syntax = expressionSyntaxProblem(expression);
    if (syntax) return `The placeholder {{${expression}}} is not a valid expression: ${syntax.message}`;
    from = close + 2;
  }
}

/** True if the text contains a {{ placeholder }} (its value is only known at run time). */
export function hasTemplate(text: string): boolean {
  return text.includes("{{");
}

/** Text with {{ expression }} placeholders. */
export function templateField(meta: FieldMeta & { title: string }, options: { required?: string; max?: number } = {}) {
  let schema = z.string().max(options.max ?? 10_000, `${meta.title} is too long`);
  if (options.required) schema = schema.min(1, options.required);
  return schema
    .superRefine((text, ctx) => {
      const problem = templateProblem(text);
      if (problem) ctx.addIssue({ code: "custom", message: `${meta.title}: ${problem}` });
    })
    .meta({ widget: "template", ...meta });
}

/** Checks every string inside a JSON value for broken placeholders, reporting the exact path. */
export function refineJsonTemplates(value: unknown, ctx: z.RefinementCtx, title: string, path: (string | number)[] = []): void {
  if (typeof value === "string") {
    const problem = templateProblem(value);
    if (problem) ctx.addIssue({ code: "custom", path, message: `${title}: ${problem}` });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => refineJsonTemplates(item, ctx, title, [...path, index]));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) refineJsonTemplates(item, ctx, title, [...path, key]);
  }
}

/** Any JSON value, edited in the JSON editor; strings may hold {{ placeholders }}. */
export function jsonTemplateField(meta: FieldMeta & { title: string }) {
  return z
    .unknown()
    .superRefine((value, ctx) => refineJsonTemplates(value, ctx, meta.title))
    .meta({ widget: "json", language: "json", ...meta });
}

/** A JSON object (e.g. Odoo values, kwargs); strings may hold {{ placeholders }}. */
export function jsonObjectField(meta: FieldMeta & { title: string }) {
  return z
    .record(z.string(), z.unknown(), { error: `${meta.title} must be a JSON object, e.g. { "name": "{{ input.name }}" }` })
    .superRefine((value, ctx) => refineJsonTemplates(value, ctx, meta.title))
    .meta({ widget: "json", language: "json", ...meta });
}

/** A JSON Schema the data must match (optional). Only its outer shape is checked here. */
export function jsonSchemaField(meta: FieldMeta & { title: string }) {
  return z
    .record(z.string(), z.unknown(), { error: `${meta.title} must be a JSON Schema object, e.g. { "type": "object" }` })
    .superRefine((schema, ctx) => {
      const type = schema.type;
      const known = ["object", "array", "string", "number", "integer", "boolean", "null"];
      const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
      for (const t of types) {
        if (typeof t !== "string" || !known.includes(t)) {
          ctx.addIssue({ code: "custom", path: ["type"], message: `${meta.title}: "type" must be one of ${known.join(", ")}` });
          return;
        }
      }
    })
    .optional()
    .meta({ widget: "json", language: "json", ...meta });
}

/** Header-style key/value rows; values may hold {{ placeholders }}. */
export function keyValueField(meta: FieldMeta & { title: string }, options: { headerNames?: boolean } = {}) {
  return z
    .record(z.string(), z.string({ error: `${meta.title}: every value must be text` }))
    .superRefine((rows, ctx) => {
      for (const [key, value] of Object.entries(rows)) {
        if (key.trim() === "") ctx.addIssue({ code: "custom", path: [key], message: `${meta.title}: a row has no name` });
        else if (options.headerNames && !HEADER_NAME.test(key))
          ctx.addIssue({ code: "custom", path: [key], message: `${meta.title}: "${key}" is not a valid header name (letters, digits and - only)` });
        const problem = templateProblem(value);
        if (problem) ctx.addIssue({ code: "custom", path: [key], message: `${meta.title} "${key}": ${problem}` });
      }
    })
    .default({})
    .meta({ widget: "keyvalue", ...meta });
}

// ---------------------------------------------------------------------------------------------
// Names and identifiers.

export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function headerNameField(meta: FieldMeta & { title: string }, fallback: string) {
  return z
    .string()
    .regex(HEADER_NAME, `${meta.title} must be a header name such as ${fallback} (letters, digits and - only)`)
    .default(fallback)
    .meta(meta);
}

/** A connection chosen by name; its settings and secrets live per environment, never in the flow. */
export function connectionField(connectionKind: string, meta: Partial<FieldMeta> = {}) {
  return z
    .string({ error: "Choose a connection" })
    .min(1, "Choose a connection")
    .max(64, "Connection names are at most 64 characters")
    .meta({
      title: "Connection",
      description: "Settings and secrets come from the environment the flow runs in.",
      widget: "connection",
      connectionKind,
      ...meta,
    });
}

/** A dotted path into the step input, e.g. body.order.id or items[0].sku. */
export const PATH_PATTERN = /^[A-Za-z_$][\w$]*(?:\[\d+\])*(?:\.[A-Za-z_$][\w$]*(?:\[\d+\])*)*$/;

export function pathField(meta: FieldMeta & { title: string }) {
  return z
    .string()
    .regex(PATH_PATTERN, `${meta.title} must be a path such as body.order.id`)
    .meta({ widget: "path", ...meta });
}

// ---------------------------------------------------------------------------------------------
// Time: durations, cron, time zones.

const ISO_DURATION = /^P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

/**
 * Milliseconds of an ISO 8601 duration (PT4H, P1DT12H, PT90S, P2W). Months and years are refused
 * because their length depends on the calendar; use days, or a "wait until" timestamp.
 */
export function parseIsoDuration(text: string): number | null {
  const match = ISO_DURATION.exec(text.trim());
  if (!match || /^PT?$/i.test(text.trim()) || /T$/i.test(text.trim())) return null;
  const [, w, d, h, m, s] = match.map((part) => (part === undefined ? 0 : Number(part.replace(",", "."))));
  return ((((w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (m ?? 0)) * 60_000 + (s ?? 0) * 1000;
}

export function isoDurationProblem(text: string): string | null {
  const trimmed = text.trim();
  const datePart = trimmed.toUpperCase().split("T")[0] ?? "";
  if (datePart.startsWith("P") && /\d[YM]/.test(datePart)) return "Months and years vary in length: use days (P30D) or weeks (P4W) instead";
  if (parseIsoDuration(trimmed) === null) return `"${text}" is not an ISO 8601 duration; examples: PT15M (15 minutes), PT4H, P1DT12H, P2W`;
  return null;
}

const CRON_MACROS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
type CronField = { name: string; min: number; max: number; names?: string[]; namesFrom?: number; question?: boolean };
const CRON_FIELDS: CronField[] = [
  { name: "Minute", min: 0, max: 59 },
  { name: "Hour", min: 0, max: 23 },
  { name: "Day of month", min: 1, max: 31, question: true },
  { name: "Month", min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  { name: "Day of week", min: 0, max: 7, names: WEEKDAYS, namesFrom: 0, question: true },
];
const SECOND_FIELD: CronField = { name: "Second", min: 0, max: 59 };

function cronValue(text: string, field: CronField): number | string {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return value < field.min || value > field.max ? `${field.name}: ${value} is out of range (${field.min}-${field.max})` : value;
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return index + (field.namesFrom ?? 0);
  return `${field.name}: "${text}" is not a number${field.names ? ` or a name like ${field.names[0]}` : ""}`;
}

function cronFieldProblem(text: string, field: CronField): string | null {
  if (text === "?" && field.question) return null;
  for (const item of text.split(",")) {
    if (item === "") return `${field.name}: a list has an empty entry ("${text}")`;
    const [range, step, extra] = item.split("/");
    if (extra !== undefined || range === undefined || range === "") return `${field.name}: "${item}" is not a value, range (1-5) or step (*/15)`;
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) < 1 || Number(step) > field.max))
      return `${field.name}: the step in "${item}" must be a number between 1 and ${field.max}`;
    if (range === "*") continue;
    const bounds = range.split("-");
    if (bounds.length > 2) return `${field.name}: "${item}" is not a value, range (1-5) or step (*/15)`;
    const values = bounds.map((bound) => cronValue(bound, field));
    const problem = values.find((value) => typeof value === "string");
    if (typeof problem === "string") return problem;
    if (values.length === 2 && (values[0] as number) > (values[1] as number)) return `${field.name}: the range "${item}" runs backwards`;
  }
  return null;
}

/** Why a cron expression is invalid, in words, or null. 5 fields, or 6 with seconds first. */
export function cronProblem(expression: string): string | null {
  const trimmed = expression.trim();
  if (trimmed === "") return "Enter a cron expression, e.g. */15 * * * * (every 15 minutes)";
  if (trimmed.startsWith("@")) return CRON_MACROS.has(trimmed.toLowerCase()) ? null : `Unknown shortcut "${trimmed}"; use @hourly, @daily, @weekly, @monthly or @yearly`;
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6)
    return `A cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; this one has ${parts.length}`;
  const fields = parts.length === 6 ? [SECOND_FIELD, ...CRON_FIELDS] : CRON_FIELDS;
  for (let i = 0; i < parts.length; i++) {
    const problem = cronFieldProblem(parts[i] as string, fields[i] as CronField);
    if (problem) return problem;
  }
  return null;
}

/** True for an IANA time zone the JavaScript runtime knows (Europe/Brussels, UTC, ...). */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === "" || zone !== zone.trim()) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function timeZoneField(meta: Partial<FieldMeta> = {}) {
  return z
    .string()
    .refine(isTimeZone, "Use an IANA time zone such as Europe/Brussels, America/Chicago or UTC")
    .meta({ title: "Time zone", widget: "timezone", placeholder: "Europe/Brussels", ...meta });
}

/** A wait: an ISO 8601 duration ("PT4H") or a number of `unit`s. */
export function durationField(meta: FieldMeta & { title: string }, unit: "seconds" | "minutes") {
  return z
    .union([
      z.number().positive(`${meta.title} must be more than 0 ${unit}`),
      z.string().superRefine((text, ctx) => {
        const problem = isoDurationProblem(text);
        if (problem) ctx.addIssue({ code: "custom", message: `${meta.title}: ${problem}` });
        else if (parseIsoDuration(text) === 0) ctx.addIssue({ code: "custom", message: `${meta.title} must be longer than zero` });
      }),
    ])
    .meta({ widget: "duration", unit: unit === "seconds" ? "s" : "min", ...meta });
}

/** Milliseconds of a duration field value (number of `unit`s or ISO 8601 text). */
export function durationMs(value: number | string, unit: "seconds" | "minutes"): number | null {
  if (typeof value === "number") return value * (unit === "seconds" ? 1000 : 60_000);
  return parseIsoDuration(value);
}

// ---------------------------------------------------------------------------------------------
// MQTT.

/** Why an MQTT topic filter is invalid (MQTT 3.1.1/5 wildcard rules), or null. */
export function mqttTopicFilterProblem(filter: string): string | null {
  if (filter === "") return "Enter a topic, e.g. plant/+/status or plant/#";
  if (new TextEncoder().encode(filter).length > 65_535) return "The topic is longer than MQTT allows (65,535 bytes)";
  if (filter.includes("\u0000")) return "The topic contains a null character";
  let rest = filter;
  if (filter.startsWith("$share/")) {
    const [, group, ...tail] = filter.split("/");
    if (!group || /[+#]/.test(group)) return "A shared subscription looks like $share/<group>/<topic>; the group name cannot be empty or contain + or #";
    if (tail.length === 0 || tail.join("/") === "") return "A shared subscription needs a topic after the group: $share/<group>/<topic>";
    rest = tail.join("/");
  }
  const levels = rest.split("/");
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as string;
    if (level.includes("#") && (level !== "#" || i !== levels.length - 1))
      return `"#" matches everything below a level, so it must be the last level on its own, e.g. plant/#`;
    if (level.includes("+") && level !== "+") return `"+" must fill a whole level, e.g. plant/+/status (not "${level}")`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Odoo.

export const ODOO_MODEL = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/;
export const ODOO_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ODOO_FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
export const ODOO_OPERATORS = [
  "=", "!=", ">", ">=", "<", "<=", "=?", "=like", "=ilike", "like", "not like", "ilike", "not ilike",
  "in", "not in", "child_of", "parent_of", "any", "not any",
] as const;

export function odooModelField(meta: Partial<FieldMeta> = {}) {
  return z
    .string({ error: "Model is required" })
    .min(1, "Model is required")
    .regex(ODOO_MODEL, "Use the technical model name, e.g. sale.order or maintenance.request")
    .meta({ title: "Model", placeholder: "maintenance.request", description: "Technical name of the Odoo model.", ...meta });
}

export function odooFieldsField(meta: Partial<FieldMeta> = {}) {
  return z
    .array(z.string().regex(ODOO_FIELD_PATH, "Field names look like name, partner_id or x_studio_code"))
    .superRefine((fields, ctx) => {
      const seen = new Set<string>();
      fields.forEach((field, index) => {
        if (seen.has(field)) ctx.addIssue({ code: "custom", path: [index], message: `Field "${field}" is listed twice` });
        seen.add(field);
      });
    })
    .meta({ title: "Fields", widget: "tags", placeholder: "name", description: "Fields to read; id is always included.", ...meta });
}

function domainTermProblem(term: unknown): string | null {
  if (!Array.isArray(term)) return `must be "&", "|", "!" or a condition ["field", "operator", value]`;
  if (term.length !== 3) return `a condition has three parts: ["field", "operator", value]`;
  const [field, operator, value] = term as [unknown, unknown, unknown];
  if (typeof field !== "string" || !ODOO_FIELD_PATH.test(field)) return `"${String(field)}" is not a field name (e.g. state or partner_id.country_id)`;
  if (typeof operator !== "string" || !(ODOO_OPERATORS as readonly string[]).includes(operator))
    return `"${String(operator)}" is not an Odoo operator (use =, !=, <, >, in, not in, ilike, child_of, ...)`;
  if ((operator === "in" || operator === "not in") && !Array.isArray(value) && !(typeof value === "string" && hasTemplate(value)))
    return `"${operator}" needs a list of values, e.g. ["draft", "sent"]`;
  if ((operator === "any" || operator === "not any") && !Array.isArray(value)) return `"${operator}" needs a domain as its value`;
  if (typeof value === "string") return templateProblem(value);
  return null;
}

/** Why a domain (Odoo prefix notation) is invalid: [path, message] pairs; empty when valid. */
export function odooDomainProblems(domain: readonly unknown[]): [(string | number)[], string][] {
  const problems: [(string | number)[], string][] = [];
  // Prefix notation: read right to left, counting the conditions each operator consumes.
  let operands = 0;
  for (let i = domain.length - 1; i >= 0; i--) {
    const item = domain[i];
    if (item === "&" || item === "|") {
      if (operands < 2) problems.push([[i], `"${item}" needs two conditions after it`]);
      else operands -= 1;
    } else if (item === "!") {
      if (operands < 1) problems.push([[i], `"!" needs a condition after it`]);
    } else {
      const problem = domainTermProblem(item);
      if (problem) problems.push([[i], `Condition ${i + 1}: ${problem}`]);
      operands += 1;
    }
  }
  return problems.reverse();
}

export function odooDomainField(meta: Partial<FieldMeta> = {}) {
  return z
    .array(z.unknown(), { error: `A domain is a JSON list, e.g. [["state", "=", "confirmed"]]` })
    .superRefine((domain, ctx) => {
      for (const [path, message] of odooDomainProblems(domain)) ctx.addIssue({ code: "custom", path, message: `Domain: ${message}` });
    })
    .default([])
    .meta({
      title: "Domain",
      widget: "domain",
      description: 'Odoo domain as JSON, e.g. [["state", "=", "confirmed"], ["company_id", "=", 1]]; empty means all records. Values may use {{ placeholders }}.',
      ...meta,
    });
}

/** Odoo context keys every call may set (language, time zone, companies). */
export const ZOdooContext = z
  .object({
    lang: z.string().regex(/^[a-z]{2,3}(?:_[A-Z]{2})?(?:@\w+)?$/, "Language codes look like en_US or fr_BE").optional().meta({ title: "Language", placeholder: "en_US" }),
    tz: timeZoneField({ title: "Time zone" }).optional(),
    companyIds: z
      .array(z.number().int().positive())
      .optional()
      .meta({ title: "Companies", widget: "tags", description: "Company ids the call works in (allowed_company_ids); the first is the current company." }),
  })
  .meta({ title: "Odoo context", advanced: true, description: "Sent as the context of the call." });

// ---------------------------------------------------------------------------------------------
// HTTP status ranges ("200-299", "404", "5xx").

export function statusRangeProblem(range: string): string | null {
  const inRange = (value: number) => value >= 100 && value <= 599;
  const xx = /^([1-5])xx$/i.exec(range);
  if (xx) return null;
  const match = /^(\d{3})(?:-(\d{3}))?$/.exec(range);
  if (!match) return `"${range}" is not a status, a range like 200-299 or a class like 5xx`;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (!inRange(from) || !inRange(to)) return `"${range}": HTTP statuses are between 100 and 599`;
  if (from > to) return `"${range}" runs backwards`;
  return null;
}

/** True if `status` falls in one of the ranges (for the executor). */
export function statusInRanges(status: number, ranges: readonly string[]): boolean {
  return ranges.some((range) => {
    const xx = /^([1-5])xx$/i.exec(range);
    if (xx) return Math.floor(status / 100) === Number(xx[1]);
    const [from, to = from] = range.split("-").map(Number);
    return from !== undefined && status >= from && status <= (to as number);
  });
}

export function statusRangesField(meta: FieldMeta & { title: string }, fallback: string[]) {
  return z
    .array(z.string())
    .superRefine((ranges, ctx) => {
      ranges.forEach((range, index) => {
        const problem = statusRangeProblem(range);
        if (problem) ctx.addIssue({ code: "custom", path: [index], message: `${meta.title}: ${problem}` });
      });
    })
    .default(fallback)
    .meta({ widget: "tags", ...meta });
}

/** A node's own retry policy for transient errors (overrides the flow's). */
export const ZRetryOverride = z
  .object({
    maxAttempts: z.number().int().min(1).max(50).meta({ title: "Attempts", description: "Including the first try." }),
    initialDelayMs: z.number().int().min(100).max(3_600_000).meta({ title: "First delay (ms)", description: "Doubles after each attempt, with jitter." }),
  })
  .optional()
  .meta({ title: "Retry", advanced: true, description: "Retries for transient failures (network, timeouts, 5xx). Defaults to the flow's policy." });
