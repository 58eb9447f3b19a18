// A create that happens at most once, however often the step is retried. The ledger (OdooWrite) holds
// the step's key before Odoo is called; the record gets an external id derived from the run and step.
// - Simple values (text, numbers, booleans, dates, many2one ids, lists of ids) go through
//   `load(["id", ...], [[externalId, ...]])`: Odoo creates the record and its ir.model.data row in one
//   transaction, and a second load with the same external id updates that record instead of creating
//   another. So a retry after an unknown outcome (timeout after the commit) cannot duplicate it.
// - Values load cannot express (x2many commands, json) go through create(), then the external id is
//   created on ir.model.data; a retry looks the external id up first. Residual risk: if the first call
//   commits and the second never does (timeout or crash between the two), a retry creates a second
//   record. The window is one round trip. Creating ir.model.data rows needs an administrator; for
//   other users the record is kept without the marker (logged), i.e. without this protection.
// Once the outcome is known the ledger row is DONE, and a later try returns its ids without calling Odoo.
import { OdooError } from "../odoo/errors.ts";
import { BusinessError } from "../../runtime/engine/errors.ts";
import type { OdooWriteLedger } from "./ledger.server.ts";
import { loadRow } from "./load-row.ts";

/** The part of the Odoo client this module needs. */
export type OdooCaller = { call<T = unknown>(model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>): Promise<T> };

export type CreateOnceRequest = {
  key: string;
  connectionId: string;
  model: string;
  /** module.name */
  externalId: string;
  values: Record<string, unknown>;
  /** Sent as the context of the calls (lang, tz, allowed_company_ids). */
  context?: Record<string, unknown>;
  operation?: string;
};

/** `via`: how the id was found; "create-unmarked" = created, but the user may not set its external id. */
export type CreateOnceResult = { id: number; replayed: boolean; via: "ledger" | "load" | "create" | "create-unmarked" | "external-id" };

export async function createOnce(client: OdooCaller, ledger: OdooWriteLedger, request: CreateOnceRequest): Promise<CreateOnceResult> {
  const entry = await ledger.begin({ key: request.key, connectionId: request.connectionId, model: request.model, operation: request.operation ?? "create", externalId: request.externalId });
  const doneId = entry.status === "DONE" ? entry.resultIds?.[0] : undefined;
  if (doneId !== undefined) return { id: doneId, replayed: true, via: "ledger" };
  const created = await createWithExternalId(client, request, entry.externalId);
  await ledger.finish(request.key, [created.id]);
  return { ...created, replayed: false };
}

async function createWithExternalId(client: OdooCaller, request: CreateOnceRequest, externalId: string): Promise<{ id: number; via: CreateOnceResult["via"] }> {
  const types = await fieldTypes(client, request.model, Object.keys(request.values), request.context);
  const row = loadRow(request.values, types);
  if (row) return { id: await loadOne(client, request, externalId, row.columns, row.cells), via: "load" };
  const existing = await lookupExternalId(client, externalId, request.model);
  if (existing !== null) return { id: existing, via: "external-id" };
  const id = asId(await client.call<unknown>(request.model, "create", [request.values], kwargs(request.context)), request.model);
  const [module, name] = splitExternalId(externalId);
  try {
    await client.call("ir.model.data", "create", [{ module, name, model: request.model, res_id: id, noupdate: true }], kwargs(request.context));
  } catch (error) {
    // Only administrators may create external ids. The record exists: failing now would only make a
    // retry create it again, so the create stands without its marker (reported to the caller).
    if (error instanceof OdooError && error.kind === "permission") return { id, via: "create-unmarked" };
    throw error;
  }
  return { id, via: "create" };
}

/** Field name -> type, for the fields being written (fields_get). */
export async function fieldTypes(client: OdooCaller, model: string, fields: string[], context?: Record<string, unknown>): Promise<Record<string, string>> {
  const answer = await client.call<Record<string, { type?: unknown }>>(model, "fields_get", [], { allfields: fields, attributes: ["type"], ...kwargs(context) });
  const types: Record<string, string> = {};
  for (const [field, description] of Object.entries(answer ?? {})) if (typeof description?.type === "string") types[field] = description.type;
  return types;
}

async function loadOne(client: OdooCaller, request: CreateOnceRequest, externalId: string, columns: string[], cells: string[]): Promise<number> {
  // Named arguments, so JSON-2 takes them as they are. Import parses datetimes in the context's time zone; the step's values are UTC, like create()'s.
  const context = { ...(request.context ?? {}), tz: "UTC" };
  const answer = await client.call<{ ids?: unknown; messages?: unknown }>(request.model, "load", [], { fields: ["id", ...columns], data: [[externalId, ...cells]], context });
  const errors = loadErrors(answer?.messages);
  const ids = Array.isArray(answer?.ids) ? answer.ids : [];
  if (errors.length > 0 || typeof ids[0] !== "number")
    throw new BusinessError(`Odoo refused the new ${request.model} record: ${errors.join("; ") || "no record was created"}`, {
      code: "odoo-validation",
      details: { model: request.model, messages: errors },
    });
  return ids[0];
}

function loadErrors(messages: unknown): string[] {
  if (!Array.isArray(messages)) return [];
  return messages
    .filter((message): message is { type?: unknown; message?: unknown } => typeof message === "object" && message !== null)
    .filter((message) => message.type === "error")
    .map((message) => String(message.message ?? "error").trim());
}

/** The record id an external id points at, or null. */
export async function lookupExternalId(client: OdooCaller, externalId: string, model: string): Promise<number | null> {
  const [module, name] = splitExternalId(externalId);
  const rows = await client.call<{ res_id?: unknown; model?: unknown }[]>("ir.model.data", "search_read", [], {
    domain: [["module", "=", module], ["name", "=", name]],
    fields: ["res_id", "model"],
    limit: 1,
  });
  const row = rows?.[0];
  if (!row || typeof row.res_id !== "number" || row.res_id <= 0) return null;
  if (row.model !== model) throw new BusinessError(`The external id ${externalId} belongs to a ${String(row.model)} record, not ${model}`, { code: "odoo-external-id" });
  // The record may have been deleted since; only an existing record counts.
  const found = await client.call<number[]>(model, "search", [], { domain: [["id", "=", row.res_id]], limit: 1, context: { active_test: false } });
  return Array.isArray(found) && found.length > 0 ? row.res_id : null;
}

export function splitExternalId(externalId: string): [string, string] {
  const dot = externalId.indexOf(".");
  if (dot <= 0 || dot === externalId.length - 1) throw new BusinessError(`"${externalId}" is not an external id; they look like module.name`, { code: "odoo-external-id" });
  return [externalId.slice(0, dot), externalId.slice(dot + 1)];
}

function kwargs(context: Record<string, unknown> | undefined): Record<string, unknown> {
  return context && Object.keys(context).length > 0 ? { context } : {};
}

function asId(value: unknown, model: string): number {
  const id = Array.isArray(value) ? value[0] : value;
  if (typeof id !== "number") throw new BusinessError(`Odoo did not answer the id of the new ${model} record`, { code: "odoo-bad-answer" });
  return id;
}
