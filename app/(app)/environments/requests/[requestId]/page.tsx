import { ArrowRight, ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requirePageRole } from "../../../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../../../lib/auth/roles.ts";
import { getDb } from "../../../../../lib/db/client.ts";
import { emptyDefinition } from "../../../../../lib/flows/definition.ts";
import type { DiffSummary } from "../../../../../lib/promotion/gates.ts";
import { requestDetail } from "../../../../../lib/promotion/request-detail.server.ts";
import { FlowDiffView } from "../../../../../components/flows/flow-diff.tsx";
import { ChangeList } from "../../../../../components/promotions/change-list.tsx";
import { DecisionPanel } from "../../../../../components/promotions/decision-panel.tsx";
import { GateResultsList } from "../../../../../components/promotions/gate-results.tsx";
import { Badge, type BadgeTone } from "../../../../../components/ui/badge.tsx";
import { formatDateTime } from "../../../../../components/ui/format.ts";
import { Section } from "../../../../../components/ui/page-header.tsx";
import { RelativeTime } from "../../../../../components/ui/time.tsx";
import { approveRequestAction, cancelRequestAction, rejectRequestAction } from "../../promotion-actions.ts";

export const metadata: Metadata = { title: "Promotion request" };

const STATUS: Record<string, { tone: BadgeTone; label: string }> = {
  PENDING: { tone: "amber", label: "Waiting for approval" },
  APPROVED: { tone: "green", label: "Approved" },
  REJECTED: { tone: "red", label: "Rejected" },
  CANCELLED: { tone: "neutral", label: "Cancelled" },
  FAILED: { tone: "red", label: "Failed" },
};

export default async function PromotionRequestPage({ params }: { params: Promise<{ requestId: string }> }) {
  const { requestId } = await params;
  const user = await requirePageRole(`/environments/requests/${requestId}`, ...SECTION_ROLES.environments);
  const detail = await requestDetail(getDb(), user, requestId);
  if (!detail) notFound();
  const status = STATUS[detail.status] ?? STATUS.FAILED!;
  const fromLabel = detail.current ? `v${detail.current.number} (${detail.status === "PENDING" ? "runs there now" : "ran there then"})` : "nothing released";
  const toLabel = `v${detail.version.number}`;

  return (
    <>
      <Link href="/environments" className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ChevronLeft aria-hidden="true" className="size-4" />
        Environments
      </Link>
      <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold tracking-tight text-zinc-900">
            {detail.flow.name} v{detail.version.number}
            <ArrowRight role="img" aria-label="to" className="size-4 text-zinc-400" />
            {detail.environment.name}
            <Badge tone={status.tone} dot>
              {status.label}
            </Badge>
          </h1>
          <p className="mt-1 text-sm text-zinc-500">
            Requested by {detail.requestedBy} <RelativeTime date={detail.createdAt} /> · v{detail.version.number} written by {detail.version.author}
          </p>
        </div>
      </header>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-8">
          <Section title="What changes" labelId="request-changes" description={`${toLabel} against ${fromLabel} in ${detail.environment.name}.`}>
            <div className="space-y-3">
              <ChangeSummary diff={detail.diff} hasCurrent={detail.current !== null} />
              {detail.current && <ChangeList from={detail.current.definition} to={detail.version.definition} />}
            </div>
          </Section>
          <Section title="Gates" labelId="request-gates" description="As checked when the promotion was requested. Approving checks the connections again.">
            {detail.gates ? <GateResultsList gates={detail.gates} protectedTarget={detail.status === "PENDING"} /> : <p className="text-sm text-zinc-500">No gate results were recorded.</p>}
          </Section>
        </div>
        <aside className="space-y-4">
          <div className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
            <h2 className="text-[15px] font-semibold text-zinc-900">Decision</h2>
            <dl className="mt-3 space-y-2 text-sm">
              <Row label="Note">{detail.note || <span className="text-zinc-400">None</span>}</Row>
              {detail.version.note && <Row label="Version note">{detail.version.note}</Row>}
              {detail.decidedBy && detail.decidedAt && (
                <Row label={status.label}>
                  by {detail.decidedBy}, <time dateTime={detail.decidedAt.toISOString()}>{formatDateTime(detail.decidedAt)}</time>
                </Row>
              )}
              {detail.comment && <Row label="Comment">{detail.comment}</Row>}
            </dl>
            {detail.status === "PENDING" && (
              <div className="mt-4 border-t border-zinc-100 pt-4">
                <DecisionPanel
                  requestId={detail.id}
                  cannotDecide={detail.cannotDecide}
                  isRequester={detail.isRequester}
                  target={detail.environment.name}
                  actions={{ approve: approveRequestAction, reject: rejectRequestAction, cancel: cancelRequestAction }}
                />
              </div>
            )}
          </div>
        </aside>
      </div>

      <Section title="Diff" labelId="request-diff" description="The canvas shows the candidate; steps removed are faded. Select a step for its field-by-field changes and script line diffs.">
        <div className="flex h-[36rem] overflow-hidden rounded-lg border border-zinc-200 shadow-xs">
          <FlowDiffView from={detail.current?.definition ?? emptyDefinition()} to={detail.version.definition} fromLabel={fromLabel} toLabel={toLabel} />
        </div>
      </Section>
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="text-zinc-800">{children}</dd>
    </div>
  );
}

function ChangeSummary({ diff, hasCurrent }: { diff: DiffSummary; hasCurrent: boolean }) {
  const items: [string, string, number, BadgeTone][] = [
    ["step added", "steps added", diff.nodesAdded, "green"],
    ["step removed", "steps removed", diff.nodesRemoved, "red"],
    ["step changed", "steps changed", diff.nodesChanged, "amber"],
    ["link between steps added", "links between steps added", diff.edgesAdded, "green"],
    ["link between steps removed", "links between steps removed", diff.edgesRemoved, "red"],
    ["setting changed", "settings changed", diff.settingsChanged, "amber"],
  ];
  const shown = items.filter(([, , count]) => count > 0);
  return (
    <div className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 text-sm shadow-xs">
      {!hasCurrent && <p className="text-zinc-600">Nothing of this flow runs there yet: everything is new.</p>}
      {shown.length === 0 ? (
        <p className="text-zinc-600">Same behaviour: only positions on the canvas differ.</p>
      ) : (
        <ul className="flex flex-wrap gap-2">
          {shown.map(([one, many, count, tone]) => (
            <li key={many}>
              <Badge tone={tone}>
                {count} {count === 1 ? one : many}
              </Badge>
            </li>
          ))}
        </ul>
      )}
      <p className="text-zinc-600">
        Connections:{" "}
        {diff.connectionsAdded.length + diff.connectionsRemoved.length === 0 ? (
          "the same ones as before."
        ) : (
          <>
            {diff.connectionsAdded.map((name) => <Badge key={`+${name}`} tone="green" className="mr-1 font-mono">+ {name}</Badge>)}
            {diff.connectionsRemoved.map((name) => <Badge key={`-${name}`} tone="red" className="mr-1 font-mono">− {name}</Badge>)}
          </>
        )}
      </p>
    </div>
  );
}
