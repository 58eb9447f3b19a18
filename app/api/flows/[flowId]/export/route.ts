import { requireRole } from "../../../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../../../lib/auth/roles.ts";
import { getDb } from "../../../../../lib/db/client.ts";
import { AppError } from "../../../../../lib/errors.ts";
import { exportFlow } from "../../../../../lib/flows/import-export.server.ts";
import { route } from "../../../../../lib/http/route.server.ts";

export const dynamic = "force-dynamic";

/**
 * GET /api/flows/:flowId/export[?version=N] -> the draft or version N as a flow file download
 * (lib/flows/import-export.ts: no secrets inside). Any flows reader may export; approvers too.
 */
export const GET = route(async (request: Request, context: { params: Promise<{ flowId: string }> }) => {
  await requireRole(...SECTION_ROLES.flows);
  const { flowId } = await context.params;
  const version = new URL(request.url).searchParams.get("version");
  if (version !== null && !/^[1-9][0-9]{0,8}$/.test(version)) {
    throw new AppError("VALIDATION", "The version must be a number like 3.", [{ path: "version", message: "Not a version number" }]);
  }
  const { fileName, file } = await exportFlow(getDb(), flowId, version === null ? undefined : Number(version));
  return new Response(`${JSON.stringify(file, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
