import { ArrowRight, GitCompareArrows, PencilRuler } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageRole } from "../../../../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../../../../lib/auth/roles.ts";
import { getDb } from "../../../../../../lib/db/client.ts";
import type { TFlowDefinition } from "../../../../../../lib/flows/definition.ts";
import { getFlowForEditor, getVersion, type FlowEditorData } from "../../../../../../lib/flows/queries.server.ts";
import { Breadcrumbs } from "../../../../../../components/flows/breadcrumbs.tsx";
import { CanvasPage } from "../../../../../../components/flows/canvas-page.tsx";
import { FlowDiffView } from "../../../../../../components/flows/flow-diff.tsx";
import { ComparePicker, type CompareOption } from "../../../../../../components/flows/version-actions.tsx";
import { buttonClasses } from "../../../../../../components/ui/button.tsx";
import { EmptyState } from "../../../../../../components/ui/empty-state.tsx";
import { PageHeader } from "../../../../../../components/ui/page-header.tsx";

export const metadata: Metadata = { title: "Compare versions" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
type Side = { key: string; label: string; definition: TFlowDefinition };

/** ?from=1&to=2 (either may be "draft"); without them, what the last publish changed. */
export default async function ComparePage({ params, searchParams }: { params: Promise<{ flowId: string }>; searchParams: SearchParams }) {
  const { flowId } = await params;
  await requirePageRole(`/flows/${flowId}/versions/compare`, ...SECTION_ROLES.flows);
  const db = getDb();
  const data = await getFlowForEditor(db, flowId);
  if (!data) notFound();
  const { flow, versions, draft } = data;
  const query = await searchParams;
  const pick = (name: string) => (typeof query[name] === "string" ? (query[name] as string) : undefined);
  const toKey = pick("to") ?? (versions[0] ? String(versions[0].number) : "draft");
  const fromKey = pick("from") ?? (versions[1] ? String(versions[1].number) : versions[0] ? String(versions[0].number) : "draft");

  const [from, to] = await Promise.all([loadSide(db, data, fromKey), loadSide(db, data, toKey)]);
  const crumbs = [
    { label: "Flows", href: "/flows" },
    { label: flow.name, href: `/flows/${flow.id}` },
    { label: "Versions", href: `/flows/${flow.id}/versions` },
    { label: "Compare" },
  ];
  const options: CompareOption[] = [
    { value: "draft", label: draft.matchesVersion !== null ? `Draft (same as v${draft.matchesVersion})` : "Draft" },
    ...versions.map((v) => ({ value: String(v.number), label: `v${v.number}` })),
  ];

  if (!from || !to) {
    const missing = !from ? fromKey : toKey;
    return (
      <>
        <Breadcrumbs items={crumbs} />
        <PageHeader title="Compare versions" description={flow.name} />
        <EmptyState
          icon={GitCompareArrows}
          title="Nothing to compare with"
          action={
            <Link href={`/flows/${flow.id}/versions`} className={buttonClasses("secondary")}>
              Version history
            </Link>
          }
        >
          {/^\d+$/.test(missing) ? `This flow has no version v${missing}.` : `“${missing}” is not a version: use a number like 3, or draft.`} Pick two versions
          from the version history.
        </EmptyState>
      </>
    );
  }

  return (
    <CanvasPage
      crumbs={crumbs}
      title={
        <>
          Compare {from.label}
          <ArrowRight role="img" aria-label="to" className="size-4 text-zinc-400" />
          {to.label}
        </>
      }
      meta={<span className="truncate text-sm text-zinc-500">{flow.name}: the canvas shows {to.label}; steps removed since {from.label} are faded.</span>}
      actions={
        <>
          <ComparePicker key={`${from.key}-${to.key}`} flowId={flow.id} options={options} defaultFrom={from.key} defaultTo={to.key} compact />
          <span aria-hidden="true" className="mx-1 h-6 w-px bg-zinc-200" />
          <Link href={`/flows/${flow.id}`} className={buttonClasses("secondary", "sm")}>
            <PencilRuler aria-hidden="true" />
            Open editor
          </Link>
        </>
      }
    >
      <FlowDiffView from={from.definition} to={to.definition} fromLabel={from.label} toLabel={to.label} />
    </CanvasPage>
  );
}

async function loadSide(db: ReturnType<typeof getDb>, data: FlowEditorData, key: string): Promise<Side | null> {
  if (key === "draft") return { key, label: "Draft", definition: data.draft.definition };
  if (!/^[1-9][0-9]{0,8}$/.test(key)) return null;
  const version = await getVersion(db, data.flow.id, Number(key));
  return version ? { key, label: `v${version.number}`, definition: version.definition } : null;
}
