import { NextResponse } from "next/server";
import { requireRole } from "../../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../../lib/auth/roles.ts";
import { getDb } from "../../../../lib/db/client.ts";
import { AppError } from "../../../../lib/errors.ts";
import { getFlowForEditor } from "../../../../lib/flows/queries.server.ts";
import { route } from "../../../../lib/http/route.server.ts";

export const dynamic = "force-dynamic";

/** GET /api/flows/:flowId -> FlowEditorData (flow, draft, versions, releases, connection names). */
export const GET = route(async (_request: Request, context: { params: Promise<{ flowId: string }> }) => {
  await requireRole(...SECTION_ROLES.flows);
  const { flowId } = await context.params;
  const data = await getFlowForEditor(getDb(), flowId);
  if (!data) throw new AppError("NOT_FOUND", "This flow does not exist (any more).");
  return NextResponse.json(data, { headers: { "Cache-Control": "no-store" } });
});
