// The runs JSON API: only runs readers (analyst, admin) get in, bad query parameters answer 400
// naming each field, an unknown run 404, and the answers are what the console renders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs } from "../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/test-database.ts";
import type { Role } from "../../../lib/auth/roles.ts";
import { insertRun } from "../../../lib/runs/test-fixtures.ts";
import { seedDemo } from "../../../prisma/seed.ts";

let t: TestDatabase;
let list: typeof import("./route.ts");
let one: typeof import("./[runId]/route.ts");
const ids: Record<string, string> = {};

const get = (path: string) => new Request(`http://localhost${path}`);
const params = <P>(value: P) => ({ params: Promise.resolve(value) });

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  list = await import("./route.ts");
  one = await import("./[runId]/route.ts");
  await seedDemo(t.db);
  const users: [string, Role[]][] = [["analyst", ["ANALYST"]], ["approver", ["APPROVER"]], ["admin", ["ADMIN"]], ["nobody", []]];
  for (const [name, roles] of users) ids[name] = (await t.db.user.create({ data: { email: `${name}@plant.example`, name, roles, passwordHash: "x" } })).id;
  const flow = await t.db.flow.findFirstOrThrow({ include: { versions: true } });
  const dev = await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  const base = { flowId: flow.id, versionId: flow.versions[0]!.id, environmentId: dev.id };
  ids.ok = await insertRun(t.db, { ...base, status: "SUCCEEDED", createdAt: new Date(Date.now() - 60_000), businessKey: "WO-1", steps: [{ nodeId: "n1", status: "SUCCEEDED", port: "out" }] });
  ids.dead = await insertRun(t.db, {
    ...base, status: "FAILED", createdAt: new Date(), businessKey: "WO-2", failedNodeId: "n2", deadLetteredAt: new Date(),
    error: { class: "business", message: "input.parts is undefined" },
    steps: [{ nodeId: "n1", status: "SUCCEEDED", port: "out" }, { nodeId: "n2", status: "FAILED", error: { class: "business", message: "input.parts is undefined" } }],
  });
});
afterAll(async () => {
  await t.drop();
});

const routes: Record<string, () => Promise<Response>> = {
  "GET /api/runs": () => list.GET(get("/api/runs?status=FAILED")),
  "GET /api/runs/:id": () => one.GET(get(`/api/runs/${ids.dead}`), params({ runId: ids.dead! })),
};

describe("runs routes check the caller's role", () => {
  for (const [name, call] of Object.entries(routes)) {
    it(`${name}: anonymous 401, no role and approver 403, analyst and admin 200`, async () => {
      signInAs(null);
      expect((await call()).status).toBe(401);
      for (const who of ["nobody", "approver"]) {
        signInAs(ids[who]!);
        expect((await call()).status, who).toBe(403);
      }
      for (const who of ["analyst", "admin"]) {
        signInAs(ids[who]!);
        expect((await call()).status, who).toBe(200);
      }
    });
  }
});

describe("what the routes answer", () => {
  it("lists runs with the filters of the query string and the dead-letter count", async () => {
    signInAs(ids.analyst!);
    const page = await (await list.GET(get("/api/runs?status=FAILED"))).json();
    expect(page).toMatchObject({ deadLetterCount: 1, nextCursor: null, prevCursor: null, runs: [{ id: ids.dead, businessKey: "WO-2", failedStep: { label: "Collect part codes" } }] });
    const dead = await (await list.GET(get("/api/runs?view=dead"))).json();
    expect(dead.runs.map((r: { id: string }) => r.id)).toEqual([ids.dead]);
    const all = await (await list.GET(get("/api/runs?q=WO-"))).json();
    expect(all.runs.map((r: { businessKey: string }) => r.businessKey)).toEqual(["WO-2", "WO-1"]);
  });

  it("answers 400 with each bad parameter", async () => {
    signInAs(ids.analyst!);
    const response = await list.GET(get("/api/runs?status=EXPLODED&limit=0&env=dev"));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("VALIDATION");
    expect(body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["env", "limit", "status[0]"]);
    const cursor = await list.GET(get("/api/runs?cursor=garbage"));
    expect(cursor.status).toBe(400);
    expect((await cursor.json()).error.fields).toEqual([{ path: "cursor", message: "Not a cursor from this list" }]);
  });

  it("gives one run with its definition and steps, and 404 for an unknown one", async () => {
    signInAs(ids.admin!);
    const detail = await (await one.GET(get(`/api/runs/${ids.dead}`), params({ runId: ids.dead! }))).json();
    expect(detail.run).toMatchObject({ id: ids.dead, status: "FAILED", error: { message: "input.parts is undefined" } });
    expect(detail.steps.map((s: { nodeId: string; status: string }) => `${s.nodeId}:${s.status}`)).toEqual(["n1:SUCCEEDED", "n2:FAILED"]);
    expect(detail.definition.nodes).toHaveLength(4);
    const missing = await one.GET(get("/api/runs/00000000-0000-4000-8000-000000000000"), params({ runId: "00000000-0000-4000-8000-000000000000" }));
    expect(missing.status).toBe(404);
  });
});
