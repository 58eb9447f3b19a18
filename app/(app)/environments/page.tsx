import { ChevronRight, Layers, Lock, Network, Workflow } from "lucide-react";
import type { Metadata } from "next";
import { Fragment } from "react";
import { requirePageRole } from "../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { Badge } from "../../../components/ui/badge.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { formatDate, formatDateTime } from "../../../components/ui/format.ts";
import { PageHeader, Section } from "../../../components/ui/page-header.tsx";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "../../../components/ui/table.tsx";
import { ConnectionsSection } from "./connections/connections-section.tsx";
import { PrivateNetworkSwitch } from "./private-network-switch.tsx";

export const metadata: Metadata = { title: "Environments" };

export default async function EnvironmentsPage() {
  await requirePageRole("/environments", ...SECTION_ROLES.environments);
  const db = getDb();
  const [environments, flows] = await Promise.all([
    db.environment.findMany({
      orderBy: { position: "asc" },
      select: { id: true, key: true, name: true, protected: true, webhookBaseUrl: true, allowPrivateNetwork: true, _count: { select: { releases: true, connections: true } } },
    }),
    db.flow.findMany({
      where: { archivedAt: null },
      orderBy: { name: "asc" },
      select: { id: true, name: true, slug: true, releases: { select: { environmentId: true, releasedAt: true, version: { select: { number: true } } } } },
    }),
  ]);

  return (
    <>
      <PageHeader
        title="Environments"
        description="Where released versions run. Versions move forward one environment at a time; protected ones need a second administrator."
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
                      <div>
                        <h3 className="text-sm font-semibold text-zinc-900">{env.name}</h3>
                        <p className="font-mono text-xs text-zinc-500">{env.key}</p>
                      </div>
                      <div className="flex flex-wrap justify-end gap-1.5">
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
                      </div>
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
                  </li>
                </Fragment>
              ))}
            </ol>
          </Section>

          <Section title="Releases" labelId="environments-releases" description="Which version of each flow runs where, and since when.">
            {flows.length === 0 ? (
              <EmptyState icon={Workflow} title="No flows to release" headingLevel={3}>
                Once an integration analyst publishes a version of a flow, you can promote it here from {environments[0]?.key ?? "dev"}{" "}
                onwards.
              </EmptyState>
            ) : (
              <Table label="Releases by flow and environment">
                <THead>
                  <Th className="w-[34%]">Flow</Th>
                  {environments.map((env) => (
                    <Th key={env.id}>
                      <span className="inline-flex items-center gap-1">
                        {env.name}
                        {env.protected && <Lock aria-label="protected" className="size-3 text-zinc-400" />}
                      </span>
                    </Th>
                  ))}
                </THead>
                <TBody>
                  {flows.map((flow) => (
                    <Tr key={flow.id}>
                      <RowHeader>
                        <span className="block">{flow.name}</span>
                        <span className="block font-mono text-xs font-normal text-zinc-500">{flow.slug}</span>
                      </RowHeader>
                      {environments.map((env) => {
                        const release = flow.releases.find((r) => r.environmentId === env.id);
                        return (
                          <Td key={env.id}>
                            {release ? (
                              <>
                                <span className="font-medium tabular-nums text-zinc-900">v{release.version.number}</span>
                                <span className="block text-xs text-zinc-500">
                                  since{" "}
                                  <time dateTime={release.releasedAt.toISOString()} title={formatDateTime(release.releasedAt)}>
                                    {formatDate(release.releasedAt)}
                                  </time>
                                </span>
                              </>
                            ) : (
                              <span className="text-zinc-400">Not released</span>
                            )}
                          </Td>
                        );
                      })}
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )}
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
