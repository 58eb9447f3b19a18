// Call Odoo executor against an in-memory Odoo (enough of search/read/write/load/ir.model.data to
// check behaviour) and the in-memory ledger: outputs per operation, placeholders keeping their
// type, no duplicate creates across retries after an unknown outcome, replays answered from the
// ledger, upserts, action dicts refused, and Odoo's errors classified.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { OdooError } from "../../lib/odoo/errors.ts";
import type { OdooCaller } from "../../lib/odoo-writes/create.server.ts";
import { memoryLedger } from "../../lib/odoo-writes/ledger.server.ts";
import { AuthenticationError, BusinessError, TransientError } from "../../runtime/engine/errors.ts";
import { fakeContext, type FakeContextOverrides } from "../../runtime/engine/fake-context.ts";
import type { StepResult } from "../../runtime/engine/executor.ts";
import { ZCallOdooConfig } from "./definition.ts";
import { callOdooExecutor, parseIds } from "./execute.server.ts";

type Config = z.output<typeof ZCallOdooConfig>;
type Row = Record<string, unknown> & { id: number };
type Fault = { model?: string; method: string; error: OdooError; commit: boolean };

/** A tiny Odoo: tables per model, load() with external ids, faults that may commit first. */
function fakeOdoo(types: Record<string, Record<string, string>> = {}) {
  const tables = new Map<string, Row[]>();
  const calls: { model: string; method: string; args: unknown[]; kwargs: Record<string, unknown> }[] = [];
  const faults: Fault[] = [];
  let nextId = 100;
  const table = (model: string) => tables.get(model) ?? (tables.set(model, []), tables.get(model) as Row[]);
  const matches = (row: Row, domain: unknown[]) => domain.every((leaf) => Array.isArray(leaf) && leaf[1] === "=" && row[leaf[0] as string] === leaf[2]);
  const insert = (model: string, values: Record<string, unknown>) => {
    const row = { ...values, id: nextId++ };
    table(model).push(row);
    return row.id;
  };
  function run(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
    switch (method) {
      case "search_read":
        return table(model).filter((row) => matches(row, kwargs.domain as unknown[]));
      case "search":
        return table(model).filter((row) => matches(row, kwargs.domain as unknown[])).map((row) => row.id);
      case "search_count":
        return table(model).filter((row) => matches(row, kwargs.domain as unknown[])).length;
      case "read":
        return table(model).filter((row) => (args[0] as number[]).includes(row.id));
      case "write":
        for (const row of table(model)) if ((args[0] as number[]).includes(row.id)) Object.assign(row, args[1]);
        return true;
      case "create":
        return insert(model, args[0] as Record<string, unknown>);
      case "fields_get":
        return Object.fromEntries(Object.entries(types[model] ?? { name: "char" }).map(([field, type]) => [field, { type }]));
      case "name_search":
        return table(model).map((row) => [row.id, row.name]);
      case "load": {
        const [columns, rows] = [kwargs.fields as string[], kwargs.data as string[][]];
        const cells = rows[0] as string[];
        const values: Record<string, unknown> = {};
        columns.slice(1).forEach((column, index) => (values[column.replace("/.id", "")] = column.endsWith("/.id") ? Number(cells[index + 1]) : cells[index + 1]));
        if (values.name === "") return { ids: false, messages: [{ type: "error", message: "Missing required value for the field 'Name'" }] };
        const [module, name] = (cells[0] as string).split(".");
        const data = table("ir.model.data").find((row) => row.module === module && row.name === name);
        if (data) {
          Object.assign(table(model).find((row) => row.id === data.res_id) ?? {}, values);
          return { ids: [data.res_id], messages: [] };
        }
        const id = insert(model, values);
        insert("ir.model.data", { module, name, model, res_id: id });
        return { ids: [id], messages: [] };
      }
      default:
        return { type: "ir.actions.act_window", name: "Immediate Transfer?", res_model: "stock.immediate.transfer" };
    }
  }
  const client: OdooCaller = {
    async call<T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) {
      calls.push({ model, method, args, kwargs });
      const fault = faults.findIndex((candidate) => candidate.method === method && (candidate.model ?? model) === model);
      if (fault >= 0) {
        const [{ error, commit }] = faults.splice(fault, 1) as [Fault];
        if (commit) run(model, method, args, kwargs);
        throw error;
      }
      return run(model, method, args, kwargs) as T;
    },
  };
  return { client, tables, calls, faults, table };
}

const connections = { odoo: { kind: "odoo", config: { baseUrl: "http://odoo.test", database: "plant", login: "admin" }, secret: { password: "admin" } } };
const timeout = () => new OdooError({ kind: "timeout", message: "Odoo did not answer within 30 s", outcomeUnknown: true });

function setup(types?: Record<string, Record<string, string>>) {
  const odoo = fakeOdoo(types);
  const ledger = memoryLedger();
  const execute = callOdooExecutor({ client: () => odoo.client, guard: (_connection, work) => work(), ledger: () => ledger });
  const step = (config: Record<string, unknown>, input: unknown = {}, overrides: FakeContextOverrides<Config> = {}) =>
    // Call Odoo only ever continues ("next"); the cast lets the tests read `output`.
    execute(fakeContext(ZCallOdooConfig.parse({ connection: "odoo", ...config }), input, { connections, ...overrides })) as Promise<Extract<StepResult, { type: "next" }>>;
  return { odoo, ledger, step };
}

const REQUEST_TYPES = { "maintenance.request": { name: "char", equipment_id: "many2one", priority: "selection", schedule_date: "datetime", tag_ids: "many2many" } };

describe("call-odoo executor: reads", () => {
  it("search_read sends the domain with placeholders filled (keeping their type) and answers records", async () => {
    const { odoo, step } = setup();
    odoo.table("res.partner").push({ id: 7, name: "Acme", is_company: true }, { id: 8, name: "Bob", is_company: false });
    const result = await step({ operation: "search_read", model: "res.partner", domain: [["is_company", "=", "{{ input.company }}"]], fields: ["name"], order: "name asc", limit: 5 }, { company: true });
    expect(result).toEqual({ type: "next", port: "out", output: { records: [{ id: 7, name: "Acme", is_company: true }] } });
    expect(odoo.calls[0]).toMatchObject({ model: "res.partner", method: "search_read", kwargs: { domain: [["is_company", "=", true]], fields: ["name"], limit: 5, offset: 0, order: "name asc" } });
  });

  it("search, search_count, read and name_search answer ids, count, records and matches", async () => {
    const { odoo, step } = setup();
    odoo.table("res.partner").push({ id: 7, name: "Acme" }, { id: 9, name: "Acme" });
    expect((await step({ operation: "search", model: "res.partner", domain: [["name", "=", "Acme"]] })).output).toEqual({ ids: [7, 9] });
    expect((await step({ operation: "search_count", model: "res.partner", domain: [["name", "=", "Acme"]] })).output).toEqual({ count: 2 });
    expect((await step({ operation: "read", model: "res.partner", ids: "{{ input.ids }}", fields: ["name"] }, { ids: "7, 9" })).output).toEqual({
      records: [{ id: 7, name: "Acme" }, { id: 9, name: "Acme" }],
    });
    expect((await step({ operation: "name_search", model: "res.partner", name: "{{ input.q }}" }, { q: "Ac" })).output).toEqual({ matches: [{ id: 7, name: "Acme" }, { id: 9, name: "Acme" }] });
  });

  it("sends the step's Odoo context (companies as allowed_company_ids)", async () => {
    const { odoo, step } = setup();
    await step({ operation: "search_count", model: "res.partner", context: { lang: "fr_BE", companyIds: [2, 1] } });
    expect(odoo.calls[0]?.kwargs.context).toEqual({ lang: "fr_BE", allowed_company_ids: [2, 1] });
  });

  it("refuses ids that are not ids, naming what the placeholder gave", async () => {
    const { step } = setup();
    await expect(step({ operation: "read", model: "res.partner", ids: "{{ input.id }}" }, { id: "abc" })).rejects.toThrow(/Record ids must be an id or a list of ids/);
    expect(parseIds("[1, 2]")).toEqual([1, 2]);
    expect(parseIds(0)).toBeNull();
  });
});

describe("call-odoo executor: writes without duplicates", () => {
  it("create goes through load() with the step's external id and records the ledger row DONE", async () => {
    const { odoo, ledger, step } = setup(REQUEST_TYPES);
    const result = await step({ operation: "create", model: "maintenance.request", values: { name: "{{ input.title }}", equipment_id: "{{ input.equipmentId }}", priority: "2" } }, { title: "Pump leak", equipmentId: 3 });
    const id = (result as { output: { id: number } }).output.id;
    expect(odoo.table("maintenance.request")).toEqual([{ id, name: "Pump leak", equipment_id: 3, priority: "2" }]);
    const load = odoo.calls.find((call) => call.method === "load");
    expect(load?.kwargs.fields).toEqual(["id", "name", "equipment_id/.id", "priority"]);
    expect((load?.kwargs.data as string[][])[0]?.[0]).toMatch(/^__millwright__\.r[0-9a-f]{32}$/);
    expect([...ledger.entries.values()]).toEqual([expect.objectContaining({ status: "DONE", resultIds: [id], model: "maintenance.request", operation: "create" })]);
  });

  it("a retry after a timeout that committed finds the same record; a later replay does not call Odoo", async () => {
    const { odoo, step } = setup(REQUEST_TYPES);
    odoo.faults.push({ method: "load", error: timeout(), commit: true });
    const config = { operation: "create", model: "maintenance.request", values: { name: "Pump leak" } };
    const first = step(config);
    await expect(first).rejects.toBeInstanceOf(TransientError);
    const second = await step(config, {}, { attempt: 2 });
    expect(odoo.table("maintenance.request")).toHaveLength(1);
    expect(second.type === "next" && second.output).toEqual({ id: odoo.table("maintenance.request")[0]?.id });
    const callsBefore = odoo.calls.length;
    expect(await step(config)).toEqual(second);
    expect(odoo.calls.length).toBe(callsBefore);
  });

  it("a replay of the run in a new generation updates the record it created instead of making another", async () => {
    const { odoo, step } = setup(REQUEST_TYPES);
    const config = { operation: "create", model: "maintenance.request", values: { name: "{{ input.title }}" } };
    await step(config, { title: "Pump leak" }, { run: { generation: 1 } });
    await step(config, { title: "Pump leak (edited)" }, { run: { generation: 2 } });
    expect(odoo.table("maintenance.request").map((row) => row.name)).toEqual(["Pump leak (edited)"]);
  });

  it("values load cannot express (x2many commands) use create, then the external id; a retry after that commit finds the record", async () => {
    const { odoo, step } = setup(REQUEST_TYPES);
    odoo.faults.push({ model: "ir.model.data", method: "create", error: timeout(), commit: true });
    const config = { operation: "create", model: "maintenance.request", values: { name: "Pump", tag_ids: [[0, 0, { name: "urgent" }]] } };
    await expect(step(config)).rejects.toBeInstanceOf(TransientError);
    const again = await step(config, {}, { attempt: 2 });
    expect(odoo.table("maintenance.request")).toEqual([expect.objectContaining({ id: (again.type === "next" && (again.output as { id: number }).id) || -1 })]);
  });

  it("documents the residual window of that path: a create() that commits but never answers is made again", async () => {
    const { odoo, step } = setup(REQUEST_TYPES);
    odoo.faults.push({ model: "maintenance.request", method: "create", error: timeout(), commit: true });
    const config = { operation: "create", model: "maintenance.request", values: { name: "Pump", tag_ids: [[0, 0, { name: "urgent" }]] } };
    await expect(step(config)).rejects.toBeInstanceOf(TransientError);
    await step(config, {}, { attempt: 2 });
    expect(odoo.table("maintenance.request")).toHaveLength(2);
  });

  it("after the external id of a create() is set, a retry returns that record", async () => {
    const { odoo, ledger, step } = setup(REQUEST_TYPES);
    const config = { operation: "create", model: "maintenance.request", values: { name: "Pump", tag_ids: [[0, 0, { name: "urgent" }]] } };
    const first = await step(config);
    ledger.entries.forEach((entry, key) => ledger.entries.set(key, { ...entry, status: "PENDING", resultIds: null }));
    const again = await step(config);
    expect(again).toEqual(first);
    expect(odoo.table("maintenance.request")).toHaveLength(1);
    expect(odoo.table("ir.model.data")).toEqual([expect.objectContaining({ module: "__millwright__", model: "maintenance.request" })]);
  });

  it("a user who may not create external ids still gets the record (created once, without its marker)", async () => {
    const { odoo, ledger, step } = setup(REQUEST_TYPES);
    const denied = new OdooError({ kind: "permission", message: "You are not allowed to create 'Model Data' (ir.model.data) records." });
    odoo.faults.push({ model: "ir.model.data", method: "create", error: denied, commit: false });
    const result = await step({ operation: "create", model: "maintenance.request", values: { name: "Pump", tag_ids: [[0, 0, { name: "urgent" }]] } });
    const id = odoo.table("maintenance.request")[0]?.id;
    expect(result.type === "next" && result.output).toEqual({ id });
    expect([...ledger.entries.values()][0]).toMatchObject({ status: "DONE", resultIds: [id] });
  });

  it("a record load refuses fails the step with Odoo's message", async () => {
    const { step } = setup(REQUEST_TYPES);
    const failure = step({ operation: "create", model: "maintenance.request", values: { name: "{{ input.title }}" } }, { title: "" });
    await expect(failure).rejects.toBeInstanceOf(BusinessError);
    await expect(failure).rejects.toThrow(/Missing required value for the field 'Name'/);
  });

  it("upsert by a key field updates the match, or creates once", async () => {
    const { odoo, step } = setup({ "res.partner": { name: "char", ref: "char" } });
    odoo.table("res.partner").push({ id: 7, name: "Acme", ref: "C-1" });
    const config = (ref: string) => ({ operation: "upsert", model: "res.partner", key: { by: "field", field: "ref" }, values: { ref, name: "{{ input.name }}" } });
    expect((await step(config("C-1"), { name: "Acme SA" })).output).toEqual({ id: 7, created: false });
    expect(odoo.table("res.partner")[0]).toMatchObject({ name: "Acme SA" });
    const created = await step(config("C-2"), { name: "Beta" });
    expect(created.output).toMatchObject({ created: true });
    expect(await step(config("C-2"), { name: "Beta" })).toEqual(created);
    expect(odoo.table("res.partner")).toHaveLength(2);
  });

  it("upsert by external id creates the record with that external id, then updates it", async () => {
    const { odoo, step } = setup({ "res.partner": { name: "char" } });
    const config = { operation: "upsert", model: "res.partner", key: { by: "external_id", externalIdTemplate: "cmms.asset_{{ input.assetId }}" }, values: { name: "{{ input.name }}" } };
    const first = await step(config, { assetId: 5, name: "Pump" }, { run: { id: "00000000-0000-4000-8000-00000000000a" } });
    expect(first.output).toMatchObject({ created: true });
    const second = await step(config, { assetId: 5, name: "Pump 2" }, { run: { id: "00000000-0000-4000-8000-00000000000b" } });
    expect(second.output).toEqual({ id: (first.output as { id: number }).id, created: false });
    expect(odoo.table("ir.model.data")).toEqual([expect.objectContaining({ module: "cmms", name: "asset_5" })]);
    expect(odoo.table("res.partner")).toEqual([expect.objectContaining({ name: "Pump 2" })]);
  });
});

describe("call-odoo executor: calls and errors", () => {
  it("a method answering an action dict fails the step, naming the wizard", async () => {
    const { step } = setup();
    const failure = step({ operation: "call", model: "stock.picking", method: "button_validate", args: [["{{ input.id }}"]] }, { id: 4 });
    await expect(failure).rejects.toBeInstanceOf(BusinessError);
    await expect(failure).rejects.toThrow(/asked for a wizard or confirmation \("Immediate Transfer\?" ir\.actions\.act_window on stock\.immediate\.transfer\)/);
  });

  it("a method's plain answer, or a notification, is the output's result", async () => {
    const { odoo, step } = setup();
    odoo.client.call = async <T>() => true as T;
    expect((await step({ operation: "call", model: "purchase.order", method: "button_confirm", args: [[3]] })).output).toEqual({ result: true });
    const notice = { type: "ir.actions.client", tag: "display_notification", params: { message: "Done" } };
    odoo.client.call = async <T>() => notice as T;
    expect((await step({ operation: "call", model: "stock.quant", method: "action_apply_inventory", args: [[3]] })).output).toEqual({ result: notice });
  });

  it("classifies Odoo's errors: validation -> business with Odoo's message, auth -> authentication, concurrency -> transient", async () => {
    const { odoo, step } = setup();
    const config = { operation: "write", model: "res.partner", ids: "7", values: { name: "X" } };
    odoo.faults.push({ method: "write", error: new OdooError({ kind: "validation", message: "The email is invalid", odooName: "odoo.exceptions.ValidationError" }), commit: false });
    await expect(step(config)).rejects.toMatchObject({ errorClass: "business", message: "The email is invalid" });
    odoo.faults.push({ method: "write", error: new OdooError({ kind: "auth", message: "Access Denied", odooName: "odoo.exceptions.AccessDenied" }), commit: false });
    await expect(step(config)).rejects.toBeInstanceOf(AuthenticationError);
    odoo.faults.push({ method: "write", error: new OdooError({ kind: "concurrency", message: "could not serialize access due to concurrent update" }), commit: false });
    await expect(step(config)).rejects.toBeInstanceOf(TransientError);
  });

  it("needs an Odoo connection with a secret", async () => {
    const { step } = setup();
    await expect(step({ operation: "search", model: "res.partner" }, {}, { connections: { odoo: { kind: "http", config: {}, secret: null } } })).rejects.toThrow(/is a http connection/);
    await expect(step({ operation: "search", model: "res.partner" }, {}, { connections: { odoo: { ...connections.odoo, secret: null } } })).rejects.toThrow(/has no usable secret/);
  });
});
