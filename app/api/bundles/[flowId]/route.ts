import { requireRole } from "../../../../lib/auth/guard.server.ts";
import { bundleFileName } from "../../../../lib/bundles/bundle.ts";
import { exportBundle } from "../../../../lib/bundles/bundles.server.ts";
import { getDb } from "../../../../lib/db/client.ts";
import { AppError } from "../../../../lib/errors.ts";
import { isUuid } from "../../../../lib/flows/queries.server.ts";
import { route } from "../../../../lib/http/route.server.ts";

export const dynamic = "force-dynamic";

/**
 * GET /api/bundles/:flowId -> every version of the flow as a signed bundle download (admins;
 * lib/bundles: connection names only, secrets redacted, signed with this installation's key).
 */
export const GET = route(async (_request: Request, context: { params: Promise<{ flowId: string }> }) => {
  const actor = await requireRole("ADMIN");
  const { flowId } = await context.params;
  if (!isUuid(flowId)) throw new AppError("NOT_FOUND", "This flow does not exist (any more).");
  const bundle = await exportBundle(getDb(), actor, flowId);
  return new Response(`${JSON.stringify(bundle, null, 2)}\n`, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${bundleFileName(bundle.flow.slug)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
