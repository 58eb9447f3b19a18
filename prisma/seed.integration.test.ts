// The demo data a fresh installation starts with: it must be valid (the demo flow passes the same
// validator publish uses) and seeding again must change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { appendAudit, verifyAuditChain } from "../lib/audit/audit.server.ts";
import { draftContentHash } from "../lib/flows/content-hash.ts";
import { getFlowForEditor, listConnectionNames } from "../lib/flows/queries.server.ts";
import { validateFlow } from "../lib/flows/validate.ts";
import { decryptSecret } from "../lib/secrets/crypto.server.ts";
import { connectionSecretContext } from "../runtime/engine/connections.ts";
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
  it("gives every environment an odoo-main connection with the Odoo test server's demo credentials, encrypted", async () => {
    const connections = await t.db.connection.findMany({ where: { kind: "odoo" }, include: { environment: true }, orderBy: { environment: { position: "asc" } } });
    expect(connections.map((c) => [c.environment.key, c.name, c.kind])).toEqual([["dev", "odoo-main", "odoo"], ["test", "odoo-main", "odoo"], ["prod", "odoo-main", "odoo"]]);
    expect(connections[0]?.config).toEqual({ baseUrl: "http://127.0.0.1:8069", database: "plant", login: "admin", protocol: "jsonrpc" });
    for (const connection of connections) {
      expect(connection.secretEncrypted).toMatch(/^v1\./);
      expect(connection.secretEncrypted).not.toContain("admin");
      expect(decryptSecret(connection.secretEncrypted as string, { context: connectionSecretContext(connection.id) })).toEqual({ password: "admin" });
    }
  });

  it("completes a connection an older seed left without credentials, and leaves an admin's changes alone", async () => {
    const [first, second] = await t.db.connection.findMany({ where: { kind: "odoo" }, orderBy: { environment: { position: "asc" } } });
    await t.db.connection.update({ where: { id: first?.id }, data: { secretEncrypted: null, config: { baseUrl: "http://127.0.0.1:8069", database: "plant", protocol: "jsonrpc" } } });
    await t.db.connection.update({ where: { id: second?.id }, data: { secretEncrypted: null, config: { baseUrl: "https://erp.example.com", database: "live", login: "bot", protocol: "jsonrpc" } } });
    await seedDemo(t.db);
    const upgraded = await t.db.connection.findUniqueOrThrow({ where: { id: first?.id } });
    expect(upgraded.config).toMatchObject({ login: "admin" });
    expect(decryptSecret(upgraded.secretEncrypted as string, { context: connectionSecretContext(upgraded.id) })).toEqual({ password: "admin" });
    const changed = await t.db.connection.findUniqueOrThrow({ where: { id: second?.id } });
    // A secret an admin cleared (audited) stays cleared, even with the demo settings.
    await t.db.connection.update({ where: { id: first?.id }, data: { secretEncrypted: null } });
    await t.db.$transaction((tx) => appendAudit(tx, { actorLabel: "admin@millwright.local", action: "connection.updated", subjectType: "connection", subjectId: first?.id, after: { secret: "cleared" } }));
    await seedDemo(t.db);
    expect((await t.db.connection.findUniqueOrThrow({ where: { id: first?.id } })).secretEncrypted).toBeNull();
    expect([changed.config, changed.secretEncrypted]).toEqual([{ baseUrl: "https://erp.example.com", database: "live", login: "bot", protocol: "jsonrpc" }, null]);
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
    const parts = await t.db.flow.findUniqueOrThrow({ where: { slug: "maintenance-parts-reservation" } });
    const actions = (await t.db.auditEvent.findMany({ where: { subjectType: "flow", subjectId: parts.id } })).map((e) => e.action);
    expect(actions).toEqual(["flow.created", "flow.published", "trigger_secret.created"]);
  });

  it("seeds the shop-floor demo: an MQTT connection in dev and the machine-down flows released there", async () => {
    const mqtt = await t.db.connection.findMany({ where: { kind: "mqtt" }, include: { environment: true } });
    expect(mqtt.map((c) => [c.environment.key, c.name, c.config])).toEqual([["dev", "plant-mqtt", { url: "mqtt://127.0.0.1:1883", clientIdPrefix: "millwright" }]]);
    const releases = await t.db.release.findMany({ where: { flow: { slug: { startsWith: "machine-down-maintenance" } } }, include: { environment: true, flow: true } });
    expect(releases.map((r) => [r.flow.slug, r.environment.key]).sort()).toEqual([["machine-down-maintenance", "dev"], ["machine-down-maintenance-fast", "dev"]]);
  });

  it("gives the demo webhook its signing secret in dev, encrypted", async () => {
    const secrets = await t.db.triggerSecret.findMany();
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.secretEncrypted).toMatch(/^v1\./);
  });
});
