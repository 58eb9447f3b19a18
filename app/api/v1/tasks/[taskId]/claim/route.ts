import { NextResponse } from "next/server";
import { SECTION_ROLES } from "../../../../../../lib/auth/roles.ts";
import { tokenRoute } from "../../../../../../lib/api/token-auth.server.ts";
import { taskIdOf } from "../../../../../../lib/api/tasks-api.server.ts";
import { getDb } from "../../../../../../lib/db/client.ts";
import { claimTask } from "../../../../../../lib/tasks/decide.server.ts";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ taskId: string }> };

/** POST /api/v1/tasks/:taskId/claim -> 200 {taskId, claimedBy}; 409 when someone else claimed it first. */
export const POST = tokenRoute(SECTION_ROLES.inbox, async (user, _request, context: Context) => {
  const taskId = taskIdOf((await context.params).taskId);
  await claimTask(getDb(), user, taskId);
  return NextResponse.json({ taskId, claimedBy: { id: user.id, name: user.name, email: user.email } }, { headers: { "Cache-Control": "no-store" } });
});
