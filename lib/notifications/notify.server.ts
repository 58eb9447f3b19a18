// Notifications: one in-app row per recipient (the bell), written in the caller's transaction,
// and when SMTP is configured (SMTP_URL) one "send-email" job per row in the same transaction, so
// a notification is never announced for a change that rolled back, nor lost for one that committed.
import type { Role } from "../auth/roles.ts";

export type Sql = { query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> };

/** Recipients: these users, everyone with one of these roles, and the members of these groups (active users only). */
export type Audience = { userIds?: string[]; roles?: Role[]; groupIds?: string[]; exceptUserIds?: string[] };

export type Message = { kind: string; title: string; body?: string; link?: string | null; taskId?: string | null };

export const EMAIL_TASK = "send-email";

export function emailEnabled(): boolean {
  return Boolean(process.env.SMTP_URL?.trim());
}

/** Writes the notifications; returns how many people were notified. */
export async function notify(sql: Sql, audience: Audience, message: Message): Promise<number> {
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO "Notification" (id, "userId", kind, title, body, link, "taskId")
     SELECT gen_random_uuid(), u.id, $4, $5, $6, $7, $8::uuid FROM "User" u
      WHERE u.active AND NOT (u.id = ANY($9::uuid[]))
        AND (u.id = ANY($1::uuid[]) OR u.roles && $2::"Role"[]
             OR EXISTS (SELECT 1 FROM "GroupMember" gm WHERE gm."userId" = u.id AND gm."groupId" = ANY($3::uuid[])))
     RETURNING id`,
    [
      audience.userIds ?? [],
      audience.roles ?? [],
      audience.groupIds ?? [],
      message.kind,
      message.title,
      message.body ?? "",
      message.link ?? null,
      message.taskId ?? null,
      audience.exceptUserIds ?? [],
    ],
  );
  if (rows.length > 0 && emailEnabled()) {
    await sql.query(
      `SELECT count(graphile_worker.add_job($1, json_build_object('notificationId', id), max_attempts => 10))::int AS queued FROM unnest($2::uuid[]) AS id`,
      [EMAIL_TASK, rows.map((row) => row.id)],
    );
  }
  return rows.length;
}
