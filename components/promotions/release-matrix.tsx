import { GitPullRequestArrow, Lock, Workflow } from "lucide-react";
import Link from "next/link";
import type { MatrixEnvironment, MatrixRow } from "../../lib/promotion/matrix.server.ts";
import { Badge } from "../ui/badge.tsx";
import { EmptyState } from "../ui/empty-state.tsx";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "../ui/table.tsx";
import { RelativeTime } from "../ui/time.tsx";
import { CellActions, type CellActionsProps } from "./cell-actions.tsx";

/** Flows x environments: what runs where, since when, by whom, how it has been doing, and what waits. */
export function ReleaseMatrix({ environments, rows, actions, now }: { environments: MatrixEnvironment[]; rows: MatrixRow[]; actions: CellActionsProps["actions"]; now: Date }) {
  if (rows.length === 0) {
    return (
      <EmptyState icon={Workflow} title="No flows to release" headingLevel={3}>
        Once an integration analyst publishes a version of a flow, it runs in {environments[0]?.name ?? "the first environment"} and you can promote it from
        there.
      </EmptyState>
    );
  }
  return (
    <Table label="Releases by flow and environment">
      <THead>
        <Th className="w-[22%]">Flow</Th>
        {environments.map((env) => (
          <Th key={env.id}>
            <span className="inline-flex items-center gap-1">
              {env.name}
              {env.protected && <Lock aria-label="protected" className="size-3 text-amber-600" />}
            </span>
          </Th>
        ))}
      </THead>
      <TBody>
        {rows.map((row) => (
          <Tr key={row.flow.id}>
            <RowHeader className="align-top">
              <Link href={`/flows/${row.flow.id}`} className="block hover:underline">
                {row.flow.name}
              </Link>
              <span className="block font-mono text-xs font-normal text-zinc-500">{row.flow.slug}</span>
            </RowHeader>
            {environments.map((env, index) => {
              const cell = row.cells[env.id];
              const next = environments[index + 1];
              const pending = row.pending[env.id];
              const nextCell = next ? row.cells[next.id] : undefined;
              return (
                <Td key={env.id} className="align-top" data-cell={`${row.flow.slug}:${env.key}`}>
                  {cell ? (
                    <div className="space-y-1">
                      <div className="flex flex-wrap items-center gap-1.5">
                        <span className="text-sm font-semibold tabular-nums text-zinc-900">v{cell.number}</span>
                        {cell.action === "rollback" && <Badge tone="amber">Rolled back</Badge>}
                      </div>
                      <p className="text-xs text-zinc-500">
                        <RelativeTime date={cell.releasedAt} now={now} />
                        {cell.releasedBy && <> by {cell.releasedBy}</>}
                      </p>
                      <p className="text-xs tabular-nums text-zinc-500">
                        {cell.runs24h === 0 ? (
                          "No runs in 24 h"
                        ) : (
                          <>
                            {cell.runs24h} {cell.runs24h === 1 ? "run" : "runs"} in 24 h
                            {cell.failed24h > 0 ? <span className="font-medium text-red-700"> · {cell.failed24h} failed</span> : <span className="text-emerald-700"> · none failed</span>}
                          </>
                        )}
                      </p>
                    </div>
                  ) : (
                    <span className="text-sm text-zinc-400">Not released</span>
                  )}
                  {pending && (
                    <Link href={`/environments/requests/${pending.requestId}`} className="mt-1.5 inline-flex">
                      <Badge tone="amber">
                        <GitPullRequestArrow aria-hidden="true" />
                        v{pending.number} awaits approval
                      </Badge>
                    </Link>
                  )}
                  <CellActions
                    actions={actions}
                    flow={row.flow}
                    environment={{ id: env.id, name: env.name, protected: env.protected }}
                    release={cell ? { versionId: cell.versionId, number: cell.number, rollbackTo: cell.rollbackTo } : null}
                    next={
                      next && cell && nextCell?.versionId !== cell.versionId && !row.pending[next.id]
                        ? { id: next.id, name: next.name, protected: next.protected }
                        : null
                    }
                  />
                </Td>
              );
            })}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
