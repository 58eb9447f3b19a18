// The Odoo record a task names, read live through the run's environment connection so the
// approver decides with the business record in view. Fields are labelled from fields_get (cached in
// OdooFieldsCache), binary and x2many noise left out, at most RECORD_FIELD_LIMIT of them. Every
// failure becomes a sentence: the decision must stay possible when Odoo cannot be reached.
import type { Db } from "../db/client.ts";
import { isAppError } from "../errors.ts";
import { logger } from "../log.ts";
import { createOdooClient } from "../odoo/client.server.ts";
import { OdooError } from "../odoo/errors.ts";
import { withConnectionGuard } from "../odoo/guard.server.ts";
import type { OdooFieldInfo } from "../odoo-meta/meta.ts";
import { describeMetaFailure, findMetaConnection, modelFields, type MetaConnection } from "../odoo-meta/odoo-meta.server.ts";
import type { TaskRecordRef } from "./types.ts";

export const RECORD_FIELD_LIMIT = 30;
const RECORD_TIMEOUT_MS = 8_000;

export type RecordField = { name: string; label: string; type: string; value: string };

export type LiveRecord =
  | { ok: true; ref: TaskRecordRef; environment: string; title: string; fields: RecordField[]; odooUrl: string }
  | { ok: false; ref: TaskRecordRef; message: string };

const SKIPPED_TYPES = new Set(["binary", "one2many", "many2many", "many2one_reference", "properties", "properties_definition", "json"]);
const SKIPPED_NAMES = new Set(["id", "display_name", "create_uid", "create_date", "write_uid", "write_date", "__last_update", "access_token", "access_url", "access_warning"]);
const SKIPPED_PREFIXES = ["message_", "activity_", "website_", "has_message", "rating_", "x_studio_"];

// The inbox refreshes every few seconds: a record read moments ago is shown again instead of
// asking Odoo each time (failures are not kept, so a recovered Odoo shows at once).
const FRESH_MS = 30_000;
const recent = new Map<string, { at: number; record: LiveRecord }>();

/** The record as the task's detail shows it, or why it cannot be shown. */
export async function readTaskRecord(db: Db, ref: TaskRecordRef, environmentId: string | null): Promise<LiveRecord> {
  const key = JSON.stringify([environmentId, ref.connection, ref.model, ref.id]);
  const cached = recent.get(key);
  if (cached && Date.now() - cached.at < FRESH_MS) return cached.record;
  const record = await readLive(db, ref, environmentId);
  for (const [old, entry] of recent) if (Date.now() - entry.at >= FRESH_MS) recent.delete(old);
  if (record.ok) recent.set(key, { at: Date.now(), record });
  return record;
}

async function readLive(db: Db, ref: TaskRecordRef, environmentId: string | null): Promise<LiveRecord> {
  let connection: MetaConnection | null = null;
  try {
    if (!environmentId) return { ok: false, ref, message: "This test run uses no environment, so the Odoo record cannot be read." };
    const environment = await db.environment.findUnique({ where: { id: environmentId }, select: { key: true } });
    if (!environment) return { ok: false, ref, message: "The run's environment no longer exists." };
    connection = await findMetaConnection(db, ref.connection, environment.key);
    const { fields } = await modelFields(db, connection, ref.model);
    const shown = fieldsWorthShowing(fields);
    const rows = await guarded(connection, (client) => client.call<Record<string, unknown>[]>(ref.model, "read", [[ref.id]], { fields: ["display_name", ...shown.map((field) => field.name)] }));
    const row = Array.isArray(rows) ? rows[0] : undefined;
    if (!row) return { ok: false, ref, message: `Odoo has no ${ref.model} record with id ${ref.id} (any more).` };
    return {
      ok: true, ref, environment: environment.key,
      title: typeof row.display_name === "string" ? row.display_name : `${ref.model} ${ref.id}`,
      fields: shown.filter((field) => field.name in row).map((field) => ({ name: field.name, label: field.string, type: field.type, value: formatValue(field, row[field.name]) })),
      odooUrl: `${connection.config.baseUrl.replace(/\/+$/, "")}/web#model=${encodeURIComponent(ref.model)}&id=${ref.id}&view_type=form`,
    };
  } catch (error) {
    return { ok: false, ref, message: failureMessage(ref, connection, error) };
  }
}

function guarded<T>(connection: MetaConnection, work: (client: ReturnType<typeof createOdooClient>) => Promise<T>): Promise<T> {
  const config = { ...connection.config, timeoutMs: Math.min(connection.config.timeoutMs ?? RECORD_TIMEOUT_MS, RECORD_TIMEOUT_MS) };
  const client = createOdooClient(config, connection.secret, { timeoutMs: config.timeoutMs });
  return withConnectionGuard({ id: connection.id, config }, () => work(client));
}

/** The fields an approver wants: names and required fields first, technical and bulky ones left out. */
export function fieldsWorthShowing(fields: OdooFieldInfo[]): OdooFieldInfo[] {
  const candidates = fields.filter(
    (field) => !SKIPPED_TYPES.has(field.type) && !SKIPPED_NAMES.has(field.name) && !SKIPPED_PREFIXES.some((prefix) => field.name.startsWith(prefix)),
  );
  const rank = (field: OdooFieldInfo) => (field.name === "name" ? 0 : field.required ? 1 : field.type === "many2one" || field.type === "selection" ? 2 : field.type === "html" || field.type === "text" ? 4 : 3);
  return candidates.sort((a, b) => rank(a) - rank(b) || a.string.localeCompare(b.string)).slice(0, RECORD_FIELD_LIMIT);
}

/** Odoo's values in words: false means empty (except for booleans), many2one is [id, name]. */
export function formatValue(field: Pick<OdooFieldInfo, "type" | "selection">, value: unknown): string {
  if (field.type === "boolean") return value ? "Yes" : "No";
  if (value === false || value === null || value === undefined || value === "") return "—";
  if (field.type === "many2one" && Array.isArray(value)) return String(value[1] ?? value[0]);
  if (field.type === "selection") return field.selection?.find(([key]) => key === value)?.[1] ?? String(value);
  if (field.type === "html") return String(value).replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim() || "—";
  if (typeof value === "number") return value.toLocaleString("en-GB", { maximumFractionDigits: 6 });
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function failureMessage(ref: TaskRecordRef, connection: MetaConnection | null, error: unknown): string {
  if (isAppError(error)) return error.userMessage;
  if (error instanceof OdooError && connection) return describeMetaFailure(connection, error).message;
  // OdooMetaError (fields_get failed) and the guard's "circuit open" carry sentences already.
  if (error instanceof Error && error.name !== "Error") return error.message;
  logger.warn({ err: error, ref }, "could not read a task's Odoo record");
  return "Odoo cannot be reached right now.";
}
