// Versions: immutable, numbered snapshots of a flow's draft (v1, v2, ...). Publishing validates the
// draft with the one graph validator and refuses anything with errors, so nothing invalid is ever
// published; a database trigger refuses UPDATE and DELETE on FlowVersion (see the migration
// flow_versions_immutable), so a version stays what was published, whoever holds a connection.
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { appendAudit } from "../audit/audit.server.ts";
import { DraftConflictError, FlowInvalidError, NothingToPublishError } from "./action-result.ts";
import { definitionHash } from "./content-hash.ts";
import type { TFlowDefinition } from "./definition.ts";
import { compareAndSetDraft, currentDraft, readDefinition, whyNotSaved } from "./drafts.server.ts";
import { ARCHIVED_MESSAGE, auditActor, lockFlow, notFound, type Actor } from "./flows.server.ts";
import type { TPublishFlow, TRestoreVersion } from "./flow-schemas.ts";
import { connectionNameSet } from "./queries.server.ts";
import { releaseToFirstEnvironment, type PublishRelease } from "./release-on-publish.server.ts";
import { validateFlow } from "./validate.ts";

export type PublishedVersion = { number: number; contentHash: string; createdAt: string } & PublishRelease;

/**
 * Snapshots the draft into the next version, in one transaction with the flow row locked (two
 * publishes of one flow queue up; numbers never collide or skip). Refuses when the draft moved on
 * since the caller looked (they would publish something they have not seen), when the validator
 * finds errors (connections are checked against every environment), and when nothing changed.
 */
export async function publishFlow(db: Db, actor: Actor, input: TPublishFlow): Promise<PublishedVersion> {
  return db.$transaction(async (tx) => {
    const flow = await lockFlow(tx, input.flowId);
    if (flow.archivedAt) throw new AppError("CONFLICT", ARCHIVED_MESSAGE);
    const draft = await currentDraft(tx, flow.id);
    if (!draft) throw notFound();
    if (draft.revision !== input.baseRevision) {
      throw new DraftConflictError(
        `The draft changed since you looked: ${draft.editorName} saved revision ${draft.revision}. Review it, then publish again.`,
        draft,
      );
    }
    const { definition, issues } = validateFlow(draft.definition, { connectionNames: await connectionNameSet(tx) });
    const errors = issues.filter((issue) => issue.severity === "error");
    if (!definition || errors.length > 0) {
      const count = Math.max(errors.length, 1);
      throw new FlowInvalidError(`This flow has ${count} ${count === 1 ? "problem" : "problems"} to fix before it can be published.`, issues);
    }
    const contentHash = definitionHash(definition);
    const latest = await tx.flowVersion.findFirst({ where: { flowId: flow.id }, orderBy: { number: "desc" }, select: { number: true, contentHash: true } });
    if (latest && latest.contentHash === contentHash) throw new NothingToPublishError(latest.number);
    const number = (latest?.number ?? 0) + 1;
    const version = await tx.flowVersion.create({
      data: { flowId: flow.id, number, definition: definition as Prisma.InputJsonValue, contentHash, note: input.note, authorId: actor.id },
      select: { id: true, createdAt: true },
    });
    await appendAudit(tx, {
      ...auditActor(actor), action: "flow.published", subjectType: "flow", subjectId: flow.id,
      after: { number, contentHash, note: input.note, draftRevision: draft.revision, warnings: issues.length },
    });
    const release: PublishRelease = input.release
      ? await releaseToFirstEnvironment(tx, actor, { flowId: flow.id, versionId: version.id, number, definition })
      : { released: null, releaseProblem: null };
    return { number, contentHash, createdAt: version.createdAt.toISOString(), ...release };
  });
}

export type RestoredDraft = { revision: number; updatedAt: string; definition: TFlowDefinition };

/** Copies version `number` into the draft (a new draft revision; the version itself is untouched). */
export async function restoreVersion(db: Db, actor: Actor, input: TRestoreVersion): Promise<RestoredDraft> {
  return db.$transaction(async (tx) => {
    const flow = await lockFlow(tx, input.flowId);
    if (flow.archivedAt) throw new AppError("CONFLICT", ARCHIVED_MESSAGE);
    const version = await tx.flowVersion.findUnique({
      where: { flowId_number: { flowId: flow.id, number: input.number } },
      select: { definition: true, contentHash: true },
    });
    if (!version) throw new AppError("NOT_FOUND", `Version v${input.number} of this flow does not exist.`);
    const definition = readDefinition(version.definition, flow.id);
    const saved = await compareAndSetDraft(tx, actor, flow.id, input.baseRevision, definition);
    if (!saved) throw await whyNotSaved(tx, flow.id);
    await appendAudit(tx, {
      ...auditActor(actor), action: "flow.version_restored", subjectType: "flow", subjectId: flow.id,
      before: { revision: input.baseRevision }, after: { number: input.number, contentHash: version.contentHash, revision: saved.revision },
    });
    return { ...saved, definition };
  });
}
