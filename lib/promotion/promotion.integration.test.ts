// Promotion end to end against a real PostgreSQL and a worker: forward-only promote, each gate
// (connections, test cases in a dry run, four eyes for protected environments), approval races,
// rollback, and runs that started on the old version finishing on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { flowDefinition, flowNode, waitForRun } from "../../test/flow-fixtures.ts";
import { verifyAuditChain } from "../audit/audit.server.ts";
import { definitionHash } from "../flows/content-hash.ts";
import type { TFlowDefinition } from "../flows/definition.ts";
import { createTestCase } from "../flows/test-cases.server.ts";
import { handleWebhook } from "../triggers/webhook.server.ts";
import { seedDemo } from "../../prisma/seed.ts";
import { approveRequest, cancelRequest, rejectRequest } from "./decide.server.ts";
import { promote } from "./promote.server.ts";
import { countPromotionRequestsFor } from "./requests.server.ts";
import { releaseVersion } from "./release.server.ts";
import { rollback } from "./rollback.server.ts";

let t: TestDatabase;
let worker: { stop: () => Promise<void> } | undefined;
type Person = { id: string; email: string; roles: ("ANALYST" | "APPROVER" | "ADMIN")[] };
const people: Record<string, Person> = {};
const env: Record<string, string> = {};
let slugCounter = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await seedDemo(t.db);
  for (const [name, email] of [["analyst", "analyst@millwright.local"], ["approver", "approver@millwright.local"], ["admin", "admin@millwright.local"], ["admin2", "admin2@millwright.local"]] as const) {
    const user = await t.db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, roles: true } });
    people[name] = user;
  }
  people.admin3 = await t.db.user.create({ data: { email: "admin3@plant.example", name: "Third Admin", roles: ["ADMIN"], passwordHash: "x" }, select: { id: true, email: true, roles: true } });
  for (const e of await t.db.environment.findMany()) env[e.key] = e.id;
  const { startWorker } = await import("../../runtime/worker.ts");
  worker = await startWorker(t.url);
});
afterAll(async () => {
  await worker?.stop();
  await t?.drop();
});

const payload = (body: unknown) => ({ body, headers: { "content-type": "application/json" }, query: {}, receivedAt: "2026-11-22T10:00:00.000Z" });

/** webhook -> map (returns { v, qty }) -> end; optionally a delay first and a step naming a connection. */
function definition(v: number, options: { delay?: string; connection?: string } = {}): TFlowDefinition {
  const nodes = [
    flowNode("hook", "webhook-trigger", { auth: "none", idempotency: { source: "none" } }, "Order received"),
    flowNode("shape", "map", { script: `return { v: ${v}, qty: input.body?.qty ?? 0 };` }, "Shape"),
    flowNode("done", "end", {}, "Done"),
  ];
  // hook -> [wait] -> [odoo] -> shape -> done
  const chain = ["hook"];
  if (options.delay) {
    nodes.push(flowNode("wait", "delay", { mode: "duration", duration: options.delay }, "Wait"));
    chain.push("wait");
  }
  if (options.connection) {
    nodes.push(flowNode("odoo", "call-odoo", { connection: options.connection, operation: "search_read", model: "res.partner" }, "Read partners"));
    chain.push("odoo");
  }
  chain.push("shape", "done");
  return flowDefinition(nodes, chain.slice(1).map((id, i) => [chain[i]!, id] as [string, string]));
}

/** A flow with versions v1..vN (authored by `authorId`), v1 released to dev. */
async function flowWithVersions(definitions: TFlowDefinition[], authorId = people.analyst!.id) {
  const slug = `promo-${++slugCounter}`;
  const flow = await t.db.flow.create({ data: { slug, name: `Promotion ${slugCounter}`, ownerId: people.analyst!.id } });
  const versions: string[] = [];
  for (const [index, def] of definitions.entries()) {
    const row = await t.db.flowVersion.create({ data: { flowId: flow.id, number: index + 1, definition: def as object, contentHash: definitionHash(def), authorId } });
    versions.push(row.id);
  }
  await t.db.$transaction((tx) => releaseVersion(tx, people.analyst!, { environmentId: env.dev!, flowId: flow.id, version: { id: versions[0]!, definition: definitions[0]! }, action: "publish", note: "" }));
  return { flowId: flow.id, slug, versions };
}

const released = async (flowId: string, key: string) =>
  (await t.db.release.findUnique({ where: { environmentId_flowId: { environmentId: env[key]!, flowId } }, select: { versionId: true } }))?.versionId ?? null;

/** Promote through dev -> test (no gates in the way) so prod can be requested. */
async function toTest(flowId: string, versionId: string) {
  const result = await promote(t.db, people.admin!, { flowId, versionId, environmentId: env.test! });
  expect(result.outcome).toBe("released");
}

describe("forward-only promotion", () => {
  it("moves the version dev runs to test, and refuses skipping or moving a version dev does not run", async () => {
    const flow = await flowWithVersions([definition(1), definition(2)]);
    await expect(promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[1]!, environmentId: env.test! })).rejects.toMatchObject({
      code: "CONFLICT", message: expect.stringContaining("Development runs v1, not v2"),
    });
    await expect(promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[0]!, environmentId: env.prod! })).rejects.toMatchObject({
      code: "CONFLICT", message: expect.stringContaining("Test runs no version of this flow"),
    });
    const result = await promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[0]!, environmentId: env.test!, note: "ready" });
    expect(result).toMatchObject({ outcome: "released", versionNumber: 1, environmentName: "Test", gates: { connections: { passed: true }, tests: { passed: true, warning: expect.stringContaining("no test cases") } } });
    expect(await released(flow.flowId, "test")).toBe(flow.versions[0]);
    await expect(promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[0]!, environmentId: env.test! })).rejects.toMatchObject({ message: "Test already runs v1." });
    const history = await t.db.releaseHistory.findFirstOrThrow({ where: { flowId: flow.flowId, environmentId: env.test! } });
    expect(history).toMatchObject({ action: "promote", previousVersionId: null, note: "ready", releasedById: people.admin!.id });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: flow.flowId, action: "release.promoted" } });
    expect(audit.after).toMatchObject({ environment: "test", versionId: flow.versions[0], diff: { nodesAdded: 3 } });
  });
});

describe("gate (a): connections", () => {
  it("blocks with the missing connection names and releases nothing", async () => {
    // Released to dev directly (publish would refuse it there too).
    const flow = await flowWithVersions([definition(1, { connection: "odoo-missing" })]);
    const result = await promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[0]!, environmentId: env.test! });
    expect(result).toMatchObject({ outcome: "blocked", gates: { connections: { passed: false, missing: ["odoo-missing"] }, tests: { skipped: true } } });
    expect(await released(flow.flowId, "test")).toBeNull();
    expect(await t.db.auditEvent.count({ where: { subjectId: flow.flowId, action: "promotion.blocked" } })).toBe(1);
  });
});

describe("gate (b): saved test cases in a dry run", () => {
  it("blocks when a case fails against the candidate and passes when they all pass", async () => {
    const flow = await flowWithVersions([definition(1), definition(2)]);
    await createTestCase(t.db, people.analyst!, { flowId: flow.flowId, name: "Version one shape", payload: payload({ qty: 4 }), expected: { shape: { v: 1, qty: 4 } } });
    const passed = await promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[0]!, environmentId: env.test! });
    expect(passed).toMatchObject({ outcome: "released", gates: { tests: { passed: true, warning: null, results: [{ name: "Version one shape", passed: true }] } } });
    // v2 reaches dev by publish; its shape differs from what the case expects.
    await t.db.$transaction((tx) => releaseVersion(tx, people.analyst!, { environmentId: env.dev!, flowId: flow.flowId, version: { id: flow.versions[1]!, definition: definition(2) }, action: "publish", note: "" }));
    const blocked = await promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[1]!, environmentId: env.test! });
    expect(blocked.outcome).toBe("blocked");
    expect(blocked.gates.tests).toMatchObject({ passed: false, environmentName: "Development", results: [{ name: "Version one shape", passed: false, summary: "1 of 1 expected output differs." }] });
    expect(await released(flow.flowId, "test")).toBe(flow.versions[0]);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: blocked.gates.tests.results[0]!.runId } });
    expect(run).toMatchObject({ mode: "TEST", environmentId: env.dev });
  }, 60_000);
});

describe("gate (c): four eyes for a protected environment", () => {
  it("turns the promotion into a request; only a second admin who did not write the version approves it", async () => {
    const flow = await flowWithVersions([definition(1), definition(2)], people.admin2!.id);
    await toTest(flow.flowId, flow.versions[0]!);
    const requested = await promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[0]!, environmentId: env.prod!, note: "Go live" });
    expect(requested.outcome).toBe("requested");
    const requestId = requested.outcome === "requested" ? requested.requestId : "";
    expect(await released(flow.flowId, "prod")).toBeNull();
    await expect(promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[0]!, environmentId: env.prod! })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already waiting") });

    expect(await countPromotionRequestsFor(t.db, people.admin!)).toBe(0); // the requester
    expect(await countPromotionRequestsFor(t.db, people.admin2!)).toBe(0); // the author
    expect(await countPromotionRequestsFor(t.db, people.admin3!)).toBe(1);
    await expect(approveRequest(t.db, people.admin!, { requestId })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("You requested") });
    await expect(approveRequest(t.db, people.admin2!, { requestId })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("You wrote this version") });
    await expect(approveRequest(t.db, people.approver!, { requestId })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("Only administrators") });
    expect(await released(flow.flowId, "prod")).toBeNull();

    expect(await approveRequest(t.db, people.admin3!, { requestId, comment: "Looks right" })).toEqual({ versionNumber: 1, environmentName: "Production" });
    expect(await released(flow.flowId, "prod")).toBe(flow.versions[0]);
    expect(await t.db.promotionRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "APPROVED", decidedById: people.admin3!.id, comment: "Looks right" });
    expect(await t.db.releaseHistory.findFirstOrThrow({ where: { flowId: flow.flowId, environmentId: env.prod! } })).toMatchObject({ requestId, releasedById: people.admin3!.id });
    const actions = (await t.db.auditEvent.findMany({ where: { subjectId: flow.flowId }, orderBy: { seq: "asc" }, select: { action: true, actorId: true } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["promotion.requested", "promotion.approved", "release.promoted"]));
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("of two admins approving at once, one releases and the other hears who decided first", async () => {
    const flow = await flowWithVersions([definition(1)]);
    await toTest(flow.flowId, flow.versions[0]!);
    const requested = await promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[0]!, environmentId: env.prod! });
    const requestId = requested.outcome === "requested" ? requested.requestId : "";
    const settled = await Promise.allSettled([approveRequest(t.db, people.admin2!, { requestId }), approveRequest(t.db, people.admin3!, { requestId })]);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
    const refused = settled.find((s) => s.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already approved by (Max Second|Third Admin) at \d{4}-\d\d-\d\d \d\d:\d\d UTC/) });
    expect(await t.db.releaseHistory.count({ where: { flowId: flow.flowId, environmentId: env.prod! } })).toBe(1);
  });

  it("a rejected request keeps prod as it was; the comment is required by the caller and recorded; cancel is the requester's", async () => {
    const flow = await flowWithVersions([definition(1)]);
    await toTest(flow.flowId, flow.versions[0]!);
    const first = await promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[0]!, environmentId: env.prod! });
    const requestId = first.outcome === "requested" ? first.requestId : "";
    await rejectRequest(t.db, people.admin2!, { requestId, comment: "Wait for the stocktake" });
    await expect(approveRequest(t.db, people.admin3!, { requestId })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already rejected by Max Second") });
    expect(await released(flow.flowId, "prod")).toBeNull();
    const second = await promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[0]!, environmentId: env.prod! });
    const secondId = second.outcome === "requested" ? second.requestId : "";
    await expect(cancelRequest(t.db, people.admin2!, { requestId: secondId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await cancelRequest(t.db, people.admin!, { requestId: secondId });
    expect(await t.db.promotionRequest.findUniqueOrThrow({ where: { id: secondId } })).toMatchObject({ status: "CANCELLED" });
  });

  it("approval checks the connections again and refuses while one is missing", async () => {
    const flow = await flowWithVersions([definition(1, { connection: "odoo-main" })]);
    await toTest(flow.flowId, flow.versions[0]!);
    const requested = await promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[0]!, environmentId: env.prod! });
    const requestId = requested.outcome === "requested" ? requested.requestId : "";
    const connection = await t.db.connection.findFirstOrThrow({ where: { environmentId: env.prod!, name: "odoo-main" } });
    await t.db.connection.update({ where: { id: connection.id }, data: { name: "odoo-renamed" } });
    try {
      await expect(approveRequest(t.db, people.admin2!, { requestId })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining('Production has no connection "odoo-main"') });
      expect((await t.db.promotionRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("PENDING");
    } finally {
      await t.db.connection.update({ where: { id: connection.id }, data: { name: "odoo-main" } });
    }
    await approveRequest(t.db, people.admin2!, { requestId });
    expect(await released(flow.flowId, "prod")).toBe(flow.versions[0]);
  });
});

describe("rollback", () => {
  it("returns to the previous release in one step; a protected environment needs a reason and is audited as an emergency", async () => {
    const flow = await flowWithVersions([definition(1), definition(2)]);
    await toTest(flow.flowId, flow.versions[0]!);
    await expect(rollback(t.db, people.admin!, { environmentId: env.test!, flowId: flow.flowId })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("nothing to roll back to") });
    await t.db.$transaction((tx) => releaseVersion(tx, people.analyst!, { environmentId: env.dev!, flowId: flow.flowId, version: { id: flow.versions[1]!, definition: definition(2) }, action: "publish", note: "" }));
    await toTest(flow.flowId, flow.versions[1]!);
    expect(await rollback(t.db, people.admin!, { environmentId: env.test!, flowId: flow.flowId })).toEqual({ versionNumber: 1, environmentName: "Test" });
    expect(await released(flow.flowId, "test")).toBe(flow.versions[0]);
    expect(await t.db.releaseHistory.findFirstOrThrow({ where: { flowId: flow.flowId, environmentId: env.test! }, orderBy: { createdAt: "desc" } })).toMatchObject({ action: "rollback", previousVersionId: flow.versions[1] });
    // Rolling back again walks further back (nothing before v1 here), never forth to v2.
    await expect(rollback(t.db, people.admin!, { environmentId: env.test!, flowId: flow.flowId })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("nothing to roll back to") });

    const requested = await promote(t.db, people.admin!, { flowId: flow.flowId, versionId: flow.versions[0]!, environmentId: env.prod! });
    await approveRequest(t.db, people.admin2!, { requestId: requested.outcome === "requested" ? requested.requestId : "" });
    await t.db.$transaction((tx) => releaseVersion(tx, people.admin!, { environmentId: env.prod!, flowId: flow.flowId, version: { id: flow.versions[1]!, definition: definition(2) }, action: "promote", note: "" }));
    await expect(rollback(t.db, people.admin!, { environmentId: env.prod!, flowId: flow.flowId })).rejects.toMatchObject({ code: "VALIDATION", fields: [{ path: "reason" }] });
    await rollback(t.db, people.admin!, { environmentId: env.prod!, flowId: flow.flowId, reason: "Orders stuck" });
    expect(await released(flow.flowId, "prod")).toBe(flow.versions[0]);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: flow.flowId, action: "release.rolled_back" }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ before: { environment: "prod", versionId: flow.versions[1] }, after: { environment: "prod", versionId: flow.versions[0], emergency: true, reason: "Orders stuck" } });
  });
});

describe("in-flight runs keep their version", () => {
  const hook = (slug: string, qty: number) =>
    handleWebhook(new Request(`http://localhost/api/hooks/test/${slug}`, { method: "POST", body: JSON.stringify({ qty }), headers: { "content-type": "application/json" } }), { environmentKey: "test", flowSlug: slug }, { db: t.db });

  it("a run started on v1 finishes on v1 after v2 is promoted; the next webhook runs v2", async () => {
    const flow = await flowWithVersions([definition(1, { delay: "PT2S" }), definition(2)]);
    await toTest(flow.flowId, flow.versions[0]!);
    const first = await hook(flow.slug, 3);
    expect(first.status).toBe(202);
    const { runId: oldRun } = await first.json();
    await t.db.$transaction((tx) => releaseVersion(tx, people.analyst!, { environmentId: env.dev!, flowId: flow.flowId, version: { id: flow.versions[1]!, definition: definition(2) }, action: "publish", note: "" }));
    await toTest(flow.flowId, flow.versions[1]!);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: oldRun } })).status).not.toBe("SUCCEEDED");
    const { runId: newRun } = await (await hook(flow.slug, 5)).json();
    const [oldDone, newDone] = await Promise.all([waitForRun(t.db, oldRun, ["SUCCEEDED", "FAILED"]), waitForRun(t.db, newRun, ["SUCCEEDED", "FAILED"])]);
    expect(oldDone).toMatchObject({ status: "SUCCEEDED", versionId: flow.versions[0] });
    expect(newDone).toMatchObject({ status: "SUCCEEDED", versionId: flow.versions[1] });
    expect(oldDone.steps.find((s) => s.nodeId === "shape")?.output).toEqual({ v: 1, qty: 3 });
    expect(newDone.steps.find((s) => s.nodeId === "shape")?.output).toEqual({ v: 2, qty: 5 });
  }, 60_000);
});
