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

  return (
    <FlowEditor
      flow={{
        id: data.flow.id,
        slug: data.flow.slug,
        name: data.flow.name,
        description: data.flow.description,
        archivedAt: data.flow.archivedAt,
        ownerName: data.flow.owner.name,
      }}
      draft={data.draft}
      latestVersion={data.versions[0]?.number ?? null}
      connectionNames={data.connectionNames}
      readOnlyReason={readOnlyReason}
      actions={{ saveDraft: saveDraftAction, publish: publishFlowAction, rename: renameFlowAction }}
    />
  );
}
