import { requireRole } from "../../../../../lib/auth/guard.server.ts";
import { getDb } from "../../../../../lib/db/client.ts";
import { AppError } from "../../../../../lib/errors.ts";
import { testCaseResults } from "../../../../../lib/flows/test-cases.server.ts";
import { route } from "../../../../../lib/http/route.server.ts";

export const dynamic = "force-dynamic";

const MAX_IDS = 500;

/**
 * GET /api/flows/:flowId/test-runs?ids=<runId>,<runId>... -> { results: TestCaseResult[] }: the
 * test-case runs among `ids`, each evaluated against its case as it stands now (a run still going
 * has `evaluation.finished` false). The test panel polls it after "Run all test cases".
 */
export const GET = route(async (request: Request, context: { params: Promise<{ flowId: string }> }) => {
  await requireRole("ANALYST", "ADMIN");
  const { flowId } = await context.params;
  const ids = (new URL(request.url).searchParams.get("ids") ?? "").split(",").map((id) => id.trim()).filter(Boolean);
  if (ids.length > MAX_IDS) throw new AppError("VALIDATION", `Ask for at most ${MAX_IDS} runs at once.`, [{ path: "ids", message: "Too many" }]);
  const results = await testCaseResults(getDb(), flowId, ids);
  return Response.json({ results }, { headers: { "Cache-Control": "no-store" } });
});
