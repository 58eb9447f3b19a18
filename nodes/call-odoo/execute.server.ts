// Call Odoo step: one operation on one model through the step's "odoo" connection. Domains, values,
// ids, names, arguments and keyword arguments are filled from the step input (a string that is
// exactly one placeholder keeps its type). Every call runs inside the connection's guard (limits
// and circuit breaker); Odoo's failures become step errors through toStepError (auth -> no retry,
// validation/access/user errors -> business with Odoo's message, timeouts/5xx/serialization -> retry).
//
// Output (stable; each operation fills only its keys):
//   search_read, read -> { records: [{ id, ...fields }] }
//   search            -> { ids: [1, 2] }
//   search_count      -> { count: 3 }
//   create            -> { id: 42 }
//   write, unlink     -> { ids: [1, 2] }            (the ids written or deleted)
//   upsert            -> { id: 42, created: true }  (created false when an existing record was updated)
//   name_search       -> { matches: [{ id, name }] }
//   call              -> { result: <Odoo's answer> }
//
// No duplicate creates: create and upsert's create go through lib/odoo-writes (ledger + external id),
// so a retry after an unknown outcome, a redelivery or a replay finds the record made before.
// A `call` answered with an action dict (a wizard or confirmation Odoo would show a user) is not
// done: the step fails with a business error naming the action, as this node has no way to answer it
// (the node has no option to accept actions). Closing a dialog or showing a notification counts as done.
import type { z } from "zod";
import { createOdooClient } from "../../lib/odoo/client.server.ts";
import { ZOdooConnectionConfig, ZOdooConnectionSecret, type TOdooConnectionConfig, type TOdooConnectionSecret } from "../../lib/odoo/connection.ts";
import { toStepError } from "../../lib/odoo/errors.ts";
import type { Db } from "../../lib/db/client.ts";
import { withConnectionGuard } from "../../lib/odoo/guard.server.ts";
import { createOnce, lookupExternalId, splitExternalId, type OdooCaller } from "../../lib/odoo-writes/create.server.ts";
import { databaseLedger, externalIdFor, ledgerKey, type OdooWriteLedger } from "../../lib/odoo-writes/ledger.server.ts";
import { BusinessError, StepError } from "../../runtime/engine/errors.ts";
import { parseConnection } from "../../runtime/engine/connections.ts";
import type { Executor, ExecutorContext } from "../../runtime/engine/executor.ts";
import type { ZCallOdooConfig, ZCallOdooOutput } from "./definition.ts";

type Config = z.output<typeof ZCallOdooConfig>;
type Ctx = ExecutorContext<Config>;
type Output = z.output<typeof ZCallOdooOutput>;
type Of<Operation extends Config["operation"]> = Extract<Config, { operation: Operation }>;

export type OdooConnection = { id: string; name: string; config: TOdooConnectionConfig; secret: TOdooConnectionSecret };

/** What the executor reaches Odoo and the ledger through (replaced in unit tests). */
export type CallOdooDeps = {
  client(connection: OdooConnection, options: { signal: AbortSignal; timeoutMs: number }): OdooCaller;
  guard<T>(connection: OdooConnection, work: () => Promise<T>, db: Db): Promise<T>;
  ledger(db: Db): OdooWriteLedger;
};

const defaultDeps: CallOdooDeps = {
  client: (connection, options) => createOdooClient(connection.config, connection.secret, options),
  guard: (connection, work, db) => withConnectionGuard({ id: connection.id, config: connection.config }, work, { db }),
  ledger: (db) => databaseLedger(db),
};

export function callOdooExecutor(deps: CallOdooDeps): Executor<Config> {
  return async (ctx) => {
    const connection = await loadConnection(ctx);
    const raw = deps.client(connection, { signal: ctx.signal, timeoutMs: ctx.config.timeoutMs });
    // Each call goes through the guard: it counts against the connection's limits and breaker.
    const guarded = { ...connection, config: { ...connection.config, timeoutMs: ctx.config.timeoutMs } };
    const client: OdooCaller = { call: (model, method, args, kwargs) => deps.guard(guarded, () => raw.call(model, method, args, kwargs), ctx.db) };
    try {
      const output = await perform(ctx, client, connection, deps);
      return { type: "next", port: "out", output };
    } catch (error) {
      throw error instanceof StepError ? error : toStepError(error);
    }
  };
}

export const executeCallOdoo: Executor<Config> = callOdooExecutor(defaultDeps);

async function loadConnection(ctx: Ctx): Promise<OdooConnection> {
  const resolved = await ctx.connection(ctx.config.connection);
  return parseConnection(resolved, { kind: "odoo", usedBy: "Call Odoo step", needs: "an Odoo connection", config: ZOdooConnectionConfig, secret: ZOdooConnectionSecret });
}

async function perform(ctx: Ctx, client: OdooCaller, connection: OdooConnection, deps: CallOdooDeps): Promise<Output> {
  const config = ctx.config;
  const context = odooContext(config.context);
  const withContext = (kwargs: Record<string, unknown>) => (context ? { ...kwargs, context } : kwargs);
  switch (config.operation) {
    case "search_read": {
      const records = await client.call<Record<string, unknown>[]>(config.model, "search_read", [], withContext({ domain: await renderDomain(ctx, config.domain), fields: config.fields, ...paging(config) }));
      return { records: asList(records, config.model, "search_read") };
    }
    case "search": {
      const ids = await client.call<number[]>(config.model, "search", [], withContext({ domain: await renderDomain(ctx, config.domain), ...paging(config) }));
      return { ids: asList(ids, config.model, "search") };
    }
    case "search_count": {
      const count = await client.call<number>(config.model, "search_count", [], withContext({ domain: await renderDomain(ctx, config.domain) }));
      if (typeof count !== "number") throw badAnswer(config.model, "search_count");
      return { count };
    }
    case "read": {
      const ids = await renderIds(ctx, config.ids);
      const records = await client.call<Record<string, unknown>[]>(config.model, "read", [ids], withContext({ fields: config.fields }));
      return { records: asList(records, config.model, "read") };
    }
    case "write": {
      const ids = await renderIds(ctx, config.ids);
      await client.call(config.model, "write", [ids, await renderValues(ctx, config.values)], withContext({}));
      return { ids };
    }
    case "unlink": {
      const ids = await renderIds(ctx, config.ids);
      await client.call(config.model, "unlink", [ids], withContext({}));
      return { ids };
    }
    case "create": {
      const values = await renderValues(ctx, config.values);
      const created = await createOnce(client, deps.ledger(ctx.db), {
        key: ledgerKey(ctx.idempotencyKey, "create"),
        connectionId: connection.id,
        model: config.model,
        externalId: externalIdFor(ctx.run.id, ctx.node.id),
        values,
        ...(context ? { context } : {}),
      });
      if (created.via === "create-unmarked")
        ctx.log.warn({ model: config.model, id: created.id }, "odoo record created without its external id (the connection's user may not create ir.model.data); a retry after a lost answer could duplicate it");
      else ctx.log.info({ model: config.model, id: created.id, via: created.via }, "odoo record created");
      return { id: created.id };
    }
    case "upsert":
      return upsert(ctx, config, client, connection, deps.ledger(ctx.db), context);
    case "name_search": {
      const name = await ctx.sandbox.renderValue(config.name);
      const matches = await client.call<unknown[]>(config.model, "name_search", [name == null ? "" : String(name), await renderDomain(ctx, config.domain)], withContext({ operator: config.operator, limit: config.limit }));
      return { matches: asList(matches, config.model, "name_search").map((match) => nameMatch(match, config.model)) };
    }
    case "call": {
      const args = await ctx.sandbox.renderValue(config.args);
      const kwargs = (await ctx.sandbox.renderValue(config.kwargs)) as Record<string, unknown>;
      if (!Array.isArray(args)) throw new BusinessError("Arguments must be a JSON list, e.g. [[42]]", { code: "odoo-bad-arguments" });
      const merged = context ? { ...kwargs, context: { ...context, ...(isObject(kwargs.context) ? kwargs.context : {}) } } : kwargs;
      const result = await client.call<unknown>(config.model, config.method, args, merged);
      refuseAction(result, config.model, config.method);
      return { result };
    }
  }
}

/** Upsert: find the record by a key field or an external id; write it, or create it once. */
async function upsert(ctx: Ctx, config: Of<"upsert">, client: OdooCaller, connection: OdooConnection, ledger: OdooWriteLedger, context: Record<string, unknown> | undefined): Promise<Output> {
  const key = ledgerKey(ctx.idempotencyKey, "upsert");
  // Only creates are recorded: a replay of an upsert that created returns that record untouched.
  const done = await ledger.find(key);
  const doneId = done?.status === "DONE" ? done.resultIds?.[0] : undefined;
  if (doneId !== undefined) return { id: doneId, created: true };
  const values = await renderValues(ctx, config.values);
  const withContext = (kwargs: Record<string, unknown>) => (context ? { ...kwargs, context } : kwargs);
  let externalId = externalIdFor(ctx.run.id, ctx.node.id);
  let existing: number | null;
  if (config.key.by === "external_id") {
    externalId = (await ctx.sandbox.renderTemplate(config.key.externalIdTemplate ?? "")).trim();
    splitExternalId(externalId);
    existing = await lookupExternalId(client, externalId, config.model);
  } else {
    const field = config.key.field as string;
    const value = values[field];
    if (value === undefined || value === null || value === false || value === "")
      throw new BusinessError(`The key field "${field}" is empty in the values, so the record to update cannot be found`, { code: "odoo-upsert-key" });
    const ids = asList<number>(await client.call<number[]>(config.model, "search", [], withContext({ domain: [[field, "=", value]], limit: 2 })), config.model, "search");
    if (ids.length > 1) throw new BusinessError(`More than one ${config.model} record has ${field} = ${JSON.stringify(value)}; the upsert needs a unique key`, { code: "odoo-upsert-ambiguous" });
    existing = ids[0] ?? null;
  }
  if (existing !== null) {
    await client.call(config.model, "write", [[existing], values], withContext({}));
    return { id: existing, created: false };
  }
  const created = await createOnce(client, ledger, { key, connectionId: connection.id, model: config.model, externalId, values, operation: "upsert", ...(context ? { context } : {}) });
  return { id: created.id, created: true };
}

/** The node's Odoo context as Odoo's context keys (undefined when empty). */
function odooContext(context: Config["context"]): Record<string, unknown> | undefined {
  if (!context) return undefined;
  const result: Record<string, unknown> = {};
  if (context.lang) result.lang = context.lang;
  if (context.tz) result.tz = context.tz;
  if (context.companyIds?.length) result.allowed_company_ids = context.companyIds;
  return Object.keys(result).length > 0 ? result : undefined;
}

function paging(config: { order: string; limit: number; offset: number }): Record<string, unknown> {
  return { limit: config.limit, offset: config.offset, ...(config.order.trim() ? { order: config.order.trim() } : {}) };
}

async function renderDomain(ctx: Ctx, domain: unknown[]): Promise<unknown[]> {
  const rendered = await ctx.sandbox.renderValue(domain);
  if (!Array.isArray(rendered)) throw new BusinessError("The domain must be a JSON list", { code: "odoo-bad-domain" });
  return rendered;
}

async function renderValues(ctx: Ctx, values: Record<string, unknown>): Promise<Record<string, unknown>> {
  const rendered = await ctx.sandbox.renderValue(values);
  if (!isObject(rendered)) throw new BusinessError("Values must be a JSON object", { code: "odoo-bad-values" });
  return rendered;
}

/** One id, a list of ids, or text such as "7", "1, 2" or "[1, 2]" -> a list of positive ids. */
export async function renderIds(ctx: Ctx, template: string): Promise<number[]> {
  const rendered = await ctx.sandbox.renderValue(template);
  const ids = parseIds(rendered);
  if (!ids) throw new BusinessError(`Record ids must be an id or a list of ids; "${template}" gave ${JSON.stringify(rendered) ?? "nothing"}`, { code: "odoo-bad-ids" });
  return ids;
}

export function parseIds(value: unknown): number[] | null {
  let list: unknown[];
  if (Array.isArray(value)) list = value;
  else if (typeof value === "number") list = [value];
  else if (typeof value === "string") {
    const text = value.trim();
    if (text.startsWith("[")) {
      try {
        return parseIds(JSON.parse(text));
      } catch {
        return null;
      }
    }
    list = text === "" ? [] : text.split(",").map((part) => part.trim());
  } else return null;
  const ids = list.map((item) => (typeof item === "string" && /^\d+$/.test(item) ? Number(item) : item));
  if (ids.length === 0 || !ids.every((id): id is number => typeof id === "number" && Number.isInteger(id) && id > 0)) return null;
  return ids;
}

/** Actions that only close a dialog or show a notice: the method finished. */
function isFinishedAction(action: Record<string, unknown>): boolean {
  return action.type === "ir.actions.act_window_close" || (action.type === "ir.actions.client" && (action.tag === "display_notification" || action.tag === "reload"));
}

/** Any other action dict means Odoo wants a user to answer a wizard or a confirmation: not done. */
function refuseAction(result: unknown, model: string, method: string): void {
  if (!isObject(result) || typeof result.type !== "string" || !result.type.startsWith("ir.actions.") || isFinishedAction(result)) return;
  const name = typeof result.name === "string" && result.name ? `"${result.name}" ` : "";
  const target = typeof result.res_model === "string" ? ` on ${result.res_model}` : "";
  throw new BusinessError(
    `Odoo did not finish ${model}.${method}: it asked for a wizard or confirmation (${name}${result.type}${target}) that a user would answer in Odoo. Do that step in Odoo, or call the wizard's own method with the values it needs.`,
    { code: "odoo-action-required", details: { model, method, actionType: result.type, ...(typeof result.res_model === "string" ? { resModel: result.res_model } : {}), ...(typeof result.name === "string" ? { actionName: result.name } : {}) } },
  );
}

function nameMatch(match: unknown, model: string): { id: number; name: string } {
  if (Array.isArray(match) && typeof match[0] === "number") return { id: match[0], name: String(match[1] ?? "") };
  throw badAnswer(model, "name_search");
}

function asList<T>(value: T[] | unknown, model: string, method: string): T[] {
  if (!Array.isArray(value)) throw badAnswer(model, method);
  return value as T[];
}

function badAnswer(model: string, method: string): BusinessError {
  return new BusinessError(`Odoo gave an unexpected answer to ${model}.${method}`, { code: "odoo-bad-answer" });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
