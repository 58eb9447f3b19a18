import { NextResponse } from "next/server";
import { requireRole } from "../../../../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../../../../lib/auth/roles.ts";
import { getDb } from "../../../../../../lib/db/client.ts";
import { AppError } from "../../../../../../lib/errors.ts";
import { getVersion } from "../../../../../../lib/flows/queries.server.ts";
import { route } from "../../../../../../lib/http/route.server.ts";

export const dynamic = "force-dynamic";

/** GET /api/flows/:flowId/versions/:number -> FlowVersionDetail (with its definition). Versions never
 *  change, so the browser may keep the answer. */
export const GET = route(async (_request: Request, context: { params: Promise<{ flowId: string; number: string }> }) => {
  await requireRole(...SECTION_ROLES.flows);
  const { flowId, number } = await context.params;
  const parsed = /^[1-9][0-9]{0,8}$/.test(number) ? Number(number) : null;
  const version = parsed === null ? null : await getVersion(getDb(), flowId, parsed);
  if (!version) throw new AppError("NOT_FOUND", `Version ${number} of this flow does not exist.`);
  return NextResponse.json(version, { headers: { "Cache-Control": "private, max-age=31536000, immutable" } });
});
