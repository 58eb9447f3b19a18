// Groups as an admin manages them on /admin/groups: only admins may change them, names are unique
// (whatever the case), every change lands in the audit trail with before and after, and a group an
// open task is addressed to cannot be deleted.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { verifyAuditChain } from "../../../../lib/audit/audit.server.ts";
import { listGroupsForAdmin } from "../../../../lib/groups/groups.server.ts";
import { insertRun } from "../../../../lib/runs/test-fixtures.ts";
import { seedDemo } from "../../../../prisma/seed.ts";
import { signInAs } from "../../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../../test/test-database.ts";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let t: TestDatabase;
let actions: typeof import("./actions.ts");
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  actions = await import("./actions.ts");
  await seedDemo(t.db);
  for (const user of await t.db.user.findMany({ select: { id: true, email: true } })) ids[user.email.split("@")[0]!] = user.id;
  ids.gone = (await t.db.user.create({ data: { email: "gone@plant.example", name: "Gone Person", roles: ["APPROVER"], passwordHash: "x", active: false } })).id;
});
afterAll(async () => {
  await t.drop();
});

const audit = (action: string, subjectId: string) => t.db.auditEvent.findFirstOrThrow({ where: { action, subjectId }, orderBy: { seq: "desc" } });

describe("groups admin", () => {
  let groupId: string;

  it("refuses people without the admin role", async () => {
    signInAs(null);
    expect(await actions.createGroupAction({ name: "Tooling buyers" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    for (const who of ["analyst", "approver"]) {
      signInAs(ids[who]!);
      expect(await actions.createGroupAction({ name: "Tooling buyers" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    expect(await t.db.group.count({ where: { name: "Tooling buyers" } })).toBe(0);
  });

  it("creates a group, audited, and names a bad or taken name in the field", async () => {
    signInAs(ids.admin!);
    const created = await actions.createGroupAction({ name: "  Tooling buyers ", description: "Buys parts" });
    expect(created).toMatchObject({ ok: true });
    groupId = (created as { data: { id: string } }).data.id;
    expect((await audit("group.created", groupId)).after).toEqual({ name: "Tooling buyers", description: "Buys parts", members: [] });

    expect(await actions.createGroupAction({ name: "" })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "name", message: "Enter a name" }] });
    expect(await actions.createGroupAction({ name: "x".repeat(101) })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "name" }] });
    expect(await actions.createGroupAction({ name: "tooling BUYERS" })).toMatchObject({
      ok: false, code: "CONFLICT", message: "A group named Tooling buyers already exists.", fields: [{ path: "name", message: "Another group has this name" }],
    });
  });

  it("adds and removes members, refusing deactivated users and duplicates, with the member list in the audit", async () => {
    signInAs(ids.admin!);
    expect(await actions.addGroupMemberAction({ groupId, userId: ids.approver })).toMatchObject({ ok: true });
    expect(await actions.addGroupMemberAction({ groupId, userId: ids.admin2 })).toMatchObject({ ok: true });
    expect(await actions.addGroupMemberAction({ groupId, userId: ids.approver })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await actions.addGroupMemberAction({ groupId, userId: ids.gone })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "userId" }] });
    expect((await audit("group.member_added", groupId)).after).toEqual({
      member: "admin2@millwright.local", members: ["admin2@millwright.local", "approver@millwright.local"],
    });

    expect(await actions.removeGroupMemberAction({ groupId, userId: ids.admin2 })).toMatchObject({ ok: true });
    const removed = await audit("group.member_removed", groupId);
    expect(removed.before).toEqual({ members: ["admin2@millwright.local", "approver@millwright.local"] });
    expect(removed.after).toEqual({ member: "admin2@millwright.local", members: ["approver@millwright.local"] });
    expect(await actions.removeGroupMemberAction({ groupId, userId: ids.admin2 })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("renames with before and after, and lists the flows whose latest version names the group", async () => {
    signInAs(ids.admin!);
    const flow = await t.db.flow.findFirstOrThrow({ include: { versions: { orderBy: { number: "desc" }, take: 1 } } });
    const latest = flow.versions[0]!;
    const definition = latest.definition as { nodes: unknown[] };
    const approve = { id: "ok", kind: "approve", kindVersion: 1, position: { x: 0, y: 0 }, config: { assignees: { users: [], roles: [], groups: ["Tooling buyers"] }, due: { escalateToGroup: "Tooling buyers" } } };
    await t.db.flowVersion.create({ data: { flowId: flow.id, number: latest.number + 1, definition: { ...definition, nodes: [...definition.nodes, approve] } as object, contentHash: "x", authorId: ids.analyst! } });
    expect((await listGroupsForAdmin(t.db)).find((g) => g.id === groupId)?.namedBy).toEqual([{ id: flow.id, name: flow.name }]);

    expect(await actions.updateGroupAction({ groupId, name: "Tooling buyers EU", description: "Buys parts" })).toMatchObject({ ok: true });
    const event = await audit("group.updated", groupId);
    expect(event.before).toMatchObject({ name: "Tooling buyers" });
    expect(event.after).toMatchObject({ name: "Tooling buyers EU", members: ["approver@millwright.local"] });
    expect((await listGroupsForAdmin(t.db)).find((g) => g.id === groupId)).toMatchObject({ name: "Tooling buyers EU", namedBy: [], openTasks: 0 });
  });

  it("refuses to delete a group an open task is addressed to, then deletes it once the task is decided", async () => {
    signInAs(ids.admin!);
    const flow = await t.db.flow.findFirstOrThrow({ include: { versions: true } });
    const runId = await insertRun(t.db, { flowId: flow.id, versionId: flow.versions[0]!.id, environmentId: null, status: "RUNNING", createdAt: new Date() });
    const task = await t.db.humanTask.create({
      data: { runId, nodeId: "approve", flowId: flow.id, title: "Buy 5 bearings", assignees: { userIds: [], roles: [], groupIds: [groupId], labels: ["Tooling buyers EU"] } },
    });
    const refused = await actions.deleteGroupAction({ groupId });
    expect(refused).toMatchObject({ ok: false, code: "CONFLICT" });
    expect((refused as { message: string }).message).toContain("1 open task is addressed to it");
    expect(await t.db.group.count({ where: { id: groupId } })).toBe(1);

    await t.db.humanTask.update({ where: { id: task.id }, data: { status: "APPROVED", decidedAt: new Date() } });
    expect(await actions.deleteGroupAction({ groupId })).toMatchObject({ ok: true });
    expect(await t.db.group.count({ where: { id: groupId } })).toBe(0);
    expect((await audit("group.deleted", groupId)).before).toEqual({ name: "Tooling buyers EU", description: "Buys parts", members: ["approver@millwright.local"] });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
