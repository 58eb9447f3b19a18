import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { decoyHash, verifyPassword } from "./password.ts";
import { clearFailures, recordFailure, throttleVerdict } from "./throttle.server.ts";
import type { Role } from "./roles.ts";

export type SessionUser = { id: string; email: string; name: string; roles: Role[] };

export const ZSignIn = z.object({
  email: z.string().trim().toLowerCase().email("Enter an e-mail address").max(320),
  password: z.string().min(1, "Enter your password").max(1024),
});

export const WRONG_CREDENTIALS = "That e-mail and password do not match an account.";
export const TOO_MANY_ATTEMPTS = "Too many failed sign-ins from your network. Wait 15 minutes and try again.";

/** Checks a password sign-in; throttled per address and audited whatever the outcome. */
export async function signInWithPassword(db: Db, raw: unknown, ip: string): Promise<SessionUser> {
  const parsed = ZSignIn.safeParse(raw);
  if (!parsed.success) throw new AppError("UNAUTHENTICATED", WRONG_CREDENTIALS);
  const { email, password } = parsed.data;

  const verdict = await throttleVerdict(db, ip);
  if (verdict.blocked) {
    await recordAudit(db, { actorLabel: email, action: "auth.sign_in_blocked", subjectType: "user", ip });
    throw new AppError("RATE_LIMITED", TOO_MANY_ATTEMPTS);
  }
  if (verdict.delayMs > 0) await sleep(verdict.delayMs);

  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !ok || !user.active) {
    await recordFailure(db, ip, email);
    await recordAudit(db, {
      actorId: user?.id, actorLabel: email, action: "auth.sign_in_failed", subjectType: "user", subjectId: user?.id, ip,
      after: { reason: !user ? "unknown_email" : !ok ? "wrong_password" : "deactivated" },
    });
    throw new AppError("UNAUTHENTICATED", WRONG_CREDENTIALS);
  }

  await clearFailures(db, ip);
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await recordAudit(db, { actorId: user.id, actorLabel: user.email, action: "auth.sign_in", subjectType: "user", subjectId: user.id, ip });
  return { id: user.id, email: user.email, name: user.name, roles: user.roles };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
