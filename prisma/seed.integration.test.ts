// The demo data a fresh installation starts with: it must be valid (the demo flow passes the same
// validator publish uses) and seeding again must change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { verifyAuditChain } from "../lib/audit/audit.server.ts";
import { draftContentHash } from "../lib/flows/content-hash.ts";
import { getFlowForEditor, listConnectionNames } from "../lib/flows/queries.server.ts";
import { validateFlow } from "../lib/flows/validate.ts";
import { seedDemo } from "./seed.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});
afterAll(async () => {
  await t.drop();
});

describe("the demo data", () => {
  it("gives every environment an odoo-main connection, without secrets", async () => {
    const connections = await t.db.connection.findMany({ include: { environment: true }, orderBy: { environment: { position: "asc" } } });
    expect(connections.map((c) => [c.environment.key, c.name, c.kind, c.secretEncrypted])).toEqual([
      ["dev", "odoo-main", "odoo", null], ["test", "odoo-main", "odoo", null], ["prod", "odoo-main", "odoo", null],
    ]);
    expect(connections[0]?.config).toEqual({ baseUrl: "http://127.0.0.1:8069", database: "plant", protocol: "jsonrpc" });
  });

  it("has a demo flow whose v1 passes the validator, released to dev, with nothing left to publish", async () => {
    const flow = await t.db.flow.findUniqueOrThrow({ where: { slug: "maintenance-parts-reservation" } });
    const editor = await getFlowForEditor(t.db, flow.id);
    expect(editor).toMatchObject({ draft: { revision: 1, matchesVersion: 1 }, versions: [{ number: 1 }], releases: [{ environmentKey: "dev", number: 1 }] });
    const version = await t.db.flowVersion.findUniqueOrThrow({ where: { flowId_number: { flowId: flow.id, number: 1 } } });
    const { definition, issues } = validateFlow(version.definition, { connectionNames: new Set(await listConnectionNames(t.db)) });
    expect(issues).toEqual([]);
    expect(definition?.nodes.map((n) => n.kind)).toEqual(["webhook-trigger", "map", "call-odoo", "end"]);
    expect(draftContentHash(version.definition)).toBe(version.contentHash);
  });

  it("seeding again changes nothing, and the audit chain verifies", async () => {
    const count = async () => [await t.db.user.count(), await t.db.flow.count(), await t.db.flowVersion.count(), await t.db.connection.count(), await t.db.auditEvent.count()];
    const before = await count();
    expect(await seedDemo(t.db)).toEqual({ createdUsers: [] });
    expect(await count()).toEqual(before);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    const actions = (await t.db.auditEvent.findMany({ where: { subjectType: "flow" } })).map((e) => e.action);
    expect(actions).toEqual(["flow.created", "flow.published", "trigger_secret.created"]);
  });

  it("gives the demo webhook its signing secret in dev, encrypted", async () => {
    const secrets = await t.db.triggerSecret.findMany();
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.secretEncrypted).toMatch(/^v1\./);
  });
});
