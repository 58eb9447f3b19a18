// Faults injected into the Odoo test server: each one answers the way Odoo (or its proxy) does, and
// only the faults that commit (slow, timeout-after-commit) leave a record behind.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startOdooSim, type OdooSim } from "./index.ts";
import { call, executeKw, json2 } from "./test-client.ts";

const partnerCount = (sim: OdooSim) => sim.records("res.partner").length;

describe.each([17, 19] as const)("faults on the Odoo %i test server", (version) => {
  let sim: OdooSim;
  beforeEach(async () => { sim = await startOdooSim({ version }); });
  afterEach(async () => { await sim.close(); });

  it("serialization: the recorded concurrency error, nothing committed, `times` failures then success", async () => {
    sim.inject({ kind: "serialization", model: "res.partner", method: "create", times: 2 });
    const before = partnerCount(sim);
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await executeKw(sim, "res.partner", "create", [{ name: "Retry Ltd" }]);
      expect(answer.status).toBe(200);
      expect(answer.body.error).toMatchObject({
        code: version === 17 ? 200 : 0, message: "Odoo Server Error",
        data: { name: "psycopg2.errors.SerializationFailure", message: "could not serialize access due to concurrent update\n", arguments: ["could not serialize access due to concurrent update\n"] },
      });
    }
    expect(partnerCount(sim)).toBe(before);
    expect(typeof (await call(sim, "res.partner", "create", [{ name: "Retry Ltd" }]))).toBe("number");
    expect(partnerCount(sim)).toBe(before + 1);
  });

  it("faults only hit the model and method they name", async () => {
    sim.inject({ kind: "serialization", model: "purchase.order" });
    expect(await call(sim, "res.partner", "search_count", [[]])).toEqual(expect.any(Number));
    expect((await executeKw(sim, "purchase.order", "search_count", [[]])).body.error?.data.name).toBe("psycopg2.errors.SerializationFailure");
    sim.inject({ kind: "serialization" });
    sim.clearFaults();
    expect(await call(sim, "purchase.order", "search_count", [[]])).toBe(0);
  });

  it("access-error and validation-error carry Odoo's own messages", async () => {
    sim.inject({ kind: "access-error", model: "purchase.order", method: "create" });
    const denied = await executeKw(sim, "purchase.order", "create", [{ partner_id: 4 }]);
    expect(denied.body.error?.data.name).toBe("odoo.exceptions.AccessError");
    expect(denied.body.error?.data.message).toBe(
      `You are not allowed to create 'Purchase Order' (purchase.order) records.\n\nThis operation is allowed for the following groups:\n\t- ${version === 17 ? "Administration/Settings" : "Role / Administrator"}\n\nContact your administrator to request access if necessary.`,
    );
    sim.inject({ kind: "validation-error", model: "maintenance.request" });
    const invalid = await executeKw(sim, "maintenance.request", "create", [{ name: "x" }]);
    expect(invalid.body.error?.data.name).toBe("odoo.exceptions.ValidationError");
    expect(invalid.body.error?.data.message).toMatch(/^The operation cannot be completed:/);
    expect(sim.records("purchase.order")).toEqual([]);
  });

  it("http-502 and http-503 answer like a proxy, without running the call", async () => {
    sim.inject({ kind: "http-502", model: "res.partner", method: "create" });
    sim.inject({ kind: "http-503", model: "res.partner", method: "create" });
    const before = partnerCount(sim);
    expect((await executeKw(sim, "res.partner", "create", [{ name: "A" }])).status).toBe(502);
    expect((await executeKw(sim, "res.partner", "create", [{ name: "A" }])).status).toBe(503);
    expect(partnerCount(sim)).toBe(before);
    expect(sim.calls.filter((c) => c.method === "create")).toHaveLength(2);
  });

  it("a fault without model or method hits common calls too", async () => {
    sim.inject({ kind: "http-503" });
    const response = await fetch(`${sim.url}/jsonrpc`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", method: "call", params: { service: "common", method: "version", args: [] }, id: 1 }) });
    expect(response.status).toBe(503);
  });

  it("slow answers after delayMs and still commits", async () => {
    sim.inject({ kind: "slow", model: "res.partner", delayMs: 300 });
    const started = Date.now();
    expect(typeof (await call(sim, "res.partner", "create", [{ name: "Slowpoke" }]))).toBe("number");
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("timeout-after-commit: the client gives up, the record exists exactly once", async () => {
    sim.inject({ kind: "timeout-after-commit", model: "maintenance.request", method: "create", delayMs: 5_000 });
    const before = sim.records("maintenance.request").length;
    await expect(executeKw(sim, "maintenance.request", "create", [{ name: "WO-77 committed" }], undefined, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    const created = sim.records("maintenance.request").filter((r) => r.name === "WO-77 committed");
    expect(created).toHaveLength(1);
    expect(sim.records("maintenance.request")).toHaveLength(before + 1);
  });

  if (version === 19) {
    it("JSON-2 maps the faults to their HTTP statuses", async () => {
      sim.inject({ kind: "serialization", model: "res.partner", method: "search_count" });
      const conflict = await json2(sim, "res.partner", "search_count", { domain: [] });
      expect(conflict.status).toBe(500);
      expect(conflict.body).toMatchObject({ name: "psycopg2.errors.SerializationFailure", message: "could not serialize access due to concurrent update\n" });
      sim.inject({ kind: "access-error", model: "res.partner" });
      expect((await json2(sim, "res.partner", "search_count", { domain: [] })).status).toBe(403);
      sim.inject({ kind: "validation-error", model: "res.partner" });
      expect((await json2(sim, "res.partner", "create", { vals_list: [{ name: "x" }] })).status).toBe(422);
      sim.inject({ kind: "http-502", model: "res.partner" });
      expect((await json2(sim, "res.partner", "search_count", { domain: [] })).status).toBe(502);
      expect(sim.calls.at(-1)).toEqual({ model: "res.partner", method: "search_count", transport: "json2" });
    });
  }
});
