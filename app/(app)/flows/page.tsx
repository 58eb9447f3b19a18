import { Workflow } from "lucide-react";
import type { Metadata } from "next";
import { requirePageRole } from "../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { Badge } from "../../../components/ui/badge.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { PageHeader } from "../../../components/ui/page-header.tsx";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "../../../components/ui/table.tsx";
import { RelativeTime } from "../../../components/ui/time.tsx";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  await requirePageRole("/flows", ...SECTION_ROLES.flows);
  const flows = await getDb().flow.findMany({
    where: { archivedAt: null },
    orderBy: { name: "asc" },
    select: {
      id: true, slug: true, name: true, description: true, updatedAt: true,
      owner: { select: { name: true } },
      draft: { select: { updatedAt: true, editor: { select: { name: true } } } },
      versions: { orderBy: { number: "desc" }, take: 1, select: { number: true } },
      releases: { select: { environment: { select: { key: true, position: true, protected: true } }, version: { select: { number: true } } } },
    },
  });
  const now = new Date();

  return (
    <>
      <PageHeader title="Flows" description="Integrations between your plant systems and Odoo, each with a draft and numbered versions." />
      {flows.length === 0 ? (
        <EmptyState icon={Workflow} title="No flows yet">
          Flows connect a trigger, such as a CMMS work order, to steps in Odoo. They appear here as soon as an integration analyst
          creates the first one.
        </EmptyState>
      ) : (
        <Table label="Flows">
          <THead>
            <Th className="w-[38%]">Name</Th>
            <Th>Owner</Th>
            <Th>Last edited</Th>
            <Th>Latest version</Th>
            <Th>Released to</Th>
          </THead>
          <TBody>
            {flows.map((flow) => {
              // Draft saves do not touch the flow row, so the newer of the two is the last edit.
              const draftNewer = flow.draft && flow.draft.updatedAt > flow.updatedAt;
              const lastEdited = draftNewer && flow.draft ? flow.draft.updatedAt : flow.updatedAt;
              const editor = flow.draft?.editor.name ?? flow.owner.name;
              const latest = flow.versions[0];
              const releases = [...flow.releases].sort((a, b) => a.environment.position - b.environment.position);
              return (
                <Tr key={flow.id}>
                  <RowHeader>
                    <span className="block">{flow.name}</span>
                    <span className="mt-0.5 block font-mono text-xs font-normal text-zinc-500">{flow.slug}</span>
                  </RowHeader>
                  <Td>{flow.owner.name}</Td>
                  <Td>
                    <RelativeTime date={lastEdited} now={now} />
                    <span className="block text-xs text-zinc-500">by {editor}</span>
                  </Td>
                  <Td>
                    {latest ? (
                      <span className="font-medium tabular-nums text-zinc-900">v{latest.number}</span>
                    ) : (
                      <span className="text-zinc-500">Draft only</span>
                    )}
                  </Td>
                  <Td>
                    {releases.length === 0 ? (
                      <span className="text-zinc-500">Not released</span>
                    ) : (
                      <ul className="flex flex-wrap gap-1.5" aria-label={`Releases of ${flow.name}`}>
                        {releases.map((release) => (
                          <li key={release.environment.key}>
                            <Badge tone={release.environment.protected ? "accent" : "neutral"} dot>
                              {release.environment.key} v{release.version.number}
                            </Badge>
                          </li>
                        ))}
                      </ul>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      )}
    </>
  );
}
