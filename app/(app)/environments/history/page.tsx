import { ChevronLeft, History } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "../../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../../lib/auth/roles.ts";
import { getDb } from "../../../../lib/db/client.ts";
import { isUuid } from "../../../../lib/flows/queries.server.ts";
import { describeRequests } from "../../../../lib/promotion/requests.server.ts";
import { Badge, type BadgeTone } from "../../../../components/ui/badge.tsx";
import { EmptyState } from "../../../../components/ui/empty-state.tsx";
import { formatDateTime } from "../../../../components/ui/format.ts";
import { PageHeader, Section } from "../../../../components/ui/page-header.tsx";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "../../../../components/ui/table.tsx";

export const metadata: Metadata = { title: "Release history" };

const REQUEST_STATUS: Record<string, { tone: BadgeTone; label: string }> = {
  PENDING: { tone: "amber", label: "Waiting" },
  APPROVED: { tone: "green", label: "Approved" },
  REJECTED: { tone: "red", label: "Rejected" },
  CANCELLED: { tone: "neutral", label: "Cancelled" },
  FAILED: { tone: "red", label: "Failed" },
};

const ACTIONS: Record<string, { tone: BadgeTone; label: string }> = {
  publish: { tone: "blue", label: "Published" },
  promote: { tone: "green", label: "Promoted" },
  rollback: { tone: "amber", label: "Rolled back" },
};

type SearchParams = Promise<{ flow?: string; environment?: string }>;

export default async function ReleaseHistoryPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePageRole("/environments/history", ...SECTION_ROLES.environments);
  const db = getDb();
  const query = await searchParams;
  const flowId = query.flow && isUuid(query.flow) ? query.flow : undefined;
  const environmentId = query.environment && isUuid(query.environment) ? query.environment : undefined;
  const entries = await db.releaseHistory.findMany({
    where: { flowId, environmentId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true, action: true, note: true, createdAt: true, previousVersionId: true, requestId: true,
      flow: { select: { id: true, name: true } }, environment: { select: { name: true, protected: true } },
      version: { select: { number: true } }, releasedBy: { select: { name: true } },
    },
  });
  const previous = new Map(
    (await db.flowVersion.findMany({ where: { id: { in: entries.flatMap((e) => (e.previousVersionId ? [e.previousVersionId] : [])) } }, select: { id: true, number: true } })).map((v) => [v.id, v.number]),
  );
  const requests = await db.promotionRequest.findMany({ where: { flowId, environmentId }, orderBy: { createdAt: "desc" }, take: 50 });
  const described = new Map((await describeRequests(db, requests)).map((r) => [r.id, r]));
  const deciders = new Map(
    (await db.user.findMany({ where: { id: { in: requests.flatMap((r) => (r.decidedById ? [r.decidedById] : [])) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
  );
  const scope = [entries[0]?.flow.name && flowId ? entries[0].flow.name : null, entries[0]?.environment.name && environmentId ? `in ${entries[0].environment.name}` : null].filter(Boolean).join(" ");

  return (
    <>
      <Link href="/environments" className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ChevronLeft aria-hidden="true" className="size-4" />
        Environments
      </Link>
      <PageHeader
        title={scope ? `Release history: ${scope}` : "Release history"}
        description={
          <>
            Every version that landed in an environment, newest first: by publishing, promotion or rollback.{" "}
            {(flowId || environmentId) && (
              <Link href="/environments/history" className="font-medium text-accent-700 hover:underline">
                Show all flows and environments
              </Link>
            )}
          </>
        }
      />
      <Section title="Releases" labelId="history-releases">
        {entries.length === 0 ? (
          <EmptyState icon={History} title="Nothing released yet" headingLevel={3}>
            Releases appear here when a published version lands in an environment.
          </EmptyState>
        ) : (
          <Table label="Release history">
            <THead>
              <Th>When</Th>
              <Th>Flow</Th>
              <Th>Environment</Th>
              <Th>Version</Th>
              <Th>How</Th>
              <Th>By</Th>
              <Th className="w-[28%]">Note</Th>
            </THead>
            <TBody>
              {entries.map((entry) => {
                const action = ACTIONS[entry.action] ?? { tone: "neutral" as const, label: entry.action };
                const before = entry.previousVersionId ? previous.get(entry.previousVersionId) : undefined;
                return (
                  <Tr key={entry.id}>
                    <Td className="whitespace-nowrap tabular-nums">{formatDateTime(entry.createdAt)}</Td>
                    <RowHeader>
                      <Link href={`/environments/history?flow=${entry.flow.id}`} className="hover:underline">
                        {entry.flow.name}
                      </Link>
                    </RowHeader>
                    <Td>{entry.environment.name}</Td>
                    <Td className="tabular-nums">
                      {before !== undefined ? <span className="text-zinc-500">v{before} → </span> : null}
                      <span className="font-medium text-zinc-900">v{entry.version.number}</span>
                    </Td>
                    <Td>
                      <span className="inline-flex flex-wrap items-center gap-1">
                        <Badge tone={action.tone}>{action.label}</Badge>
                        {entry.action === "rollback" && entry.environment.protected && <Badge tone="red">Emergency</Badge>}
                        {entry.requestId && (
                          <Link href={`/environments/requests/${entry.requestId}`} className="text-xs font-medium text-accent-700 hover:underline">
                            Approved request
                          </Link>
                        )}
                      </span>
                    </Td>
                    <Td>{entry.releasedBy.name}</Td>
                    <Td className="text-zinc-600">{entry.note || <span className="text-zinc-400">—</span>}</Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        )}
      </Section>
      {requests.length > 0 && (
        <Section title="Promotion requests" labelId="history-requests" description="Promotions into protected environments: who asked, who decided, and when.">
          <Table label="Promotion requests">
            <THead>
              <Th>Requested</Th>
              <Th>Promotion</Th>
              <Th>Requested by</Th>
              <Th>Status</Th>
              <Th>Decided by</Th>
              <Th className="w-[28%]">Comment</Th>
            </THead>
            <TBody>
              {requests.map((request) => {
                const about = described.get(request.id);
                const status = REQUEST_STATUS[request.status] ?? REQUEST_STATUS.FAILED!;
                return (
                  <Tr key={request.id}>
                    <Td className="whitespace-nowrap tabular-nums">{formatDateTime(request.createdAt)}</Td>
                    <RowHeader>
                      <Link href={`/environments/requests/${request.id}`} className="hover:underline">
                        {about?.flowName} v{about?.versionNumber} to {about?.environmentName}
                      </Link>
                    </RowHeader>
                    <Td>{about?.requestedBy}</Td>
                    <Td>
                      <Badge tone={status.tone}>{status.label}</Badge>
                    </Td>
                    <Td>
                      {request.decidedById ? (
                        <>
                          {deciders.get(request.decidedById) ?? "Unknown user"}
                          {request.decidedAt && <span className="block text-xs tabular-nums text-zinc-500">{formatDateTime(request.decidedAt)}</span>}
                        </>
                      ) : (
                        <span className="text-zinc-400">—</span>
                      )}
                    </Td>
                    <Td className="text-zinc-600">{request.comment || <span className="text-zinc-400">—</span>}</Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </Section>
      )}
    </>
  );
}
