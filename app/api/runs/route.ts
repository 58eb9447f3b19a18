import { NextResponse } from "next/server";
import { requireRole } from "../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { AppError } from "../../../lib/errors.ts";
import { route } from "../../../lib/http/route.server.ts";
import { runsForQuery } from "../../../lib/runs/queries.server.ts";
import { parseRunQuery } from "../../../lib/runs/run-query.ts";

export const dynamic = "force-dynamic";

/**
 * GET /api/runs?view=&flow=&env=&status=&range=&from=&to=&q=&match=&mode=&cursor=&dir=&limit=
 * -> RunListPage (see lib/runs/run-query.ts for the parameters). Runs readers only (analyst, admin);
 * a malformed parameter answers 400 with each field and reason.
 */
export const GET = route(async (request: Request) => {
  await requireRole(...SECTION_ROLES.runs);
  const parsed = parseRunQuery(new URL(request.url).searchParams);
  if (!parsed.ok) throw new AppError("VALIDATION", "Some query parameters are invalid.", parsed.fields);
  const page = await runsForQuery(getDb(), parsed.query);
  return NextResponse.json(page, { headers: { "Cache-Control": "no-store" } });
});
