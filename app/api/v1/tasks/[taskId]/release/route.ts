import { NextResponse } from "next/server";
import { SECTION_ROLES } from "../../../../../../lib/auth/roles.ts";
import { tokenRoute } from "../../../../../../lib/api/token-auth.server.ts";
import { taskIdOf } from "../../../../../../lib/api/tasks-api.server.ts";
import { getDb } from "../../../../../../lib/db/client.ts";
import { releaseTask } from "../../../../../../lib/tasks/decide.server.ts";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ taskId: string }> };

/** POST /api/v1/tasks/:taskId/release -> 200 {taskId, claimedBy: null}: the task goes back to its group. */
export const POST = tokenRoute(SECTION_ROLES.inbox, async (user, _request, context: Context) => {
  const taskId = taskIdOf((await context.params).taskId);
  await releaseTask(getDb(), { ...user, isAdmin: user.roles.includes("ADMIN") }, taskId);
  return NextResponse.json({ taskId, claimedBy: null }, { headers: { "Cache-Control": "no-store" } });
});
