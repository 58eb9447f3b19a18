// The "odoo-poll" task, run every minute by graphile-worker's crontab (and again sooner by itself
// when a trigger polls more often than that): starts the runs of released flows whose trigger is an
// Odoo trigger, for the records created or changed since the trigger's cursor
// (lib/odoo-trigger/cursor.ts has the cursor and event rules).
//
// Per due trigger: read its cursor, ask Odoo for the next `batchSize` records after it (outside any
// database transaction), then in ONE transaction lock the TriggerState row (FOR UPDATE), check the
// cursor is still the one the records were read after (another worker may have polled meanwhile:
// then this pass's records are dropped), accept one run per record (key
// "odoo:<model>:<id>:<cursor value>") or one per batch (key "odoo:<model>:batch:<from value>:<from id>"),
// and move the cursor to the last record read. A crash before the commit leaves the cursor where it
// was, so the next poll reads the same records again; after the commit the cursor has moved. The
// idempotency keys make a pass that runs twice start nothing twice.
//
// A new trigger (or one whose connection, model, domain or cursor field changed) starts from "now":
// the newest value of its cursor field in the model, read from Odoo; records changed before that
// never start a run. A new version with the same scope keeps the cursor, also after a withdrawal.
// Odoo errors: authentication marks the connection AUTH_FAILED (the connections page shows it), is
// logged, and pauses the trigger for 5 minutes (repeated logins would lock the account); anything
// else is logged and the trigger tries again after its interval. Either is noted on the trigger's
// state (lastError). Calls go through the connection's guard (limits and the shared circuit breaker).
//
// Schedule: the crontab runs a pass every minute; a pass that finds a trigger due before the next
// minute (pollIntervalSeconds below 60, or a full batch with more records waiting) adds one more
// pass at that time (same job key, at least 1 s apart).
import type { Task } from "graphile-worker";
import type { Logger } from "pino";
import { z } from "zod";
import type { Db } from "../../lib/db/client.ts";
import { createOdooClient } from "../../lib/odoo/client.server.ts";
import { ZOdooConnectionConfig, ZOdooConnectionSecret } from "../../lib/odoo/connection.ts";
import { OdooError } from "../../lib/odoo/errors.ts";
import { withConnectionGuard } from "../../lib/odoo/guard.server.ts";
import {
  EPOCH_CURSOR,
  batchKey,
  cursorOfRecord,
  isDue,
  nextDueAt,
  planPoll,
  pollDomain,
  pollFields,
  pollOrder,
  recordKey,
  sameScope,
  scopeOf,
  type OdooCursor,
  type OdooRecord,
  type OdooTriggerConfig,
  type OdooTriggerState,
} from "../../lib/odoo-trigger/cursor.ts";
import { acceptWithSql } from "../engine/accept.ts";
import { cachedVersion, compiledVersion, type CompiledFlow } from "../engine/compiled-flow.ts";
import { markConnectionsAuthFailed, parseConnection, resolveConnection } from "../engine/connections.ts";
import type { EngineIo } from "../engine/io.ts";
import { json, type Sql } from "../engine/sql.ts";

export const ODOO_POLL_TASK = "odoo-poll";

type ReleaseRow = { environmentId: string; flowId: string; versionId: string };
type Trigger = { nodeId: string; config: OdooTriggerConfig };
type StateRow = { versionId: string; state: OdooTriggerState };
export type PollSummary = { triggers: number; polled: number; started: number; duplicates: number; initialised: number; conflicts: number; failed: number };
export type PollResult = PollSummary & { nextDueAt: Date | null };
/** Searches Odoo with the trigger's connection (replaceable in tests). */
export type OdooSearch = (sql: Sql, environmentId: string, connectionName: string, model: string, args: unknown[], kwargs: Record<string, unknown>) => Promise<OdooRecord[]>;
export type PollOptions = {
  now: Date;
  log: Logger;
  search?: OdooSearch;
  /** The database the connection guard keeps its circuit breaker in (the worker's; default: the process's). */
  db?: Db;
  /** Tests: runs inside the transaction just before it commits (throw to simulate a crash). */
  beforeCommit?: () => Promise<void> | void;
};

const ZPayload = z.object({}).passthrough();
/** Self-scheduled passes never come closer together than this. */
const MIN_GAP_MS = 1_000;
/** The crontab's period: a trigger due before the next cron pass gets a pass of its own. */
const CRON_PERIOD_MS = 60_000;
/** After Odoo refused the credentials, the trigger waits this long before trying again. */
const AUTH_PAUSE_MS = 5 * 60_000;

export function odooPollTask(deps: { io: EngineIo; db: Db; log: Logger }): Task {
  return async (payload, helpers) => {
    ZPayload.parse(payload ?? {});
    const now = new Date();
    const result = await pollOdooTriggers(deps.io, { now, log: deps.log, db: deps.db });
    // Triggers polling more often than every minute (or with a backlog): one pass at their due time.
    if (result.nextDueAt && result.nextDueAt.getTime() < now.getTime() + CRON_PERIOD_MS) {
      const runAt = new Date(Math.max(result.nextDueAt.getTime(), Date.now() + MIN_GAP_MS));
      await helpers.addJob(ODOO_POLL_TASK, {}, { runAt, jobKey: ODOO_POLL_TASK, maxAttempts: 1 });
    }
  };
}

/** One pass over every released Odoo trigger; `now` is a parameter so tests control the clock. */
export async function pollOdooTriggers(io: EngineIo, options: PollOptions): Promise<PollResult> {
  const releases = await io.query<ReleaseRow>(
    `SELECT r."environmentId", r."flowId", r."versionId"
       FROM "Release" r JOIN "Flow" f ON f.id = r."flowId" JOIN "FlowVersion" v ON v.id = r."versionId"
      WHERE f."archivedAt" IS NULL AND v.definition->'nodes' @> '[{"kind": "odoo-trigger"}]'::jsonb`,
  );
  const result: PollResult = { triggers: 0, polled: 0, started: 0, duplicates: 0, initialised: 0, conflicts: 0, failed: 0, nextDueAt: null };
  const search = options.search ?? searchOdooWith(options.db);
  for (const release of releases) {
    const context = { environmentId: release.environmentId, flowId: release.flowId, versionId: release.versionId };
    const log = options.log.child(context);
    let trigger: Trigger | null = null;
    try {
      trigger = odooTriggerOf(await versionOf(io, release.versionId));
      if (!trigger) continue;
      result.triggers += 1;
      const outcome = await pollOne(io, release, trigger, { ...options, log, search });
      if (outcome.kind === "initialised") result.initialised += 1;
      if (outcome.kind === "conflict") result.conflicts += 1;
      if (outcome.kind === "polled") {
        result.polled += 1;
        result.started += outcome.started;
        result.duplicates += outcome.duplicates;
      }
      if (outcome.kind !== "not-due") log.debug({ outcome }, "odoo trigger polled");
    } catch (err) {
      result.failed += 1;
      await reportFailure(io, release, trigger, err, options.now, log);
    }
    if (trigger) result.nextDueAt = earliest(result.nextDueAt, await dueOf(io, release, trigger, options.now));
  }
  return result;
}

type Outcome = { kind: "not-due" } | { kind: "initialised"; cursor: OdooCursor } | { kind: "conflict" } | { kind: "polled"; started: number; duplicates: number; skipped: number; cursor: OdooCursor };
type Ctx = Omit<PollOptions, "search"> & { search: OdooSearch };

async function pollOne(io: EngineIo, release: ReleaseRow, trigger: Trigger, ctx: Ctx): Promise<Outcome> {
  const { config } = trigger;
  const scope = scopeOf(config);
  const read = await stateOf(io, release, trigger.nodeId);
  const state = read?.state ?? {};
  if (!isDue(state, config.pollIntervalSeconds, ctx.now)) return { kind: "not-due" };
  if (!state.cursor || !sameScope(state.scope, scope)) return initialise(io, release, trigger, read, ctx);

  const from = state.cursor;
  const records = await ctx.search(io, release.environmentId, config.connection, config.model, [pollDomain(config.domain, scope.cursorField, from)], {
    fields: pollFields(config, scope.cursorField),
    order: pollOrder(scope.cursorField),
    limit: config.batchSize,
    ...contextKwargs(config),
  });
  const plan = planPoll(records, config, scope.cursorField, from);

  return io.transaction(async (sql) => {
    const locked = await lockState(sql, release, trigger.nodeId);
    // Another pass moved the cursor (or the settings changed) since the records were read: its runs stand.
    if (!locked?.state.cursor || !sameCursor(locked.state.cursor, from) || !sameScope(locked.state.scope, scope)) return { kind: "conflict" } as const;
    let started = 0;
    let duplicates = 0;
    const accept = async (idempotencyKey: string, payload: unknown) => {
      const accepted = await acceptWithSql(sql, {
        flowId: release.flowId, versionId: release.versionId, environmentId: release.environmentId, mode: "LIVE",
        triggerNodeId: trigger.nodeId, triggerKind: "odoo", idempotencyKey, payload,
      });
      if (accepted.duplicate) duplicates += 1;
      else started += 1;
    };
    if (config.runPer === "batch") {
      if (plan.deliver.length) await accept(batchKey(config.model, from), { model: config.model, records: plan.deliver.map((item) => item.record) });
    } else {
      for (const { record, event } of plan.deliver) await accept(recordKey(config.model, record, scope.cursorField), { model: config.model, event, record });
    }
    const next: OdooTriggerState = { cursor: plan.cursor, scope, lastPollAt: ctx.now.toISOString(), backlog: records.length >= config.batchSize };
    await writeState(sql, release, trigger.nodeId, next);
    await ctx.beforeCommit?.();
    return { kind: "polled", started, duplicates, skipped: plan.skipped, cursor: plan.cursor } as const;
  });
}

/** A new trigger (or a new scope) starts after the newest record of the model: "now" in Odoo's time. */
async function initialise(io: EngineIo, release: ReleaseRow, trigger: Trigger, read: StateRow | null, ctx: Ctx): Promise<Outcome> {
  const { config } = trigger;
  const scope = scopeOf(config);
  const newest = await ctx.search(io, release.environmentId, config.connection, config.model, [[[scope.cursorField, "!=", false]]], {
    fields: [scope.cursorField],
    order: `${scope.cursorField} desc, id desc`,
    limit: 1,
    ...contextKwargs(config, { active_test: false }),
  });
  const cursor = (newest[0] && cursorOfRecord(newest[0], scope.cursorField)) ?? EPOCH_CURSOR;
  return io.transaction(async (sql) => {
    await sql.query(
      `INSERT INTO "TriggerState" ("environmentId", "flowId", "nodeId", "versionId", state, "updatedAt") VALUES ($1::uuid, $2::uuid, $3, $4::uuid, '{}'::jsonb, now())
       ON CONFLICT DO NOTHING`,
      [release.environmentId, release.flowId, trigger.nodeId, release.versionId],
    );
    const locked = await lockState(sql, release, trigger.nodeId);
    // Another pass got here first: keep its cursor.
    if (JSON.stringify(locked?.state ?? {}) !== JSON.stringify(read?.state ?? {})) return { kind: "conflict" } as const;
    await writeState(sql, release, trigger.nodeId, { cursor, scope, lastPollAt: ctx.now.toISOString(), backlog: false });
    ctx.log.info({ model: config.model, cursor }, "odoo trigger starts from the newest record of the model");
    return { kind: "initialised", cursor } as const;
  });
}

async function stateOf(sql: Sql, release: ReleaseRow, nodeId: string): Promise<StateRow | null> {
  const [row] = await sql.query<StateRow>(`SELECT "versionId", state FROM "TriggerState" WHERE "environmentId" = $1::uuid AND "flowId" = $2::uuid AND "nodeId" = $3`, [
    release.environmentId,
    release.flowId,
    nodeId,
  ]);
  return row ?? null;
}

async function lockState(sql: Sql, release: ReleaseRow, nodeId: string): Promise<StateRow | null> {
  const [row] = await sql.query<StateRow>(
    `SELECT "versionId", state FROM "TriggerState" WHERE "environmentId" = $1::uuid AND "flowId" = $2::uuid AND "nodeId" = $3 FOR UPDATE`,
    [release.environmentId, release.flowId, nodeId],
  );
  return row ?? null;
}

async function writeState(sql: Sql, release: ReleaseRow, nodeId: string, state: OdooTriggerState): Promise<void> {
  await sql.query(
    `UPDATE "TriggerState" SET "versionId" = $4::uuid, state = $5::jsonb, "updatedAt" = now() WHERE "environmentId" = $1::uuid AND "flowId" = $2::uuid AND "nodeId" = $3`,
    [release.environmentId, release.flowId, nodeId, release.versionId, json(state)],
  );
}

function sameCursor(a: OdooCursor, b: OdooCursor): boolean {
  return a.value === b.value && a.id === b.id;
}

async function dueOf(io: EngineIo, release: ReleaseRow, trigger: Trigger, now: Date): Promise<Date | null> {
  try {
    const row = await stateOf(io, release, trigger.nodeId);
    return nextDueAt(row?.state ?? {}, trigger.config.pollIntervalSeconds, now);
  } catch {
    return null;
  }
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}

async function versionOf(io: EngineIo, versionId: string): Promise<CompiledFlow> {
  const cached = cachedVersion(versionId);
  if (cached) return cached;
  const [row] = await io.query<{ definition: unknown }>(`SELECT definition FROM "FlowVersion" WHERE id = $1::uuid`, [versionId]);
  return compiledVersion(versionId, row?.definition);
}

function odooTriggerOf(flow: CompiledFlow): Trigger | null {
  const trigger = flow.triggerNodeId ? flow.nodes.get(flow.triggerNodeId) : undefined;
  if (!trigger || trigger.node.kind !== "odoo-trigger") return null;
  if (trigger.configError) throw new Error(`the Odoo trigger's settings are invalid: ${trigger.configError}`);
  return { nodeId: trigger.node.id, config: trigger.config as OdooTriggerConfig };
}

/** The node's Odoo context as Odoo's context keys, under kwargs.context (nothing when empty). */
function contextKwargs(config: OdooTriggerConfig, extra: Record<string, unknown> = {}): { context?: Record<string, unknown> } {
  const context: Record<string, unknown> = { ...extra };
  if (config.context?.lang) context.lang = config.context.lang;
  if (config.context?.tz) context.tz = config.context.tz;
  if (config.context?.companyIds?.length) context.allowed_company_ids = config.context.companyIds;
  return Object.keys(context).length ? { context } : {};
}

/** The default search: the environment's connection, through its guard (breaker state in `db`). */
export const searchOdooWith = (db?: Db): OdooSearch => async (sql, environmentId, connectionName, model, args, kwargs) => {
  const resolved = await resolveConnection(sql, environmentId, connectionName);
  const { id, config, secret } = parseConnection(resolved, { kind: "odoo", usedBy: "Odoo trigger", needs: "an Odoo connection", config: ZOdooConnectionConfig, secret: ZOdooConnectionSecret });
  const client = createOdooClient(config, secret);
  return withConnectionGuard({ id, config }, () => client.call<OdooRecord[]>(model, "search_read", args, kwargs), db ? { db } : {});
};

/** Logs the failure and notes it on the trigger, so the next try waits for the interval (or longer). */
async function reportFailure(io: EngineIo, release: ReleaseRow, trigger: Trigger | null, err: unknown, now: Date, log: Logger): Promise<void> {
  if (!trigger) {
    log.warn({ err }, "odoo trigger: the flow's trigger could not be read; the next pass tries again");
    return;
  }
  const auth = err instanceof OdooError && err.kind === "auth";
  if (auth) log.error({ err, connection: trigger.config.connection }, "odoo trigger: Odoo refused the connection's credentials; the connection is marked AUTH_FAILED");
  else log.warn({ err, model: trigger.config.model }, "odoo trigger poll failed; the next pass tries again");
  const noted: OdooTriggerState = {
    lastPollAt: now.toISOString(),
    backlog: false,
    lastError: err instanceof Error ? err.message : String(err),
    ...(auth ? { pausedUntil: new Date(now.getTime() + AUTH_PAUSE_MS).toISOString() } : {}),
  };
  try {
    if (auth) await markConnectionsAuthFailed(io, release.environmentId, [trigger.config.connection], noted.lastError!);
    await io.query(
      `INSERT INTO "TriggerState" ("environmentId", "flowId", "nodeId", "versionId", state, "updatedAt") VALUES ($1::uuid, $2::uuid, $3, $4::uuid, $5::jsonb, now())
       ON CONFLICT ("environmentId", "flowId", "nodeId") DO UPDATE SET state = "TriggerState".state || EXCLUDED.state, "updatedAt" = now()`,
      [release.environmentId, release.flowId, trigger.nodeId, release.versionId, json(noted)],
    );
  } catch (noteErr) {
    log.warn({ err: noteErr }, "odoo trigger: could not note the failed poll");
  }
}
