// Connections per environment (admin only): list, create, update, delete. The config (non-secret)
// is validated with the kind's zod schema; the secret is validated too, then sealed with the
// installation key bound to the row id (connectionSecretContext), so the row is inserted first and
// the secret written in the same transaction. The secret never leaves this module: lists carry
// `hasSecret` and a masked hint, audit events say "set", "replaced" or "cleared", never the value.
// A connection that a released version in its environment names cannot be renamed or deleted.
import type { z } from "zod";
import { appendAudit } from "../audit/audit.server.ts";
import { canonicalJson } from "../audit/canonical-json.ts";
import type { SessionUser } from "../auth/sign-in.server.ts";
import type { Db, DbTx } from "../db/client.ts";
import { AppError, type FieldIssue } from "../errors.ts";
import { zodIssuesToFields } from "../flows/action-result.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { encryptSecret } from "../secrets/crypto.server.ts";
import { definitionConnections } from "../flows/definition-connections.ts";
import { ZOdooConnectionConfig, ZOdooConnectionSecret } from "../odoo/connection.ts";
import { connectionSecretContext } from "../../runtime/engine/connections.ts";
import { ZHttpConnectionConfig, ZHttpConnectionSecret } from "../../runtime/http/connection.ts";
import { ZAmqpConnectionConfig, ZAmqpConnectionSecret, ZMqttConnectionConfig, ZMqttConnectionSecret } from "./broker-connection.ts";
import {
  CONNECTION_KINDS,
  ZConnectionName,
  type ConnectionKind,
  type ConnectionCircuitView,
  type ConnectionServerInfo,
  type ConnectionStatus,
  type ConnectionView,
  type TConnectionId,
  type TCreateConnection,
  type TUpdateConnection,
} from "./connection-types.ts";

type Actor = Pick<SessionUser, "id" | "email">;

export const CONNECTION_SCHEMAS: Record<ConnectionKind, { config: z.ZodType; secret: z.ZodType }> = {
  odoo: { config: ZOdooConnectionConfig, secret: ZOdooConnectionSecret },
  http: { config: ZHttpConnectionConfig, secret: ZHttpConnectionSecret },
  mqtt: { config: ZMqttConnectionConfig, secret: ZMqttConnectionSecret },
  amqp: { config: ZAmqpConnectionConfig, secret: ZAmqpConnectionSecret },
};

export function isConnectionKind(kind: string): kind is ConnectionKind {
  return (CONNECTION_KINDS as readonly string[]).includes(kind);
}

const STATUSES = new Set<ConnectionStatus>(["UNKNOWN", "OK", "AUTH_FAILED", "UNREACHABLE"]);
const SECRET_AUDIT_ACTIONS = ["connection.created", "connection.updated"];

/** Every connection of every environment (or one), ordered by name, without secrets. */
export async function listConnections(db: Db, options: { environmentId?: string; now?: Date } = {}): Promise<ConnectionView[]> {
  const rows = await db.connection.findMany({
    where: options.environmentId ? { environmentId: options.environmentId } : {},
    orderBy: [{ name: "asc" }],
    select: {
      id: true, environmentId: true, name: true, kind: true, config: true, secretEncrypted: true, status: true, statusMessage: true,
      checkedAt: true, serverInfo: true, createdAt: true,
    },
  });
  const secretSetAt = await secretTimes(db, rows.filter((row) => row.secretEncrypted).map((row) => row.id));
  const usage = await connectionUsage(db, [...new Set(rows.map((row) => row.environmentId))]);
  const circuits = await circuitViews(db, rows.map((row) => row.id));
  const now = options.now ?? new Date();
  return rows.map((row) => ({
    id: row.id,
    environmentId: row.environmentId,
    name: row.name,
    kind: row.kind,
    config: isRecord(row.config) ? row.config : {},
    hasSecret: Boolean(row.secretEncrypted),
    secretHint: row.secretEncrypted ? maskedHint(secretSetAt.get(row.id) ?? row.createdAt, now) : null,
    status: STATUSES.has(row.status as ConnectionStatus) ? (row.status as ConnectionStatus) : "UNKNOWN",
    statusMessage: row.statusMessage,
    checkedAt: row.checkedAt?.toISOString() ?? null,
    serverInfo: isRecord(row.serverInfo) ? (row.serverInfo as ConnectionServerInfo) : null,
    usedBy: usage.get(`${row.environmentId}:${row.name}`) ?? [],
    circuit: circuits.get(row.id) ?? null,
  }));
}

/** Breakers that are open, probing, or counting failures, by connection id. */
async function circuitViews(db: Db, connectionIds: string[]): Promise<Map<string, ConnectionCircuitView>> {
  const rows = await db.connectionCircuit.findMany({ where: { connectionId: { in: connectionIds }, OR: [{ state: { not: "CLOSED" } }, { failures: { gt: 0 } }] } });
  return new Map(
    rows.map((row) => [
      row.connectionId,
      { state: row.state as ConnectionCircuitView["state"], failures: row.failures, probeAt: row.probeAt?.toISOString() ?? null, lastError: row.lastError },
    ]),
  );
}

/** "•••• set 3 days ago" */
export function maskedHint(setAt: Date, now: Date): string {
  return `•••• set ${ago(setAt, now)}`;
}

const RELATIVE = new Intl.RelativeTimeFormat("en-GB", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [["year", 31_536_000], ["month", 2_592_000], ["week", 604_800], ["day", 86_400], ["hour", 3600], ["minute", 60]];

/** "just now", "5 minutes ago", "3 days ago". */
function ago(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 45) return "just now";
  const [unit, size] = UNITS.find(([, length]) => Math.abs(seconds) >= length) ?? ["minute", 60];
  return RELATIVE.format(Math.round(seconds / size), unit);
}

/** When each connection's secret was last set or replaced, from the audit log. */
async function secretTimes(db: Db, ids: string[]): Promise<Map<string, Date>> {
  const times = new Map<string, Date>();
  if (ids.length === 0) return times;
  const events = await db.auditEvent.findMany({
    where: { subjectType: "connection", subjectId: { in: ids }, action: { in: SECRET_AUDIT_ACTIONS } },
    orderBy: { seq: "asc" },
    select: { subjectId: true, createdAt: true, after: true },
  });
  for (const event of events) {
    const secret = isRecord(event.after) ? event.after.secret : undefined;
    if (event.subjectId && (secret === "set" || secret === "replaced")) times.set(event.subjectId, event.createdAt);
  }
  return times;
}

/** "<environmentId>:<connection name>" -> names of the flows whose released version there names it. */
export async function connectionUsage(db: Db | DbTx, environmentIds: string[]): Promise<Map<string, string[]>> {
  const usage = new Map<string, string[]>();
  if (environmentIds.length === 0) return usage;
  const releases = await db.release.findMany({
    where: { environmentId: { in: environmentIds } },
    select: { environmentId: true, flow: { select: { name: true } }, version: { select: { definition: true } } },
    orderBy: { flow: { name: "asc" } },
  });
  for (const release of releases) {
    for (const name of definitionConnections(release.version.definition)) {
      const key = `${release.environmentId}:${name}`;
      const flows = usage.get(key) ?? [];
      if (!flows.includes(release.flow.name)) flows.push(release.flow.name);
      usage.set(key, flows);
    }
  }
  return usage;
}

type Parsed = { name: string; config: Record<string, unknown>; secret: Record<string, unknown> | null };

/** Validates the name, and config and secret with the kind's schemas; every problem is a field (name, config.*, secret.*). */
export function parseConnectionInput(kind: ConnectionKind, input: { name: string; config: Record<string, unknown>; secret?: Record<string, string> | null }): Parsed {
  const schemas = CONNECTION_SCHEMAS[kind];
  const fields: FieldIssue[] = [];
  const name = ZConnectionName.safeParse(input.name);
  if (!name.success) fields.push(...zodIssuesToFields(name.error.issues, ["name"]));
  const { config, secret } = input;
  const parsedConfig = schemas.config.safeParse(config);
  if (!parsedConfig.success) fields.push(...zodIssuesToFields(parsedConfig.error.issues, ["config"]));
  let parsedSecret: Record<string, unknown> | null = null;
  const given = secret ? Object.fromEntries(Object.entries(secret).filter(([, value]) => value !== "")) : null;
  if (given && Object.keys(given).length > 0) {
    const result = schemas.secret.safeParse(given);
    if (!result.success) fields.push(...zodIssuesToFields(result.error.issues, ["secret"]).map(hideValues));
    else parsedSecret = result.data as Record<string, unknown>;
  }
  if (fields.length > 0) {
    const first = fields[0];
    throw new AppError("VALIDATION", fields.length === 1 && first ? `${first.message} (${first.path}).` : "Check the highlighted fields.", fields);
  }
  return { name: name.data as string, config: parsedConfig.data as Record<string, unknown>, secret: parsedSecret };
}

/** zod messages never quote input, but be sure a secret value cannot come back in one. */
function hideValues(issue: FieldIssue): FieldIssue {
  return { path: issue.path, message: issue.message.length > 200 ? "This value is not valid" : issue.message };
}

export async function createConnection(db: Db, actor: Actor, input: TCreateConnection): Promise<ConnectionView> {
  const { name, config, secret } = parseConnectionInput(input.kind, input);
  const id = await withNameConflict(name, () => db.$transaction(async (tx) => {
    const environment = await tx.environment.findUnique({ where: { id: input.environmentId }, select: { id: true, key: true } });
    if (!environment) throw new AppError("NOT_FOUND", "This environment does not exist (any more).");
    await assertNameFree(tx, environment.id, name);
    const created = await tx.connection.create({
      data: { environmentId: environment.id, name, kind: input.kind, config: config as Prisma.InputJsonValue },
      select: { id: true },
    });
    if (secret) await tx.connection.update({ where: { id: created.id }, data: { secretEncrypted: encryptSecret(secret, { context: connectionSecretContext(created.id) }) } });
    await appendAudit(tx, {
      actorId: actor.id, actorLabel: actor.email, action: "connection.created", subjectType: "connection", subjectId: created.id,
      after: { environment: environment.key, name, kind: input.kind, config, secret: secret ? "set" : "none" },
    });
    return created.id;
  }));
  return viewOf(db, id);
}

export async function updateConnection(db: Db, actor: Actor, input: TUpdateConnection): Promise<ConnectionView> {
  const existing = await db.connection.findUnique({ where: { id: input.connectionId }, include: { environment: { select: { key: true } } } });
  if (!existing) throw new AppError("NOT_FOUND", "This connection does not exist (any more).");
  if (!isConnectionKind(existing.kind)) throw new AppError("VALIDATION", `Connections of kind "${existing.kind}" cannot be edited here yet.`);
  const { name, config, secret } = parseConnectionInput(existing.kind, input);
  await withNameConflict(name, () => db.$transaction(async (tx) => {
    const renamed = name !== existing.name;
    if (renamed) {
      await assertNotInUse(tx, existing, "renamed");
      await assertNameFree(tx, existing.environmentId, name);
    }
    const secretChange = secret ? (existing.secretEncrypted ? "replaced" : "set") : input.clearSecret && existing.secretEncrypted ? "cleared" : null;
    const configChanged = canonicalJson(config) !== canonicalJson(existing.config);
    if (!renamed && !configChanged && !secretChange) return;
    const data: Prisma.ConnectionUpdateInput = { name, config: config as Prisma.InputJsonValue };
    if (secret) data.secretEncrypted = encryptSecret(secret, { context: connectionSecretContext(existing.id) });
    else if (secretChange === "cleared") data.secretEncrypted = null;
    // New settings or credentials: what the last test found no longer applies.
    if (configChanged || secretChange) Object.assign(data, { status: "UNKNOWN", statusMessage: null, checkedAt: null });
    await tx.connection.update({ where: { id: existing.id }, data });
    await appendAudit(tx, {
      actorId: actor.id, actorLabel: actor.email, action: "connection.updated", subjectType: "connection", subjectId: existing.id,
      before: { environment: existing.environment.key, name: existing.name, config: existing.config },
      after: { environment: existing.environment.key, name, config, ...(secretChange ? { secret: secretChange } : {}) },
    });
  }));
  return viewOf(db, existing.id);
}

export async function deleteConnection(db: Db, actor: Actor, input: TConnectionId): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const existing = await tx.connection.findUnique({ where: { id: input.connectionId }, include: { environment: { select: { key: true } } } });
    if (!existing) throw new AppError("NOT_FOUND", "This connection does not exist (any more).");
    await assertNotInUse(tx, existing, "deleted");
    await tx.odooFieldsCache.deleteMany({ where: { connectionId: existing.id } });
    await tx.connectionCircuit.deleteMany({ where: { connectionId: existing.id } });
    await tx.connection.delete({ where: { id: existing.id } });
    await appendAudit(tx, {
      actorId: actor.id, actorLabel: actor.email, action: "connection.deleted", subjectType: "connection", subjectId: existing.id,
      before: { environment: existing.environment.key, name: existing.name, kind: existing.kind, config: existing.config, secret: existing.secretEncrypted ? "set" : "none" },
    });
    return { id: existing.id };
  });
}

/** Two admins creating the same name at once: the unique index decides, and the loser is told why. */
async function withNameConflict<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002") throw nameTaken(name);
    throw error;
  }
}

function nameTaken(name: string): AppError {
  return new AppError("CONFLICT", `This environment already has a connection named "${name}".`, [{ path: "name", message: "This name is taken in this environment" }]);
}

async function assertNameFree(tx: DbTx, environmentId: string, name: string): Promise<void> {
  const taken = await tx.connection.findUnique({ where: { environmentId_name: { environmentId, name } }, select: { id: true } });
  if (taken) throw nameTaken(name);
}

async function assertNotInUse(tx: DbTx, connection: { environmentId: string; name: string; environment: { key: string } }, verb: "renamed" | "deleted"): Promise<void> {
  const flows = (await connectionUsage(tx, [connection.environmentId])).get(`${connection.environmentId}:${connection.name}`) ?? [];
  if (flows.length === 0) return;
  const list = flows.map((flow) => `"${flow}"`).join(", ");
  throw new AppError(
    "CONFLICT",
    `"${connection.name}" cannot be ${verb}: the released ${flows.length === 1 ? "version" : "versions"} of ${list} in ${connection.environment.key} ${flows.length === 1 ? "uses" : "use"} it. Release a version that no longer uses it first.`,
  );
}

async function viewOf(db: Db, id: string): Promise<ConnectionView> {
  const row = await db.connection.findUniqueOrThrow({ where: { id }, select: { environmentId: true } });
  const view = (await listConnections(db, { environmentId: row.environmentId })).find((connection) => connection.id === id);
  if (!view) throw new AppError("NOT_FOUND", "This connection does not exist (any more).");
  return view;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
