// JSON Schema checks of trigger payloads (a webhook's payloadSchema, a manual start's inputSchema)
// with ajv + ajv-formats. A schema is compiled once per (version, node) and cached: versions are
// immutable, so the key never goes stale. Every failing path is reported, as a JSON Pointer
// ("/order/qty"), with a short reason; a missing property is reported at its own path.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { FieldIssue } from "../errors.ts";

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
addFormats(ajv);

const cache = new Map<string, ValidateFunction>();
const CACHE_LIMIT = 1000;

/** The schema cannot be compiled (the flow's fault, not the caller's). */
export class SchemaCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SchemaCompileError";
  }
}

/** The compiled validator for `schema`, cached under `cacheKey` (e.g. "<versionId>:<nodeId>"); no key, no cache. */
export function compilePayloadSchema(schema: Record<string, unknown>, cacheKey?: string): ValidateFunction {
  const cached = cacheKey ? cache.get(cacheKey) : undefined;
  if (cached) return cached;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new SchemaCompileError(`The JSON Schema cannot be used: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (cacheKey) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(cacheKey, validate);
  }
  return validate;
}

/** Every path where `value` breaks `schema`; empty when it matches. */
export function checkPayload(schema: Record<string, unknown>, value: unknown, cacheKey?: string): FieldIssue[] {
  const validate = compilePayloadSchema(schema, cacheKey);
  if (validate(value)) return [];
  const seen = new Set<string>();
  const fields: FieldIssue[] = [];
  for (const error of validate.errors ?? []) {
    const field = issueOf(error);
    const key = `${field.path}\u0000${field.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      fields.push(field);
    }
  }
  return fields;
}

function issueOf(error: ErrorObject): FieldIssue {
  const base = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const child = (name: unknown) => `${base}/${String(name).replaceAll("~", "~0").replaceAll("/", "~1")}`;
  if (error.keyword === "required") return { path: child(params.missingProperty), message: "is required" };
  if (error.keyword === "additionalProperties") return { path: child(params.additionalProperty), message: "is not allowed here" };
  if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    return { path: base || "/", message: `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}` };
  }
  return { path: base || "/", message: error.message ?? `fails "${error.keyword}"` };
}
