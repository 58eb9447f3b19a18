// The flows read API: every route checks the role (any flows reader: analyst, approver, admin),
// answers JSON errors with their status, and the export is a download without secrets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs } from "../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/test-database.ts";
import type { Role } from "../../../lib/auth/roles.ts";
import { emptyDefinition, type TFlowDefinition } from "../../../lib/flows/definition.ts";

let t: TestDatabase;
let list: typeof import("./route.ts");
let one: typeof import("./[flowId]/route.ts");
let version: typeof import("./[flowId]/versions/[number]/route.ts");
let exporter: typeof import("./[flowId]/export/route.ts");
const ids: Record<string, string> = {};

const definition: TFlowDefinition = {
  ...emptyDefinition(),
  nodes: [
    { id: "start", kind: "manual-trigger", kindVersion: 1, position: { x: 0, y: 0 }, config: {}, sample: { input: { workOrder: "WO-1", password: "hunter2" } } },
    { id: "done", kind: "end", kindVersion: 1, position: { x: 260, y: 0 }, config: {} },
  ],
  edges: [{ id: "e1", source: "start", sourcePort: "out", target: "done", targetPort: "in" }],
};

const get = (path: string) => new Request(`http://localhost${path}`);
const params = <P>(value: P) => ({ params: Promise.resolve(value) });

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  list = await import("./route.ts");
  one = await import("./[flowId]/route.ts");
  version = await import("./[flowId]/versions/[number]/route.ts");
  exporter = await import("./[flowId]/export/route.ts");
  const users: [string, Role[]][] = [["analyst", ["ANALYST"]], ["approver", ["APPROVER"]], ["admin", ["ADMIN"]], ["nobody", []]];
  for (const [name, roles] of users) ids[name] = (await t.db.user.create({ data: { email: `${name}@plant.example`, name, roles, passwordHash: "x" } })).id;
  const { createFlow } = await import("../../../lib/flows/flows.server.ts");
  const { saveDraft } = await import("../../../lib/flows/drafts.server.ts");
  const { publishFlow } = await import("../../../lib/flows/versions.server.ts");
  const actor = { id: ids.analyst!, email: "analyst@plant.example" };
  ids.flow = (await createFlow(t.db, actor, { name: "Work orders", description: "From the CMMS" })).id;
  await saveDraft(t.db, actor, ids.flow, 1, definition);
  await publishFlow(t.db, actor, { flowId: ids.flow, baseRevision: 2, note: "First" });
});
afterAll(async () => {
  await t.drop();
});

const routes: Record<string, () => Promise<Response>> = {
  "GET /api/flows": () => list.GET(get("/api/flows?search=work")),
  "GET /api/flows/:id": () => one.GET(get(`/api/flows/${ids.flow}`), params({ flowId: ids.flow! })),
  "GET /api/flows/:id/versions/1": () => version.GET(get(`/api/flows/${ids.flow}/versions/1`), params({ flowId: ids.flow!, number: "1" })),
  "GET /api/flows/:id/export?version=1": () => exporter.GET(get(`/api/flows/${ids.flow}/export?version=1`), params({ flowId: ids.flow! })),
};

describe("flows read routes check the caller's role", () => {
  for (const [name, call] of Object.entries(routes)) {
    it(`${name}: anonymous 401, no role 403, analyst, approver and admin 200`, async () => {
      signInAs(null);
      const anonymous = await call();
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "Sign in to continue." } });
      signInAs(ids.nobody!);
      expect((await call()).status).toBe(403);
      for (const who of ["analyst", "approver", "admin"]) {
        signInAs(ids[who]!);
        expect((await call()).status, who).toBe(200);
      }
    });
  }
});

describe("what the routes answer", () => {
  it("lists and reads flows", async () => {
    signInAs(ids.approver!);
    const flows = await (await list.GET(get("/api/flows?search=CMMS"))).json();
    expect(flows).toMatchObject([{ id: ids.flow, name: "Work orders", latestVersion: { number: 1 }, owner: { name: "analyst" } }]);
    expect(await (await list.GET(get("/api/flows?search=nothing-like-it"))).json()).toEqual([]);
    const editor = await (await one.GET(get(`/api/flows/${ids.flow}`), params({ flowId: ids.flow! }))).json();
    expect(editor).toMatchObject({ flow: { name: "Work orders" }, draft: { revision: 2, matchesVersion: 1 }, versions: [{ number: 1, note: "First" }] });
    const v1 = await version.GET(get(""), params({ flowId: ids.flow!, number: "1" }));
    expect(v1.headers.get("Cache-Control")).toContain("immutable");
    expect(await v1.json()).toMatchObject({ number: 1, definition: { nodes: [{ id: "start" }, { id: "done" }] } });
  });

  it("answers 404 for what does not exist, 400 for a bad version number", async () => {
    signInAs(ids.analyst!);
    expect((await one.GET(get(""), params({ flowId: "00000000-0000-4000-8000-000000000000" }))).status).toBe(404);
    expect((await one.GET(get(""), params({ flowId: "../../etc" }))).status).toBe(404);
    expect((await version.GET(get(""), params({ flowId: ids.flow!, number: "2" }))).status).toBe(404);
    expect((await version.GET(get(""), params({ flowId: ids.flow!, number: "1e3" }))).status).toBe(404);
    const bad = await exporter.GET(get(`/api/flows/${ids.flow}/export?version=latest`), params({ flowId: ids.flow! }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "VALIDATION", fields: [{ path: "version" }] } });
    expect((await exporter.GET(get(`/api/flows/${ids.flow}/export?version=5`), params({ flowId: ids.flow! }))).status).toBe(404);
  });

  it("exports a version as a file download an approver may take, without secrets", async () => {
    signInAs(ids.approver!);
    const response = await exporter.GET(get(`/api/flows/${ids.flow}/export?version=1`), params({ flowId: ids.flow! }));
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="work-orders-v1.millwright.json"');
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const text = await response.text();
    expect(text).not.toContain("hunter2");
    const file = JSON.parse(text);
    expect(file).toMatchObject({
      format: "millwright.flow", formatVersion: 1, exportedAt: expect.any(String),
      flow: { name: "Work orders", slug: "work-orders", description: "From the CMMS" },
      version: { number: 1, note: "First" },
      redacted: ["definition.nodes[0].sample.input.password"],
    });
    expect(file.definition.nodes[0].sample).toEqual({ input: { workOrder: "WO-1" } });

    const draft = await exporter.GET(get(`/api/flows/${ids.flow}/export`), params({ flowId: ids.flow! }));
    expect(draft.headers.get("Content-Disposition")).toBe('attachment; filename="work-orders-draft.millwright.json"');
    expect(await draft.json()).not.toHaveProperty("version");
  });
});
