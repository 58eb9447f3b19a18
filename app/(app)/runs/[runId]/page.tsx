import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageRole } from "../../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../../lib/auth/roles.ts";
import { getDb } from "../../../../lib/db/client.ts";
import { getRunDetail } from "../../../../lib/runs/queries.server.ts";
import { RunDetailView } from "../../../../components/runs/run-detail.tsx";
import type { RunActions } from "../../../../components/runs/use-run-actions.ts";
import { cancelRunsAction, discardRunsAction, replayRunsAction } from "../actions.ts";

type Params = Promise<{ runId: string }>;

const actions: RunActions = { replay: replayRunsAction, cancel: cancelRunsAction, discard: discardRunsAction };

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { runId } = await params;
  return { title: `Run ${runId.slice(0, 8)}` };
}

/** One run: rendered here, then kept live by the client (/api/runs/<id>) until it finishes. */
export default async function RunPage({ params }: { params: Params }) {
  const { runId } = await params;
  await requirePageRole(`/runs/${runId}`, ...SECTION_ROLES.runs);
  const loadedAt = new Date();
  const detail = await getRunDetail(getDb(), runId);
  if (!detail) notFound();
  return <RunDetailView initial={detail} initialNow={loadedAt.getTime()} actions={actions} />;
}
