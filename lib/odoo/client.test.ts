// The Odoo client against a fake server replaying real Odoo answers: what goes over the wire for
// each transport (JSON-RPC execute_kw args, JSON-2 named parameters and headers), the context merge,
// the create shapes, `null` for methods returning nothing, the cached uid, and what a caller sees
// when the server is slow, hangs up or cannot be reached.
import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ZOdooConnectionConfig, ZOdooConnectionSecret } from "./connection.ts";
import { createOdooClient, json2Body, mergeContext, normaliseCreateResult, parseVersion, renameNameSearchDomain } from "./client.server.ts";
import { OdooError, toStepError } from "./errors.ts";
import { jsonRpcParams, recorded, replay, startFakeOdoo, type FakeOdoo, type FakeRequest } from "./fake-odoo.server.ts";
import { TransientError } from "../../runtime/engine/errors.ts";

let fake: FakeOdoo;
let fake19: FakeOdoo;
beforeAll(async () => {
  fake = await startFakeOdoo({ version: 17 });
  fake19 = await startFakeOdoo({ version: 19 });
});
afterAll(async () => {
  await fake.close();
  await fake19.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake19.requests.length = 0;
});

function executeKwArgs(request: FakeRequest): unknown[] {
  return (jsonRpcParams(request)?.args as unknown[]) ?? [];
}
const objectCalls = (server: FakeOdoo) => server.requests.filter((request) => jsonRpcParams(request)?.service === "object" || request.path.startsWith("/json/2/"));

describe("JSON-RPC", () => {
  const config = () => ({ baseUrl: `${fake.url}/`, database: "plant", login: "admin", protocol: "jsonrpc" as const, lang: "fr_BE", tz: "Europe/Brussels", companyIds: [1, 3] });

  it("authenticates once and sends execute_kw with db, uid, secret, args and the merged context", async () => {
    fake.answer = () => replay(recorded("odoo17.json", "search_read m2o"));
    const client = createOdooClient(config(), { apiKey: "admin" });
    const first = await client.call<{ name: string }[]>("res.partner", "search_read", [[["is_company", "=", true]]], { fields: ["name"], limit: 5, context: { lang: "nl_BE", active_test: false } });
    await client.call("res.partner", "search_read", [[]]);
    expect(first.map((row) => row.name)).toEqual(["My Company", "Administrator"]);
    expect(fake.requests.filter((request) => jsonRpcParams(request)?.method === "authenticate")).toHaveLength(1);
    const [call] = objectCalls(fake);
    expect(call!.path).toBe("/jsonrpc");
    expect(jsonRpcParams(call!)?.method).toBe("execute_kw");
    expect(executeKwArgs(call!)).toEqual([
      "plant",
      2,
      "admin",
      "res.partner",
      "search_read",
      [[["is_company", "=", true]]],
      { fields: ["name"], limit: 5, context: { lang: "nl_BE", tz: "Europe/Brussels", allowed_company_ids: [1, 3], active_test: false } },
    ]);
  });

  it("a method that returns nothing (no result key) gives null", async () => {
    fake.answer = () => replay(recorded("odoo17.json", "action_archive return"));
    await expect(createOdooClient(config(), { password: "admin" }).call("res.partner", "action_archive", [[7]])).resolves.toBeNull();
  });

  it("create keeps Odoo's shape in call, and createOne / createMany normalise it", async () => {
    const client = createOdooClient(config(), { password: "admin" });
    fake.answer = () => replay(recorded("odoo17.json", "create dict"));
    expect(await client.call("res.partner", "create", [{ name: "A" }])).toBe(7);
    expect(await client.createOne("res.partner", { name: "A" })).toBe(7);
    fake.answer = () => replay(recorded("odoo17.json", "create list"));
    expect(await client.createMany("res.partner", [{ name: "B" }, { name: "C" }])).toEqual([8, 9]);
    expect(executeKwArgs(objectCalls(fake).at(-1)!).slice(5, 6)).toEqual([[[{ name: "B" }, { name: "C" }]]]);
    expect(await client.createMany("res.partner", [])).toEqual([]);
  });

  it("name_search's domain keyword is `args` before Odoo 19 and `domain` from 19", async () => {
    fake.answer = () => replay(recorded("odoo17.json", "name_search"));
    await createOdooClient(config(), { password: "admin" }).call("res.partner", "name_search", [], { name: "Adm", domain: [["active", "=", true]] });
    expect(executeKwArgs(objectCalls(fake).at(-1)!)[6]).toMatchObject({ name: "Adm", args: [["active", "=", true]] });
    fake19.answer = () => replay(recorded("odoo17.json", "name_search"));
    await createOdooClient({ ...config(), baseUrl: fake19.url }, { password: "admin" }).call("res.partner", "name_search", [], { name: "Adm", args: [] });
    expect(executeKwArgs(objectCalls(fake19).at(-1)!)[6]).toMatchObject({ name: "Adm", domain: [] });
  });

  it("testConnection reports the version, database, uid and user name", async () => {
    fake.answer = () => ({ body: { jsonrpc: "2.0", id: 1, result: [{ id: 2, name: "Mitchell Admin" }] } });
    const info = await createOdooClient(config(), { password: "admin" }).testConnection();
    expect(info).toEqual({ serverVersion: "17.0-20240709", database: "plant", uid: 2, userName: "Mitchell Admin" });
    expect(executeKwArgs(objectCalls(fake)[0]!).slice(3, 6)).toEqual(["res.users", "read", [[2], ["name"]]]);
  });

  it("version parses nightly and enterprise version strings", async () => {
    expect(await createOdooClient(config(), { password: "admin" }).version()).toEqual({ serverVersion: "17.0-20240709", serverSerie: "17.0", protocolVersion: 1, major: 17 });
    expect(parseVersion(recorded("odoo19.json", "common.version").body && (recorded("odoo19.json", "common.version").body as { result: unknown }).result)).toMatchObject({ major: 19, serverSerie: "19.0" });
  });
});

describe("JSON-2", () => {
  const config = () => ({ baseUrl: fake19.url, database: "plant", login: "admin", protocol: "json2" as const, lang: "en_US" });

  it("posts named parameters with the bearer key and the database header", async () => {
    fake19.answer = () => replay(recorded("odoo19-json2.json", "search_read ok"));
    const rows = await createOdooClient(config(), { apiKey: "secret-key" }).call("res.partner", "search_read", [[["id", ">", 0]], ["name", "company_id"], 0, 10, "name"]);
    expect(rows).toHaveLength(2);
    const [request] = fake19.requests;
    expect(request!.path).toBe("/json/2/res.partner/search_read");
    expect(request!.headers.authorization).toBe("bearer secret-key");
    expect(request!.headers["x-odoo-database"]).toBe("plant");
    expect(request!.headers["content-type"]).toMatch(/^application\/json/);
    expect(request!.body).toEqual({ domain: [["id", ">", 0]], fields: ["name", "company_id"], offset: 0, limit: 10, order: "name", context: { lang: "en_US" } });
  });

  it.each([
    ["search", [[["a", "=", 1]]], {}, { domain: [["a", "=", 1]] }],
    ["search_count", [[]], {}, { domain: [] }],
    ["read", [[1, 2], ["name"]], {}, { ids: [1, 2], fields: ["name"] }],
    ["read", [5], { fields: ["name"] }, { ids: [5], fields: ["name"] }],
    ["create", [[{ name: "x" }]], {}, { vals_list: [{ name: "x" }] }],
    ["create", [{ name: "x" }], {}, { vals_list: [{ name: "x" }] }],
    ["write", [[5], { name: "x" }], {}, { ids: [5], vals: { name: "x" } }],
    ["unlink", [[5]], {}, { ids: [5] }],
    ["name_search", ["deco"], { args: [], limit: 8 }, { name: "deco", domain: [], limit: 8 }],
    ["name_search", ["deco", [["active", "=", true]], "ilike", 8], {}, { name: "deco", domain: [["active", "=", true]], operator: "ilike", limit: 8 }],
    ["fields_get", [], { attributes: ["type"] }, { attributes: ["type"] }],
    ["button_confirm", [[12]], {}, { ids: [12] }],
    ["action_apply_inventory", [[3]], { date: "2026-11-22" }, { ids: [3], date: "2026-11-22" }],
    ["context_get", [], {}, {}],
  ] as const)("%s %j %j -> %j", (method, args, kwargs, body) => {
    expect(json2Body("res.partner", method, [...args] as unknown[], { ...kwargs })).toEqual(body);
  });

  it("refuses positional arguments it cannot name, and arguments given twice", () => {
    expect(() => json2Body("purchase.order", "button_cancel", [[1], "now"], {})).toThrow(/named arguments only/);
    expect(() => json2Body("purchase.order", "button_cancel", [{ not: "ids" }], {})).toThrow(/must be the record ids/);
    expect(() => json2Body("res.partner", "search", [[]], { domain: [] })).toThrow(/given twice/);
  });

  it("create answers a list on JSON-2; call gives an id for one dict, createOne an id, createMany ids", async () => {
    const client = createOdooClient(config(), { apiKey: "k" });
    fake19.answer = () => ({ body: [12] });
    expect(await client.call("res.partner", "create", [{ name: "A" }])).toBe(12);
    expect(await client.createOne("res.partner", { name: "A" })).toBe(12);
    expect(fake19.requests.at(-1)!.body).toMatchObject({ vals_list: [{ name: "A" }] });
    fake19.answer = () => ({ body: [13, 14] });
    expect(await client.call("res.partner", "create", [[{ name: "B" }, { name: "C" }]])).toEqual([13, 14]);
    expect(await client.createMany("res.partner", [{ name: "B" }, { name: "C" }])).toEqual([13, 14]);
  });

  it("null for a method returning None; the uid comes from context_get", async () => {
    const client = createOdooClient(config(), { apiKey: "k" });
    fake19.answer = (request) => (request.path.endsWith("/context_get") ? replay(recorded("odoo19-json2.json", "context_get")) : { body: null });
    expect(await client.call("res.partner", "action_archive", [[1]])).toBeNull();
    expect(await client.authenticate()).toBe(2);
  });

  it("needs an API key", async () => {
    const error = await createOdooClient(config(), { password: "admin" }).call("res.partner", "search", [[]]).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OdooError);
    expect((error as OdooError).kind).toBe("auth");
  });
});

describe("timeouts and lost connections", () => {
  const config = (url: string) => ({ baseUrl: url, database: "plant", login: "admin", protocol: "jsonrpc" as const, timeoutMs: 1000 });

  it("a call that outlives the timeout fails as transient with an unknown outcome", async () => {
    fake.answer = () => ({ ...replay(recorded("odoo17.json", "create dict")), delayMs: 600 });
    const client = createOdooClient(config(fake.url), { password: "admin" }, { timeoutMs: 150 });
    const error = (await client.createOne("res.partner", { name: "slow" }).catch((thrown: unknown) => thrown)) as OdooError;
    expect(error).toBeInstanceOf(OdooError);
    expect(error.kind).toBe("timeout");
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(/did not answer res\.partner\.create within 150 ms; it may still have completed/);
    const step = toStepError(error);
    expect(step).toBeInstanceOf(TransientError);
    expect(step.details).toMatchObject({ outcomeUnknown: true });
  });

  it("the step's signal aborts a call in flight", async () => {
    fake.answer = () => ({ body: { jsonrpc: "2.0", id: 1, result: true }, delayMs: 600 });
    const controller = new AbortController();
    const client = createOdooClient(config(fake.url), { password: "admin" }, { signal: controller.signal });
    await client.authenticate();
    setTimeout(() => controller.abort(), 50);
    const error = (await client.call("res.partner", "write", [[1], { name: "x" }]).catch((thrown: unknown) => thrown)) as OdooError;
    expect(error.kind).toBe("timeout");
    expect(error.outcomeUnknown).toBe(true);
  });

  it("a server that hangs up after the request was sent leaves the outcome unknown", async () => {
    fake.answer = () => ({ hangUp: true });
    const error = (await createOdooClient(config(fake.url), { password: "admin" }).call("res.partner", "write", [[1], { name: "x" }]).catch((thrown: unknown) => thrown)) as OdooError;
    expect(error.kind).toBe("transport");
    expect(error.outcomeUnknown).toBe(true);
    expect(toStepError(error)).toBeInstanceOf(TransientError);
  });

  it("a server that cannot be reached did nothing: transient, outcome known", async () => {
    const port = await freePort();
    const error = (await createOdooClient(config(`http://127.0.0.1:${port}`), { password: "admin" }).version().catch((thrown: unknown) => thrown)) as OdooError;
    expect(error.kind).toBe("transport");
    expect(error.outcomeUnknown).toBe(false);
    expect(error.message).toMatch(/Cannot reach the Odoo server at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
});

describe("helpers", () => {
  it("merges the connection's context under the caller's", () => {
    expect(mergeContext({ lang: "en_US", companyIds: [2] }, { limit: 1 })).toEqual({ limit: 1, context: { lang: "en_US", allowed_company_ids: [2] } });
    expect(mergeContext({ lang: "en_US" }, { context: { lang: "de_DE" } })).toEqual({ context: { lang: "de_DE" } });
    expect(mergeContext({}, { limit: 1 })).toEqual({ limit: 1 });
    expect(mergeContext({ companyIds: [] }, {})).toEqual({});
  });

  it("normalises create results", () => {
    expect(normaliseCreateResult(7, "one")).toBe(7);
    expect(normaliseCreateResult([7], "one")).toBe(7);
    expect(normaliseCreateResult(7, "many")).toEqual([7]);
    expect(normaliseCreateResult([8, 9], "many")).toEqual([8, 9]);
    expect(() => normaliseCreateResult([8, 9], "one")).toThrow(/2 records where one was expected/);
    expect(() => normaliseCreateResult(false, "one")).toThrow(/unexpected value/);
  });

  it("renames name_search's domain keyword per version", () => {
    expect(renameNameSearchDomain({ domain: [] }, 17)).toEqual({ args: [] });
    expect(renameNameSearchDomain({ args: [] }, 19)).toEqual({ domain: [] });
    expect(renameNameSearchDomain({ domain: [] }, 19)).toEqual({ domain: [] });
  });

  it("validates connection settings with readable messages and fills the defaults", () => {
    const parsed = ZOdooConnectionConfig.parse({ baseUrl: "https://odoo.example.com", database: "prod", login: "bot" });
    expect(parsed).toMatchObject({ protocol: "jsonrpc", timeoutMs: 30_000, maxConcurrent: 4, callsPerSecond: 10, breakerThreshold: 5, breakerCooldownMs: 30_000 });
    const bad = ZOdooConnectionConfig.safeParse({ baseUrl: "odoo.example.com", database: "", login: "bot", lang: "French" });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((issue) => issue.message);
    expect(messages).toContain("Base URL must start with http:// or https://, e.g. https://mycompany.odoo.com");
    expect(messages).toContain("Database is required");
    expect(messages).toContain('Language is an Odoo language code such as "en_US" or "fr_BE"');
    expect(ZOdooConnectionSecret.safeParse({}).error?.issues[0]?.message).toBe("Enter an API key or a password");
    expect(ZOdooConnectionSecret.parse({ apiKey: "abc" })).toEqual({ apiKey: "abc" });
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
