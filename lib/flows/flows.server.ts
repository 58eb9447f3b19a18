// Flows as things in a list: create, rename, duplicate, archive, unarchive. Every change is audited
// in its own transaction.
//
// Terminology (DESIGN.md): a flow has one mutable draft (drafts.server.ts) and immutable numbered
// versions (versions.server.ts); releases point environments at versions (a later issue).
//
// Rules kept here:
// - Names are unique among flows that are not archived (case-insensitive), so the list and the
//   promotion screens never show two look-alikes; an archived flow's name is free again.
// - The slug comes from the name at creation (kebab-case, -2, -3... when taken) and never changes:
//   it is part of the webhook URLs.
// - An archived flow is read-only (no draft saves, publishes, restores or renames) but keeps its
//   versions, releases and runs; unarchiving makes it editable again.
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db, DbTx } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { appendAudit } from "../audit/audit.server.ts";
import type { SessionUser } from "../auth/sign-in.server.ts";
import { emptyDefinition, type TFlowDefinition } from "./definition.ts";
import { slugify, type TCreateFlow, type TDuplicateFlow, type TRenameFlow } from "./flow-schemas.ts";

export type Actor = Pick<SessionUser, "id" | "email">;

// Taken around every check-then-write of names and slugs, so two people creating "Parts sync" at
// the same moment get "Parts sync" and a clear conflict, not two flows with one name.
const FLOW_NAMES_LOCK_KEY = 4_242_010;

export const ARCHIVED_MESSAGE = "This flow is archived and read-only. Unarchive it to change it.";

export async function createFlow(db: Db, actor: Actor, input: TCreateFlow): Promise<{ id: string; slug: string }> {
  return db.$transaction(async (tx) => {
    await lockFlowNames(tx);
    await assertNameFree(tx, input.name);
    // An empty canvas, like n8n: the editor offers "add the first step" (a trigger) from there.
    const flow = await insertFlow(tx, actor, { name: input.name, description: input.description, definition: emptyDefinition() });
    await appendAudit(tx, {
      ...auditActor(actor), action: "flow.created", subjectType: "flow", subjectId: flow.id,
      after: { name: input.name, slug: flow.slug, description: input.description },
    });
    return flow;
  });
}

export async function renameFlow(db: Db, actor: Actor, input: TRenameFlow): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockFlowNames(tx);
    const flow = await lockFlow(tx, input.flowId);
    if (flow.archivedAt) throw new AppError("CONFLICT", ARCHIVED_MESSAGE);
    const description = input.description ?? flow.description;
    if (flow.name === input.name && flow.description === description) return;
    if (flow.name.toLowerCase() !== input.name.toLowerCase()) await assertNameFree(tx, input.name, flow.id);
    await tx.flow.update({ where: { id: flow.id }, data: { name: input.name, description } });
    await appendAudit(tx, {
      ...auditActor(actor), action: "flow.renamed", subjectType: "flow", subjectId: flow.id,
      before: { name: flow.name, description: flow.description }, after: { name: input.name, description },
    });
  });
}

/** A new flow with a copy of the draft (not the versions or releases), owned by the actor. */
export async function duplicateFlow(db: Db, actor: Actor, input: TDuplicateFlow): Promise<{ id: string; slug: string; name: string }> {
  return db.$transaction(async (tx) => {
    await lockFlowNames(tx);
    const source = await tx.flow.findUnique({
      where: { id: input.flowId },
      select: { id: true, name: true, description: true, draft: { select: { definition: true } } },
    });
    if (!source) throw notFound();
    let name: string;
    if (input.name) {
      await assertNameFree(tx, input.name);
      name = input.name;
    } else {
      name = await freeName(tx, (n) => withSuffix(source.name, n === 1 ? " (copy)" : ` (copy ${n})`));
    }
    const definition = (source.draft?.definition ?? emptyDefinition()) as TFlowDefinition;
    const flow = await insertFlow(tx, actor, { name, description: source.description, definition });
    await appendAudit(tx, {
      ...auditActor(actor), action: "flow.duplicated", subjectType: "flow", subjectId: flow.id,
      after: { name, slug: flow.slug, description: source.description, sourceFlowId: source.id, sourceName: source.name },
    });
    return { ...flow, name };
  });
}

export async function archiveFlow(db: Db, actor: Actor, flowId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const flow = await lockFlow(tx, flowId);
    if (flow.archivedAt) return;
    const archivedAt = new Date();
    await tx.flow.update({ where: { id: flowId }, data: { archivedAt } });
    // Releases stay as they are: what an archived flow's releases may still run is the promotion
    // issue's decision; the audit records which ones there were.
    const releases = await tx.release.findMany({ where: { flowId }, select: { environment: { select: { key: true } }, version: { select: { number: true } } } });
    await appendAudit(tx, {
      ...auditActor(actor), action: "flow.archived", subjectType: "flow", subjectId: flowId,
      before: { archivedAt: null }, after: { archivedAt, releases: releases.map((r) => ({ environment: r.environment.key, number: r.version.number })) },
    });
  });
}

export async function unarchiveFlow(db: Db, actor: Actor, flowId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockFlowNames(tx);
    const flow = await lockFlow(tx, flowId);
    if (!flow.archivedAt) return;
    const other = await findActiveByName(tx, flow.name, flow.id);
    if (other) {
      throw new AppError("CONFLICT", `Another flow is called "${flow.name}" now. Rename that one first, then unarchive this one.`, [
        { path: "name", message: "Already in use by another flow" },
      ]);
    }
    await tx.flow.update({ where: { id: flowId }, data: { archivedAt: null } });
    await appendAudit(tx, {
      ...auditActor(actor), action: "flow.unarchived", subjectType: "flow", subjectId: flowId,
      before: { archivedAt: flow.archivedAt }, after: { archivedAt: null },
    });
  });
}

// ---- shared by drafts, versions and import --------------------------------------------------

export type LockedFlow = { id: string; name: string; slug: string; description: string; archivedAt: Date | null };

/** Locks the flow row until the transaction ends (serialises publishes, restores, renames). */
export async function lockFlow(tx: DbTx, flowId: string): Promise<LockedFlow> {
  const rows = await tx.$queryRaw<LockedFlow[]>`
    SELECT id, name, slug, description, "archivedAt" FROM "Flow" WHERE id = ${flowId}::uuid FOR UPDATE`;
  const flow = rows[0];
  if (!flow) throw notFound();
  return flow;
}

export async function lockFlowNames(tx: DbTx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FLOW_NAMES_LOCK_KEY})`;
}

/** Creates the flow and its draft (revision 1). Call with the names lock held and the name checked. */
export async function insertFlow(
  tx: DbTx,
  actor: Actor,
  input: { name: string; description: string; definition: TFlowDefinition; slugBase?: string },
): Promise<{ id: string; slug: string }> {
  const slug = await uniqueSlug(tx, input.slugBase ?? slugify(input.name));
  const flow = await tx.flow.create({
    data: {
      slug, name: input.name, description: input.description, ownerId: actor.id,
      draft: { create: { definition: input.definition as Prisma.InputJsonValue, editorId: actor.id } },
    },
    select: { id: true, slug: true },
  });
  return flow;
}

export async function assertNameFree(tx: DbTx, name: string, exceptFlowId?: string): Promise<void> {
  if (await findActiveByName(tx, name, exceptFlowId)) {
    throw new AppError("CONFLICT", `A flow named "${name}" already exists. Choose another name.`, [{ path: "name", message: "Already in use by another flow" }]);
  }
}

/** The first free name of candidate(1), candidate(2)... (names lock held). */
export async function freeName(tx: DbTx, candidate: (n: number) => string): Promise<string> {
  for (let n = 1; ; n++) {
    const name = candidate(n);
    if (!(await findActiveByName(tx, name))) return name;
  }
}

/** `base` + `tail`, shortening `base` so the whole stays a valid name (120 characters). */
export function withSuffix(base: string, tail: string): string {
  return `${base.slice(0, 120 - tail.length).trimEnd()}${tail}`;
}

async function findActiveByName(tx: DbTx, name: string, exceptFlowId?: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Flow"
    WHERE lower(name) = lower(${name}) AND "archivedAt" IS NULL
      AND (${exceptFlowId ?? null}::uuid IS NULL OR id <> ${exceptFlowId ?? null}::uuid)
    LIMIT 1`;
  return rows.length > 0;
}

/** Slugs are unique across all flows, archived ones included (old webhook URLs must not be reused). */
async function uniqueSlug(tx: DbTx, base: string): Promise<string> {
  const rows = await tx.$queryRaw<{ slug: string }[]>`
    SELECT slug FROM "Flow" WHERE slug = ${base} OR slug LIKE ${`${base}-%`}`;
  const taken = new Set(rows.map((row) => row.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export function auditActor(actor: Actor): { actorId: string; actorLabel: string } {
  return { actorId: actor.id, actorLabel: actor.email };
}

export function notFound(): AppError {
  return new AppError("NOT_FOUND", "This flow does not exist (any more).");
}
