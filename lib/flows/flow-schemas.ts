// Inputs of the flow server actions (browser-safe): the dialogs check with the same schemas the
// actions parse with, whatever the browser sent.
import { z } from "zod";
import { ZFlowDefinition, type TFlowDefinition } from "./definition.ts";
import { formatPath, zodIssuesToFields, type FieldIssue } from "./action-result.ts";
import { validateFlow } from "./validate.ts";

/** Largest definition a draft save, publish or import accepts, as JSON text. A 2000-node flow with
 *  scripts stays well below; the limit stops a runaway sample payload from filling the table. */
export const MAX_DEFINITION_BYTES = 4 * 1024 * 1024;
/** Largest import file (the definition plus the envelope). */
export const MAX_IMPORT_BYTES = MAX_DEFINITION_BYTES + 64 * 1024;

export const ZFlowName = z.string().trim().min(1, "Enter a name").max(120, "Use at most 120 characters");
export const ZFlowDescription = z.string().trim().max(2000, "Use at most 2000 characters");
const ZFlowId = z.uuid("This flow id is not valid");
const ZRevision = z.number().int().positive();

export const ZCreateFlow = z.object({ name: ZFlowName, description: ZFlowDescription.default("") });
export type TCreateFlow = z.infer<typeof ZCreateFlow>;

/** `description` omitted = unchanged. */
export const ZRenameFlow = z.object({ flowId: ZFlowId, name: ZFlowName, description: ZFlowDescription.optional() });
export type TRenameFlow = z.infer<typeof ZRenameFlow>;

/** `name` omitted = "<name> (copy)". */
export const ZDuplicateFlow = z.object({ flowId: ZFlowId, name: ZFlowName.optional() });
export type TDuplicateFlow = z.infer<typeof ZDuplicateFlow>;

export const ZFlowRef = z.object({ flowId: ZFlowId });

/** The definition is checked separately (parseDefinitionShape) for its size and precise paths. */
export const ZSaveDraft = z.object({ flowId: ZFlowId, baseRevision: ZRevision, definition: z.unknown() });

export const ZPublishFlow = z.object({
  flowId: ZFlowId,
  baseRevision: ZRevision,
  note: z.string().trim().max(500, "Use at most 500 characters").default(""),
  /** Also release the new version to the first environment (Development). */
  release: z.boolean().optional(),
});
export type TPublishFlow = z.infer<typeof ZPublishFlow>;

export const ZRestoreVersion = z.object({ flowId: ZFlowId, number: z.number().int().positive(), baseRevision: ZRevision });
export type TRestoreVersion = z.infer<typeof ZRestoreVersion>;

export const ZImportFlow = z.object({
  json: z.string().min(1, "Choose a file").max(MAX_IMPORT_BYTES, `The file is larger than ${Math.round(MAX_IMPORT_BYTES / 1024 / 1024)} MB`),
  name: ZFlowName.optional(),
});
export type TImportFlow = z.infer<typeof ZImportFlow>;

export const ZListFlows = z.object({
  search: z.string().trim().max(200).optional(),
  includeArchived: z.boolean().optional(),
});

/**
 * The shape check drafts get: a draft may be an unfinished graph (analysts save work in progress),
 * but it must be a flow definition, and not a huge one. Paths in errors start at `prefix`.
 */
export function parseDefinitionShape(raw: unknown, prefix: readonly PropertyKey[] = ["definition"]):
  | { ok: true; definition: TFlowDefinition }
  | { ok: false; message: string; fields: FieldIssue[] } {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? "";
  } catch {
    return { ok: false, message: "The flow definition is not plain JSON.", fields: [{ path: prefix.join(".") || "definition", message: "Not plain JSON" }] };
  }
  const size = text.length;
  if (size > MAX_DEFINITION_BYTES) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return {
      ok: false,
      message: `The flow definition is ${mb(size)} MB; the limit is ${mb(MAX_DEFINITION_BYTES)} MB. Large sample payloads are the usual cause.`,
      fields: [{ path: prefix.join(".") || "definition", message: "Too large" }],
    };
  }
  const parsed = ZFlowDefinition.safeParse(raw);
  if (parsed.success) {
    // PostgreSQL's jsonb cannot hold the NUL character; say where it is instead of failing on save.
    const nul = text.includes("\\u0000") ? findNulCharacter(parsed.data, [...prefix]) : null;
    if (nul) {
      const path = zodIssuesToFields([{ path: nul, message: "" }])[0]?.path ?? "definition";
      return { ok: false, message: `The flow definition contains a NUL character (\\u0000) at ${path}; remove it.`, fields: [{ path, message: "Contains a NUL character" }] };
    }
    return { ok: true, definition: parsed.data };
  }
  // The validator words shape problems for analysts ("Step 2 "n2": position x must be a number").
  const issues = validateFlow(raw).issues.filter((issue) => issue.code === "invalid-definition");
  const fields = issues.length > 0
    ? issues.map((issue) => ({ path: formatPath([...prefix, ...(issue.path ?? [])]) || "definition", message: issue.message }))
    : zodIssuesToFields(parsed.error.issues, prefix);
  const first = fields[0];
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : "";
  return { ok: false, message: `The flow definition is malformed at ${first?.path}: ${first?.message}${more}.`, fields };
}

function findNulCharacter(value: unknown, path: PropertyKey[]): PropertyKey[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNulCharacter(item, [...path, index]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = findNulCharacter(key, [...path, key]) ?? findNulCharacter(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * URL-safe key from a name: "Maintenance parts – Ström" -> "maintenance-parts-strom". Used in webhook
 * paths, so it is fixed at creation (a rename keeps it).
 */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return slug || "flow";
}
