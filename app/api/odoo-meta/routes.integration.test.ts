// The Odoo metadata routes behind the designer's pickers, against the Odoo test server: who may
// call them, the models and fields they answer, the fields cache and its refresh, and the
// sentences an analyst sees when the connection is missing, refused or unreachable.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { encryptSecret } from "../../../lib/secrets/crypto.server.ts";
import { seedDemo } from "../../../prisma/seed.ts";
import { connectionSecretContext } from "../../../runtime/engine/connections.ts";
import { startOdooSim, type OdooSim } from "../../../scripts/odoo-sim/index.ts";
import { signInAs } from "../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/test-database.ts";
import type { OdooFieldsAnswer, OdooModelsAnswer } from "../../../lib/odoo-meta/meta.ts";

let t: TestDatabase;
let sim: OdooSim;
let models: typeof import("./models/route.ts");
let fields: typeof import("./fields/route.ts");
const users: Record<string, string> = {};

const get = (path: string) => new Request(`http://localhost${path}`);

/** An "odoo" connection in environment `key` (row first, then its sealed secret). */
async function addConnection(key: string, options: { name?: string; secret?: Record<string, string>; baseUrl?: string } = {}): Promise<string> {
  const environment = await t.db.environment.findUniqueOrThrow({ where: { key } });
  const name = options.name ?? `odoo-${randomUUID().slice(0, 8)}`;
  await t.db.$transaction(async (tx) => {
    const row = await tx.connection.create({
      data: { environmentId: environment.id, name, kind: "odoo", config: { baseUrl: options.baseUrl ?? sim.url, database: sim.database, login: sim.admin.login, protocol: "jsonrpc" } },
    });
    const secret = options.secret ?? { password: sim.admin.password };
    await tx.connection.update({ where: { id: row.id }, data: { secretEncrypted: encryptSecret(secret, { context: connectionSecretContext(row.id) }) } });
  });
  return name;
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

const irModelCalls = () => sim.calls.filter((call) => call.model === "ir.model").length;
const fieldsGetCalls = (model: string) => sim.calls.filter((call) => call.method === "fields_get" && call.model === model).length;

beforeAll(async () => {
  process.env.MILLWRIGHT_SECRET_KEY ??= randomBytes(32).toString("base64");
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  sim = await startOdooSim();
  await seedDemo(t.db);
  models = await import("./models/route.ts");
  fields = await import("./fields/route.ts");
  const roles: [string, Role[]][] = [["analyst", ["ANALYST"]], ["approver", ["APPROVER"]], ["admin", ["ADMIN"]], ["nobody", []]];
  for (const [name, role] of roles) users[name] = (await t.db.user.create({ data: { email: `${name}@meta.example`, name, roles: role, passwordHash: "x" } })).id;
});
afterAll(async () => {
  await sim?.close();
  await getDb().$disconnect();
  await t?.drop();
});

describe("who may read Odoo metadata", () => {
  it("answers analysts and admins; anonymous gets 401, approvers and users without a role 403", async () => {
    const name = await addConnection("dev");
    const calls = [() => models.GET(get(`/api/odoo-meta/models?connection=${name}`)), () => fields.GET(get(`/api/odoo-meta/fields?connection=${name}&model=res.partner`))];
    for (const call of calls) {
      signInAs(null);
      expect((await call()).status).toBe(401);
      for (const who of ["nobody", "approver"]) {
        signInAs(users[who]!);
        const response = await call();
        expect(response.status).toBe(403);
        expect((await json<{ error: { message: string } }>(response)).error.message).toMatch(/ANALYST or ADMIN/);
      }
      for (const who of ["analyst", "admin"]) {
        signInAs(users[who]!);
        expect((await call()).status).toBe(200);
      }
    }
  });
});

describe("models and fields", () => {
  it("lists the models of the database with their labels", async () => {
    signInAs(users.analyst!);
    const name = await addConnection("dev");
    const response = await models.GET(get(`/api/odoo-meta/models?connection=${name}&environment=dev`));
    expect(response.status).toBe(200);
    const body = await json<OdooModelsAnswer>(response);
    expect(body).toMatchObject({ connection: name, environment: "dev" });
    expect(body.models).toEqual(expect.arrayContaining([
      { model: "maintenance.request", name: "Maintenance Request" },
      { model: "res.partner", name: "Contact" },
      { model: "purchase.order", name: expect.any(String) },
    ]));
    expect(sim.calls.at(-1)).toMatchObject({ model: "ir.model", method: "search_read" });
  });

  it("keeps the model list for a while; refresh=1 asks Odoo again", async () => {
    signInAs(users.analyst!);
    const name = await addConnection("dev");
    const url = `/api/odoo-meta/models?connection=${name}`;
    const before = irModelCalls();
    expect((await models.GET(get(url))).status).toBe(200);
    expect((await models.GET(get(url))).status).toBe(200);
    expect(irModelCalls()).toBe(before + 1);
    expect((await models.GET(get(`${url}&refresh=1`))).status).toBe(200);
    expect(irModelCalls()).toBe(before + 2);
  });

  it("gives a model's fields with label, type, relation, required and selection values", async () => {
    signInAs(users.analyst!);
    const name = await addConnection("dev");
    const response = await fields.GET(get(`/api/odoo-meta/fields?connection=${name}&model=maintenance.request`));
    expect(response.status).toBe(200);
    const body = await json<OdooFieldsAnswer>(response);
    expect(body.model).toBe("maintenance.request");
    const byName = new Map(body.fields.map((f) => [f.name, f]));
    expect(byName.get("name")).toMatchObject({ type: "char", required: true });
    const many2one = body.fields.find((f) => f.type === "many2one");
    expect(many2one?.relation).toMatch(/\./);
    const selection = body.fields.find((f) => f.type === "selection");
    expect(selection?.selection?.length).toBeGreaterThan(0);
  });

  it("serves fields from the cache, and refresh=1 fetches again and overwrites it", async () => {
    signInAs(users.analyst!);
    const name = await addConnection("dev");
    const connection = await t.db.connection.findFirstOrThrow({ where: { name } });
    const url = `/api/odoo-meta/fields?connection=${name}&model=res.partner`;
    const before = fieldsGetCalls("res.partner");
    const first = await json<OdooFieldsAnswer>(await fields.GET(get(url)));
    expect(fieldsGetCalls("res.partner")).toBe(before + 1);
    const cached = await t.db.odooFieldsCache.findUniqueOrThrow({ where: { connectionId_model: { connectionId: connection.id, model: "res.partner" } } });
    expect((cached.fields as unknown[]).length).toBe(first.fields.length);

    // The cache answers the second time: no new call to Odoo, even when the cache is stale.
    await t.db.odooFieldsCache.update({
      where: { connectionId_model: { connectionId: connection.id, model: "res.partner" } },
      data: { fields: [{ name: "x_stale", string: "Stale", type: "char", required: false, readonly: false }] },
    });
    const second = await json<OdooFieldsAnswer>(await fields.GET(get(url)));
    expect(second.fields.map((f) => f.name)).toEqual(["x_stale"]);
    expect(fieldsGetCalls("res.partner")).toBe(before + 1);

    const refreshed = await json<OdooFieldsAnswer>(await fields.GET(get(`${url}&refresh=1`)));
    expect(fieldsGetCalls("res.partner")).toBe(before + 2);
    expect(refreshed.fields.map((f) => f.name)).toContain("name");
    expect(refreshed.fields.map((f) => f.name)).not.toContain("x_stale");
    expect(new Date(refreshed.fetchedAt).getTime()).toBeGreaterThanOrEqual(new Date(first.fetchedAt).getTime());
    const overwritten = await t.db.odooFieldsCache.findUniqueOrThrow({ where: { connectionId_model: { connectionId: connection.id, model: "res.partner" } } });
    expect((overwritten.fields as { name: string }[]).map((f) => f.name)).toContain("name");
  });

  it("uses the first environment that has the connection unless one is named", async () => {
    signInAs(users.analyst!);
    const name = await addConnection("test");
    const found = await models.GET(get(`/api/odoo-meta/models?connection=${name}`));
    expect(found.status).toBe(200);
    expect((await json<OdooModelsAnswer>(found)).environment).toBe("test");
    const missing = await models.GET(get(`/api/odoo-meta/models?connection=${name}&environment=dev`));
    expect(missing.status).toBe(404);
    expect((await json<{ error: { message: string } }>(missing)).error.message).toBe(`The environment "dev" has no connection named "${name}". An admin can add it on the Environments page.`);
  });
});

describe("what goes wrong, in words", () => {
  it("answers 404 with a message for an unknown connection", async () => {
    signInAs(users.analyst!);
    const response = await fields.GET(get("/api/odoo-meta/fields?connection=nowhere&model=res.partner"));
    expect(response.status).toBe(404);
    expect((await json<{ error: { message: string } }>(response)).error.message).toMatch(/No environment has a connection named "nowhere"/);
  });

  it("answers 400 for a missing connection or a malformed model name", async () => {
    signInAs(users.analyst!);
    expect((await models.GET(get("/api/odoo-meta/models"))).status).toBe(400);
    const bad = await fields.GET(get("/api/odoo-meta/fields?connection=odoo-main&model=Sale Order"));
    expect(bad.status).toBe(400);
    expect((await json<{ error: { message: string } }>(bad)).error.message).toMatch(/technical model name/);
  });

  it("says when Odoo has no such model", async () => {
    signInAs(users.analyst!);
    const name = await addConnection("dev");
    const response = await fields.GET(get(`/api/odoo-meta/fields?connection=${name}&model=x_nothing.here`));
    expect(response.status).toBe(404);
    expect((await json<{ error: { message: string } }>(response)).error.message).toMatch(/x_nothing\.here/);
  });

  it("says when Odoo refuses the credentials", async () => {
    signInAs(users.analyst!);
    const name = await addConnection("dev", { secret: { password: "wrong" } });
    const response = await models.GET(get(`/api/odoo-meta/models?connection=${name}`));
    expect(response.status).toBe(502);
    const body = await json<{ error: { code: string; message: string } }>(response);
    expect(body.error.code).toBe("ODOO_AUTH");
    expect(body.error.message).toMatch(new RegExp(`Odoo refused the credentials of the connection "${name}"`));
  });

  it("says when Odoo cannot be reached", async () => {
    signInAs(users.analyst!);
    const name = await addConnection("dev", { baseUrl: "http://127.0.0.1:9" });
    const response = await fields.GET(get(`/api/odoo-meta/fields?connection=${name}&model=res.partner`));
    expect(response.status).toBe(502);
    const body = await json<{ error: { code: string; message: string } }>(response);
    expect(body.error.code).toBe("ODOO_UNREACHABLE");
    expect(body.error.message).toBe("Odoo at http://127.0.0.1:9 cannot be reached (the connection failed). Check that it is running and that its address is right.");
  });
});
