// Signed bundles against a real PostgreSQL: export signs with this installation's key (created once,
// private half encrypted), import verifies hash, signature and trust, refuses tampering with a
// reason, maps connection names, and keeps or appends version numbers.
import { generateKeyPairSync, sign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { flowDefinition, flowNode } from "../../test/flow-fixtures.ts";
import { definitionHash } from "../flows/content-hash.ts";
import { definitionConnections } from "../flows/definition-connections.ts";
import type { TFlowDefinition } from "../flows/definition.ts";
import { seedDemo } from "../../prisma/seed.ts";
import type { Bundle } from "./bundle.ts";
import { bodyHash, exportBundle, importBundle, previewBundle, signingKey, trustKey } from "./bundles.server.ts";

let t: TestDatabase;
let admin: { id: string; email: string };
let flowId: string;

function definition(v: number): TFlowDefinition {
  return flowDefinition(
    [
      flowNode("hook", "webhook-trigger", { auth: "hmac" }, "Order received"),
      flowNode("odoo", "call-odoo", { connection: "odoo-main", operation: "search_read", model: "res.partner", password: "hunter2" }, "Read partners"),
      flowNode("shape", "map", { script: `return { v: ${v} };` }),
      flowNode("done", "end"),
    ],
    [["hook", "odoo"], ["odoo", "shape"], ["shape", "done"]],
  );
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await seedDemo(t.db);
  admin = await t.db.user.findUniqueOrThrow({ where: { email: "admin@millwright.local" }, select: { id: true, email: true } });
  const flow = await t.db.flow.create({ data: { slug: "parts-sync", name: "Parts sync", ownerId: admin.id } });
  flowId = flow.id;
  for (const v of [1, 2]) {
    await t.db.flowVersion.create({ data: { flowId, number: v, definition: definition(v) as object, contentHash: definitionHash(definition(v)), note: `note ${v}`, authorId: admin.id } });
  }
});
afterAll(async () => {
  await t?.drop();
});

/** A bundle signed by another installation's key (not trusted here unless added). */
function foreignBundle(body: Omit<Bundle, "contentHash" | "signature">) {
  const pair = generateKeyPairSync("ed25519");
  const publicKey = pair.publicKey.export({ format: "der", type: "spki" }).toString("base64");
  const contentHash = bodyHash(body);
  return { bundle: { ...body, contentHash, signature: { algorithm: "ed25519" as const, publicKey, value: sign(null, Buffer.from(contentHash), pair.privateKey).toString("base64") } }, publicKey };
}

describe("export", () => {
  it("signs with one installation key, encrypted at rest, and carries connection names but no secrets", async () => {
    const bundle = await exportBundle(t.db, admin, flowId);
    const again = await exportBundle(t.db, admin, flowId);
    expect(await t.db.signingKey.count()).toBe(1);
    expect(again.signature.publicKey).toBe(bundle.signature.publicKey);
    const key = await signingKey(t.db);
    expect(key.privateKeyEncrypted).toMatch(/^v1\./);
    expect(bundle).toMatchObject({ format: "millwright.bundle", flow: { slug: "parts-sync", name: "Parts sync" }, connections: ["odoo-main"] });
    expect(bundle.versions.map((v) => [v.number, v.note])).toEqual([[1, "note 1"], [2, "note 2"]]);
    expect(JSON.stringify(bundle)).not.toContain("hunter2");
  });
});

describe("import", () => {
  it("refuses a tampered bundle with the reason, whatever was changed", async () => {
    const bundle = await exportBundle(t.db, admin, flowId);
    const script = structuredClone(bundle);
    (script.versions[1]!.definition as TFlowDefinition).nodes[2]!.config = { script: "return { v: 666 };" };
    await expect(previewBundle(t.db, JSON.stringify(script))).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("changed after it was exported") });
    // Rehashed without the private key: the signature no longer matches.
    const rehashed = { ...script, contentHash: bodyHash(script) };
    await expect(previewBundle(t.db, JSON.stringify(rehashed))).rejects.toMatchObject({ message: expect.stringContaining("signature does not verify") });
    await expect(previewBundle(t.db, "{not json")).rejects.toMatchObject({ message: expect.stringContaining("not JSON") });
    expect(await t.db.flowVersion.count({ where: { flowId } })).toBe(2);
  });

  it("refuses a bundle from an untrusted installation until an admin trusts its key", async () => {
    const exported = await exportBundle(t.db, admin, flowId);
    const { contentHash: _h, signature: _s, ...body } = exported;
    const { bundle, publicKey } = foreignBundle({ ...body, flow: { ...body.flow, slug: "from-abroad", name: "From abroad" } });
    await expect(previewBundle(t.db, JSON.stringify(bundle))).rejects.toMatchObject({ message: expect.stringContaining("does not trust") });
    await trustKey(t.db, admin, { name: "Plant Lyon", publicKey });
    expect(await previewBundle(t.db, JSON.stringify(bundle))).toMatchObject({ signer: { name: "Plant Lyon" }, existingFlow: null, connections: ["odoo-main"] });
    const imported = await importBundle(t.db, admin, { json: JSON.stringify(bundle), connectionMap: { "odoo-main": "odoo-lyon" } });
    expect(imported).toMatchObject({ created: true, slug: "from-abroad", numbers: [1, 2] });
    const versions = await t.db.flowVersion.findMany({ where: { flowId: imported.flowId }, orderBy: { number: "asc" } });
    expect(versions.map((v) => [v.number, v.note])).toEqual([[1, "note 1"], [2, "note 2"]]);
    expect([...definitionConnections(versions[1]!.definition)]).toEqual(["odoo-lyon"]);
    expect(versions[1]!.contentHash).toBe(definitionHash(versions[1]!.definition as TFlowDefinition));
    expect(await t.db.auditEvent.count({ where: { action: "bundle.imported", subjectId: imported.flowId } })).toBe(1);
  });

  it("appends the versions to a flow with the same slug, numbered after its latest", async () => {
    const bundle = await exportBundle(t.db, admin, flowId);
    const imported = await importBundle(t.db, admin, { json: JSON.stringify(bundle), connectionMap: {} });
    expect(imported).toMatchObject({ flowId, created: false, numbers: [3, 4] });
    const notes = (await t.db.flowVersion.findMany({ where: { flowId }, orderBy: { number: "asc" }, select: { note: true } })).map((v) => v.note);
    expect(notes).toEqual(["note 1", "note 2", "Imported v1: note 1", "Imported v2: note 2"]);
  });
});
