import { NextResponse } from "next/server";
import { requireRole } from "../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { listFlows } from "../../../lib/flows/queries.server.ts";
import { route } from "../../../lib/http/route.server.ts";

export const dynamic = "force-dynamic";

/** GET /api/flows?search=parts&archived=1 -> FlowListItem[] (the flows list; any flows reader). */
export const GET = route(async (request: Request) => {
  await requireRole(...SECTION_ROLES.flows);
  const params = new URL(request.url).searchParams;
  const search = params.get("search")?.slice(0, 200) || undefined;
  const includeArchived = params.get("archived") === "1" || params.get("archived") === "true";
  const flows = await listFlows(getDb(), { search, includeArchived });
  return NextResponse.json(flows, { headers: { "Cache-Control": "no-store" } });
});
