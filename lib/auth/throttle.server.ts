import type { Db } from "../db/client.ts";

// Failed sign-ins are counted per client address over a window, in the database so every web
// process sees the same count. After a few failures each further attempt waits longer; after many
// the address is refused until the window passes. Messages never say which part was wrong.
export const THROTTLE = {
  windowMs: 15 * 60 * 1000,
  freeAttempts: 5,
  maxDelayMs: 10_000,
  blockAfter: 30,
};

export type ThrottleVerdict = { blocked: true } | { blocked: false; delayMs: number };

export function verdictFor(recentFailures: number): ThrottleVerdict {
  if (recentFailures >= THROTTLE.blockAfter) return { blocked: true };
  const over = recentFailures - THROTTLE.freeAttempts + 1;
  if (over <= 0) return { blocked: false, delayMs: 0 };
  return { blocked: false, delayMs: Math.min(THROTTLE.maxDelayMs, 500 * 2 ** (over - 1)) };
}

export async function throttleVerdict(db: Db, ip: string): Promise<ThrottleVerdict> {
  const since = new Date(Date.now() - THROTTLE.windowMs);
  const recent = await db.signInFailure.count({ where: { ip, createdAt: { gte: since } } });
  return verdictFor(recent);
}

export async function recordFailure(db: Db, ip: string, email: string): Promise<void> {
  await db.signInFailure.create({ data: { ip, email: email.slice(0, 320) } });
}

export async function clearFailures(db: Db, ip: string): Promise<void> {
  await db.signInFailure.deleteMany({ where: { ip } });
}

/** The caller's address: the last X-Forwarded-For hop (added by our own server), unless told to trust more proxies. */
export function clientAddress(headers: Record<string, string | string[] | undefined> | Headers): string {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw ?? "";
  const hops = value.split(",").map((hop) => hop.trim()).filter(Boolean);
  const trusted = Number(process.env.TRUSTED_PROXY_COUNT ?? 0);
  return hops[Math.max(0, hops.length - 1 - trusted)] ?? "unknown";
}
