// Authentication for the REST API (app/api/v1): `Authorization: Bearer mw_...`, a personal API
// token made on the settings page. The token's user is read fresh on each request, like the
// session guard (lib/auth/guard.server.ts): a revoked token or a deactivated user stops at once.
import type { Db } from "../db/client.ts";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { errorResponse } from "../http/route.server.ts";
import { hasAnyRole, type Role } from "../auth/roles.ts";
import type { SessionUser } from "../auth/sign-in.server.ts";
import { hashToken, TOKEN_PREFIX } from "../api-tokens/api-tokens.server.ts";

const BEARER = /^Bearer\s+(\S+)\s*$/i;
// Writing lastUsedAt on every call would turn each read into a write; a minute is precise enough.
const LAST_USED_PRECISION = "1 minute";

/** The token's user; 401 when the token is missing, unknown, revoked or its user deactivated; 403 without one of `roles`. */
export async function authenticateToken(db: Db, request: Request, roles: readonly Role[] = []): Promise<SessionUser> {
  const token = BEARER.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!token) throw new AppError("UNAUTHENTICATED", "Send a personal API token: Authorization: Bearer mw_… (create one under Settings).");
  const rows = token.startsWith(TOKEN_PREFIX)
    ? await db.$queryRawUnsafe<(SessionUser & { tokenId: string })[]>(
        `WITH used AS (
           UPDATE "ApiToken" SET "lastUsedAt" = now()
            WHERE "tokenHash" = $1 AND "revokedAt" IS NULL AND ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - $2::interval)
              AND EXISTS (SELECT 1 FROM "User" WHERE id = "ApiToken"."userId" AND active)
         )
         SELECT t.id::text AS "tokenId", u.id::text AS id, u.email, u.name, u.roles::text[] AS roles
           FROM "ApiToken" t JOIN "User" u ON u.id = t."userId"
          WHERE t."tokenHash" = $1 AND t."revokedAt" IS NULL AND u.active`,
        hashToken(token),
        LAST_USED_PRECISION,
      )
    : [];
  const row = rows[0];
  if (!row) throw new AppError("UNAUTHENTICATED", "This API token is not valid: it may have been revoked, or its user deactivated.");
  const user: SessionUser = { id: row.id, email: row.email, name: row.name, roles: row.roles };
  if (roles.length > 0 && !hasAnyRole(user.roles, roles)) throw new AppError("FORBIDDEN", `This needs the ${roles.join(" or ")} role.`);
  return user;
}

/**
 * A REST route handler behind token authentication: the handler gets the token's user; any error
 * becomes the product's JSON error answer (lib/http/route.server.ts), a 401 with WWW-Authenticate.
 */
export function tokenRoute<A extends unknown[]>(
  roles: readonly Role[],
  handler: (user: SessionUser, request: Request, ...rest: A) => Promise<Response>,
): (request: Request, ...rest: A) => Promise<Response> {
  return async (request, ...rest) => {
    try {
      const user = await authenticateToken(getDb(), request, roles);
      return await handler(user, request, ...rest);
    } catch (error) {
      const response = errorResponse(error);
      if (response.status === 401) response.headers.set("WWW-Authenticate", 'Bearer realm="millwright"');
      response.headers.set("Cache-Control", "no-store");
      return response;
    }
  };
}
