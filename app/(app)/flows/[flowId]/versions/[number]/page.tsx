import { Download, GitCompareArrows, PencilRuler } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageRole } from "../../../../../../lib/auth/guard.server.ts";
import { hasAnyRole, SECTION_ROLES } from "../../../../../../lib/auth/roles.ts";
import { getDb } from "../../../../../../lib/db/client.ts";
import { getFlowForEditor, getVersion } from "../../../../../../lib/flows/queries.server.ts";
import { CanvasPage } from "../../../../../../components/flows/canvas-page.tsx";
import { ReleaseBadges } from "../../../../../../components/flows/release-badges.tsx";
import { RestoreVersionButton } from "../../../../../../components/flows/version-actions.tsx";
import { VersionViewer } from "../../../../../../components/flows/version-viewer.tsx";
import { Badge } from "../../../../../../components/ui/badge.tsx";
import { buttonClasses } from "../../../../../../components/ui/button.tsx";
import { RelativeTime } from "../../../../../../components/ui/time.tsx";
import { restoreVersionAction } from "../../../actions.ts";

type Params = Promise<{ flowId: string; number: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { number } = await params;
  return { title: `v${number}` };
}

export default async function VersionPage({ params }: { params: Params }) {
  const { flowId, number: raw } = await params;
  const user = await requirePageRole(`/flows/${flowId}/versions/${raw}`, ...SECTION_ROLES.flows);
  if (!/^[1-9][0-9]{0,8}$/.test(raw)) notFound();
  const number = Number(raw);
  const db = getDb();
  const [data, version] = await Promise.all([getFlowForEditor(db, flowId), getVersion(db, flowId, number)]);
  if (!data || !version) notFound();
  const { flow, draft, versions, releases } = data;
  const latest = versions[0]?.number ?? number;
  const previous = versions.find((v) => v.number < number)?.number;
  const canRestore = hasAnyRole(user.roles, ["ANALYST", "ADMIN"]) && flow.archivedAt === null;
  const here = releases.filter((r) => r.number === number);

  return (
    <CanvasPage
      crumbs={[
        { label: "Flows", href: "/flows" },
        { label: flow.name, href: `/flows/${flow.id}` },
        { label: "Versions", href: `/flows/${flow.id}/versions` },
        { label: `v${number}` },
      ]}
      title={
        <>
          {flow.name} <span className="font-normal text-zinc-400">·</span> v{number}
          {number === latest && <Badge tone="accent">Latest</Badge>}
          <Badge>Read-only</Badge>
        </>
      }
      meta={
        <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-500">
          {version.note ? <span className="max-w-md truncate text-zinc-700">{version.note}</span> : <span>No note</span>}
          <span aria-hidden="true">·</span>
          <span>
            by {version.authorName}, <RelativeTime date={new Date(version.createdAt)} />
          </span>
          <span aria-hidden="true">·</span>
          <code title={`Content hash ${version.contentHash}`} className="font-mono text-xs">
            {version.contentHash.slice(0, 10)}
          </code>
          {here.length > 0 && <ReleaseBadges releases={here} label={`Environments running v${number}`} />}
        </div>
      }
      actions={
        <>
          {previous !== undefined && (
            <Link href={`/flows/${flow.id}/versions/compare?from=${previous}&to=${number}`} className={buttonClasses("secondary", "sm")}>
              <GitCompareArrows aria-hidden="true" />
              Compare with v{previous}
            </Link>
          )}
          <a href={`/api/flows/${flow.id}/export?version=${number}`} download className={buttonClasses("secondary", "sm")} aria-label={`Export v${number}`}>
            <Download aria-hidden="true" />
            Export
          </a>
          {canRestore && (
            <RestoreVersionButton
              flowId={flow.id}
              number={number}
              draft={{ revision: draft.revision, matchesVersion: draft.matchesVersion, latestVersion: versions[0]?.number ?? null }}
              action={restoreVersionAction}
              variant="secondary"
            />
          )}
          <Link href={`/flows/${flow.id}`} className={buttonClasses("secondary", "sm")}>
            <PencilRuler aria-hidden="true" />
            Open editor
          </Link>
        </>
      }
    >
      <VersionViewer definition={version.definition} label={`v${number}`} />
    </CanvasPage>
  );
}
