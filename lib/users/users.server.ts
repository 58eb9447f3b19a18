import type { Db, DbTx } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { appendAudit } from "../audit/audit.server.ts";
import { hashPassword } from "../auth/password.ts";
import type { SessionUser } from "../auth/sign-in.server.ts";
import type { Role } from "../auth/roles.ts";
import type { TCreateUser, TUpdateUser } from "./user-schemas.ts";

// What the audit trail and the admin page see of a user: never the password hash.
const PUBLIC_FIELDS = { id: true, email: true, name: true, roles: true, active: true, createdAt: true, lastSignInAt: true } as const;

export type UserRow = {
  id: string; email: string; name: string; roles: Role[]; active: boolean; createdAt: Date; lastSignInAt: Date | null;
  groups: { id: string; name: string }[];
};

export async function listUsers(db: Db): Promise<UserRow[]> {
  const users = await db.user.findMany({
    orderBy: [{ active: "desc" }, { name: "asc" }],
    select: { ...PUBLIC_FIELDS, groups: { select: { group: { select: { id: true, name: true } } } } },
  });
  return users.map((u) => ({ ...u, groups: u.groups.map((g) => g.group) }));
}

export async function listGroups(db: Db): Promise<{ id: string; name: string; description: string; members: number }[]> {
  const groups = await db.group.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { members: true } } } });
  return groups.map((g) => ({ id: g.id, name: g.name, description: g.description, members: g._count.members }));
}

export async function createUser(db: Db, actor: SessionUser, input: TCreateUser): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      throw new AppError("CONFLICT", "A user with this e-mail already exists.", [{ path: "email", message: "Already in use" }]);
    }
    await assertGroupsExist(tx, input.groupIds);
    const user = await tx.user.create({
      data: {
        email: input.email, name: input.name, passwordHash, roles: input.roles,
        groups: { create: input.groupIds.map((groupId) => ({ groupId })) },
      },
      select: { id: true },
    });
    await appendAudit(tx, { ...actorOf(actor), action: "user.created", subjectType: "user", subjectId: user.id, after: await snapshot(tx, user.id) });
    return user;
  });
}

export async function updateUser(db: Db, actor: SessionUser, input: TUpdateUser): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await snapshot(tx, input.userId);
    if (actor.id === input.userId && before.roles.includes("ADMIN") && !input.roles.includes("ADMIN")) {
      throw new AppError("CONFLICT", "You cannot remove your own administrator role.", [{ path: "roles", message: "Keep ADMIN on your own account" }]);
    }
    await assertGroupsExist(tx, input.groupIds);
    await tx.user.update({
      where: { id: input.userId },
      data: {
        name: input.name, roles: input.roles,
        groups: { deleteMany: {}, create: input.groupIds.map((groupId) => ({ groupId })) },
      },
    });
    if (before.roles.includes("ADMIN") && !input.roles.includes("ADMIN")) await assertAnAdminRemains(tx);
    await appendAudit(tx, { ...actorOf(actor), action: "user.updated", subjectType: "user", subjectId: input.userId, before, after: await snapshot(tx, input.userId) });
  });
}

export async function setUserActive(db: Db, actor: SessionUser, userId: string, active: boolean): Promise<void> {
  if (actor.id === userId && !active) throw new AppError("CONFLICT", "You cannot deactivate your own account.");
  await db.$transaction(async (tx) => {
    const before = await snapshot(tx, userId);
    if (before.active === active) return;
    await tx.user.update({ where: { id: userId }, data: { active } });
    if (!active) await assertAnAdminRemains(tx);
    await appendAudit(tx, {
      ...actorOf(actor), action: active ? "user.reactivated" : "user.deactivated", subjectType: "user", subjectId: userId,
      before, after: await snapshot(tx, userId),
    });
  });
}

async function snapshot(tx: DbTx, userId: string) {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { email: true, name: true, roles: true, active: true, groups: { select: { group: { select: { name: true } } } } },
  });
  if (!user) throw new AppError("NOT_FOUND", "This user does not exist.");
  return { email: user.email, name: user.name, roles: [...user.roles].sort(), active: user.active, groups: user.groups.map((g) => g.group.name).sort() };
}

async function assertGroupsExist(tx: DbTx, groupIds: string[]): Promise<void> {
  if (groupIds.length === 0) return;
  const found = await tx.group.count({ where: { id: { in: groupIds } } });
  if (found !== new Set(groupIds).size) throw new AppError("VALIDATION", "A chosen group no longer exists.", [{ path: "groupIds", message: "Unknown group" }]);
}

// The product must never end up with nobody able to administer it.
async function assertAnAdminRemains(tx: DbTx): Promise<void> {
  const admins = await tx.user.count({ where: { active: true, roles: { has: "ADMIN" } } });
  if (admins === 0) throw new AppError("CONFLICT", "At least one active administrator must remain.");
}

function actorOf(actor: SessionUser) {
  return { actorId: actor.id, actorLabel: actor.email };
}
