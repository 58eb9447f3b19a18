import { NextResponse } from "next/server";
import { SECTION_ROLES } from "../../../../../../lib/auth/roles.ts";
import { tokenRoute } from "../../../../../../lib/api/token-auth.server.ts";
import { taskIdOf } from "../../../../../../lib/api/tasks-api.server.ts";
import { getDb } from "../../../../../../lib/db/client.ts";
import { parseJson } from "../../../../../../lib/http/route.server.ts";
import { decideTask, TaskAlreadyDecidedError } from "../../../../../../lib/tasks/decide.server.ts";
import { ZDecision } from "../../../../../../lib/tasks/types.ts";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ taskId: string }> };

/**
 * POST /api/v1/tasks/:taskId/decision {decision: "approved"|"rejected", comment?, form?, corrections?}
 * -> 200 DecideResult; 400 with each field's path ("form.quantity", "comment", "corrections.quantity");
 * 403 not yours / claimed / four eyes; 404; 409 when already decided, saying by whom and when.
 */
export const POST = tokenRoute(SECTION_ROLES.inbox, async (user, request, context: Context) => {
  const taskId = taskIdOf((await context.params).taskId);
  const decision = await parseJson(request, ZDecision);
  try {
    const result = await decideTask(getDb(), user, { ...decision, taskId });
    return NextResponse.json(result, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof TaskAlreadyDecidedError)) throw error;
    // Read the task's status here: the error's own `status` is shadowed by AppError's HTTP status.
    const task = await getDb().humanTask.findUnique({ where: { id: taskId }, select: { status: true } });
    const body = { error: { code: "CONFLICT", message: error.userMessage, taskStatus: task?.status ?? null, decidedBy: error.decidedBy, decidedAt: error.decidedAt.toISOString() } };
    return NextResponse.json(body, { status: 409, headers: { "Cache-Control": "no-store" } });
  }
});
