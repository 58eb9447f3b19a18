import { NextResponse } from "next/server";
import { SECTION_ROLES } from "../../../../../lib/auth/roles.ts";
import { tokenRoute } from "../../../../../lib/api/token-auth.server.ts";
import { getApiTask, taskIdOf } from "../../../../../lib/api/tasks-api.server.ts";
import { getDb } from "../../../../../lib/db/client.ts";
import { AppError } from "../../../../../lib/errors.ts";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ taskId: string }> };

/** GET /api/v1/tasks/:taskId -> ApiTaskDetail (with the step input and trigger payload); 404 when not visible to me. */
export const GET = tokenRoute(SECTION_ROLES.inbox, async (user, _request, context: Context) => {
  const task = await getApiTask(getDb(), user.id, taskIdOf((await context.params).taskId));
  if (!task) throw new AppError("NOT_FOUND", "This task does not exist, or it is not addressed to you.");
  return NextResponse.json(task, { headers: { "Cache-Control": "no-store" } });
});
