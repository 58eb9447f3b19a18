import { ChevronLeft, Download, Workflow } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "../../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../../lib/auth/roles.ts";
import { keyFingerprint } from "../../../../lib/bundles/bundle.ts";
import { signingKey } from "../../../../lib/bundles/bundles.server.ts";
import { getDb } from "../../../../lib/db/client.ts";
import { connectionNameSet } from "../../../../lib/flows/queries.server.ts";
import { BundleImport } from "../../../../components/promotions/bundle-import.tsx";
import { TrustedKeys } from "../../../../components/promotions/trusted-keys.tsx";
import { buttonClasses } from "../../../../components/ui/button.tsx";
import { EmptyState } from "../../../../components/ui/empty-state.tsx";
import { PageHeader, Section } from "../../../../components/ui/page-header.tsx";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "../../../../components/ui/table.tsx";
import { importBundleAction, previewBundleAction, trustKeyAction, untrustKeyAction } from "../promotion-actions.ts";

export const metadata: Metadata = { title: "Bundles" };

export default async function BundlesPage() {
  await requirePageRole("/environments/bundles", ...SECTION_ROLES.environments);
  const db = getDb();
  const [key, flows, trusted, connections] = await Promise.all([
    signingKey(db),
    db.flow.findMany({ where: { archivedAt: null }, orderBy: { name: "asc" }, select: { id: true, name: true, slug: true, _count: { select: { versions: true } } } }),
    db.trustedKey.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, publicKey: true, addedById: true, createdAt: true } }),
    connectionNameSet(db),
  ]);
  const adders = new Map((await db.user.findMany({ where: { id: { in: trusted.map((k) => k.addedById) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));

  return (
    <>
      <Link href="/environments" className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ChevronLeft aria-hidden="true" className="size-4" />
        Environments
      </Link>
      <PageHeader
        title="Bundles"
        description="Move flows between Millwright installations as signed files: every version, connection names only, never secrets."
      />

      <Section title="This installation's key" labelId="bundles-key" description="Bundles exported here are signed with it. Give this public key to the installations that import them.">
        <div className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
          <label htmlFor="own-public-key" className="text-xs text-zinc-500">
            Public key (Ed25519) · fingerprint <span className="font-mono text-zinc-700">{keyFingerprint(key.publicKey)}</span>
          </label>
          <textarea id="own-public-key" readOnly rows={2} value={key.publicKey} className="mt-1.5 block w-full resize-none rounded-md bg-zinc-50 px-3 py-2 font-mono text-xs text-zinc-800 ring-1 ring-zinc-200 ring-inset" />
        </div>
      </Section>

      <Section title="Export" labelId="bundles-export" description="Downloads every published version of the flow, signed.">
        {flows.length === 0 ? (
          <EmptyState icon={Workflow} title="No flows yet" headingLevel={3}>
            Flows with published versions can be exported here.
          </EmptyState>
        ) : (
          <Table label="Flows to export">
            <THead>
              <Th>Flow</Th>
              <Th>Versions</Th>
              <Th className="text-right">Bundle</Th>
            </THead>
            <TBody>
              {flows.map((flow) => (
                <Tr key={flow.id}>
                  <RowHeader>
                    {flow.name}
                    <span className="block font-mono text-xs font-normal text-zinc-500">{flow.slug}</span>
                  </RowHeader>
                  <Td className="tabular-nums">{flow._count.versions}</Td>
                  <Td className="text-right">
                    {flow._count.versions > 0 ? (
                      <a href={`/api/bundles/${flow.id}`} download className={buttonClasses("secondary", "sm")} aria-label={`Download the bundle of ${flow.name}`}>
                        <Download aria-hidden="true" className="size-3.5" />
                        Download
                      </a>
                    ) : (
                      <span className="text-xs text-zinc-400">Nothing published</span>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Section>

      <div className="mt-8 grid items-start gap-8 lg:grid-cols-2">
        <div>
          <Section title="Import" labelId="bundles-import" description="A bundle is refused if it was changed after export or its signer is not trusted.">
            <BundleImport actions={{ preview: previewBundleAction, import: importBundleAction }} connectionNames={[...connections].sort()} />
          </Section>
        </div>
        <div>
          <Section title="Trusted keys" labelId="bundles-trusted" description="Installations whose bundles this one imports (besides itself).">
            <TrustedKeys
              keys={trusted.map((k) => ({ id: k.id, name: k.name, publicKey: k.publicKey, addedBy: adders.get(k.addedById) ?? "Unknown user", createdAt: k.createdAt.toISOString() }))}
              actions={{ trust: trustKeyAction, untrust: untrustKeyAction }}
            />
          </Section>
        </div>
      </div>
    </>
  );
}
