// The Odoo record beside a task, read live through the run's environment connection from the
// project's Odoo test server: labelled fields, and a sentence (never an exception) when the record
// is gone, the run has no environment, or Odoo cannot be reached.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { seedDemo } from "../../prisma/seed.ts";
import { startOdooSim, type OdooSim } from "../../scripts/odoo-sim/index.ts";
import { readTaskRecord } from "./record.server.ts";

let t: TestDatabase;
let sim: OdooSim;
let environmentId: string;
let requestId: number;

async function pointConnectionAt(baseUrl: string) {
  const connection = await t.db.connection.findFirstOrThrow({ where: { environmentId, name: "odoo-main" } });
  await t.db.connection.update({ where: { id: connection.id }, data: { config: { ...(connection.config as object), baseUrl } } });
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await seedDemo(t.db);
  sim = await startOdooSim({ port: 0 });
  environmentId = (await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } })).id;
  await pointConnectionAt(sim.url);
  const response = await fetch(`${sim.url}/jsonrpc`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", method: "call", id: 1, params: { service: "object", method: "execute_kw", args: ["plant", 2, "admin", "maintenance.request", "create", [{ name: "Pump 7 leaking", priority: "3", description: "Seal worn" }]] } }),
  });
  requestId = ((await response.json()) as { result: number }).result;
});
afterAll(async () => {
  await sim.close();
  await t.drop();
});

describe("readTaskRecord", () => {
  it("shows the record's fields with Odoo's labels and values in words", async () => {
    const record = await readTaskRecord(t.db, { connection: "odoo-main", model: "maintenance.request", id: requestId }, environmentId);
    if (!record.ok) throw new Error(record.message);
    expect(record.title).toBe("Pump 7 leaking");
    const byLabel = Object.fromEntries(record.fields.map((field) => [field.label, field.value]));
    expect(byLabel).toMatchObject({ Subjects: "Pump 7 leaking", Priority: "High", Description: "Seal worn", Team: "Internal Maintenance" });
    expect(record.fields.length).toBeLessThanOrEqual(30);
    expect(record.odooUrl).toContain(`model=maintenance.request&id=${requestId}`);
  });

  it("says so when the record is gone or the run has no environment", async () => {
    expect(await readTaskRecord(t.db, { connection: "odoo-main", model: "maintenance.request", id: 999_999 }, environmentId)).toMatchObject({
      ok: false, message: "Odoo has no maintenance.request record with id 999999 (any more).",
    });
    expect(await readTaskRecord(t.db, { connection: "odoo-main", model: "maintenance.request", id: requestId }, null)).toMatchObject({ ok: false, message: expect.stringMatching(/no environment/) });
    expect(await readTaskRecord(t.db, { connection: "odoo-elsewhere", model: "maintenance.request", id: requestId }, environmentId)).toMatchObject({ ok: false, message: expect.stringMatching(/no connection named "odoo-elsewhere"/) });
  });

  it("explains that Odoo cannot be reached instead of failing the page", async () => {
    await pointConnectionAt("http://127.0.0.1:9");
    const record = await readTaskRecord(t.db, { connection: "odoo-main", model: "maintenance.request", id: requestId + 1 }, environmentId);
    expect(record).toMatchObject({ ok: false, message: expect.stringMatching(/cannot be reached/) });
  });
});
