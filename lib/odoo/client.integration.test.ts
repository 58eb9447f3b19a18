// The Odoo client against the project's Odoo test server (scripts/odoo-sim), over both transports,
// and behind the connection guard on a real PostgreSQL: a round trip of the common ORM calls,
// Odoo's refusals as business errors, a timeout after the server committed (outcome unknown),
// and 503s opening the circuit breaker until a probe succeeds.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOdooSim, type OdooSim } from "../../scripts/odoo-sim/index.ts";
import { AuthenticationError, BusinessError, TransientError } from "../../runtime/engine/errors.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { createOdooClient, type OdooClient } from "./client.server.ts";
import { OdooError, toStepError } from "./errors.ts";
import { readCircuit, withConnectionGuard } from "./guard.server.ts";

let sim17: OdooSim;
let sim19: OdooSim;
let database: TestDatabase;
beforeAll(async () => {
  [sim17, sim19, database] = await Promise.all([startOdooSim({ version: 17 }), startOdooSim({ version: 19 }), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([sim17?.close(), sim19?.close(), database?.drop()]);
});

type Setup = { name: string; protocol: "jsonrpc" | "json2"; sim: () => OdooSim; client: (options?: { timeoutMs?: number; user?: "admin" | "user" }) => OdooClient };
const setups: Setup[] = [
  {
    name: "Odoo 17, JSON-RPC, password",
    protocol: "jsonrpc",
    sim: () => sim17,
    client: (options = {}) => {
      const who = sim17[options.user ?? "admin"];
      return createOdooClient({ baseUrl: sim17.url, database: sim17.database, login: who.login, protocol: "jsonrpc", lang: "en_US" }, { password: who.password }, options);
    },
  },
  {
    name: "Odoo 19, JSON-RPC, API key",
    protocol: "jsonrpc",
    sim: () => sim19,
    client: (options = {}) => {
      const who = sim19[options.user ?? "admin"];
      return createOdooClient({ baseUrl: sim19.url, database: sim19.database, login: who.login, protocol: "jsonrpc" }, { apiKey: who.apiKey }, options);
    },
  },
  {
    name: "Odoo 19, JSON-2",
    protocol: "json2",
    sim: () => sim19,
    client: (options = {}) => {
      const who = sim19[options.user ?? "admin"];
      return createOdooClient({ baseUrl: sim19.url, database: sim19.database, login: who.login, protocol: "json2", companyIds: [1] }, { apiKey: who.apiKey }, options);
    },
  },
];

describe.each(setups)("$name", ({ protocol, sim, client }) => {
  it("tests the connection", async () => {
    const info = await client().testConnection();
    expect(info).toMatchObject({ database: "plant", uid: sim().admin.uid, userName: "Administrator" });
    expect(info.serverVersion).toMatch(sim().version === 17 ? /^17\.0/ : /^19\.0/);
  });

  it("creates, reads, searches, writes and deletes a contact", async () => {
    const odoo = client();
    const name = `Test contact ${randomUUID().slice(0, 8)}`;
    const id = await odoo.createOne("res.partner", { name, email: "t@example.com" });
    expect(typeof id).toBe("number");
    const [a, b] = await odoo.createMany("res.partner", [{ name: `${name} A` }, { name: `${name} B` }]);
    expect(typeof a).toBe("number");
    expect(typeof b).toBe("number");
    const rows = await odoo.call<{ id: number; name: string; email: string | false }[]>("res.partner", "search_read", [[["name", "=", name]], ["name", "email"]]);
    expect(rows).toEqual([{ id, name, email: "t@example.com" }]);
    expect(await odoo.call("res.partner", "search_count", [[["name", "ilike", name]]])).toBe(3);
    expect(await odoo.call("res.partner", "write", [[id], { email: false }])).toBe(true);
    const [read] = await odoo.call<{ email: unknown }[]>("res.partner", "read", [[id], ["email"]]);
    expect(read!.email).toBe(false);
    const found = await odoo.call<[number, string][]>("res.partner", "name_search", [name], { limit: 5 });
    expect(found.map(([foundId]) => foundId)).toContain(id);
    expect(await odoo.call("res.partner", "unlink", [[id, a, b]])).toBe(true);
    expect(await odoo.call("res.partner", "read", [[id], ["name"]])).toEqual([]);
  });

  it("Odoo's refusals (validation, unknown model, deleted record, access rights) are business errors with Odoo's message", async () => {
    const odoo = client();
    const missing = toStepError(await odoo.call("res.partner", "create", [{ email: "no-name@example.com" }]).catch((error: unknown) => error));
    expect(missing).toBeInstanceOf(BusinessError);
    expect(missing.details?.odooName).toBe("odoo.exceptions.ValidationError");
    const unknownModel = toStepError(await odoo.call("foo.bar", "search", [[]]).catch((error: unknown) => error));
    expect(unknownModel.message).toMatch(/Odoo has no model "foo\.bar"/);
    const deleted = toStepError(await odoo.call("res.partner", "write", [[999_999], { name: "x" }]).catch((error: unknown) => error));
    expect(deleted).toBeInstanceOf(BusinessError);
    expect(deleted.message).toMatch(/Record does not exist or has been deleted/);
    const denied = toStepError(await client({ user: "user" }).call("ir.config_parameter", "search_read", [[]]).catch((error: unknown) => error));
    expect(denied).toBeInstanceOf(BusinessError);
    expect(denied.code).toBe("odoo-permission");
  });

  it("a wrong secret is an authentication error", async () => {
    const s = sim();
    const odoo = createOdooClient({ baseUrl: s.url, database: s.database, login: "admin", protocol }, { apiKey: "0".repeat(40) });
    expect(toStepError(await odoo.call("res.partner", "search", [[]]).catch((error: unknown) => error))).toBeInstanceOf(AuthenticationError);
  });

  it("a timeout after the server committed leaves the outcome unknown (and the record exists)", async () => {
    const s = sim();
    const odoo = client({ timeoutMs: 300 });
    await odoo.authenticate();
    s.inject({ kind: "timeout-after-commit", model: "res.partner", method: "create", times: 1, delayMs: 2_000 });
    const name = `Committed ${randomUUID().slice(0, 8)}`;
    const error = (await odoo.createOne("res.partner", { name }).catch((thrown: unknown) => thrown)) as OdooError;
    s.clearFaults();
    expect(error).toBeInstanceOf(OdooError);
    expect(error.outcomeUnknown).toBe(true);
    expect(toStepError(error)).toBeInstanceOf(TransientError);
    expect(s.records("res.partner").some((row) => row.name === name)).toBe(true);
  });

  it("a serialization failure is transient", async () => {
    const s = sim();
    s.inject({ kind: "serialization", model: "res.partner", method: "write", times: 1 });
    const error = await client().call("res.partner", "write", [[3], { comment: "x" }]).catch((thrown: unknown) => thrown);
    s.clearFaults();
    expect((error as OdooError).kind).toBe("concurrency");
    expect(toStepError(error)).toBeInstanceOf(TransientError);
  });
});

describe("the guard with a failing server", () => {
  it("503s open the breaker; calls then fail fast without reaching Odoo; after the cool-down a probe closes it", async () => {
    const connection = { id: randomUUID(), config: { breakerThreshold: 2, breakerCooldownMs: 1_000 } };
    const odoo = setups[0]!.client();
    await odoo.authenticate();
    sim17.inject({ kind: "http-503", model: "res.partner", method: "search_count", times: 2 });
    const deps = { db: database.db };
    const search = () => withConnectionGuard(connection, () => odoo.call<number>("res.partner", "search_count", [[]]), deps);
    for (let i = 0; i < 2; i++) expect(toStepError(await search().catch((error: unknown) => error))).toBeInstanceOf(TransientError);
    expect((await readCircuit(connection.id, deps)).state).toBe("OPEN");

    const callsBefore = sim17.calls.length;
    const blocked = (await search().catch((error: unknown) => error)) as TransientError;
    expect(blocked.code).toBe("odoo-circuit-open");
    expect(blocked.retryAfterMs).toBeGreaterThan(0);
    expect(blocked.retryAfterMs).toBeLessThanOrEqual(1_000);
    expect(sim17.calls.length).toBe(callsBefore);

    await new Promise((resolve) => setTimeout(resolve, blocked.retryAfterMs! + 50));
    expect(typeof (await search())).toBe("number");
    expect(await readCircuit(connection.id, deps)).toMatchObject({ state: "CLOSED", failures: 0 });
  });
});
