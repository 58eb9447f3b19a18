// The flow page's trigger actions: who may rotate a webhook secret and start a run by hand, what a
// rotation changes (the old secret stops working, the new one works, the secret is never stored or
// audited in clear), and "Run now" checking its input against the trigger's schema.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signInAs } from "../../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../../test/test-database.ts";
import type { Role } from "../../../../lib/auth/roles.ts";
import { verifyAuditChain } from "../../../../lib/audit/audit.server.ts";
import type { ActionResult } from "../../../../lib/flows/action-result.ts";
import { releaseTestFlow, triggerFlow, type TestRelease } from "../../../../lib/triggers/test-release.ts";
import { loadTriggerPanel } from "../../../../lib/triggers/triggers-panel.server.ts";
import { signWebhook } from "../../../../lib/triggers/webhook-auth.ts";
import { handleWebhook } from "../../../../lib/triggers/webhook.server.ts";

vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "mw.plant.example", "x-forwarded-proto": "https" }) }));

let t: TestDatabase;
let actions: typeof import("./trigger-actions.ts");
const ids: Record<string, string> = {};
const flows: Record<string, TestRelease> = {};

async function expectOk<T>(result: Promise<ActionResult<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected ok, got ${JSON.stringify(settled)}`);
  return settled.data;
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  actions = await import("./trigger-actions.ts");
  const users: [string, Role[]][] = [["analyst", ["ANALYST"]], ["approver", ["APPROVER"]], ["admin", ["ADMIN"]]];
  for (const [name, roles] of users) ids[name] = (await t.db.user.create({ data: { email: `${name}@plant.example`, name, roles, passwordHash: "x" } })).id;
  flows.webhook = await releaseTestFlow(t.db, { slug: "cmms-orders", definition: triggerFlow({ kind: "webhook-trigger", config: { auth: "hmac", idempotency: { source: "none" } } }) });
  flows.open = await releaseTestFlow(t.db, { slug: "open-hook", definition: triggerFlow({ kind: "webhook-trigger", config: { auth: "none" } }) });
  flows.manual = await releaseTestFlow(t.db, {
    slug: "resend",
    definition: triggerFlow({ kind: "manual-trigger", config: { inputSchema: { type: "object", required: ["workOrder"], properties: { workOrder: { type: "string", pattern: "^WO-" }, qty: { type: "integer", minimum: 1 } } } } }),
  });
});
afterAll(async () => {
  await t?.drop();
});

const ref = (release: TestRelease) => ({ flowId: release.flowId, environmentId: release.environmentId });

function signed(secret: string): Request {
  const body = JSON.stringify({ order: 1 });
  const ts = Math.floor(Date.now() / 1000);
  return new Request("http://localhost/api/hooks/dev/cmms-orders", {
    method: "POST", body, headers: { "x-millwright-timestamp": String(ts), "x-millwright-signature": signWebhook(secret, ts, body) },
  });
}
const deliver = (secret: string) => handleWebhook(signed(secret), { environmentKey: "dev", flowSlug: "cmms-orders" }, { db: t.db });

describe("rotating a webhook secret", () => {
  it("is for administrators only", async () => {
    signInAs(null);
    expect(await actions.rotateTriggerSecretAction(ref(flows.webhook!))).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    for (const who of ["analyst", "approver"]) {
      signInAs(ids[who]!);
      expect(await actions.rotateTriggerSecretAction(ref(flows.webhook!)), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
  });

  it("returns the new secret once, replaces the old one at once, and never stores or audits it in clear", async () => {
    signInAs(ids.admin!);
    const first = await expectOk(actions.rotateTriggerSecretAction(ref(flows.webhook!)));
    const second = await expectOk(actions.rotateTriggerSecretAction(ref(flows.webhook!)));
    expect(second.secret).toMatch(/^mwhs_[\w-]{43}$/);
    expect(second).toMatchObject({ url: "https://mw.plant.example/api/hooks/dev/cmms-orders", method: "POST", auth: "hmac", signatureHeader: "X-Millwright-Signature", exampleBody: "{}" });
    expect((await deliver(first.secret)).status).toBe(401);
    expect((await deliver(second.secret)).status).toBe(202);

    const row = await t.db.triggerSecret.findFirstOrThrow({ where: { flowId: flows.webhook!.flowId } });
    expect(row.secretEncrypted).toMatch(/^v1\./);
    expect(row.secretEncrypted).not.toContain(second.secret);
    expect(row.rotatedAt).not.toBeNull();
    const events = await t.db.auditEvent.findMany({ where: { action: "trigger_secret.rotated", subjectId: flows.webhook!.flowId } });
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events, (_key, value) => (typeof value === "bigint" ? String(value) : value))).not.toContain("mwhs_");
    expect(events[0]).toMatchObject({ actorId: ids.admin, after: { environmentId: flows.webhook!.environmentId, nodeId: "start" } });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("shows the URL, authentication and secret dates on the flow page, never the secret", async () => {
    const [dev] = await loadTriggerPanel(t.db, flows.webhook!.flowId, { origin: "https://mw.plant.example" });
    expect(dev).toMatchObject({
      environment: { key: "dev" }, versionNumber: 1,
      trigger: { kind: "webhook", url: "https://mw.plant.example/api/hooks/dev/cmms-orders", auth: "hmac", secret: { rotatedAt: expect.any(String) } },
    });
    expect(JSON.stringify(dev)).not.toContain("mwhs_");
  });

  it("refuses webhooks without authentication and other triggers", async () => {
    signInAs(ids.admin!);
    expect(await actions.rotateTriggerSecretAction(ref(flows.open!))).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/does not authenticate/) });
    expect(await actions.rotateTriggerSecretAction(ref(flows.manual!))).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/not started by a webhook/) });
    expect(await actions.rotateTriggerSecretAction({ flowId: flows.webhook!.flowId, environmentId: flows.manual!.flowId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await actions.rotateTriggerSecretAction({ flowId: "nope" })).toMatchObject({ ok: false, code: "VALIDATION" });
  });
});

describe("Run now", () => {
  it("is for analysts and administrators", async () => {
    signInAs(ids.approver!);
    expect(await actions.runNowAction({ ...ref(flows.manual!), input: { workOrder: "WO-1" } })).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("checks the input against the trigger's schema and lists every problem", async () => {
    signInAs(ids.analyst!);
    const result = await actions.runNowAction({ ...ref(flows.manual!), input: { workOrder: "12", qty: 0 } });
    expect(result).toMatchObject({ ok: false, code: "VALIDATION", message: "The input does not match the schema (2 problems)." });
    expect(result.ok ? [] : result.fields).toEqual(expect.arrayContaining([{ path: "/workOrder", message: 'must match pattern "^WO-"' }, { path: "/qty", message: "must be >= 1" }]));
    expect(await t.db.run.count({ where: { flowId: flows.manual!.flowId } })).toBe(0);
  });

  it("starts a live run by the signed-in user, audited", async () => {
    signInAs(ids.analyst!);
    const { runId } = await expectOk(actions.runNowAction({ ...ref(flows.manual!), input: { workOrder: "WO-7", qty: 2 } }));
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ mode: "LIVE", status: "QUEUED", triggerKind: "manual", triggerNodeId: "start", startedById: ids.analyst, versionId: flows.manual!.versionId });
    expect(run.triggerPayload).toEqual({ input: { workOrder: "WO-7", qty: 2 }, startedBy: "analyst@plant.example" });
    expect(await t.db.auditEvent.count({ where: { action: "run.started", subjectId: runId, actorId: ids.analyst } })).toBe(1);
  });

  it("refuses flows not started by hand", async () => {
    signInAs(ids.admin!);
    expect(await actions.runNowAction({ ...ref(flows.webhook!), input: {} })).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/not started by hand/) });
  });
});
