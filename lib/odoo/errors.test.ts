// Error classification against every error answer recorded from real Odoo 17 and 19 servers
// (JSON-RPC and JSON-2), plus the failures that cannot be recorded on demand (serialization
// failures, lock errors, proxy 502/503/504 with Retry-After, the login cooldown).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError, BusinessError, TransientError, type StepError } from "../../runtime/engine/errors.ts";
import { createOdooClient } from "./client.server.ts";
import { OdooError, toStepError, type OdooErrorKind } from "./errors.ts";
import { loadRecorded, replay, startFakeOdoo, type FakeOdoo, type Recorded } from "./fake-odoo.server.ts";

type Expectation = [OdooErrorKind, "business" | "transient" | "authentication", RegExp?];

// Every recorded error answer, by recording name: the kind and the step error class it becomes.
const JSONRPC_EXPECTED: Record<string, Expectation> = {
  "common.authenticate 3 args": ["server", "business", /missing 1 required positional argument/],
  "common.unknown": ["server", "business", /Method not found: nope/],
  "unknown service": ["server", "business"],
  "execute_kw bad password": ["auth", "authentication", /^Access Denied$/],
  "execute_kw unknown model": ["not_found", "business", /Odoo has no model "foo\.bar"/],
  "execute_kw unknown method": ["not_found", "business", /"res\.partner" has no method "frobnicate"/],
  "execute_kw private method": ["permission", "business", /Private methods/],
  "execute_kw missing params.args": ["server", "business"],
  "search_read m2o": ["server", "business", /Invalid field 'date'/],
  "write deleted": ["not_found", "business", /Record does not exist or has been deleted/],
  "unlink deleted": ["not_found", "business", /Record does not exist or has been deleted/],
  "read invalid field": ["server", "business", /Invalid field 'nope'/],
  "search invalid domain field": ["server", "business", /Invalid field res\.partner\.nope/],
  "search invalid operator": ["server", "business"],
  "search bad kwarg": ["server", "business", /unexpected keyword argument 'foo'/],
  "ValidationError via SQL constraint (contact w/o name)": ["validation", "business", /^The operation cannot be completed: Contacts require a name$/],
  "UserError unlink superuser": ["business", "business", /You can not remove the admin user/],
  "invalid json": ["server", "business", /malformed \(HTTP 400.*Invalid JSON data/],
  "json array body": ["server", "business", /Invalid JSON-RPC data/],
  "wrong content-type": ["server", "business", /malformed \(HTTP (400|415)/],
  "AccessError (ACL) ir.config_parameter search as probe user": ["permission", "business", /You are not allowed to access 'System Parameter'/],
  "AccessError write res.users as probe": ["permission", "business", /You are not allowed to modify/],
  "call_kw without session": ["auth", "authentication"],
  "session authenticate wrong pw": ["auth", "authentication"],
};

const JSON2_EXPECTED: Record<string, Expectation> = {
  "X-Odoo-Database unknown": ["not_found", "business", /answered 404.*check the base URL, the database name/],
  "no auth": ["auth", "authentication", /User not authenticated/],
  "bad key": ["auth", "authentication", /^Invalid apikey$/],
  "unknown model": ["not_found", "business", /Odoo has no model "foo\.bar"/],
  "unknown method": ["not_found", "business", /"res\.partner" has no method "frobnicate"/],
  "private method": ["permission", "business", /Private methods/],
  GET: ["not_found", "business", /Did you mean POST/],
  "ids on api.model": ["server", "business", /cannot call res\.partner\.search with ids/],
  "bad kwarg": ["server", "business", /unexpected keyword argument 'foo'/],
  "missing arg": ["server", "business", /missing a required argument: 'vals'/],
  "invalid json": ["server", "business", /could not parse the body as json/],
  "json array body": ["server", "business", /missing a required argument: 'domain'/],
  "wrong content-type": ["server", "business", /malformed \(HTTP 415/],
  "empty body": ["server", "business"],
  "name_search (args kw, old name)": ["server", "business", /unexpected keyword argument 'args'/],
  "write deleted": ["not_found", "business", /Record does not exist/],
  "unlink deleted": ["not_found", "business", /Record does not exist/],
  "ValidationError (contact w/o name)": ["validation", "business", /Contacts require a name/],
  "UserError unlink superuser": ["business", "business", /You can not remove the admin user/],
  "ValueError invalid field": ["server", "business", /Invalid field 'nope'/],
  "AccessError as probe user": ["permission", "business", /You are not allowed to access/],
  "catch-all /json/2": ["not_found", "business", /Did you mean POST/],
};

function isErrorAnswer(entry: Recorded): boolean {
  if (entry.status === undefined) return false; // XML-RPC probes and notes, not HTTP answers
  if (entry.status !== 200) return true;
  return typeof entry.body === "object" && entry.body !== null && "error" in entry.body;
}

let fake: FakeOdoo;
beforeAll(async () => {
  fake = await startFakeOdoo({ version: 19 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

async function failureOf(promise: Promise<unknown>): Promise<OdooError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OdooError);
  return error as OdooError;
}

function expectClassified(error: OdooError, [kind, stepClass, message]: Expectation): StepError {
  expect(error.kind).toBe(kind);
  const step = toStepError(error);
  expect(step.errorClass).toBe(stepClass);
  if (message) expect(step.message).toMatch(message);
  if (error.odooName) expect(step.details?.odooName).toBe(error.odooName);
  expect(error.outcomeUnknown).toBe(false);
  return step;
}

const jsonRpcConfig = () => ({ baseUrl: fake.url, database: "plant", login: "admin", protocol: "jsonrpc" as const });
const json2Config = () => ({ baseUrl: fake.url, database: "plant", login: "admin", protocol: "json2" as const });

describe.each(["odoo17.json", "odoo19.json"] as const)("JSON-RPC errors recorded in %s", (file) => {
  const entries = loadRecorded(file).filter(isErrorAnswer);
  it("has an expectation for every recorded error", () => {
    expect(entries.length).toBeGreaterThan(15);
    for (const entry of entries) expect(JSONRPC_EXPECTED, entry.test).toHaveProperty([entry.test]);
  });
  it.each(entries.map((entry) => [entry.test, entry] as const))("%s", async (_name, entry) => {
    fake.answer = () => replay(entry);
    const client = createOdooClient(jsonRpcConfig(), { password: "admin" });
    const error = await failureOf(client.call("res.partner", "frobnicate", [[1]]));
    expectClassified(error, JSONRPC_EXPECTED[entry.test]!);
  });
});

describe("JSON-2 errors recorded from Odoo 19", () => {
  const entries = loadRecorded("odoo19-json2.json").filter(isErrorAnswer);
  it("has an expectation for every recorded error", () => {
    expect(entries.length).toBeGreaterThan(15);
    for (const entry of entries) expect(JSON2_EXPECTED, entry.test).toHaveProperty([entry.test]);
  });
  it.each(entries.map((entry) => [entry.test, entry] as const))("%s", async (_name, entry) => {
    fake.answer = () => replay(entry);
    const client = createOdooClient(json2Config(), { apiKey: "k" });
    const error = await failureOf(client.call("res.partner", "frobnicate", [[1]]));
    expectClassified(error, JSON2_EXPECTED[entry.test]!);
    expect(error.httpStatus).toBe(entry.status);
  });
});

describe("failures that are retried", () => {
  const serialization = { name: "psycopg2.errors.SerializationFailure", message: "could not serialize access due to concurrent update\n", arguments: [], context: {}, debug: "...\n\n" };

  it("a serialization failure over JSON-RPC (HTTP 200) is transient, with Odoo's message", async () => {
    fake.answer = () => ({ body: { jsonrpc: "2.0", id: 1, error: { code: 0, message: "Odoo Server Error", data: serialization } } });
    const error = await failureOf(createOdooClient(jsonRpcConfig(), { password: "admin" }).call("res.partner", "write", [[1], { name: "x" }]));
    const step = expectClassified(error, ["concurrency", "transient", /^could not serialize access due to concurrent update$/]);
    expect(step).toBeInstanceOf(TransientError);
    expect(step.code).toBe("odoo-concurrency");
  });

  it.each([
    ["psycopg2.errors.SerializationFailure", 500],
    ["psycopg2.errors.LockNotAvailable", 500],
    ["psycopg2.errors.DeadlockDetected", 500],
    ["odoo.exceptions.LockError", 409],
    ["odoo.exceptions.ConcurrencyError", 500],
  ])("JSON-2 %s (HTTP %i) is transient", async (name, status) => {
    fake.answer = () => ({ status, body: { ...serialization, name } });
    const error = await failureOf(createOdooClient(json2Config(), { apiKey: "k" }).call("res.partner", "write", [[1], { name: "x" }]));
    expectClassified(error, ["concurrency", "transient"]);
  });

  it.each([502, 503, 504])("a proxy's %i page is transient and honours Retry-After", async (status) => {
    fake.answer = () => ({ status, text: "<html><body><h1>Bad Gateway</h1></body></html>", contentType: "text/html", headers: { "retry-after": "7" } });
    const error = await failureOf(createOdooClient(jsonRpcConfig(), { password: "admin" }).call("res.partner", "search", [[]]));
    const step = expectClassified(error, ["transport", "transient", new RegExp(`answered ${status}`)]);
    expect((step as TransientError).retryAfterMs).toBe(7000);
  });

  it("a bare 500 page (a crash outside Odoo's dispatcher) is transient; Odoo's own 500 with an exception is not", async () => {
    fake.answer = () => ({ status: 500, text: "Internal Server Error", contentType: "text/plain" });
    const bare = await failureOf(createOdooClient(json2Config(), { apiKey: "k" }).call("res.partner", "search", [[]]));
    expect(toStepError(bare)).toBeInstanceOf(TransientError);
    fake.answer = () => ({ status: 500, body: { name: "builtins.ValueError", message: "Invalid field 'nope' on 'res.partner'", arguments: [], context: {}, debug: "" } });
    const odoo = await failureOf(createOdooClient(json2Config(), { apiKey: "k" }).call("res.partner", "search", [[]]));
    expect(toStepError(odoo)).toBeInstanceOf(BusinessError);
  });

  it("the login cooldown waits a minute instead of flagging the credentials", async () => {
    fake.answer = () => ({
      body: { jsonrpc: "2.0", id: 1, error: { code: 200, message: "Odoo Server Error", data: { name: "odoo.exceptions.AccessDenied", message: "Too many login failures, please wait a bit before trying again." } } },
    });
    const error = await failureOf(createOdooClient(jsonRpcConfig(), { password: "admin" }).call("res.partner", "search", [[]]));
    const step = toStepError(error);
    expect(step).toBeInstanceOf(TransientError);
    expect((step as TransientError).retryAfterMs).toBe(60_000);
  });

  it("a refused login on common.authenticate (result false) is an authentication error naming the login and database", async () => {
    const error = await failureOf(createOdooClient(jsonRpcConfig(), { password: "wrong" }).authenticate());
    const step = toStepError(error);
    expect(step).toBeInstanceOf(AuthenticationError);
    expect(step.message).toMatch(/refused the login "admin" on the database "plant"/);
  });

  it("anything that is not an Odoo error is transient; step errors pass through", () => {
    expect(toStepError(new Error("boom"))).toBeInstanceOf(TransientError);
    const business = new BusinessError("bad");
    expect(toStepError(business)).toBe(business);
  });
});
