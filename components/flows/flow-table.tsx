// The flows table, rendered on the server (dates format the same way as everywhere else); the name
// cell and the actions menu are the client parts.
import clsx from "clsx";
import Link from "next/link";
import type { FlowListItem } from "../../lib/flows/queries.server.ts";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "../ui/table.tsx";
import { RelativeTime } from "../ui/time.tsx";
import { FlowListState, FlowNameCell, FlowRowActions, type FlowListActions } from "./flow-list.tsx";
import { ReleaseBadges } from "./release-badges.tsx";

export function FlowTable({ flows, canEdit, actions }: { flows: FlowListItem[]; canEdit: boolean; actions: FlowListActions }) {
  const now = new Date();
  return (
    <FlowListState>
      <Table label="Flows">
        <THead>
          <Th className="w-[34%]">Name</Th>
          <Th>Owner</Th>
          <Th>Last edited</Th>
          <Th>Latest version</Th>
          <Th>Released to</Th>
          <Th className="w-14">
            <span className="sr-only">Actions</span>
          </Th>
        </THead>
        <TBody>
          {flows.map((flow) => {
            const archived = flow.archivedAt !== null;
            return (
              <Tr key={flow.id} className={clsx(archived && "bg-zinc-50/70")}>
                <RowHeader className="max-w-0">
                  <FlowNameCell flow={{ id: flow.id, name: flow.name, description: flow.description, slug: flow.slug, archived }} />
                </RowHeader>
                <Td className="whitespace-nowrap">{flow.owner.name}</Td>
                <Td>
                  <RelativeTime date={new Date(flow.lastEditedAt)} now={now} />
                  <span className="block text-xs whitespace-nowrap text-zinc-500">by {flow.lastEditorName}</span>
                </Td>
                <Td>
                  {flow.latestVersion ? (
                    <Link
                      href={`/flows/${flow.id}/versions`}
                      title={`Version history of ${flow.name}`}
                      className="font-medium text-zinc-900 tabular-nums hover:text-accent-700 hover:underline"
                    >
                      v{flow.latestVersion.number}
                    </Link>
                  ) : (
                    <span className="text-zinc-500">Draft only</span>
                  )}
                </Td>
                <Td>
                  <ReleaseBadges releases={flow.releases} label={`Releases of ${flow.name}`} empty="Not released" />
                </Td>
                <Td className="py-1.5 text-right whitespace-nowrap">
                  <FlowRowActions
                    flow={{ id: flow.id, name: flow.name, description: flow.description, archived, releasedTo: flow.releases.map((r) => `${r.environmentKey} (v${r.number})`) }}
                    canEdit={canEdit}
                    actions={actions}
                  />
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    </FlowListState>
  );
}
