import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requirePageRole } from "../../../../lib/auth/guard.server.ts";
import { hasAnyRole, SECTION_ROLES } from "../../../../lib/auth/roles.ts";
import { getDb } from "../../../../lib/db/client.ts";
import { getFlowForEditor } from "../../../../lib/flows/queries.server.ts";
import { FlowEditor } from "../../../../components/canvas/flow-editor.tsx";
import type { ReadOnlyReason } from "../../../../components/canvas/editor-types.ts";
import { publishFlowAction, renameFlowAction, saveDraftAction } from "../actions.ts";
import { TriggersPanel } from "../../../../components/flows/triggers-panel.tsx";
import { loadTriggerPanel, requestOrigin } from "../../../../lib/triggers/triggers-panel.server.ts";
import { rotateTriggerSecretAction, runNowAction } from "./trigger-actions.ts";
import { deleteTestCaseAction, runTestCasesAction, saveTestCaseFromRunAction, startTestRunAction, testPanelContextAction } from "./test-actions.ts";

type Props = { params: Promise<{ flowId: string }> };

// One read per request, shared by the title and the page.
const loadFlow = cache((flowId: string) => getFlowForEditor(getDb(), flowId));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { flowId } = await params;
  await requirePageRole(`/flows/${flowId}`, ...SECTION_ROLES.flows);
  const data = await loadFlow(flowId);
  return { title: data ? data.flow.name : "Flow not found" };
}

export default async function FlowEditorPage({ params }: Props) {
  const { flowId } = await params;
  const user = await requirePageRole(`/flows/${flowId}`, ...SECTION_ROLES.flows);
  const data = await loadFlow(flowId);
  if (!data) notFound();

  // Approvers read flows; archived flows keep their versions but take no edits.
  const readOnlyReason: ReadOnlyReason = !hasAnyRole(user.roles, ["ANALYST", "ADMIN"]) ? "approver" : data.flow.archivedAt ? "archived" : null;

  // How the flow starts in each environment it is released to (webhook URL, schedule, Run now).
  const triggers = await loadTriggerPanel(getDb(), flowId, { origin: await requestOrigin() });

  return (
    <>
    <FlowEditor
      flow={{
        id: data.flow.id,
        slug: data.flow.slug,
        name: data.flow.name,
        description: data.flow.description,
        archivedAt: data.flow.archivedAt,
        ownerName: data.flow.owner.name,
        releaseTarget: data.releaseTarget,
      }}
      draft={data.draft}
      latestVersion={data.versions[0]?.number ?? null}
      connectionNames={data.connectionNames}
      readOnlyReason={readOnlyReason}
      actions={{ saveDraft: saveDraftAction, publish: publishFlowAction, rename: renameFlowAction }}
      testActions={{ context: testPanelContextAction, start: startTestRunAction, saveFromRun: saveTestCaseFromRunAction, remove: deleteTestCaseAction, runAll: runTestCasesAction }}
    />
    <TriggersPanel
      flowId={data.flow.id}
      environments={triggers}
      canRotate={hasAnyRole(user.roles, ["ADMIN"])}
      canRun={hasAnyRole(user.roles, ["ANALYST", "ADMIN"]) && !data.flow.archivedAt}
      belowBanner={readOnlyReason !== null}
      actions={{ rotateSecret: rotateTriggerSecretAction, runNow: runNowAction }}
    />
    </>
  );
}
