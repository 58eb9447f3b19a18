import { Activity } from "lucide-react";
import type { Metadata } from "next";
import { requirePageRole } from "../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { RunStatusBadge } from "../../../components/runs/run-status-badge.tsx";
import { Badge } from "../../../components/ui/badge.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { formatDuration } from "../../../components/ui/format.ts";
import { PageHeader } from "../../../components/ui/page-header.tsx";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "../../../components/ui/table.tsx";
import { RelativeTime } from "../../../components/ui/time.tsx";

export const metadata: Metadata = { title: "Runs" };

const LIMIT = 50;

export default async function RunsPage() {
  await requirePageRole("/runs", ...SECTION_ROLES.runs);
  const runs = await getDb().run.findMany({
    orderBy: { createdAt: "desc" },
    take: LIMIT,
    select: {
      id: true, status: true, triggerKind: true, businessKey: true, createdAt: true, startedAt: true, finishedAt: true,
      environment: { select: { key: true, protected: true } },
      version: { select: { number: true, flow: { select: { name: true } } } },
    },
  });
  const now = new Date();

  return (
    <>
      <PageHeader title="Runs" description={`The latest ${LIMIT} executions across all flows and environments, newest first.`} />
      {runs.length === 0 ? (
        <EmptyState icon={Activity} title="No runs yet">
          A run starts each time a released flow is triggered, by a webhook, a schedule or a test. Release a flow to an environment
          and its runs will show up here.
        </EmptyState>
      ) : (
        <Table label="Runs">
          <THead>
            <Th>Run</Th>
            <Th>Flow</Th>
            <Th>Version</Th>
            <Th>Environment</Th>
            <Th>Status</Th>
            <Th>Started</Th>
            <Th className="text-right">Duration</Th>
          </THead>
          <TBody>
            {runs.map((run) => {
              const end = run.finishedAt ?? (run.status === "RUNNING" || run.status === "WAITING" ? now : null);
              const duration = run.startedAt && end ? formatDuration(end.getTime() - run.startedAt.getTime()) : null;
              return (
                <Tr key={run.id}>
                  <RowHeader className="font-normal">
                    <span className="block font-mono text-xs text-zinc-900" title={run.id}>
                      {run.id.slice(0, 8)}
                    </span>
                    <span className="block text-xs whitespace-nowrap text-zinc-500">{run.businessKey ?? run.triggerKind}</span>
                  </RowHeader>
                  <Td className="font-medium whitespace-nowrap text-zinc-900">{run.version.flow.name}</Td>
                  <Td className="tabular-nums">v{run.version.number}</Td>
                  <Td>
                    <Badge tone={run.environment.protected ? "accent" : "neutral"}>{run.environment.key}</Badge>
                  </Td>
                  <Td>
                    <RunStatusBadge status={run.status} />
                  </Td>
                  <Td>
                    {run.startedAt ? (
                      <RelativeTime date={run.startedAt} now={now} />
                    ) : (
                      <span className="text-zinc-500">
                        Queued <RelativeTime date={run.createdAt} now={now} />
                      </span>
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">
                    {duration ?? <span className="text-zinc-400">—</span>}
                    {duration && !run.finishedAt && <span className="block text-xs text-zinc-500">so far</span>}
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
