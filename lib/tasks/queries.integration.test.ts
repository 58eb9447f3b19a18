// The inbox's reads against a real database: who sees which open task (by name, role, group, or a
// colleague's delegation), what the navigation counts, the filters and sorts, the history of what a
// person decided, and the detail's visibility and "why you cannot decide" reasons.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../auth/roles.ts";
import { insertRun } from "../runs/test-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { seedDemo } from "../../prisma/seed.ts";
import { countOpenTasks, listDecidedTasks, listOpenTasks, openTaskFlows, taskDetail } from "./queries.server.ts";

let t: TestDatabase;
const ids: Record<string, string> = {};
let base: { flowId: string; versionId: string; environmentId: string };
const HOUR = 3_600_000;

type TaskSeed = {
  title: string;
  userIds?: string[];
  roles?: Role[];
  groupIds?: string[];
  dueAt?: Date | null;
  priority?: string;
  status?: "OPEN" | "APPROVED" | "REJECTED";
  createdAt?: Date;
  requesterId?: string;
  quorum?: number;
  nodeId?: string;
  claimedById?: string;
  mode?: "LIVE" | "TEST";
};

async function task(seed: TaskSeed): Promise<string> {
  const runId = await insertRun(t.db, {
    ...base, status: "RUNNING", createdAt: new Date(), businessKey: `BK-${seed.title}`, mode: seed.mode ?? "LIVE",
    triggerPayload: { body: { part: "P-1" } },
    steps: [{ nodeId: seed.nodeId ?? "approve", status: "WAITING", input: { quantity: 5, part: "P-1" } }],
  });
  const row = await t.db.humanTask.create({
    data: {
      runId, nodeId: seed.nodeId ?? "approve", flowId: base.flowId, title: seed.title, priority: seed.priority ?? "normal",
      assignees: { userIds: seed.userIds ?? [], roles: seed.roles ?? [], groupIds: seed.groupIds ?? [], labels: ["Somebody"] },
      status: seed.status ?? "OPEN", dueAt: seed.dueAt ?? null, createdAt: seed.createdAt ?? new Date(),
      requesterId: seed.requesterId ?? null, quorum: seed.quorum ?? 1, claimedById: seed.claimedById ?? null,
      correctable: ["quantity"], form: [{ key: "reason", label: "Reason", type: "text", required: false }],
    },
  });
  return row.id;
}

const titles = async (userId: string, filter = {}) => (await listOpenTasks(t.db, userId, filter)).tasks.map((task) => task.title);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  const group = await t.db.group.create({ data: { name: "Inbox test planners" } });
  ids.group = group.id;
  const users: [string, Role[]][] = [["ann", ["APPROVER"]], ["bob", ["APPROVER"]], ["cleo", ["ADMIN"]], ["dan", ["ANALYST"]]];
  for (const [name, roles] of users) ids[name] = (await t.db.user.create({ data: { email: `${name}@plant.example`, name: `${name} Example`, roles, passwordHash: "x" } })).id;
  await t.db.groupMember.create({ data: { groupId: group.id, userId: ids.bob! } });
  const flow = await t.db.flow.findFirstOrThrow({ include: { versions: true } });
  const dev = await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  base = { flowId: flow.id, versionId: flow.versions[0]!.id, environmentId: dev.id };
  const now = Date.now();
  ids.direct = await task({ title: "to-ann", userIds: [ids.ann!], dueAt: new Date(now + 5 * HOUR), priority: "high" });
  ids.role = await task({ title: "to-approvers", roles: ["APPROVER"], dueAt: new Date(now - HOUR) });
  ids.groupTask = await task({ title: "to-planners", groupIds: [group.id], createdAt: new Date(now + 1000) });
  ids.admins = await task({ title: "to-admins", roles: ["ADMIN"] });
  ids.closed = await task({ title: "closed", userIds: [ids.ann!], status: "APPROVED" });
  ids.own = await task({ title: "requested-by-ann", roles: ["APPROVER"], requesterId: ids.ann! });
  ids.claimed = await task({ title: "claimed-by-bob", roles: ["APPROVER"], claimedById: ids.bob!, mode: "TEST" });
});
afterAll(async () => {
  await t.drop();
});

describe("open tasks", () => {
  it("shows tasks addressed to me, my roles and my groups, most urgent first; never closed ones or my own requests", async () => {
    expect(await titles(ids.ann!)).toEqual(["to-approvers", "to-ann", "claimed-by-bob"]);
    expect(await titles(ids.bob!)).toEqual(["to-approvers", "requested-by-ann", "claimed-by-bob", "to-planners"]);
    expect(await titles(ids.cleo!)).toEqual(["to-admins"]);
    expect(await titles(ids.dan!)).toEqual([]);
  });

  it("counts what the list shows for the navigation", async () => {
    expect(await countOpenTasks(t.db, ids.ann!)).toBe(3);
    expect(await countOpenTasks(t.db, ids.bob!)).toBe(4);
    expect(await countOpenTasks(t.db, ids.dan!)).toBe(0);
  });

  it("filters by overdue, priority, how it reached me, claimed by me, and sorts newest first", async () => {
    expect(await titles(ids.ann!, { overdue: true })).toEqual(["to-approvers"]);
    expect(await titles(ids.ann!, { priority: "high" })).toEqual(["to-ann"]);
    expect(await titles(ids.ann!, { via: "me" })).toEqual(["to-ann"]);
    expect(await titles(ids.ann!, { via: "shared" })).toEqual(["to-approvers", "claimed-by-bob"]);
    expect(await titles(ids.bob!, { claimedByMe: true })).toEqual(["claimed-by-bob"]);
    expect((await titles(ids.bob!, { sort: "newest" }))[0]).toBe("to-planners");
    expect(await titles(ids.ann!, { flowId: "00000000-0000-4000-8000-000000000000" })).toEqual([]);
    expect(await openTaskFlows(t.db, ids.ann!)).toHaveLength(1);
  });

  it("says who claimed a task, marks test runs, and carries the flow, environment and business key", async () => {
    const { tasks } = await listOpenTasks(t.db, ids.ann!);
    const claimed = tasks.find((task) => task.title === "claimed-by-bob")!;
    expect(claimed.claimedBy?.name).toBe("bob Example");
    expect(claimed.testRun).toBe(true);
    const direct = tasks.find((task) => task.title === "to-ann")!;
    expect(claimed.direct).toBe(false);
    expect(direct).toMatchObject({ direct: true, environmentKey: "dev", businessKey: "BK-to-ann", testRun: false, onBehalfOf: null, claimedBy: null, kind: `${base.flowId}:approve` });
  });

  it("shows a delegating colleague's tasks while the delegation is active, saying on whose behalf", async () => {
    const delegation = await t.db.delegation.create({ data: { fromUserId: ids.cleo!, toUserId: ids.dan!, startsAt: new Date(Date.now() - HOUR) } });
    const { tasks } = await listOpenTasks(t.db, ids.dan!);
    expect(tasks.map((task) => [task.title, task.onBehalfOf])).toEqual([["to-admins", "cleo Example"]]);
    expect(await countOpenTasks(t.db, ids.dan!)).toBe(1);
    await t.db.delegation.update({ where: { id: delegation.id }, data: { revokedAt: new Date() } });
    expect(await titles(ids.dan!)).toEqual([]);
  });
});

describe("history and detail", () => {
  it("lists the tasks I voted on, newest first, and drops them from my open tasks", async () => {
    await t.db.humanTaskVote.create({ data: { taskId: ids.role!, userId: ids.ann!, decision: "approved", comment: "ok", createdAt: new Date(Date.now() - 1000) } });
    await t.db.humanTaskVote.create({ data: { taskId: ids.closed!, userId: ids.ann!, decision: "rejected", comment: "too many" } });
    const history = await listDecidedTasks(t.db, ids.ann!);
    expect(history.map((row) => [row.title, row.myDecision, row.status])).toEqual([["closed", "rejected", "APPROVED"], ["to-approvers", "approved", "OPEN"]]);
    expect(await titles(ids.ann!)).not.toContain("to-approvers");
    expect(await listDecidedTasks(t.db, ids.bob!)).toEqual([]);
  });

  it("shows a task's context to the people it is addressed to, and why they cannot decide it", async () => {
    const detail = await taskDetail(t.db, ids.ann!, ids.direct!);
    expect(detail).toMatchObject({ title: "to-ann", input: { quantity: 5, part: "P-1" }, triggerPayload: { body: { part: "P-1" } }, correctable: ["quantity"], blocked: null });
    expect((await taskDetail(t.db, ids.ann!, ids.own!))?.blocked).toMatch(/four eyes/);
    expect((await taskDetail(t.db, ids.ann!, ids.claimed!))?.blocked).toMatch(/Claimed by bob Example/);
    expect((await taskDetail(t.db, ids.ann!, ids.role!))?.blocked).toMatch(/already voted/);
    expect((await taskDetail(t.db, ids.ann!, ids.role!))?.votes.map((vote) => vote.by)).toEqual(["ann Example"]);
  });

  it("hides a task from people it is not addressed to", async () => {
    expect(await taskDetail(t.db, ids.dan!, ids.direct!)).toBeNull();
    expect(await taskDetail(t.db, ids.cleo!, ids.groupTask!)).toBeNull();
    expect(await taskDetail(t.db, ids.ann!, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
