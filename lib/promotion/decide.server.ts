// Deciding a promotion request (four eyes): an admin who neither requested it nor wrote the version
// approves (the release lands in the same transaction, after gate (a) is checked again) or rejects
// it with a comment; the requester may cancel it. The decision is a conditional update on status
// PENDING, so of two admins deciding at once one wins and the other hears who decided first.
import type { Db, DbTx } from "../db/client.ts";
import { appendAudit } from "../audit/audit.server.ts";
import type { SessionUser } from "../auth/sign-in.server.ts";
import { AppError } from "../errors.ts";
import { readDefinition } from "../flows/drafts.server.ts";
import { auditActor, lockFlow } from "../flows/flows.server.ts";
import { currentRelease, summarizeDiff } from "./promote.server.ts";
import { missingConnections, missingConnectionsMessage, releaseVersion } from "./release.server.ts";
import { whyCannotDecide } from "./requests.server.ts";

type Decider = Pick<SessionUser, "id" | "email" | "roles">;

export async function approveRequest(db: Db, actor: Decider, input: { requestId: string; comment?: string }): Promise<{ versionNumber: number; environmentName: string }> {
  return db.$transaction(async (tx) => {
    const { request, version, environment } = await loadForDecision(tx, actor, input.requestId);
    await lockFlow(tx, request.flowId);
    const definition = readDefinition(version.definition, request.flowId);
    const missing = await missingConnections(tx, environment.id, definition);
    if (missing.length > 0) throw new AppError("CONFLICT", `Not approved: ${missingConnectionsMessage(environment.name, missing)}`);
    await claimDecision(tx, actor, request.id, "APPROVED", input.comment ?? null);
    const current = await currentRelease(tx, environment.id, request.flowId);
    const diff = summarizeDiff(current?.definition ?? null, definition);
    await releaseVersion(tx, actor, {
      environmentId: environment.id, flowId: request.flowId, version: { id: version.id, definition }, action: "promote",
      note: request.note, requestId: request.id,
    });
    const before = { environment: environment.key, versionId: current?.id ?? null, number: current?.number ?? null };
    const after = { environment: environment.key, versionId: version.id, number: version.number, requestId: request.id, requestedById: request.requestedById, diff };
    await appendAudit(tx, { ...auditActor(actor), action: "promotion.approved", subjectType: "flow", subjectId: request.flowId, before, after: { ...after, comment: input.comment ?? null } });
    await appendAudit(tx, { ...auditActor(actor), action: "release.promoted", subjectType: "flow", subjectId: request.flowId, before, after });
    return { versionNumber: version.number, environmentName: environment.name };
  });
}

export async function rejectRequest(db: Db, actor: Decider, input: { requestId: string; comment: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const { request, version, environment } = await loadForDecision(tx, actor, input.requestId);
    await claimDecision(tx, actor, request.id, "REJECTED", input.comment);
    await appendAudit(tx, {
      ...auditActor(actor), action: "promotion.rejected", subjectType: "flow", subjectId: request.flowId,
      after: { environment: environment.key, versionId: version.id, number: version.number, requestId: request.id, comment: input.comment },
    });
  });
}

/** The requester withdraws their own pending request. */
export async function cancelRequest(db: Db, actor: Decider, input: { requestId: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const request = await tx.promotionRequest.findUnique({ where: { id: input.requestId } });
    if (!request) throw new AppError("NOT_FOUND", "This promotion request does not exist.");
    if (request.requestedById !== actor.id) throw new AppError("FORBIDDEN", "Only the administrator who requested this promotion can cancel it.");
    await claimDecision(tx, actor, request.id, "CANCELLED", null);
    await appendAudit(tx, {
      ...auditActor(actor), action: "promotion.cancelled", subjectType: "flow", subjectId: request.flowId,
      after: { requestId: request.id, versionId: request.versionId },
    });
  });
}

async function loadForDecision(tx: DbTx, actor: Decider, requestId: string) {
  const request = await tx.promotionRequest.findUnique({ where: { id: requestId } });
  if (!request) throw new AppError("NOT_FOUND", "This promotion request does not exist.");
  const [version, environment] = await Promise.all([
    tx.flowVersion.findUniqueOrThrow({ where: { id: request.versionId }, select: { id: true, number: true, authorId: true, definition: true } }),
    tx.environment.findUniqueOrThrow({ where: { id: request.environmentId }, select: { id: true, key: true, name: true } }),
  ]);
  if (request.status !== "PENDING") throw await alreadyDecided(tx, request.id);
  const why = whyCannotDecide(actor, request, version.authorId);
  if (why) throw new AppError("FORBIDDEN", why);
  return { request, version, environment };
}

// Conditional on PENDING: a concurrent decision that committed first makes this one a CONFLICT.
async function claimDecision(tx: DbTx, actor: Decider, requestId: string, status: "APPROVED" | "REJECTED" | "CANCELLED", comment: string | null): Promise<void> {
  const { count } = await tx.promotionRequest.updateMany({
    where: { id: requestId, status: "PENDING" },
    data: { status, decidedById: actor.id, decidedAt: new Date(), comment },
  });
  if (count === 0) throw await alreadyDecided(tx, requestId);
}

async function alreadyDecided(tx: DbTx, requestId: string): Promise<AppError> {
  const request = await tx.promotionRequest.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, decidedById: true, decidedAt: true } });
  const who = request.decidedById ? (await tx.user.findUnique({ where: { id: request.decidedById }, select: { name: true } }))?.name : null;
  const verb = { APPROVED: "approved", REJECTED: "rejected", CANCELLED: "cancelled", FAILED: "closed", PENDING: "decided" }[request.status];
  const at = request.decidedAt ? ` at ${request.decidedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
  return new AppError("CONFLICT", `This request was already ${verb}${who ? ` by ${who}` : ""}${at}.`);
}
