// Who may see and decide a task. A task is addressed (at creation) to user ids, roles and group
// ids. A person acts as themselves, or for a colleague who delegated to them (an active
// Delegation); each such identity is an "actor". The same rule serves the inbox list (as SQL)
// and the decision (as a function), so what the inbox shows is exactly what may be decided.
import type { Role } from "../auth/roles.ts";
import type { TaskAssignees } from "./types.ts";

export type Sql = { query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> };

/** One identity a person may act as: themselves (onBehalfOf null) or a delegating colleague. */
export type TaskActor = { userId: string; email: string; name: string; roles: Role[]; groupIds: string[]; onBehalfOf: boolean };

/** The person themselves first, then the active colleagues who delegated to them. */
export async function taskActors(sql: Sql, userId: string, at: Date = new Date()): Promise<TaskActor[]> {
  const rows = await sql.query<{ id: string; email: string; name: string; roles: Role[]; groupIds: string[] }>(
    `SELECT u.id, u.email, u.name, u.roles::text[] AS roles,
            coalesce(array_agg(gm."groupId"::text) FILTER (WHERE gm."groupId" IS NOT NULL), '{}') AS "groupIds"
       FROM "User" u LEFT JOIN "GroupMember" gm ON gm."userId" = u.id
      WHERE u.active AND (u.id = $1::uuid OR u.id IN (
              SELECT "fromUserId" FROM "Delegation"
               WHERE "toUserId" = $1::uuid AND "revokedAt" IS NULL AND "startsAt" <= $2 AND ("endsAt" IS NULL OR "endsAt" > $2)))
      GROUP BY u.id`,
    [userId, at],
  );
  return rows
    .map((row) => ({ userId: row.id, email: row.email, name: row.name, roles: row.roles, groupIds: row.groupIds, onBehalfOf: row.id !== userId }))
    .sort((a, b) => Number(a.onBehalfOf) - Number(b.onBehalfOf));
}

export function isAddressedTo(assignees: TaskAssignees, actor: TaskActor): boolean {
  return (
    assignees.userIds.includes(actor.userId) ||
    assignees.roles.some((role) => actor.roles.includes(role)) ||
    assignees.groupIds.some((groupId) => actor.groupIds.includes(groupId))
  );
}

/** The identity a person decides a task as: themselves if it is addressed to them, else a delegator. */
export function actingAs(assignees: TaskAssignees, actors: TaskActor[]): TaskActor | null {
  return actors.find((actor) => isAddressedTo(assignees, actor)) ?? null;
}

/**
 * A SQL condition on `alias` (a "HumanTask" row) true when the task is addressed to one of the
 * actors. Appends its three array parameters to `params` (user ids, roles, group ids).
 */
export function addressedToSql(alias: string, actors: TaskActor[], params: unknown[]): string {
  const ids = [...new Set(actors.map((actor) => actor.userId))];
  const roles = [...new Set(actors.flatMap((actor) => actor.roles))];
  const groups = [...new Set(actors.flatMap((actor) => actor.groupIds))];
  params.push(ids, roles, groups);
  const n = params.length;
  return `(${alias}.assignees->'userIds' ?| $${n - 2}::text[] OR ${alias}.assignees->'roles' ?| $${n - 1}::text[] OR ${alias}.assignees->'groupIds' ?| $${n}::text[])`;
}
