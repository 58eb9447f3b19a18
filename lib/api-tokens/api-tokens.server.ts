// Personal API tokens for the REST API (app/api/v1): "mw_" + 32 random bytes (base64url). Only the
// sha256 of a token is stored, so the token is shown once and a database leak reveals none.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { appendAudit } from "../audit/audit.server.ts";
import type { SessionUser } from "../auth/sign-in.server.ts";
import type { ApiTokenView, CreatedApiToken, TCreateApiToken } from "./api-token-schemas.ts";

export const TOKEN_PREFIX = "mw_";
const MAX_ACTIVE_TOKENS = 20;
const VIEW = { id: true, name: true, createdAt: true, lastUsedAt: true } as const;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenView[]> {
  return db.apiToken.findMany({ where: { userId, revokedAt: null }, orderBy: { createdAt: "desc" }, select: VIEW });
}

export async function createApiToken(db: Db, actor: SessionUser, input: TCreateApiToken): Promise<CreatedApiToken> {
  const token = newToken();
  return db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT id FROM "User" WHERE id = $1::uuid FOR UPDATE`, actor.id);
    const active = await tx.apiToken.findMany({ where: { userId: actor.id, revokedAt: null }, select: { name: true } });
    if (active.some((t) => t.name.toLowerCase() === input.name.toLowerCase())) {
      throw new AppError("CONFLICT", `You already have a token named ${input.name}.`, [{ path: "name", message: "Already in use" }]);
    }
    if (active.length >= MAX_ACTIVE_TOKENS) {
      throw new AppError("CONFLICT", `You have ${MAX_ACTIVE_TOKENS} tokens already: revoke one you no longer use first.`);
    }
    const row = await tx.apiToken.create({ data: { userId: actor.id, name: input.name, tokenHash: hashToken(token) }, select: VIEW });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.email, action: "api_token.created", subjectType: "api_token", subjectId: row.id, after: { name: row.name, user: actor.email } });
    return { ...row, token };
  });
}

/** Revokes one of the actor's own tokens; someone else's is "not found". */
export async function revokeApiToken(db: Db, actor: SessionUser, tokenId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id: tokenId, userId: actor.id }, select: { id: true, name: true, revokedAt: true } });
    if (!token) throw new AppError("NOT_FOUND", "This token does not exist.");
    if (token.revokedAt) throw new AppError("CONFLICT", `${token.name} has already been revoked.`);
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.email, action: "api_token.revoked", subjectType: "api_token", subjectId: token.id, before: { name: token.name, user: actor.email } });
  });
}
