import { NextResponse } from "next/server";
import { requireRole } from "../../../lib/auth/guard.server.ts";
import { ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { route } from "../../../lib/http/route.server.ts";
import { notificationFeed } from "../../../lib/notifications/queries.server.ts";

export const dynamic = "force-dynamic";

/**
 * GET /api/notifications -> NotificationFeed { unread, items: the latest 20 } of the signed-in
 * person (any role), polled by the bell. Only the caller's own notifications.
 */
export const GET = route(async () => {
  const user = await requireRole(...ROLES);
  return NextResponse.json(await notificationFeed(getDb(), user.id), { headers: { "Cache-Control": "no-store" } });
});
