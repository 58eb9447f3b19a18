// Connections per environment, as an admin manages them on the Environments page: only admins may
// touch them; secrets go in encrypted and never come back out (not in an action's answer, not in
// the page's data, not in the audit log); a stored secret is only replaced when a new one is given;
// a connection a released version uses cannot be deleted or renamed; "Test connection" records what
// Odoo (or an HTTP API) answered.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { verifyAuditChain } from "../../../../lib/audit/audit.server.ts";
import { listConnections } from "../../../../lib/connections/connections.server.ts";
import { decryptSecret } from "../../../../lib/secrets/crypto.server.ts";
import { seedDemo } from "../../../../prisma/seed.ts";
import { startOdooSim } from "../../../../scripts/odoo-sim/index.ts";
import { connectionSecretContext } from "../../../../runtime/engine/connections.ts";
import { signInAs } from "../../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../../test/test-database.ts";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const SECRET = "s3cret-Pa55word-never-shown";
const NEW_SECRET = "an0ther-s3cret-never-shown";

type OdooServer = { url: string; password: string; close(): Promise<void> };

let t: TestDatabase;
let actions: typeof import("./actions.ts");
const users: Record<string, string> = {};
const env: Record<string, string> = {};
let odoo: OdooServer;
let api: Server;
let apiUrl: string;

/** The Odoo test server (scripts/odoo-sim), version 17, database "plant", admin / admin. */
async function startOdoo(): Promise<OdooServer> {
  const sim = await startOdooSim();
  return { url: sim.url, password: sim.admin.password, close: () => sim.close() };
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  actions = await import("./actions.ts");
  await seedDemo(t.db);
  for (const user of await t.db.user.findMany({ select: { id: true, email: true } })) users[user.email.split("@")[0] as string] = user.id;
  for (const environment of await t.db.environment.findMany()) env[environment.key] = environment.id;
  odoo = await startOdoo();
  api = createServer((req, res) => {
    const ok = req.headers.authorization === `Bearer ${SECRET}`;
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok }));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await odoo?.close();
  await new Promise((resolve) => api?.close(resolve));
  await t.drop();
});

const odooConfig = (overrides: Record<string, unknown> = {}) => ({ baseUrl: odoo.url, database: "plant", login: "admin", protocol: "jsonrpc", ...overrides });
const asAdmin = () => signInAs(users.admin as string);
const auditOf = (subjectId: string) => t.db.auditEvent.findMany({ where: { subjectType: "connection", subjectId }, orderBy: { seq: "asc" } });
const stored = (id: string) => t.db.connection.findUniqueOrThrow({ where: { id } });
const openSecret = (row: { id: string; secretEncrypted: string | null }) => decryptSecret(row.secretEncrypted as string, { context: connectionSecretContext(row.id) });

async function createOdoo(name: string, secret: Record<string, string> | null = { password: SECRET }, environmentId = env.test as string) {
  asAdmin();
  const result = await actions.createConnectionAction({ environmentId, name, kind: "odoo", config: odooConfig(), secret });
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

describe("who may manage connections", () => {
  it("refuses analysts, approvers and signed-out callers, and changes nothing", async () => {
    const connection = await createOdoo("odoo-roles");
    const before = await t.db.connection.count();
    const calls = [
      () => actions.createConnectionAction({ environmentId: env.test, name: "sneaky", kind: "odoo", config: odooConfig(), secret: { password: "x" } }),
      () => actions.updateConnectionAction({ connectionId: connection.id, name: "odoo-roles", config: odooConfig(), secret: { password: "x" } }),
      () => actions.deleteConnectionAction({ connectionId: connection.id }),
      () => actions.testConnectionAction({ connectionId: connection.id }),
    ];
    signInAs(null);
    for (const call of calls) expect(await call()).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    for (const who of ["analyst", "approver"]) {
      signInAs(users[who] as string);
      for (const call of calls) expect(await call(), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    expect(await t.db.connection.count()).toBe(before);
    expect(openSecret(await stored(connection.id))).toEqual({ password: SECRET });
    expect((await auditOf(connection.id)).map((e) => e.action)).toEqual(["connection.created"]);
  });
});

describe("creating and listing", () => {
  it("stores the secret encrypted, answers without it and lists it masked", async () => {
    asAdmin();
    const result = await actions.createConnectionAction({ environmentId: env.test, name: "odoo-new", kind: "odoo", config: odooConfig(), secret: { password: SECRET } });
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(result).toMatchObject({ ok: true, data: { name: "odoo-new", kind: "odoo", hasSecret: true, secretHint: "•••• set just now", status: "UNKNOWN" } });
    const row = await stored(result.ok ? result.data.id : "");
    expect(row.secretEncrypted).toMatch(/^v1\./);
    expect(row.secretEncrypted).not.toContain(SECRET);
    expect(openSecret(row)).toEqual({ password: SECRET });
    expect(row.config).toMatchObject({ baseUrl: odoo.url, database: "plant", login: "admin", protocol: "jsonrpc", timeoutMs: 30000 });

    const page = await listConnections(t.db);
    expect(JSON.stringify(page)).not.toContain(SECRET);
    expect(JSON.stringify(page)).not.toContain(row.secretEncrypted);
    expect(page.find((c) => c.id === row.id)).toMatchObject({ hasSecret: true, secretHint: "•••• set just now" });
  });

  it("says how long ago the secret was set", async () => {
    const connection = await createOdoo("odoo-hint");
    const threeDaysLater = new Date(Date.now() + 3 * 24 * 3600 * 1000 + 60_000);
    const page = await listConnections(t.db, { environmentId: env.test, now: threeDaysLater });
    expect(page.find((c) => c.id === connection.id)?.secretHint).toBe("•••• set 3 days ago");
  });

  it("checks the name and the kind's settings, field by field", async () => {
    asAdmin();
    const bad = await actions.createConnectionAction({ environmentId: env.test, name: "odoo main!", kind: "odoo", config: { baseUrl: "ftp://x", database: "" }, secret: null });
    expect(bad).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(bad.ok ? [] : bad.fields?.map((f) => f.path)).toEqual(["name", "config.baseUrl", "config.database", "config.login"]);
    const badConfig = await actions.createConnectionAction({ environmentId: env.test, name: "odoo-bad", kind: "odoo", config: { baseUrl: "ftp://x", database: "" }, secret: { password: SECRET } });
    expect(badConfig.ok ? [] : badConfig.fields?.map((f) => f.path)).toEqual(["config.baseUrl", "config.database", "config.login"]);
    expect(JSON.stringify(badConfig)).not.toContain(SECRET);
  });

  it("refuses a name already taken in the same environment, allows it in another", async () => {
    await createOdoo("odoo-twice");
    asAdmin();
    expect(await actions.createConnectionAction({ environmentId: env.test, name: "odoo-twice", kind: "odoo", config: odooConfig(), secret: null })).toMatchObject({
      ok: false, code: "CONFLICT", fields: [{ path: "name" }],
    });
    expect(await actions.createConnectionAction({ environmentId: env.prod, name: "odoo-twice", kind: "odoo", config: odooConfig(), secret: null })).toMatchObject({ ok: true });
  });
});

describe("updating", () => {
  it("keeps the secret when none is given, replaces it when one is, and clears it only when asked", async () => {
    const connection = await createOdoo("odoo-replace");
    asAdmin();
    const kept = await actions.updateConnectionAction({ connectionId: connection.id, name: "odoo-replace", config: odooConfig({ database: "plant2" }) });
    expect(kept).toMatchObject({ ok: true, data: { hasSecret: true, config: { database: "plant2" } } });
    expect(openSecret(await stored(connection.id))).toEqual({ password: SECRET });

    const replaced = await actions.updateConnectionAction({ connectionId: connection.id, name: "odoo-replace", config: odooConfig({ database: "plant2" }), secret: { apiKey: NEW_SECRET } });
    expect(JSON.stringify(replaced)).not.toContain(NEW_SECRET);
    expect(openSecret(await stored(connection.id))).toEqual({ apiKey: NEW_SECRET });

    expect(await actions.updateConnectionAction({ connectionId: connection.id, name: "odoo-replace", config: odooConfig({ database: "plant2" }), clearSecret: true })).toMatchObject({
      ok: true, data: { hasSecret: false, secretHint: null },
    });
    expect((await stored(connection.id)).secretEncrypted).toBeNull();
  });

  it("audits every change without the secret", async () => {
    const connection = await createOdoo("odoo-audit");
    asAdmin();
    await actions.updateConnectionAction({ connectionId: connection.id, name: "odoo-audit", config: odooConfig(), secret: { password: NEW_SECRET } });
    await actions.updateConnectionAction({ connectionId: connection.id, name: "odoo-audit-2", config: odooConfig() });
    await actions.testConnectionAction({ connectionId: connection.id });
    await actions.deleteConnectionAction({ connectionId: connection.id });
    const events = await auditOf(connection.id);
    expect(events.map((e) => [e.action, (e.after as { secret?: string } | null)?.secret])).toEqual([
      ["connection.created", "set"], ["connection.updated", "replaced"], ["connection.updated", undefined], ["connection.tested", undefined], ["connection.deleted", undefined],
    ]);
    expect(events[0]).toMatchObject({ actorLabel: "admin@millwright.local", after: { environment: "test", name: "odoo-audit", kind: "odoo" } });
    expect(events[2]).toMatchObject({ before: { name: "odoo-audit" }, after: { name: "odoo-audit-2" } });
    const json = JSON.stringify(events, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain(NEW_SECRET);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});

describe("a connection a released version uses", () => {
  it("cannot be deleted or renamed, but its settings and secret can change", async () => {
    asAdmin();
    const devMain = (await listConnections(t.db, { environmentId: env.dev })).find((c) => c.name === "odoo-main");
    // The seed's three dev flows use it (the parts reservation and the two machine-down demos).
    const demoFlows = ["Machine down > 20 s -> maintenance request (fast demo)", "Machine down > 5 min -> maintenance request", "Maintenance parts reservation"];
    expect(devMain?.usedBy).toEqual(demoFlows);
    const id = devMain?.id as string;
    expect(await actions.deleteConnectionAction({ connectionId: id })).toEqual({
      ok: false, code: "CONFLICT",
      message: `"odoo-main" cannot be deleted: the released versions of ${demoFlows.map((name) => `"${name}"`).join(", ")} in dev use it. Release a version that no longer uses it first.`,
    });
    expect(await actions.updateConnectionAction({ connectionId: id, name: "odoo-renamed", config: odooConfig() })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await actions.updateConnectionAction({ connectionId: id, name: "odoo-main", config: odooConfig(), secret: { password: "admin" } })).toMatchObject({ ok: true });
    expect(await t.db.connection.findUnique({ where: { id } })).toMatchObject({ name: "odoo-main" });

    // Not released to test: the same name there can go.
    const testMain = (await listConnections(t.db, { environmentId: env.test })).find((c) => c.name === "odoo-main");
    expect(testMain?.usedBy).toEqual([]);
    expect(await actions.deleteConnectionAction({ connectionId: testMain?.id })).toMatchObject({ ok: true });
    expect(await t.db.connection.findUnique({ where: { id: testMain?.id } })).toBeNull();
  });
});

describe("Test connection", () => {
  it("records OK with the server's version, user and database", async () => {
    const connection = await createOdoo("odoo-ok", { password: odoo.password });
    const result = await actions.testConnectionAction({ connectionId: connection.id });
    expect(result).toMatchObject({ ok: true, data: { status: "OK", serverInfo: { database: "plant", uid: expect.any(Number) } } });
    const data = result.ok ? result.data : null;
    expect(data?.serverInfo?.serverVersion).toMatch(/^17\./);
    expect(data).toMatchObject({ message: expect.stringMatching(/^Connected to Odoo 17\.0.*, database plant, as Administrator\.$/), serverInfo: { userName: "Administrator" } });
    expect(await stored(connection.id)).toMatchObject({ status: "OK", checkedAt: expect.any(Date), serverInfo: { database: "plant" } });
    expect((await auditOf(connection.id)).at(-1)).toMatchObject({ action: "connection.tested", after: { status: "OK" } });
  });

  it("records AUTH_FAILED when Odoo refuses the credentials, and a replaced secret resets the status", async () => {
    const connection = await createOdoo("odoo-refused", { password: "wrong-password" });
    const result = await actions.testConnectionAction({ connectionId: connection.id });
    expect(result).toMatchObject({ ok: true, data: { status: "AUTH_FAILED", serverInfo: null } });
    expect(result.ok && result.data.message).toMatch(/^Odoo refused the login "admin" on the database "plant"/);
    expect(JSON.stringify(result)).not.toContain("wrong-password");
    expect(await stored(connection.id)).toMatchObject({ status: "AUTH_FAILED" });
    await actions.updateConnectionAction({ connectionId: connection.id, name: "odoo-refused", config: odooConfig(), secret: { password: odoo.password } });
    expect(await stored(connection.id)).toMatchObject({ status: "UNKNOWN", checkedAt: null });
    expect(await actions.testConnectionAction({ connectionId: connection.id })).toMatchObject({ ok: true, data: { status: "OK" } });
  });

  it("records UNREACHABLE with the reason when nothing answers", async () => {
    asAdmin();
    const created = await actions.createConnectionAction({ environmentId: env.test, name: "odoo-down", kind: "odoo", config: odooConfig({ baseUrl: "http://127.0.0.1:9" }), secret: { password: "admin" } });
    const id = created.ok ? created.data.id : "";
    const result = await actions.testConnectionAction({ connectionId: id });
    expect(result).toMatchObject({ ok: true, data: { status: "UNREACHABLE" } });
    expect(result.ok && result.data.message.length).toBeGreaterThan(5);
  });

  it("says when no secret is set, without calling Odoo", async () => {
    const connection = await createOdoo("odoo-nosecret", null);
    expect(await actions.testConnectionAction({ connectionId: connection.id })).toMatchObject({ ok: true, data: { status: "AUTH_FAILED", message: "No password or API key is set: enter one with Edit." } });
  });

  it("tests an HTTP connection with its authentication, within the environment's network policy", async () => {
    asAdmin();
    const make = async (name: string, environmentId: string, token: string) => {
      const created = await actions.createConnectionAction({ environmentId, name, kind: "http", config: { baseUrl: apiUrl, auth: { type: "bearer" } }, secret: { token } });
      if (!created.ok) throw new Error(created.message);
      return created.data.id;
    };
    await t.db.environment.update({ where: { id: env.test }, data: { allowPrivateNetwork: true } });
    expect(await actions.testConnectionAction({ connectionId: await make("api-ok", env.test as string, SECRET) })).toMatchObject({ ok: true, data: { status: "OK", serverInfo: { httpStatus: 200 } } });
    expect(await actions.testConnectionAction({ connectionId: await make("api-refused", env.test as string, "nope") })).toMatchObject({ ok: true, data: { status: "AUTH_FAILED" } });
    // prod refuses private addresses (the default): the reason says so.
    const blocked = await actions.testConnectionAction({ connectionId: await make("api-private", env.prod as string, SECRET) });
    expect(blocked).toMatchObject({ ok: true, data: { status: "UNREACHABLE" } });
    expect(blocked.ok && blocked.data.message).toMatch(/private|loopback|127\.0\.0\.1/i);
    const page = JSON.stringify(await listConnections(t.db));
    expect(page).not.toContain(SECRET);
  });
});
