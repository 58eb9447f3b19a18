// The inbox's server actions: public POST endpoints, so each must refuse callers outside the inbox
// section (an analyst) whatever the UI shows; an approver decides with a correction, a second
// decision is told who decided first, claims are reported to colleagues, and a bulk approval
// reports the tasks it refused.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signInAs } from "../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/test-database.ts";
import type { Role } from "../../../lib/auth/roles.ts";
import { insertRun } from "../../../lib/runs/test-fixtures.ts";
import { seedDemo } from "../../../prisma/seed.ts";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let t: TestDatabase;
let actions: typeof import("./actions.ts");
const ids: Record<string, string> = {};
let base: { flowId: string; versionId: string; environmentId: string };

async function task(title: string, options: { nodeId?: string } = {}): Promise<string> {
  const nodeId = options.nodeId ?? "approve";
  const runId = await insertRun(t.db, { ...base, status: "WAITING", createdAt: new Date(), steps: [{ nodeId, status: "WAITING", input: { quantity: 5, part: "P-1" } }] });
  const row = await t.db.humanTask.create({
    data: {
      runId, nodeId, flowId: base.flowId, title, assignees: { userIds: [], roles: ["APPROVER"], groupIds: [], labels: ["Approver (role)"] },
      correctable: ["quantity"],
    },
  });
  return row.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  actions = await import("./actions.ts");
  await seedDemo(t.db);
  const users: [string, Role[]][] = [["analyst", ["ANALYST"]], ["ann", ["APPROVER"]], ["bob", ["APPROVER"]]];
  for (const [name, roles] of users) ids[name] = (await t.db.user.create({ data: { email: `${name}@plant.example`, name: `${name} Example`, roles, passwordHash: "x" } })).id;
  const flow = await t.db.flow.findFirstOrThrow({ include: { versions: true } });
  const dev = await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  base = { flowId: flow.id, versionId: flow.versions[0]!.id, environmentId: dev.id };
});
afterAll(async () => {
  await t.drop();
});

describe("inbox actions", () => {
  it("refuses people without the approver or admin role, and changes nothing", async () => {
    const taskId = await task("analyst tries");
    signInAs(ids.analyst!);
    for (const result of [
      await actions.decideTaskAction({ taskId, decision: "approved" }),
      await actions.bulkDecideAction({ taskIds: [taskId], decision: "approved" }),
      await actions.claimTaskAction({ taskId }),
    ])
      expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await t.db.humanTask.findUniqueOrThrow({ where: { id: taskId } })).status).toBe("OPEN");
  });

  it("approves with a corrected quantity; a second decision learns who decided first", async () => {
    const taskId = await task("approve me");
    signInAs(ids.ann!);
    expect(await actions.decideTaskAction({ taskId, decision: "approved", corrections: { quantity: "3" } })).toEqual({
      ok: true, data: { outcome: "decided", taskId, status: "APPROVED" },
    });
    const row = await t.db.humanTask.findUniqueOrThrow({ where: { id: taskId } });
    expect(row.decision).toMatchObject({ decision: "approved", input: { quantity: 3, part: "P-1" } });
    signInAs(ids.bob!);
    const late = await actions.decideTaskAction({ taskId, decision: "rejected", comment: "no" });
    expect(late).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(late.ok ? "" : late.message).toMatch(/^Already approved by ann Example/);
  });

  it("says which field is wrong: a reject without its required comment", async () => {
    const taskId = await task("reject me");
    signInAs(ids.ann!);
    const result = await actions.decideTaskAction({ taskId, decision: "rejected" });
    expect(result).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "comment" }] });
  });

  it("claims for one person; a colleague is then refused until it is released", async () => {
    const taskId = await task("claim me");
    signInAs(ids.ann!);
    expect(await actions.claimTaskAction({ taskId })).toEqual({ ok: true, data: null });
    signInAs(ids.bob!);
    const refused = await actions.decideTaskAction({ taskId, decision: "approved" });
    expect(refused.ok ? "" : refused.message).toMatch(/Claimed by ann Example/);
    signInAs(ids.ann!);
    expect(await actions.releaseTaskAction({ taskId })).toEqual({ ok: true, data: null });
    signInAs(ids.bob!);
    expect(await actions.decideTaskAction({ taskId, decision: "approved" })).toMatchObject({ ok: true });
  });

  it("bulk-approves tasks of one kind and reports each refusal", async () => {
    const first = await task("bulk 1");
    const second = await task("bulk 2");
    const other = await task("other step", { nodeId: "approve2" });
    signInAs(ids.ann!);
    const result = await actions.bulkDecideAction({ taskIds: [first, second, other], decision: "approved" });
    if (!result.ok) throw new Error(result.message);
    expect(result.data.results.map((r) => [r.taskId, r.ok])).toEqual([[first, true], [second, true], [other, false]]);
    expect(await t.db.humanTask.count({ where: { id: { in: [first, second] }, status: "APPROVED" } })).toBe(2);
  });
});
