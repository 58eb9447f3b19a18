import clsx from "clsx";
import { ArrowRight, CalendarClock, KeyRound } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { listApiTokens } from "../../../lib/api-tokens/api-tokens.server.ts";
import { requirePageRole } from "../../../lib/auth/guard.server.ts";
import { canSee } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { lastCoveredInstant, type DelegationStatus, type DelegationView } from "../../../lib/delegations/delegation-schemas.ts";
import { listDeciders, listDelegations } from "../../../lib/delegations/delegations.server.ts";
import { NewTokenButton, RevokeTokenButton } from "../../../components/settings/api-tokens.tsx";
import { NewDelegationButton, RevokeDelegationButton } from "../../../components/settings/delegations.tsx";
import { Badge, type BadgeTone } from "../../../components/ui/badge.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { formatDate } from "../../../components/ui/format.ts";
import { PageHeader, Section } from "../../../components/ui/page-header.tsx";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "../../../components/ui/table.tsx";
import { RelativeTime } from "../../../components/ui/time.tsx";
import { createApiTokenAction, createDelegationAction, revokeApiTokenAction, revokeDelegationAction } from "./actions.ts";

export const metadata: Metadata = { title: "Settings" };

const STATUS: Record<DelegationStatus, { label: string; tone: BadgeTone }> = {
  active: { label: "Active", tone: "green" },
  upcoming: { label: "Upcoming", tone: "blue" },
  ended: { label: "Ended", tone: "neutral" },
  revoked: { label: "Revoked", tone: "neutral" },
};

export default async function SettingsPage() {
  const me = await requirePageRole("/settings");
  const db = getDb();
  const decides = canSee(me.roles, "inbox");
  const isAdmin = me.roles.includes("ADMIN");
  const [tokens, delegations, people, origin] = await Promise.all([
    listApiTokens(db, me.id),
    decides ? listDelegations(db, isAdmin ? { everyone: true } : { userId: me.id }) : [],
    decides ? listDeciders(db) : [],
    publicOrigin(),
  ]);
  const now = new Date();

  return (
    <>
      <PageHeader title="Settings" description={decides ? "Who decides your tasks while you're away, and your personal API tokens." : "Your personal API tokens."} />

      {decides && (
        <Section
          title="Away / delegation"
          labelId="settings-delegation"
          description="While you're away, a colleague sees and decides the tasks addressed to you. One colleague at a time."
          actions={<NewDelegationButton create={createDelegationAction} people={people} me={me.id} isAdmin={isAdmin} />}
        >
          <DelegationSummary delegations={delegations} meId={me.id} />
          {delegations.length === 0 ? (
            <EmptyState icon={CalendarClock} title="No delegations" headingLevel={3}>
              Going on holiday? Hand over your tasks to a colleague for those days, so nothing waits for you.
            </EmptyState>
          ) : (
            <Table label="Delegations">
              <THead>
                <Th>Away</Th>
                <Th>Decides instead</Th>
                <Th>Period</Th>
                <Th>Status</Th>
                <Th>Note</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </THead>
              <TBody>
                {delegations.map((d) => (
                  <Tr key={d.id} className={clsx((d.status === "ended" || d.status === "revoked") && "text-zinc-500")}>
                    <RowHeader>{personName(d.from, me.id)}</RowHeader>
                    <Td>
                      <span className="inline-flex items-center gap-1.5">
                        <ArrowRight aria-hidden="true" className="size-3.5 text-zinc-400" />
                        {personName(d.to, me.id)}
                      </span>
                    </Td>
                    <Td className="whitespace-nowrap">{period(d)}</Td>
                    <Td>
                      <Badge tone={STATUS[d.status].tone} dot>
                        {STATUS[d.status].label}
                      </Badge>
                    </Td>
                    <Td className="max-w-64 truncate text-zinc-600" title={d.note || undefined}>
                      {d.note || <span className="text-zinc-400">—</span>}
                    </Td>
                    <Td className="w-24 py-1.5 text-right">
                      {(d.status === "active" || d.status === "upcoming") && (
                        <RevokeDelegationButton
                          delegation={{ id: d.id, fromName: d.from.name, toName: d.to.name, active: d.status === "active" }}
                          revoke={revokeDelegationAction}
                        />
                      )}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Section>
      )}

      <Section
        title="API tokens"
        labelId="settings-tokens"
        description={
          <>
            Personal tokens for a chat or mobile client: the REST API at <code className="font-mono text-xs">/api/v1/tasks</code> lists and decides
            your tasks{decides ? "" : " (it needs the Approver role)"}. A token acts as you until you revoke it.
          </>
        }
        actions={<NewTokenButton create={createApiTokenAction} origin={origin} />}
      >
        {tokens.length === 0 ? (
          <EmptyState icon={KeyRound} title="No API tokens" headingLevel={3}>
            Create one for each client you connect, named after it, so you can revoke one without breaking the others.
          </EmptyState>
        ) : (
          <Table label="API tokens">
            <THead>
              <Th className="w-1/3">Name</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </THead>
            <TBody>
              {tokens.map((token) => (
                <Tr key={token.id}>
                  <RowHeader>
                    <span className="inline-flex items-center gap-2">
                      <KeyRound aria-hidden="true" className="size-3.5 text-zinc-400" />
                      {token.name}
                    </span>
                  </RowHeader>
                  <Td>
                    <RelativeTime date={token.createdAt} now={now} />
                  </Td>
                  <Td>{token.lastUsedAt ? <RelativeTime date={token.lastUsedAt} now={now} /> : <span className="text-zinc-500">Never</span>}</Td>
                  <Td className="w-24 py-1.5 text-right">
                    <RevokeTokenButton token={{ id: token.id, name: token.name }} revoke={revokeApiTokenAction} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Section>
    </>
  );
}

/** The sentence that matters most: who decides my tasks now, and whose tasks I decide. */
function DelegationSummary({ delegations, meId }: { delegations: DelegationView[]; meId: string }) {
  const mine = delegations.find((d) => d.status === "active" && d.from.id === meId);
  const forOthers = delegations.filter((d) => d.status === "active" && d.to.id === meId);
  if (!mine && forOthers.length === 0) return null;
  return (
    <div className="mb-3 space-y-1 rounded-lg bg-accent-50 px-4 py-3 text-sm text-accent-900 ring-1 ring-accent-100 ring-inset">
      {mine && (
        <p>
          <span className="font-medium">{mine.to.name}</span> decides your tasks {mine.endsAt ? `until ${formatDate(lastCoveredInstant(mine.endsAt))}` : "until you revoke it"}.
        </p>
      )}
      {forOthers.map((d) => (
        <p key={d.id}>
          You decide <span className="font-medium">{d.from.name}</span>&apos;s tasks {d.endsAt ? `until ${formatDate(lastCoveredInstant(d.endsAt))}` : "until they revoke it"}: they are in your inbox.
        </p>
      ))}
    </div>
  );
}

function personName(person: { id: string; name: string }, meId: string): string {
  return person.id === meId ? `${person.name} (you)` : person.name;
}

function period(d: DelegationView): string {
  const from = formatDate(d.startsAt);
  return d.endsAt ? `${from} – ${formatDate(lastCoveredInstant(d.endsAt))}` : `From ${from}, until revoked`;
}

/** The address clients call, for the example in the "token created" dialog. */
async function publicOrigin(): Promise<string> {
  if (process.env.NEXTAUTH_URL) return process.env.NEXTAUTH_URL.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  return `${h.get("x-forwarded-proto") ?? "http"}://${host}`;
}
