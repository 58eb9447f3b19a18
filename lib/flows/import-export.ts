// The flow file: what export writes and import reads (browser-safe, so an import dialog can check a
// file before sending it). One JSON document:
//
//   { "format": "millwright.flow", "formatVersion": 1, "exportedAt": "...",
//     "flow": { "name", "slug", "description" }, "version": { "number", "note" }?,
//     "redacted": ["definition.nodes[2].config.password"]?, "definition": { ...TFlowDefinition } }
//
// Secrets never travel in it: flows name their connections and never hold credentials (those live
// encrypted per environment in Connection, webhook secrets in TriggerSecret). Export still drops any
// key that is named like a secret, defensively (a pasted sample payload, a future node kind), and
// lists what it dropped in `redacted` so nobody wonders where it went.
import { z } from "zod";
import { formatPath, zodIssuesToFields, type FieldIssue } from "./action-result.ts";
import { FLOW_SCHEMA_VERSION, type FlowIssue, type TFlowDefinition } from "./definition.ts";
import { MAX_IMPORT_BYTES, parseDefinitionShape } from "./flow-schemas.ts";
import { validateFlow } from "./validate.ts";

export const FLOW_FILE_FORMAT = "millwright.flow";
export const FLOW_FILE_FORMAT_VERSION = 1;

export type FlowFile = {
  format: typeof FLOW_FILE_FORMAT;
  formatVersion: typeof FLOW_FILE_FORMAT_VERSION;
  exportedAt: string;
  flow: { name: string; slug: string; description: string };
  version?: { number: number; note: string };
  redacted?: string[];
  definition: TFlowDefinition;
};

const ZFlowFileEnvelope = z.object({
  format: z.literal(FLOW_FILE_FORMAT),
  formatVersion: z.number().int().positive(),
  exportedAt: z.string().max(64).optional(),
  flow: z.object({
    name: z.string().trim().max(120).optional(),
    slug: z.string().max(120).optional(),
    description: z.string().max(2000).optional(),
  }).optional(),
  version: z.object({ number: z.number().int().positive(), note: z.string().max(500).optional() }).optional(),
  redacted: z.array(z.string().max(500)).max(10_000).optional(),
  definition: z.unknown(),
});

// Key names that smell like credentials, compared without case, "-", "_" or spaces:
// password, clientSecret, api_key, accessToken, Authorization, privateKey, ...
const SECRET_KEY = /(secret|password|passwd|passphrase|token|apikey|privatekey|authorization|credential)/;

export function isSecretLikeKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[-_\s]/g, ""));
}

/** A copy of the definition without secret-like keys in node configs and samples, and their paths. */
export function redactSecrets(definition: TFlowDefinition): { definition: TFlowDefinition; redacted: string[] } {
  const redacted: string[] = [];
  const nodes = definition.nodes.map((node, index) => {
    const at = ["definition", "nodes", index];
    const config = strip(node.config, [...at, "config"], redacted) as Record<string, unknown>;
    const copy = { ...node, config };
    if (node.sample !== undefined) copy.sample = strip(node.sample, [...at, "sample"], redacted);
    return copy;
  });
  return { definition: { ...definition, nodes }, redacted };
}

function strip(value: unknown, path: PropertyKey[], redacted: string[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => strip(item, [...path, i], redacted));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (isSecretLikeKey(key)) {
      redacted.push(formatPath([...path, key]));
      continue;
    }
    out[key] = strip(inner, [...path, key], redacted);
  }
  return out;
}

export function buildFlowFile(input: {
  flow: { name: string; slug: string; description: string };
  version?: { number: number; note: string };
  definition: TFlowDefinition;
  exportedAt: Date;
}): FlowFile {
  const { definition, redacted } = redactSecrets(input.definition);
  return {
    format: FLOW_FILE_FORMAT,
    formatVersion: FLOW_FILE_FORMAT_VERSION,
    exportedAt: input.exportedAt.toISOString(),
    flow: input.flow,
    ...(input.version ? { version: input.version } : {}),
    ...(redacted.length > 0 ? { redacted } : {}),
    definition,
  };
}

/** "maintenance-parts-reservation-v3.millwright.json" */
export function flowFileName(slug: string, versionNumber?: number): string {
  return `${slug}-${versionNumber ? `v${versionNumber}` : "draft"}.millwright.json`;
}

/** A FlowIssue plus where it is in the file, e.g. "definition.nodes[3].config.script". */
export type LocatedIssue = FlowIssue & { location: string };

export type ParsedFlowFile =
  | {
      ok: true;
      definition: TFlowDefinition;
      meta: { name?: string; slug?: string; description?: string; versionNumber?: number };
      /** Graph and config problems: the flow is imported, the analyst fixes these in the editor. */
      warnings: LocatedIssue[];
    }
  | { ok: false; message: string; fields: FieldIssue[]; issues: LocatedIssue[] };

/**
 * Reads a flow file (or a bare definition, as copied from the editor). Refuses what is not a flow
 * definition at all, with the exact location; accepts a well-formed definition whose graph or
 * configs still have problems, and returns those as warnings with their locations.
 * `connectionNames`: names to check references against (null = skip that check).
 */
export function parseFlowFile(json: string, options: { connectionNames?: ReadonlySet<string> | null } = {}): ParsedFlowFile {
  if (json.length > MAX_IMPORT_BYTES) {
    return refuse("file-too-large", `The file is larger than ${Math.round(MAX_IMPORT_BYTES / 1024 / 1024)} MB.`, []);
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return refuse("json-syntax", jsonSyntaxMessage(json), []);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return refuse("not-a-flow", "This is not a Millwright flow file: expected a JSON object.", []);
  }
  const top = data as Record<string, unknown>;
  let raw: unknown;
  let prefix: PropertyKey[];
  let meta: { name?: string; slug?: string; description?: string; versionNumber?: number } = {};
  if ("format" in top) {
    if (top.format !== FLOW_FILE_FORMAT) {
      return refuse("not-a-flow", `This is not a Millwright flow file: "format" is ${JSON.stringify(top.format)}, expected "${FLOW_FILE_FORMAT}".`, ["format"]);
    }
    if (typeof top.formatVersion === "number" && top.formatVersion > FLOW_FILE_FORMAT_VERSION) {
      return refuse("format-version", `This file was exported by a newer Millwright (format version ${top.formatVersion}); this one reads version ${FLOW_FILE_FORMAT_VERSION}.`, ["formatVersion"]);
    }
    const envelope = ZFlowFileEnvelope.safeParse(top);
    if (!envelope.success) return shapeRefusal(zodIssuesToFields(envelope.error.issues), "The file's header is malformed");
    if (!("definition" in top)) return refuse("not-a-flow", 'The file has no "definition".', ["definition"]);
    raw = envelope.data.definition;
    prefix = ["definition"];
    meta = {
      name: envelope.data.flow?.name || undefined,
      slug: envelope.data.flow?.slug || undefined,
      description: envelope.data.flow?.description,
      versionNumber: envelope.data.version?.number,
    };
  } else if ("schemaVersion" in top && "nodes" in top) {
    raw = top;
    prefix = [];
  } else {
    return refuse("not-a-flow", `This is not a Millwright flow file: expected "format": "${FLOW_FILE_FORMAT}".`, []);
  }

  const schemaVersion = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof schemaVersion === "number" && schemaVersion !== FLOW_SCHEMA_VERSION) {
    return refuse("schema-version", `The definition uses schema version ${schemaVersion}; this Millwright reads version ${FLOW_SCHEMA_VERSION}.`, [...prefix, "schemaVersion"]);
  }
  const shape = parseDefinitionShape(raw, prefix);
  if (!shape.ok) return shapeRefusal(shape.fields, "The flow definition is malformed");

  const validated = validateFlow(shape.definition, { connectionNames: options.connectionNames ?? null });
  const definition = validated.definition ?? shape.definition;
  const warnings = validated.issues.map((issue) => locate(issue, definition, prefix));
  return { ok: true, definition, meta, warnings };
}

// Issues whose `path` is inside the definition; the other node issues' paths are inside the config.
const DEFINITION_PATH_CODES = new Set(["invalid-definition", "duplicate-node-id", "duplicate-edge-id", "duplicate-note-id", "edge-unknown-source", "edge-unknown-target"]);

/** Where an issue from validateFlow sits in the file. */
function locate(issue: FlowIssue, definition: TFlowDefinition, prefix: PropertyKey[]): LocatedIssue {
  let path: PropertyKey[] = prefix;
  if (issue.path?.length && (DEFINITION_PATH_CODES.has(issue.code) || issue.nodeId === undefined)) {
    path = [...prefix, ...issue.path];
  } else if (issue.edgeId !== undefined && !issue.path?.length) {
    const index = definition.edges.findIndex((edge) => edge.id === issue.edgeId);
    if (index >= 0) path = [...prefix, "edges", index];
  } else if (issue.nodeId !== undefined) {
    const index = definition.nodes.findIndex((node) => node.id === issue.nodeId);
    if (index >= 0) path = [...prefix, "nodes", index, ...(issue.path?.length ? ["config", ...issue.path] : [])];
  }
  return { ...issue, location: formatPath(path) || "(file)" };
}

function refuse(code: string, message: string, path: PropertyKey[]): ParsedFlowFile {
  const location = formatPath(path) || "(file)";
  return { ok: false, message, fields: [{ path: location, message }], issues: [{ severity: "error", code, message, location }] };
}

function shapeRefusal(fields: FieldIssue[], lead: string): ParsedFlowFile {
  const first = fields[0];
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : "";
  return {
    ok: false,
    message: `${lead} at ${first?.path ?? "(file)"}: ${first?.message ?? "unexpected content"}${more}.`,
    fields,
    issues: fields.map((field) => ({ severity: "error", code: "shape", message: field.message, location: field.path })),
  };
}

/**
 * Where a text that JSON.parse refused goes wrong, as a sentence with line and column. Engines word
 * their errors differently and V8 often gives no position at all ("Unexpected token '}', ... is not
 * valid JSON"), so a small scanner finds the first error itself.
 */
export function jsonSyntaxMessage(text: string): string {
  const found = findJsonError(text);
  if (!found) return "The file is not valid JSON.";
  const { line, column } = lineAndColumn(text, found.position);
  return `The file is not valid JSON: ${found.reason} at line ${line}, column ${column}.`;
}

type JsonError = { position: number; reason: string };

/** The first syntax error in `text` (RFC 8259), or null when it is valid JSON. */
export function findJsonError(text: string): JsonError | null {
  let i = 0;
  const found = (ch: string | undefined) => (ch === undefined ? "the end of the file" : JSON.stringify(ch));
  const fail = (reason: string, position = i): never => {
    throw { jsonError: { position, reason } satisfies JsonError };
  };
  const skipSpace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const value = (depth: number): void => {
    if (depth > 10_000) fail("nesting too deep");
    skipSpace();
    const ch = text[i];
    if (ch === "{") return object(depth);
    if (ch === "[") return array(depth);
    if (ch === '"') return string();
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) return number();
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    fail(ch === undefined ? "unexpected end of the file: a value is missing" : `unexpected ${found(ch)}: expected a value`);
  };
  const object = (depth: number): void => {
    i++;
    skipSpace();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') fail(`expected a property name in double quotes, found ${found(text[i])}`);
      string();
      skipSpace();
      if (text[i] !== ":") fail(`expected ":" after the property name, found ${found(text[i])}`);
      i++;
      value(depth + 1);
      skipSpace();
      if (text[i] === "}") {
        i++;
        return;
      }
      if (text[i] !== ",") fail(`expected "," or "}" after a property value, found ${found(text[i])}`);
      const comma = i++;
      skipSpace();
      if (text[i] === "}") fail('a comma before "}" (trailing commas are not allowed in JSON)', comma);
    }
  };
  const array = (depth: number): void => {
    i++;
    skipSpace();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      value(depth + 1);
      skipSpace();
      if (text[i] === "]") {
        i++;
        return;
      }
      if (text[i] !== ",") fail(`expected "," or "]" after an array element, found ${found(text[i])}`);
      const comma = i++;
      skipSpace();
      if (text[i] === "]") fail('a comma before "]" (trailing commas are not allowed in JSON)', comma);
    }
  };
  const string = (): void => {
    const start = i++;
    for (;;) {
      const ch = text[i];
      if (ch === undefined) return fail("a string that is never closed", start);
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === "\\") {
        const escape = text[i + 1];
        if (escape === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("an invalid \\u escape in a string");
          i += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) fail(`an invalid escape ${found(`\\${escape ?? ""}`)} in a string`);
        i += 2;
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) fail(ch === "\n" ? "a line break inside a string (write \\n)" : "a control character inside a string");
      i++;
    }
  };
  const number = (): void => {
    const match = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    match.lastIndex = i;
    const result = match.exec(text);
    if (!result) fail("an invalid number");
    i += result![0].length;
  };
  try {
    value(0);
    skipSpace();
    if (i < text.length) fail(`unexpected ${found(text[i])} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (error && typeof error === "object" && "jsonError" in error) return (error as { jsonError: JsonError }).jsonError;
    throw error;
  }
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  return { line, column };
}
