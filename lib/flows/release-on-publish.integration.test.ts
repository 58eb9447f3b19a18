// Publishing with "release to Development": the new version runs there at once (release row,
// history, webhook secret, audit); a missing connection or a protected first environment keeps
// the version published but unreleased, with the reason.
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDemo } from "../../prisma/seed.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { flowDefinition, flowNode } from "../../test/flow-fixtures.ts";
import { verifyAuditChain } from "../audit/audit.server.ts";
import type { TFlowDefinition } from "./definition.ts";
import { saveDraft } from "./drafts.server.ts";
import { createFlow, type Actor } from "./flows.server.ts";
import { publishFlow } from "./versions.server.ts";

let t: TestDatabase;
let analyst: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  const user = await t.db.user.findUniqueOrThrow({ where: { email: "analyst@millwright.local" } });
  analyst = { id: user.id, email: user.email };
});
afterAll(async () => t?.drop());

async function draftFlow(name: string, definition: TFlowDefinition) {
  const flow = await createFlow(t.db, analyst, { name, description: "" });
  await saveDraft(t.db, analyst, flow.id, 1, definition);
  return flow;
}

const webhookFlow = (connection?: string) =>
  flowDefinition(
    connection
      ? [flowNode("hook", "webhook-trigger"), flowNode("odoo", "call-odoo", { connection, operation: "search_count", model: "res.partner" }), flowNode("end", "end")]
      : [flowNode("hook", "webhook-trigger"), flowNode("end", "end")],
    connection ? [["hook", "odoo"], ["odoo", "end"]] : [["hook", "end"]],
  );

it("releases the new version to Development with a webhook secret, recorded and audited", async () => {
  const flow = await draftFlow("Orders in", webhookFlow("odoo-main"));
  const published = await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "", release: true });
  expect(published).toMatchObject({ number: 1, released: { environmentKey: "dev", environmentName: "Development" }, releaseProblem: null });
  const dev = await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  const release = await t.db.release.findUniqueOrThrow({ where: { environmentId_flowId: { environmentId: dev.id, flowId: flow.id } }, include: { version: true } });
  expect(release.version.number).toBe(1);
  expect(await t.db.releaseHistory.count({ where: { flowId: flow.id, environmentId: dev.id } })).toBe(1);
  expect(await t.db.triggerSecret.count({ where: { flowId: flow.id, environmentId: dev.id, nodeId: "hook" } })).toBe(1);
  expect(await t.db.auditEvent.count({ where: { subjectId: flow.id, action: "flow.released" } })).toBe(1);
  expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
});

it("publishes without releasing when Development lacks a connection the version names, and says which", async () => {
  const other = await t.db.environment.findUniqueOrThrow({ where: { key: "test" } });
  await t.db.connection.create({ data: { environmentId: other.id, name: "odoo-other", kind: "odoo", config: {} } });
  const flow = await draftFlow("Other Odoo", webhookFlow("odoo-other"));
  const published = await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "", release: true });
  expect(published.released).toBeNull();
  expect(published.releaseProblem).toMatch(/Development has no connection "odoo-other"/);
  expect(await t.db.release.count({ where: { flowId: flow.id } })).toBe(0);
  expect(await t.db.flowVersion.count({ where: { flowId: flow.id } })).toBe(1);
});

it("does not release when not asked, nor into a protected first environment", async () => {
  const plain = await draftFlow("Not released", webhookFlow());
  expect((await publishFlow(t.db, analyst, { flowId: plain.id, baseRevision: 2, note: "" })).released).toBeNull();
  expect(await t.db.release.count({ where: { flowId: plain.id } })).toBe(0);

  await t.db.environment.update({ where: { key: "dev" }, data: { protected: true } });
  try {
    const guarded = await draftFlow("Guarded", webhookFlow());
    const published = await publishFlow(t.db, analyst, { flowId: guarded.id, baseRevision: 2, note: "", release: true });
    expect(published.releaseProblem).toMatch(/protected/);
    expect(await t.db.release.count({ where: { flowId: guarded.id } })).toBe(0);
  } finally {
    await t.db.environment.update({ where: { key: "dev" }, data: { protected: false } });
  }
});
