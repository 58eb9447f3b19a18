import { Download, Eye, GitBranch, PencilRuler } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageRole } from "../../../../../lib/auth/guard.server.ts";
import { hasAnyRole, SECTION_ROLES } from "../../../../../lib/auth/roles.ts";
import { getDb } from "../../../../../lib/db/client.ts";
import { getFlowForEditor } from "../../../../../lib/flows/queries.server.ts";
import { Breadcrumbs } from "../../../../../components/flows/breadcrumbs.tsx";
import { ReleaseBadges } from "../../../../../components/flows/release-badges.tsx";
import { ComparePicker, RestoreVersionButton, type CompareOption, type DraftState } from "../../../../../components/flows/version-actions.tsx";
import { Badge } from "../../../../../components/ui/badge.tsx";
import { buttonClasses } from "../../../../../components/ui/button.tsx";
import { EmptyState } from "../../../../../components/ui/empty-state.tsx";
import { PageHeader } from "../../../../../components/ui/page-header.tsx";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "../../../../../components/ui/table.tsx";
import { RelativeTime } from "../../../../../components/ui/time.tsx";
import { restoreVersionAction } from "../../actions.ts";

export const metadata: Metadata = { title: "Version history" };

export default async function VersionsPage({ params }: { params: Promise<{ flowId: string }> }) {
  const { flowId } = await params;
  const user = await requirePageRole(`/flows/${flowId}/versions`, ...SECTION_ROLES.flows);
  const data = await getFlowForEditor(getDb(), flowId);
  if (!data) notFound();
  const { flow, draft, versions, releases } = data;
  const archived = flow.archivedAt !== null;
  const canRestore = hasAnyRole(user.roles, ["ANALYST", "ADMIN"]) && !archived;
  const latest = versions[0];
  const now = new Date();
  const draftState: DraftState = { revision: draft.revision, matchesVersion: draft.matchesVersion, latestVersion: latest?.number ?? null };

  const options: CompareOption[] = [
    { value: "draft", label: draft.matchesVersion !== null ? `Draft (same as v${draft.matchesVersion})` : "Draft (unpublished changes)" },
    ...versions.map((v) => ({ value: String(v.number), label: v.note ? `v${v.number} · ${truncate(v.note, 40)}` : `v${v.number}` })),
  ];
  // Default: what the last publish changed (previous -> latest); with one version, what the draft changes since it.
  const defaultTo = versions.length >= 2 ? String(versions[0]!.number) : "draft";
  const defaultFrom = versions.length >= 2 ? String(versions[1]!.number) : String(versions[0]?.number ?? "draft");

  return (
    <>
      <Breadcrumbs items={[{ label: "Flows", href: "/flows" }, { label: flow.name, href: `/flows/${flow.id}` }, { label: "Versions" }]} />
      <PageHeader
        title="Version history"
        description={
          <>
            Every publish of <span className="font-medium text-zinc-700">{flow.name}</span> as an immutable, numbered version. Runs stay pinned to
            the version they started on.
          </>
        }
        actions={
          <Link href={`/flows/${flow.id}`} className={buttonClasses("secondary")}>
            <PencilRuler aria-hidden="true" />
            Open editor
          </Link>
        }
      />

      {versions.length === 0 ? (
        <EmptyState icon={GitBranch} title="Not published yet">
          Versions appear here when someone publishes the draft from the editor. Publishing checks the flow first, so every version is valid.
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="compare-heading" className="mb-6 rounded-lg border border-zinc-200 bg-white px-5 py-4 shadow-xs">
            <div className="flex flex-wrap items-end justify-between gap-4">
              <div className="min-w-0">
                <h2 id="compare-heading" className="text-[15px] font-semibold text-zinc-900">
                  Compare
                </h2>
                <p className="mt-0.5 text-sm text-zinc-500">
                  {draft.matchesVersion !== null ? (
                    <>The draft is the same as v{draft.matchesVersion}. Pick any two versions to see what changed between them.</>
                  ) : (
                    <>
                      The draft has unpublished changes since v{latest!.number}, last saved by {draft.editorName}{" "}
                      <RelativeTime date={new Date(draft.updatedAt)} now={now} />.{" "}
                      <Link href={`/flows/${flow.id}/versions/compare?from=${latest!.number}&to=draft`} className="font-medium text-accent-700 hover:underline">
                        See the draft's changes
                      </Link>
                    </>
                  )}
                </p>
              </div>
              <ComparePicker flowId={flow.id} options={options} defaultFrom={defaultFrom} defaultTo={defaultTo} />
            </div>
          </section>

          <Table label="Versions">
            <THead>
              <Th className="w-24">Version</Th>
              <Th>Note</Th>
              <Th>Published</Th>
              <Th>Content hash</Th>
              <Th>Released to</Th>
              <Th className="w-px">
                <span className="sr-only">Actions</span>
              </Th>
            </THead>
            <TBody>
              {versions.map((version, index) => {
                const here = releases.filter((r) => r.number === version.number);
                return (
                  <Tr key={version.number}>
                    <RowHeader>
                      <span className="flex items-center gap-2">
                        <Link href={`/flows/${flow.id}/versions/${version.number}`} className="tabular-nums hover:text-accent-700 hover:underline">
                          v{version.number}
                        </Link>
                        {index === 0 && <Badge tone="accent">Latest</Badge>}
                      </span>
                    </RowHeader>
                    <Td className="max-w-80">
                      {version.note ? <span className="line-clamp-2 text-zinc-800">{version.note}</span> : <span className="text-zinc-400">No note</span>}
                    </Td>
                    <Td>
                      <RelativeTime date={new Date(version.createdAt)} now={now} />
                      <span className="block text-xs whitespace-nowrap text-zinc-500">by {version.authorName}</span>
                    </Td>
                    <Td>
                      <code title={version.contentHash} className="font-mono text-xs text-zinc-600">
                        {shortHash(version.contentHash)}
                      </code>
                    </Td>
                    <Td>
                      <ReleaseBadges releases={here} label={`Environments running v${version.number}`} empty="—" />
                    </Td>
                    <Td className="py-1.5 whitespace-nowrap">
                      <span className="flex items-center justify-end gap-0.5">
                        <Link
                          href={`/flows/${flow.id}/versions/${version.number}`}
                          aria-label={`View v${version.number}`}
                          className={buttonClasses("ghost", "sm")}
                        >
                          <Eye aria-hidden="true" />
                          View
                        </Link>
                        <a
                          href={`/api/flows/${flow.id}/export?version=${version.number}`}
                          download
                          aria-label={`Export v${version.number}`}
                          className={buttonClasses("ghost", "sm")}
                        >
                          <Download aria-hidden="true" />
                          Export
                        </a>
                        {canRestore && <RestoreVersionButton flowId={flow.id} number={version.number} draft={draftState} action={restoreVersionAction} />}
                      </span>
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
          {archived && <p className="mt-3 text-sm text-zinc-500">This flow is archived: its versions can be viewed, compared and exported, not restored.</p>}
        </>
      )}
    </>
  );
}

function shortHash(hash: string): string {
  const bare = hash.replace(/^sha256:/, "");
  return bare.slice(0, 10);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
