// Models and fields of an Odoo database for the designer's pickers: ir.model search_read (kept in
// memory per connection for a few minutes) and fields_get (kept in OdooFieldsCache; `refresh`
// fetches again and overwrites). Failures become sentences an analyst can act on: the connection
// is missing or incomplete, Odoo refused the credentials, Odoo cannot be reached.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { createOdooClient } from "../odoo/client.server.ts";
import { ZOdooConnectionConfig, ZOdooConnectionSecret, type TOdooConnectionConfig, type TOdooConnectionSecret } from "../odoo/connection.ts";
import { OdooError } from "../odoo/errors.ts";
import { decryptSecret } from "../secrets/crypto.server.ts";
import { connectionSecretContext } from "../../runtime/engine/connections.ts";
import { FIELD_ATTRIBUTES, normaliseFields, normaliseModels, type OdooFieldInfo, type OdooModelInfo } from "./meta.ts";

/** A connection as the pickers use it: the row, its environment, and its credentials. */
export type MetaConnection = {
  id: string;
  name: string;
  environment: string;
  updatedAt: Date;
  config: TOdooConnectionConfig;
  secret: TOdooConnectionSecret;
};

/** Odoo could not answer (credentials refused, unreachable, ...): shown as is, answered with 502. */
export class OdooMetaError extends Error {
  readonly code: "ODOO_AUTH" | "ODOO_UNREACHABLE" | "ODOO_ERROR";
  constructor(code: OdooMetaError["code"], message: string) {
    super(message);
    this.name = "OdooMetaError";
    this.code = code;
  }
}

const META_TIMEOUT_MS = 15_000;
const MODELS_TTL_MS = 5 * 60_000;
const modelsCache = new Map<string, { at: number; models: OdooModelInfo[] }>();

/**
 * The Odoo connection `name` of `environment` (its key or name), or of the first environment (by
 * position) that has one. NOT_FOUND / VALIDATION AppErrors say what is missing.
 */
export async function findMetaConnection(db: Db, name: string, environment?: string): Promise<MetaConnection> {
  const where = environment ? { name, environment: { OR: [{ key: environment }, { name: environment }] } } : { name };
  const row = await db.connection.findFirst({ where, orderBy: { environment: { position: "asc" } }, include: { environment: true } });
  if (!row) {
    throw new AppError(
      "NOT_FOUND",
      environment
        ? `The environment "${environment}" has no connection named "${name}". An admin can add it on the Environments page.`
        : `No environment has a connection named "${name}". An admin can add it on the Environments page.`,
    );
  }
  if (row.kind !== "odoo") throw new AppError("VALIDATION", `The connection "${name}" is a ${row.kind} connection, not an Odoo one.`);
  const config = ZOdooConnectionConfig.safeParse(row.config);
  if (!config.success) throw new AppError("VALIDATION", `The connection "${name}" is not set up completely: ${config.error.issues[0]?.message ?? "check its settings"}.`);
  if (!row.secretEncrypted) throw new AppError("VALIDATION", `The connection "${name}" has no API key or password yet. An admin can set it on the Environments page.`);
  let secretValue: unknown;
  try {
    secretValue = decryptSecret(row.secretEncrypted, { context: connectionSecretContext(row.id) });
  } catch {
    throw new AppError("VALIDATION", `The secret of the connection "${name}" cannot be read (the server key changed?). An admin can enter it again.`);
  }
  const secret = ZOdooConnectionSecret.safeParse(secretValue);
  if (!secret.success) throw new AppError("VALIDATION", `The connection "${name}" has no API key or password yet. An admin can set it on the Environments page.`);
  return { id: row.id, name: row.name, environment: row.environment.key, updatedAt: row.updatedAt, config: config.data, secret: secret.data };
}

/** A readable error for a failed metadata call. */
export function describeMetaFailure(connection: Pick<MetaConnection, "name" | "config">, error: unknown): Error {
  if (!(error instanceof OdooError)) return error instanceof Error ? error : new Error(String(error));
  const where = connection.config.baseUrl;
  switch (error.kind) {
    case "auth":
      return new OdooMetaError("ODOO_AUTH", `Odoo refused the credentials of the connection "${connection.name}" (${error.message}). Check its login and API key.`);
    case "transport":
    case "timeout": {
      const reason = error.kind === "timeout" ? "it did not answer in time" : error.httpStatus ? `it answered HTTP ${error.httpStatus}` : "the connection failed";
      return new OdooMetaError("ODOO_UNREACHABLE", `Odoo at ${where} cannot be reached (${reason}). Check that it is running and that its address is right.`);
    }
    case "permission":
      return new OdooMetaError("ODOO_ERROR", `The Odoo user of "${connection.name}" may not read this: ${error.message}`);
    case "not_found":
      return new AppError("NOT_FOUND", error.message);
    default:
      return new OdooMetaError("ODOO_ERROR", `Odoo answered with an error: ${error.message}`);
  }
}

function clientFor(connection: MetaConnection) {
  return createOdooClient(connection.config, connection.secret, { timeoutMs: Math.min(connection.config.timeoutMs ?? META_TIMEOUT_MS, META_TIMEOUT_MS) });
}

/** The models of the connection's database (technical name and label), cached in memory briefly. */
export async function listModels(connection: MetaConnection, options: { refresh?: boolean } = {}): Promise<OdooModelInfo[]> {
  const key = `${connection.id}:${connection.updatedAt.getTime()}`;
  const cached = modelsCache.get(key);
  if (cached && !options.refresh && Date.now() - cached.at < MODELS_TTL_MS) return cached.models;
  let rows: unknown;
  try {
    rows = await clientFor(connection).call("ir.model", "search_read", [[]], { fields: ["model", "name"], order: "model" });
  } catch (error) {
    throw describeMetaFailure(connection, error);
  }
  const models = normaliseModels(rows);
  for (const old of modelsCache.keys()) if (old.startsWith(`${connection.id}:`)) modelsCache.delete(old);
  modelsCache.set(key, { at: Date.now(), models });
  return models;
}

/** Forgets the cached model lists (tests). */
export function clearModelsCache(): void {
  modelsCache.clear();
}

/**
 * The fields of `model` from fields_get, kept in OdooFieldsCache. A cache entry older than the
 * connection's last change is fetched again; `refresh` always fetches and overwrites.
 */
export async function modelFields(db: Db, connection: MetaConnection, model: string, options: { refresh?: boolean } = {}): Promise<{ fields: OdooFieldInfo[]; fetchedAt: Date }> {
  if (!options.refresh) {
    const cached = await db.odooFieldsCache.findUnique({ where: { connectionId_model: { connectionId: connection.id, model } } });
    if (cached && cached.fetchedAt >= connection.updatedAt) return { fields: cached.fields as OdooFieldInfo[], fetchedAt: cached.fetchedAt };
  }
  let raw: unknown;
  try {
    raw = await clientFor(connection).call(model, "fields_get", [], { attributes: [...FIELD_ATTRIBUTES] });
  } catch (error) {
    throw describeMetaFailure(connection, error);
  }
  const fields = normaliseFields(raw);
  const fetchedAt = new Date();
  await db.odooFieldsCache.upsert({
    where: { connectionId_model: { connectionId: connection.id, model } },
    create: { connectionId: connection.id, model, fields, fetchedAt },
    update: { fields, fetchedAt },
  });
  return { fields, fetchedAt };
}
