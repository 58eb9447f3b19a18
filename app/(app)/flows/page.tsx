import type { Metadata } from "next";
import { requirePageRole } from "../../../lib/auth/guard.server.ts";
import { hasAnyRole, SECTION_ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { listFlows } from "../../../lib/flows/queries.server.ts";
import { FlowCreateButtons, FlowListEmpty, FlowListToolbar, type FlowListActions } from "../../../components/flows/flow-list.tsx";
import { FlowTable } from "../../../components/flows/flow-table.tsx";
import { PageHeader } from "../../../components/ui/page-header.tsx";
import {
  archiveFlowAction,
  createFlowAction,
  duplicateFlowAction,
  importFlowAction,
  renameFlowAction,
  restoreArchivedFlowAction,
} from "./actions.ts";

export const metadata: Metadata = { title: "Flows" };

const actions: FlowListActions = {
  create: createFlowAction,
  importFlow: importFlowAction,
  rename: renameFlowAction,
  duplicate: duplicateFlowAction,
  archive: archiveFlowAction,
  unarchive: restoreArchivedFlowAction,
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function FlowsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageRole("/flows", ...SECTION_ROLES.flows);
  // Analysts and admins change flows; approvers read them (and may open and export).
  const canEdit = hasAnyRole(user.roles, ["ANALYST", "ADMIN"]);
  const params = await searchParams;
  const query = (typeof params.q === "string" ? params.q : "").trim().slice(0, 200);
  const showArchived = params.archived === "1";
  const flows = await listFlows(getDb(), { search: query || undefined, includeArchived: showArchived });
  const filtered = query !== "" || showArchived;

  return (
    <>
      <PageHeader
        title="Flows"
        description="Integrations between your plant systems and Odoo, each with a draft and numbered versions."
        actions={canEdit && (flows.length > 0 || filtered) ? <FlowCreateButtons actions={actions} /> : undefined}
      />
      {flows.length === 0 && !filtered ? (
        <FlowListEmpty query="" canEdit={canEdit} actions={actions} />
      ) : (
        <>
          <FlowListToolbar query={query} showArchived={showArchived} shown={flows.length} />
          {flows.length === 0 ? (
            <FlowListEmpty query={query} showArchived={showArchived} canEdit={canEdit} actions={actions} />
          ) : (
            <FlowTable flows={flows} canEdit={canEdit} actions={actions} />
          )}
        </>
      )}
    </>
  );
}
