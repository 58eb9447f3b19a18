// Promotion requests into protected environments: who may decide them (four eyes) and the lists
// the inbox and the matrix show. A request is decided by an admin who neither asked for it nor
// wrote the version it would release.
import type { SessionUser } from "../auth/sign-in.server.ts";
import type { DbTx } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export type PendingRequestSummary = {
  id: string;
  flowName: string;
  versionNumber: number;
  environmentName: string;
  requestedBy: string;
  createdAt: Date;
};

/** Why this user may not decide the request, or null when they may. */
export function whyCannotDecide(
  user: Pick<SessionUser, "id" | "roles">,
  request: { requestedById: string; status: string },
  versionAuthorId: string,
): string | null {
  if (request.status !== "PENDING") return "This request has already been decided.";
  if (!user.roles.includes("ADMIN")) return "Only administrators decide promotion requests.";
  if (request.requestedById === user.id) return "You requested this promotion: a second administrator must approve it.";
  if (versionAuthorId === user.id) return "You wrote this version: an administrator who did not write it must approve it.";
  return null;
}

// Pending requests this admin may decide: not their own and not of a version they wrote.
async function decidableWhere(db: DbTx, user: Pick<SessionUser, "id" | "roles">): Promise<Prisma.PromotionRequestWhereInput | null> {
  if (!user.roles.includes("ADMIN")) return null;
  const authored = await db.flowVersion.findMany({
    where: { authorId: user.id, id: { in: (await db.promotionRequest.findMany({ where: { status: "PENDING" }, select: { versionId: true } })).map((r) => r.versionId) } },
    select: { id: true },
  });
  return { status: "PENDING", requestedById: { not: user.id }, versionId: { notIn: authored.map((v) => v.id) } };
}

export async function countPromotionRequestsFor(db: DbTx, user: Pick<SessionUser, "id" | "roles">): Promise<number> {
  const where = await decidableWhere(db, user);
  return where ? db.promotionRequest.count({ where }) : 0;
}

export async function pendingRequestsFor(db: DbTx, user: Pick<SessionUser, "id" | "roles">, take = 50): Promise<PendingRequestSummary[]> {
  const where = await decidableWhere(db, user);
  if (!where) return [];
  const requests = await db.promotionRequest.findMany({ where, orderBy: { createdAt: "asc" }, take });
  return describeRequests(db, requests);
}

/** Names for request rows (PromotionRequest has no relations: one query per referenced table). */
export async function describeRequests(
  db: DbTx,
  requests: { id: string; flowId: string; versionId: string; environmentId: string; requestedById: string; createdAt: Date }[],
): Promise<PendingRequestSummary[]> {
  if (requests.length === 0) return [];
  const [flows, versions, environments, users] = await Promise.all([
    db.flow.findMany({ where: { id: { in: requests.map((r) => r.flowId) } }, select: { id: true, name: true } }),
    db.flowVersion.findMany({ where: { id: { in: requests.map((r) => r.versionId) } }, select: { id: true, number: true } }),
    db.environment.findMany({ where: { id: { in: requests.map((r) => r.environmentId) } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: requests.map((r) => r.requestedById) } }, select: { id: true, name: true } }),
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
  const [flowMap, versionMap, envMap, userMap] = [byId(flows), byId(versions), byId(environments), byId(users)];
  return requests.map((r) => ({
    id: r.id,
    flowName: flowMap.get(r.flowId)?.name ?? "Unknown flow",
    versionNumber: versionMap.get(r.versionId)?.number ?? 0,
    environmentName: envMap.get(r.environmentId)?.name ?? "Unknown environment",
    requestedBy: userMap.get(r.requestedById)?.name ?? "Unknown user",
    createdAt: r.createdAt,
  }));
}
