import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { authOptions } from "./auth-options.server.ts";
import { hasAnyRole, type Role } from "./roles.ts";
import type { SessionUser } from "./sign-in.server.ts";

/**
 * The signed-in user, read fresh from the database: a deactivated user or a removed role takes
 * effect on the next request, not when the session cookie expires.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const user = await getDb().user.findUnique({ where: { id }, select: { id: true, email: true, name: true, roles: true, active: true } });
  if (!user?.active) return null;
  return { id: user.id, email: user.email, name: user.name, roles: user.roles };
}

/**
 * The one guard: every server action and route handler starts with it.
 * No roles = any signed-in user. Throws AppError UNAUTHENTICATED (401) or FORBIDDEN (403).
 */
export async function requireRole(...roles: Role[]): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  if (roles.length > 0 && !hasAnyRole(user.roles, roles)) {
    throw new AppError("FORBIDDEN", `This needs the ${roles.join(" or ")} role.`);
  }
  return user;
}

/** The same guard for pages: unauthenticated -> sign-in page, wrong role -> the 403 page. */
export async function requirePageRole(path: string, ...roles: Role[]): Promise<SessionUser> {
  try {
    return await requireRole(...roles);
  } catch (error) {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
    if (error instanceof AppError && error.code === "FORBIDDEN") forbidden();
    throw error;
  }
}
