"use client";

// The runs table: one row per run, linking to its detail. In the dead-letters view each row has a
// checkbox for the bulk actions and shows when it was dead-lettered.
import clsx from "clsx";
import { CircleAlert } from "lucide-react";
import Link from "next/link";
import type { RunListItem } from "../../lib/runs/run-types.ts";
import { Badge } from "../ui/badge.tsx";
import { Skeleton } from "../ui/skeleton.tsx";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "../ui/table.tsx";
import { runDuration, shortId, triggerLabel } from "./run-format.ts";
import { RunStatusBadge } from "./run-status-badge.tsx";
import { RunTime } from "./run-time.tsx";

type Selection = { selected: ReadonlySet<string>; toggle: (runId: string) => void; toggleAll: (on: boolean) => void };

export function RunTable({ runs, now, dead, selection, busy }: { runs: RunListItem[]; now: number; dead: boolean; selection?: Selection; busy?: boolean }) {
  const all = selection !== undefined && runs.length > 0 && runs.every((r) => selection.selected.has(r.id));
  const some = selection !== undefined && runs.some((r) => selection.selected.has(r.id));
  return (
    <Table label={dead ? "Dead letters" : "Runs"} className={clsx("transition-opacity", busy && "opacity-60")}>
      <THead>
        {selection && (
          <Th className="w-10 pr-0">
            <input
              type="checkbox"
              aria-label="Select all dead letters on this page"
              checked={all}
              ref={(el) => {
                if (el) el.indeterminate = some && !all;
              }}
              onChange={(e) => selection.toggleAll(e.target.checked)}
              className="size-4 rounded border-zinc-300 accent-accent-600"
            />
          </Th>
        )}
        {!dead && <Th>Status</Th>}
        <Th>Run</Th>
        <Th>Flow</Th>
        <Th>Environment</Th>
        {dead ? (
          <>
            <Th className="w-[40%]">Failed step and error</Th>
            <Th>Dead-lettered</Th>
          </>
        ) : (
          <>
            <Th>Started</Th>
            <Th className="text-right">Duration</Th>
            <Th>Failed step</Th>
          </>
        )}
      </THead>
      <TBody>
        {runs.map((run) => (
          <RunRow key={run.id} run={run} now={now} dead={dead} selection={selection} />
        ))}
      </TBody>
    </Table>
  );
}

function RunRow({ run, now, dead, selection }: { run: RunListItem; now: number; dead: boolean; selection?: Selection }) {
  const duration = runDuration(run, now);
  const href = `/runs/${run.id}`;
  const checked = selection?.selected.has(run.id) ?? false;
  return (
    <Tr className={clsx("group", checked && "bg-accent-50/50")}>
      {selection && (
        <Td className="pr-0">
          <input
            type="checkbox"
            aria-label={`Select run ${run.businessKey ?? shortId(run.id)}`}
            checked={checked}
            onChange={() => selection.toggle(run.id)}
            className="size-4 rounded border-zinc-300 accent-accent-600"
          />
        </Td>
      )}
      {!dead && (
        <Td>
          <RunStatusBadge status={run.status} />
        </Td>
      )}
      <RowHeader className="font-normal">
        <Link href={href} className="block rounded-sm outline-offset-2 group-hover:underline" data-testid="run-link">
          <span className="block max-w-48 truncate font-medium text-zinc-900" title={run.businessKey ?? undefined}>
            {run.businessKey ?? <span className="font-mono text-xs">{shortId(run.id)}</span>}
          </span>
          <span className="block text-xs whitespace-nowrap text-zinc-500">
            {triggerLabel(run)}
            {run.businessKey && <span className="font-mono"> · {shortId(run.id)}</span>}
          </span>
        </Link>
      </RowHeader>
      <Td>
        <span className="block max-w-44 truncate font-medium text-zinc-900" title={run.flow.name}>
          {run.flow.name}
        </span>
        <span className="block text-xs text-zinc-500 tabular-nums">{run.version !== null ? `v${run.version}` : "Draft"}</span>
      </Td>
      <Td>
        {run.environment ? (
          <Badge tone={run.environment.protected ? "accent" : "neutral"}>{run.environment.key}</Badge>
        ) : (
          <span className="text-xs text-zinc-400">none</span>
        )}
      </Td>
      {dead ? (
        <>
          <Td>
            <FailedStep run={run} wide />
          </Td>
          <Td>{run.deadLetteredAt && <RunTime iso={run.deadLetteredAt} now={now} />}</Td>
        </>
      ) : (
        <>
          <Td>
            {run.startedAt ? (
              <RunTime iso={run.startedAt} now={now} />
            ) : (
              <span className="text-zinc-500">
                Queued <RunTime iso={run.createdAt} now={now} />
              </span>
            )}
          </Td>
          <Td className="text-right whitespace-nowrap tabular-nums">
            {duration ? duration.text : <span className="text-zinc-400">—</span>}
            {duration?.live && <span className="block text-xs text-zinc-500">so far</span>}
          </Td>
          <Td>
            <FailedStep run={run} />
          </Td>
        </>
      )}
    </Tr>
  );
}

/** Where and why a run failed (red), or where it was cancelled (grey). */
function FailedStep({ run, wide = false }: { run: RunListItem; wide?: boolean }) {
  if (!run.failedStep) return <span className="text-zinc-300">—</span>;
  const failed = run.status === "FAILED" || run.status === "DISCARDED";
  return (
    <span className={clsx("block min-w-0", wide ? "max-w-[28rem]" : "max-w-52")}>
      <span className={clsx("flex items-center gap-1.5 font-medium", failed ? "text-red-700" : "text-zinc-600")}>
        {failed && <CircleAlert aria-hidden="true" className="size-3.5 shrink-0" />}
        <span className="truncate">{run.failedStep.label}</span>
      </span>
      {run.error && (
        <span className={clsx("block text-xs text-zinc-500", wide ? "line-clamp-2 [overflow-wrap:anywhere]" : "truncate")} title={run.error.message}>
          {run.error.message}
        </span>
      )}
    </span>
  );
}

/** Rows in the table's shape while the first page loads. */
export function RunTableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true" className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
      <span className="sr-only">Loading runs…</span>
      <div className="h-9 border-b border-zinc-200 bg-zinc-50/80" />
      {Array.from({ length: rows }, (_, r) => (
        <div key={r} className="flex h-14 items-center gap-6 border-b border-zinc-100 px-4 last:border-b-0">
          <Skeleton className="h-5 w-20" />
          <Skeleton className="h-3.5 w-36" />
          <Skeleton className="h-3.5 w-40" />
          <Skeleton className="h-5 w-12" />
          <Skeleton className="h-3.5 w-24" />
          <Skeleton className="ml-auto h-3.5 w-14" />
        </div>
      ))}
    </div>
  );
}
