// Groups of users that approval steps address by name (resolved to ids when a task is created).
// Admins manage them on /admin/groups; every change is audited in the transaction that makes it.
import type { Db, DbTx } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { appendAudit } from "../audit/audit.server.ts";
import type { SessionUser } from "../auth/sign-in.server.ts";
import type { FlowRef, GroupView, TCreateGroup, TGroupMember, TUpdateGroup } from "./group-schemas.ts";

export type { FlowRef, GroupView };

export async function listGroupsForAdmin(db: Db): Promise<GroupView[]> {
  const [groups, openTasks, flowsByName] = await Promise.all([
    db.group.findMany({
      orderBy: { name: "asc" },
      include: { members: { select: { user: { select: { id: true, name: true, email: true, active: true } } } } },
    }),
    openTaskCounts(db),
    flowsNamingGroups(db),
  ]);
  return groups.map((group) => ({
    id: group.id,
    name: group.name,
    description: group.description,
    createdAt: group.createdAt,
    members: group.members.map((m) => m.user).sort((a, b) => a.name.localeCompare(b.name)),
    openTasks: openTasks.get(group.id) ?? 0,
    namedBy: flowsByName.get(group.name) ?? [],
  }));
}

export async function createGroup(db: Db, actor: SessionUser, input: TCreateGroup): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    await assertNameFree(tx, input.name);
    const group = await tx.group.create({ data: { name: input.name, description: input.description }, select: { id: true } });
    await appendAudit(tx, { ...actorOf(actor), action: "group.created", subjectType: "group", subjectId: group.id, after: await snapshot(tx, group.id) });
    return group;
  });
}

export async function updateGroup(db: Db, actor: SessionUser, input: TUpdateGroup): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await snapshot(tx, input.groupId);
    if (before.name === input.name && before.description === input.description) return;
    await assertNameFree(tx, input.name, input.groupId);
    await tx.group.update({ where: { id: input.groupId }, data: { name: input.name, description: input.description } });
    await appendAudit(tx, { ...actorOf(actor), action: "group.updated", subjectType: "group", subjectId: input.groupId, before, after: await snapshot(tx, input.groupId) });
  });
}

export async function deleteGroup(db: Db, actor: SessionUser, groupId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    // Locks the row so a concurrent rename or member change cannot slip between the check and the delete.
    await tx.$queryRawUnsafe(`SELECT id FROM "Group" WHERE id = $1::uuid FOR UPDATE`, groupId);
    const before = await snapshot(tx, groupId);
    const open = (await openTaskCounts(tx, groupId)).get(groupId) ?? 0;
    if (open > 0) {
      throw new AppError(
        "CONFLICT",
        `${before.name} cannot be deleted: ${open === 1 ? "1 open task is" : `${open} open tasks are`} addressed to it. ` +
          "Wait until they are decided (or their runs are cancelled), then delete it.",
      );
    }
    await tx.group.delete({ where: { id: groupId } });
    await appendAudit(tx, { ...actorOf(actor), action: "group.deleted", subjectType: "group", subjectId: groupId, before });
  });
}

export async function addGroupMember(db: Db, actor: SessionUser, input: TGroupMember): Promise<void> {
  await db.$transaction(async (tx) => {
    const group = await snapshot(tx, input.groupId);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { email: true, name: true, active: true } });
    if (!user) throw new AppError("NOT_FOUND", "This user does not exist.");
    if (!user.active) throw new AppError("VALIDATION", `${user.name} is deactivated: reactivate the account first.`, [{ path: "userId", message: "Deactivated user" }]);
    const existing = await tx.groupMember.findUnique({ where: { groupId_userId: input }, select: { userId: true } });
    if (existing) throw new AppError("CONFLICT", `${user.name} is already a member of ${group.name}.`);
    await tx.groupMember.create({ data: input });
    await appendAudit(tx, {
      ...actorOf(actor), action: "group.member_added", subjectType: "group", subjectId: input.groupId,
      before: { members: group.members }, after: { member: user.email, members: [...group.members, user.email].sort() },
    });
  });
}

export async function removeGroupMember(db: Db, actor: SessionUser, input: TGroupMember): Promise<void> {
  await db.$transaction(async (tx) => {
    const group = await snapshot(tx, input.groupId);
    const removed = await tx.groupMember.deleteMany({ where: input });
    if (removed.count === 0) throw new AppError("NOT_FOUND", `This person is no longer a member of ${group.name}.`);
    const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true } });
    await appendAudit(tx, {
      ...actorOf(actor), action: "group.member_removed", subjectType: "group", subjectId: input.groupId,
      before: { members: group.members }, after: { member: user.email, members: group.members.filter((email) => email !== user.email) },
    });
  });
}

/** The audit's view of a group: name, description and members by e-mail. */
async function snapshot(tx: DbTx, groupId: string) {
  const group = await tx.group.findUnique({
    where: { id: groupId },
    select: { name: true, description: true, members: { select: { user: { select: { email: true } } } } },
  });
  if (!group) throw new AppError("NOT_FOUND", "This group does not exist (it may have just been deleted).");
  return { name: group.name, description: group.description, members: group.members.map((m) => m.user.email).sort() };
}

// Approve steps name groups in free text, so "purchasing" and "Purchasing" would be ambiguous.
async function assertNameFree(tx: DbTx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.group.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  if (clash) throw new AppError("CONFLICT", `A group named ${clash.name} already exists.`, [{ path: "name", message: "Another group has this name" }]);
}

async function openTaskCounts(db: Db | DbTx, groupId?: string): Promise<Map<string, number>> {
  const rows = await db.$queryRawUnsafe<{ id: string; open: number }[]>(
    `SELECT g.id::text AS id, count(t.id)::int AS open
       FROM "Group" g
       JOIN "HumanTask" t ON t.status = 'OPEN' AND (t.assignees->'groupIds' ? g.id::text OR t."escalateToGroupId" = g.id)
      WHERE $1::uuid IS NULL OR g.id = $1::uuid
      GROUP BY g.id`,
    groupId ?? null,
  );
  return new Map(rows.map((row) => [row.id, row.open]));
}

/** Group name -> flows whose latest version names it in an Approve step (assignees or escalation). */
export async function flowsNamingGroups(db: Db | DbTx): Promise<Map<string, FlowRef[]>> {
  const versions = await db.$queryRawUnsafe<{ flowId: string; name: string; definition: { nodes?: { kind?: string; config?: unknown }[] } }[]>(
    `SELECT DISTINCT ON (v."flowId") v."flowId"::text AS "flowId", f.name, v.definition
       FROM "FlowVersion" v JOIN "Flow" f ON f.id = v."flowId"
      WHERE f."archivedAt" IS NULL
      ORDER BY v."flowId", v.number DESC`,
  );
  const byName = new Map<string, FlowRef[]>();
  for (const version of versions) {
    const names = new Set((version.definition.nodes ?? []).filter((node) => node.kind === "approve").flatMap((node) => groupNamesOf(node.config)));
    for (const name of names) byName.set(name, [...(byName.get(name) ?? []), { id: version.flowId, name: version.name }]);
  }
  return byName;
}

// Exact names, as the Approve step resolves them (nodes/approve/execute.server.ts): its assignees and
// the group a deadline escalates to.
function groupNamesOf(config: unknown): string[] {
  const c = config as { assignees?: { groups?: unknown }; due?: { escalateToGroup?: unknown } } | null;
  const groups = Array.isArray(c?.assignees?.groups) ? c.assignees.groups : [];
  return [...groups, c?.due?.escalateToGroup].filter((name): name is string => typeof name === "string" && name.trim() !== "").map((name) => name.trim());
}

function actorOf(actor: SessionUser) {
  return { actorId: actor.id, actorLabel: actor.email };
}
