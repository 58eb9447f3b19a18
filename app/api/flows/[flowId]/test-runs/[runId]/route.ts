import { requireRole } from "../../../../../../lib/auth/guard.server.ts";
import { getDb } from "../../../../../../lib/db/client.ts";
import { getTestRun } from "../../../../../../lib/flows/test-cases.server.ts";
import { route } from "../../../../../../lib/http/route.server.ts";

export const dynamic = "force-dynamic";

/**
 * GET /api/flows/:flowId/test-runs/:runId -> the test run (TestRunView: status, and each node's
 * latest step with input, output, error, attempts and timings). The designer's test panel polls
 * it while the run is going. ANALYST or ADMIN; live runs of the flow are not found here.
 */
export const GET = route(async (_request: Request, context: { params: Promise<{ flowId: string; runId: string }> }) => {
  await requireRole("ANALYST", "ADMIN");
  const { flowId, runId } = await context.params;
  const run = await getTestRun(getDb(), flowId, runId);
  return Response.json(run, { headers: { "Cache-Control": "no-store" } });
});
