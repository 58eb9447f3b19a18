import type { Prisma } from "../../../lib/generated/prisma/client.ts";
import type { Db } from "../../../lib/db/client.ts";
import type { SessionUser } from "../../../lib/auth/sign-in.server.ts";

/**
 * OPEN human tasks addressed to this user: by id, by one of their roles or by one of their groups
 * (assignees is `{ users?: string[], roles?: string[], groups?: string[] }`; any match counts).
 */
export async function openTasksWhere(db: Db, user: SessionUser): Promise<Prisma.HumanTaskWhereInput> {
  const memberships = await db.groupMember.findMany({ where: { userId: user.id }, select: { groupId: true } });
  const matches: Prisma.HumanTaskWhereInput[] = [
    { assignees: { path: ["users"], array_contains: [user.id] } },
    ...user.roles.map((role) => ({ assignees: { path: ["roles"], array_contains: [role] } })),
    ...memberships.map(({ groupId }) => ({ assignees: { path: ["groups"], array_contains: [groupId] } })),
  ];
  return { status: "OPEN", OR: matches };
}
