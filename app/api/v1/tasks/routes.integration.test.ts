// The REST API a chat or mobile client uses with a personal API token: who gets in (401 without a
// valid token, 403 without the approver role), what it lists and shows (what the inbox shows), and
// how decisions answer: 200, 400 naming each field, 403, 404, and 409 saying who decided first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "../../../../lib/api-tokens/api-tokens.server.ts";
import type { SessionUser } from "../../../../lib/auth/sign-in.server.ts";
import type { Role } from "../../../../lib/auth/roles.ts";
import { insertRun } from "../../../../lib/runs/test-fixtures.ts";
import { seedDemo } from "../../../../prisma/seed.ts";
import { createTestDatabase, type TestDatabase } from "../../../../test/test-database.ts";

let t: TestDatabase;
let list: typeof import("./route.ts");
let one: typeof import("./[taskId]/route.ts");
let decision: typeof import("./[taskId]/decision/route.ts");
let claim: typeof import("./[taskId]/claim/route.ts");
let release: typeof import("./[taskId]/release/route.ts");
const users: Record<string, SessionUser> = {};
const tokens: Record<string, string> = {};
const tasks: Record<string, string> = {};
let base: { flowId: string; versionId: string; environmentId: string };

const call = (path: string, token?: string, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const params = (taskId: string) => ({ params: Promise.resolve({ taskId }) });
const decide = (taskId: string, who: string, body: unknown) => decision.POST(call(`/api/v1/tasks/${taskId}/decision`, tokens[who], body), params(taskId));

async function task(title: string, assignees: { userIds?: string[]; roles?: Role[] }, extra: Record<string, unknown> = {}): Promise<string> {
  const runId = await insertRun(t.db, {
    ...base, status: "RUNNING", createdAt: new Date(), businessKey: `PO-${title}`, triggerPayload: { body: { order: title } },
    steps: [{ nodeId: "approve", status: "WAITING" as never, input: { quantity: 5, part: "P-100" } }],
  });
  const row = await t.db.humanTask.create({
    data: {
      runId, nodeId: "approve", flowId: base.flowId, title, description: `Please check ${title}`,
      assignees: { userIds: assignees.userIds ?? [], roles: assignees.roles ?? [], groupIds: [], labels: ["Approvers"] },
      correctable: ["quantity"], form: [{ key: "reason", label: "Reason", type: "text", required: false }], ...extra,
    },
  });
  return row.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  [list, one, decision, claim, release] = await Promise.all([
    import("./route.ts"), import("./[taskId]/route.ts"), import("./[taskId]/decision/route.ts"), import("./[taskId]/claim/route.ts"), import("./[taskId]/release/route.ts"),
  ]);
  await seedDemo(t.db);
  const people: [string, Role[]][] = [["ann", ["APPROVER"]], ["bob", ["APPROVER"]], ["ana", ["ANALYST"]], ["old", ["APPROVER"]]];
  for (const [name, roles] of people) {
    const row = await t.db.user.create({ data: { email: `${name}@plant.example`, name: `${name} Example`, roles, passwordHash: "x" } });
    users[name] = { id: row.id, email: row.email, name: row.name, roles: row.roles };
    tokens[name] = (await createApiToken(t.db, users[name]!, { name: "phone" })).token;
  }
  await t.db.user.update({ where: { id: users.old!.id }, data: { active: false } });
  const flow = await t.db.flow.findFirstOrThrow({ include: { versions: true } });
  const dev = await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  base = { flowId: flow.id, versionId: flow.versions[0]!.id, environmentId: dev.id };
  tasks.shared = await task("shared", { roles: ["APPROVER"] }, { dueAt: new Date(Date.now() + 3_600_000) });
  tasks.mine = await task("mine", { userIds: [users.ann!.id] }, { dueAt: new Date(Date.now() + 7_200_000) });
  tasks.admins = await task("admins-only", { roles: ["ADMIN"] });
  tasks.claimable = await task("claimable", { roles: ["APPROVER"] });
});
afterAll(async () => {
  await t.drop();
});

describe("token authentication", () => {
  it("answers 401 with the JSON error shape and WWW-Authenticate without a valid token", async () => {
    for (const header of [undefined, "garbage", "mw_not-a-real-token"]) {
      const response = await list.GET(call("/api/v1/tasks", header));
      expect(response.status, String(header)).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect((await response.json()).error).toMatchObject({ code: "UNAUTHENTICATED", message: expect.any(String) });
    }
  });

  it("refuses a deactivated user's token (401), a revoked token (401) and a user without the approver role (403)", async () => {
    expect((await list.GET(call("/api/v1/tasks", tokens.old))).status).toBe(401);
    expect((await list.GET(call("/api/v1/tasks", tokens.ana))).status).toBe(403);
    const spare = await createApiToken(t.db, users.bob!, { name: "spare" });
    expect((await list.GET(call("/api/v1/tasks", spare.token))).status).toBe(200);
    await revokeApiToken(t.db, users.bob!, spare.id);
    expect((await list.GET(call("/api/v1/tasks", spare.token))).status).toBe(401);
  });

  it("records when a token was last used, at most once a minute", async () => {
    const row = () => t.db.apiToken.findFirstOrThrow({ where: { userId: users.bob!.id, name: "phone" } });
    await list.GET(call("/api/v1/tasks", tokens.bob));
    const first = (await row()).lastUsedAt;
    expect(first).not.toBeNull();
    await list.GET(call("/api/v1/tasks", tokens.bob));
    expect((await row()).lastUsedAt).toEqual(first);
    await t.db.apiToken.updateMany({ where: { userId: users.bob!.id, name: "phone" }, data: { lastUsedAt: new Date(Date.now() - 120_000) } });
    await list.GET(call("/api/v1/tasks", tokens.bob));
    expect((await row()).lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });
});

describe("reading tasks", () => {
  it("lists my open tasks, most urgent first, with what a client needs to show and decide them", async () => {
    const response = await list.GET(call("/api/v1/tasks", tokens.ann));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.tasks.map((x: { title: string }) => x.title)).toEqual(["shared", "mine", "claimable"]);
    expect(body.nextCursor).toBeNull();
    expect(body.tasks[0]).toMatchObject({
      id: tasks.shared, description: "Please check shared", priority: "normal", status: "OPEN", dueAt: expect.any(String),
      flow: { id: base.flowId, name: expect.any(String) }, run: { businessKey: "PO-shared", environment: "dev" },
      form: [{ key: "reason", type: "text" }], correctable: ["quantity"], quorum: { needed: 1, approvals: 0 }, claimedBy: null,
      links: { self: `/api/v1/tasks/${tasks.shared}`, decision: `/api/v1/tasks/${tasks.shared}/decision`, web: `/inbox/${tasks.shared}` },
    });
  });

  it("pages with limit and cursor, and names bad parameters", async () => {
    const first = await (await list.GET(call("/api/v1/tasks?limit=2", tokens.ann))).json();
    expect(first.tasks).toHaveLength(2);
    const second = await (await list.GET(call(`/api/v1/tasks?limit=2&cursor=${first.nextCursor}`, tokens.ann))).json();
    expect(second.tasks.map((x: { title: string }) => x.title)).toEqual(["claimable"]);
    expect(second.nextCursor).toBeNull();
    const bad = await list.GET(call("/api/v1/tasks?status=maybe&limit=0", tokens.ann));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["limit", "status"]);
    expect((await list.GET(call("/api/v1/tasks?cursor=nonsense", tokens.ann))).status).toBe(400);
  });

  it("shows one task with the step input and trigger payload; 404 when it is not addressed to me", async () => {
    const response = await one.GET(call(`/api/v1/tasks/${tasks.mine}`, tokens.ann), params(tasks.mine!));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: tasks.mine, input: { quantity: 5, part: "P-100" }, triggerPayload: { body: { order: "mine" } }, canDecide: true, votes: [] });
    expect((await one.GET(call(`/api/v1/tasks/${tasks.mine}`, tokens.bob), params(tasks.mine!))).status).toBe(404);
    expect((await one.GET(call(`/api/v1/tasks/${tasks.admins}`, tokens.ann), params(tasks.admins!))).status).toBe(404);
    expect((await one.GET(call("/api/v1/tasks/not-a-uuid", tokens.ann), params("not-a-uuid"))).status).toBe(404);
  });
});

describe("deciding", () => {
  it("answers 400 naming each field, 403 for a task not addressed to me, 404 for none", async () => {
    const bad = await decide(tasks.shared!, "ann", { decision: "maybe" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: "VALIDATION", fields: [{ path: "decision" }] });
    expect((await decide(tasks.shared!, "ann", "{not json")).status).toBe(400);
    const noComment = await decide(tasks.shared!, "ann", { decision: "rejected" });
    expect(noComment.status).toBe(400);
    expect((await noComment.json()).error.fields).toEqual([{ path: "comment", message: expect.any(String) }]);
    const wrongCorrection = await decide(tasks.shared!, "ann", { decision: "approved", corrections: { part: "P-9" } });
    expect((await wrongCorrection.json()).error.fields).toEqual([{ path: "corrections.part", message: expect.any(String) }]);
    expect((await decide(tasks.admins!, "ann", { decision: "approved" })).status).toBe(403);
    expect((await decide("00000000-0000-4000-8000-000000000000", "ann", { decision: "approved" })).status).toBe(404);
    expect((await decide(tasks.shared!, "ana", { decision: "approved" })).status).toBe(403);
  });

  it("approves with a correction (200), and tells the second decider who decided first and when (409)", async () => {
    const response = await decide(tasks.shared!, "ann", { decision: "approved", comment: "3 is enough", corrections: { quantity: 3 } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: "decided", taskId: tasks.shared, status: "APPROVED" });
    const stored = await t.db.humanTask.findUniqueOrThrow({ where: { id: tasks.shared! } });
    expect(stored.decision).toMatchObject({ decision: "approved", input: { quantity: 3, part: "P-100" } });

    const late = await decide(tasks.shared!, "bob", { decision: "rejected", comment: "no" });
    expect(late.status).toBe(409);
    const body = await late.json();
    expect(body.error).toMatchObject({ code: "CONFLICT", taskStatus: "APPROVED", decidedBy: expect.stringContaining("ann Example"), decidedAt: stored.decidedAt!.toISOString() });
    expect(body.error.message).toContain("Already approved by ann Example");
  });

  it("lists what I decided, with my decision", async () => {
    const body = await (await list.GET(call("/api/v1/tasks?status=decided", tokens.ann))).json();
    expect(body.tasks).toMatchObject([{ id: tasks.shared, status: "APPROVED", myDecision: { decision: "approved", comment: "3 is enough" } }]);
  });

  it("claims a shared task so colleagues cannot decide it, and releases it", async () => {
    const claimed = await claim.POST(call(`/api/v1/tasks/${tasks.claimable}/claim`, tokens.bob, {}), params(tasks.claimable!));
    expect(claimed.status).toBe(200);
    expect(await claimed.json()).toMatchObject({ taskId: tasks.claimable, claimedBy: { email: "bob@plant.example" } });
    const listed = await (await list.GET(call("/api/v1/tasks", tokens.ann))).json();
    expect(listed.tasks.find((x: { id: string }) => x.id === tasks.claimable).claimedBy).toMatchObject({ name: "bob Example" });
    expect((await decide(tasks.claimable!, "ann", { decision: "approved" })).status).toBe(403);
    expect((await release.POST(call(`/api/v1/tasks/${tasks.claimable}/release`, tokens.ann, {}), params(tasks.claimable!))).status).toBe(403);
    expect((await release.POST(call(`/api/v1/tasks/${tasks.claimable}/release`, tokens.bob, {}), params(tasks.claimable!))).status).toBe(200);
    expect((await decide(tasks.claimable!, "ann", { decision: "approved" })).status).toBe(200);
  });
});
