import { NextResponse } from "next/server";
import { requireRole } from "../../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../../lib/auth/roles.ts";
import { getDb } from "../../../../lib/db/client.ts";
import { AppError } from "../../../../lib/errors.ts";
import { route } from "../../../../lib/http/route.server.ts";
import { getRunDetail } from "../../../../lib/runs/queries.server.ts";

export const dynamic = "force-dynamic";

/** GET /api/runs/:runId -> RunDetail (the run, its definition, its steps); the run page polls it. */
export const GET = route(async (_request: Request, context: { params: Promise<{ runId: string }> }) => {
  await requireRole(...SECTION_ROLES.runs);
  const { runId } = await context.params;
  const detail = await getRunDetail(getDb(), runId);
  if (!detail) throw new AppError("NOT_FOUND", "This run does not exist.");
  return NextResponse.json(detail, { headers: { "Cache-Control": "no-store" } });
});
