import { NextResponse } from "next/server";
import { SECTION_ROLES } from "../../../../lib/auth/roles.ts";
import { tokenRoute } from "../../../../lib/api/token-auth.server.ts";
import { listApiTasks, parseTaskListQuery } from "../../../../lib/api/tasks-api.server.ts";
import { getDb } from "../../../../lib/db/client.ts";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/tasks?status=open|decided&limit=1..200&cursor= (Authorization: Bearer mw_...)
 * -> { tasks: ApiTask[], nextCursor }: my open tasks, most urgent first, as the inbox shows them,
 * or the tasks I decided, newest first. Approvers and admins only.
 */
export const GET = tokenRoute(SECTION_ROLES.inbox, async (user, request) => {
  const query = parseTaskListQuery(new URL(request.url).searchParams);
  return NextResponse.json(await listApiTasks(getDb(), user.id, query), { headers: { "Cache-Control": "no-store" } });
});
