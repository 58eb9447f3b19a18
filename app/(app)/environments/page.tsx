import { ChevronRight, History, Layers, Lock, Network, PackageOpen } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { requirePageRole } from "../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { Badge } from "../../../components/ui/badge.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { buttonClasses } from "../../../components/ui/button.tsx";
import { PageHeader, Section } from "../../../components/ui/page-header.tsx";
import { AddEnvironmentButton, EnvironmentControls, type EnvironmentAdminActions } from "../../../components/environments/environment-admin.tsx";
import { ReleaseMatrix } from "../../../components/promotions/release-matrix.tsx";
import { releaseMatrix } from "../../../lib/promotion/matrix.server.ts";
import { addEnvironmentAction, moveEnvironmentAction, promoteAction, rollbackAction, updateEnvironmentAction } from "./promotion-actions.ts";
import { ConnectionsSection } from "./connections/connections-section.tsx";
import { PrivateNetworkSwitch } from "./private-network-switch.tsx";

export const metadata: Metadata = { title: "Environments" };

export default async function EnvironmentsPage() {
  await requirePageRole("/environments", ...SECTION_ROLES.environments);
  const db = getDb();
  const now = new Date();
  const [environments, matrix] = await Promise.all([
    db.environment.findMany({
      orderBy: { position: "asc" },
      select: { id: true, key: true, name: true, protected: true, webhookBaseUrl: true, allowPrivateNetwork: true, _count: { select: { releases: true, connections: true } } },
    }),
    releaseMatrix(db, now),
  ]);
  const adminActions: EnvironmentAdminActions = { add: addEnvironmentAction, update: updateEnvironmentAction, move: moveEnvironmentAction };

  return (
    <>
      <PageHeader
        title="Environments"
        description="What runs where, since when, and how it is doing. Versions move forward one environment at a time; protected ones need a second administrator."
        actions={
          <>
            <Link href="/environments/history" className={buttonClasses("secondary")}>
              <History aria-hidden="true" className="size-4" />
              Release history
            </Link>
            <Link href="/environments/bundles" className={buttonClasses("secondary")}>
              <PackageOpen aria-hidden="true" className="size-4" />
              Bundles
            </Link>
            <AddEnvironmentButton actions={adminActions} />
          </>
        }
      />
      {environments.length === 0 ? (
        <EmptyState icon={Layers} title="No environments">
          Environments such as dev, test and prod are created when Millwright is installed. Run the seed command, or add one, to
          start releasing flows.
        </EmptyState>
      ) : (
        <>
          <Section title="Promotion path" labelId="environments-path" description="In the order a version is promoted.">
            <ol className="flex flex-col gap-3 lg:flex-row lg:items-stretch">
              {environments.map((env, index) => (
                <Fragment key={env.id}>
                  {index > 0 && (
                    <li aria-hidden="true" className="hidden items-center text-zinc-300 lg:flex">
                      <ChevronRight className="size-5" />
                    </li>
                  )}
                  <li className="flex-1 rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
                    <div className="flex items-start justify-between gap-3">
                      <div className="min-w-0">
                        <h3 className="text-sm font-semibold text-zinc-900">{env.name}</h3>
                        <p className="mt-0.5 flex flex-wrap items-center gap-1.5">
                          <span className="font-mono text-xs text-zinc-500">{env.key}</span>
                          {env.protected && (
                            <Badge tone="amber">
                              <Lock aria-hidden="true" />
                              Protected
                            </Badge>
                          )}
                          {env.allowPrivateNetwork && (
                            <Badge tone="blue">
                              <Network aria-hidden="true" />
                              Private network
                            </Badge>
                          )}
                        </p>
                      </div>
                      <EnvironmentControls
                        actions={adminActions}
                        environment={{ id: env.id, key: env.key, name: env.name, protected: env.protected, webhookBaseUrl: env.webhookBaseUrl }}
                        first={index === 0}
                        last={index === environments.length - 1}
                      />
                    </div>
                    <dl className="mt-4 grid grid-cols-2 gap-3 border-t border-zinc-100 pt-3">
                      <div>
                        <dt className="text-xs text-zinc-500">Flows released</dt>
                        <dd className="mt-0.5 text-sm font-medium tabular-nums text-zinc-900">{env._count.releases}</dd>
                      </div>
                      <div>
                        <dt className="text-xs text-zinc-500">Connections</dt>
                        <dd className="mt-0.5 text-sm font-medium tabular-nums text-zinc-900">{env._count.connections}</dd>
                      </div>
                    </dl>
                    <p className="mt-3 truncate border-t border-zinc-100 pt-3 text-xs text-zinc-500" title={env.webhookBaseUrl ?? undefined}>
                      Webhooks: <span className="font-mono text-zinc-700">{env.webhookBaseUrl ?? "this server"}</span>
                    </p>
                  </li>
                </Fragment>
              ))}
            </ol>
          </Section>

          <Section
            title="Releases"
            labelId="environments-releases"
            description="Each flow's released version per environment, who released it and when, and its live runs in the last 24 hours."
          >
            <ReleaseMatrix environments={matrix.environments} rows={matrix.rows} actions={{ promote: promoteAction, rollback: rollbackAction }} now={now} />
          </Section>

          <ConnectionsSection db={db} environments={environments.map(({ id, key, name, protected: isProtected }) => ({ id, key, name, protected: isProtected }))} />

          <Section
            title="Network access"
            labelId="environments-network"
            description={
              <>
                HTTP request steps refuse private, loopback and link-local addresses (such as 10.0.0.5, 192.168.1.20, localhost or the cloud
                metadata address 169.254.169.254), so a flow cannot reach into the plant network or this server by mistake. Allow them for an
                environment whose flows must call internal systems.
              </>
            }
          >
            <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white shadow-xs">
              {environments.map((env) => (
                <li key={env.id} className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
                  <div className="flex items-center gap-2">
                    <span className="text-sm font-semibold text-zinc-900">{env.name}</span>
                    <span className="font-mono text-xs text-zinc-500">{env.key}</span>
                    {env.protected && <Lock aria-label="protected" className="size-3 text-zinc-400" />}
                  </div>
                  <PrivateNetworkSwitch environment={{ id: env.id, key: env.key, name: env.name, protected: env.protected, allowPrivateNetwork: env.allowPrivateNetwork }} />
                </li>
              ))}
            </ul>
          </Section>
        </>
      )}
    </>
  );
}
