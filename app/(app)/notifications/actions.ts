"use server";

// The bell's and the notifications page's server actions: any signed-in role, and only ever the
// caller's own notifications (the queries filter on the caller's id). Marking read is not audited:
// it changes what one person sees, nothing anyone else relies on.
import { z } from "zod";
import { guardedAction } from "../../../lib/actions/guarded-action.server.ts";
import { getDb } from "../../../lib/db/client.ts";
import type { ActionResult } from "../../../lib/flows/action-result.ts";
import { markAllRead, markRead } from "../../../lib/notifications/queries.server.ts";
import { ROLES } from "../../../lib/auth/roles.ts";

const ZMarkRead = z.object({ id: z.uuid({ error: "Not a notification id" }) });

/** { id } -> the notification is read. */
export async function markNotificationReadAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "markNotificationRead", roles: ROLES, schema: ZMarkRead }, input, async (actor, data) => {
    await markRead(getDb(), actor.id, data.id);
    return null;
  });
}

/** {} -> how many unread notifications were marked read. */
export async function markAllNotificationsReadAction(input: unknown = {}): Promise<ActionResult<{ marked: number }>> {
  return guardedAction({ name: "markAllNotificationsRead", roles: ROLES, schema: z.object({}) }, input, async (actor) => ({
    marked: await markAllRead(getDb(), actor.id),
  }));
}
