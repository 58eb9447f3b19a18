// "While I'm away, a colleague decides my tasks": a Delegation makes tasks addressed to fromUser
// visible to, and decidable by, toUser between startsAt and endsAt (lib/tasks/access.server.ts
// reads them). One delegate at a time per person; people set up their own, admins anyone's.
import type { Db, DbTx } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { appendAudit } from "../audit/audit.server.ts";
import { hasAnyRole, SECTION_ROLES, type Role } from "../auth/roles.ts";
import type { SessionUser } from "../auth/sign-in.server.ts";
import { notify } from "../notifications/notify.server.ts";
import { lastCoveredInstant, type DelegationPerson, type DelegationStatus, type DelegationView, type TCreateDelegation } from "./delegation-schemas.ts";

export type { DelegationPerson, DelegationStatus, DelegationView };

const DECIDERS = SECTION_ROLES.inbox;
const PERSON = { select: { id: true, name: true, email: true } } as const;

export function delegationStatus(d: { startsAt: Date; endsAt: Date | null; revokedAt: Date | null }, now = new Date()): DelegationStatus {
  if (d.revokedAt) return "revoked";
  if (d.endsAt && d.endsAt <= now) return "ended";
  return d.startsAt > now ? "upcoming" : "active";
}

/** Delegations from or to this person (all of them for `everyone`), current ones first. */
export async function listDelegations(db: Db, scope: { userId: string } | { everyone: true }, now = new Date()): Promise<DelegationView[]> {
  const rows = await db.delegation.findMany({
    where: "userId" in scope ? { OR: [{ fromUserId: scope.userId }, { toUserId: scope.userId }] } : {},
    include: { fromUser: PERSON, toUser: PERSON },
    orderBy: { startsAt: "desc" },
    take: 200,
  });
  const rank: Record<DelegationStatus, number> = { active: 0, upcoming: 1, ended: 2, revoked: 2 };
  return rows
    .map(({ fromUser, toUser, fromUserId: _f, toUserId: _t, ...d }) => ({ ...d, from: fromUser, to: toUser, status: delegationStatus(d, now) }))
    .sort((a, b) => rank[a.status] - rank[b.status]);
}

export async function createDelegation(db: Db, actor: SessionUser, input: TCreateDelegation, now = new Date()): Promise<{ id: string }> {
  const fromUserId = input.fromUserId ?? actor.id;
  if (fromUserId !== actor.id && !actor.roles.includes("ADMIN")) {
    throw new AppError("FORBIDDEN", "Only an administrator can hand over someone else's tasks.");
  }
  if (input.toUserId === fromUserId) {
    throw new AppError("VALIDATION", "Choose a colleague other than the person who is away.", [{ path: "toUserId", message: "Not the same person" }]);
  }
  if (input.endsAt && input.endsAt <= now) {
    throw new AppError("VALIDATION", "This period is already over: pick an end in the future.", [{ path: "endsAt", message: "In the past" }]);
  }
  return db.$transaction(async (tx) => {
    // One delegate at a time: lock the person who is away so two requests cannot both pass the overlap check.
    await tx.$queryRawUnsafe(`SELECT id FROM "User" WHERE id = $1::uuid FOR UPDATE`, fromUserId);
    const from = await decider(tx, fromUserId, "fromUserId", "The person who is away");
    const to = await decider(tx, input.toUserId, "toUserId", "The colleague");
    await assertNoOverlap(tx, from, input, now);
    const delegation = await tx.delegation.create({
      data: { fromUserId, toUserId: to.id, startsAt: input.startsAt, endsAt: input.endsAt, note: input.note },
      select: { id: true },
    });
    const period = describePeriod(input.startsAt, input.endsAt);
    await appendAudit(tx, {
      ...actorOf(actor), action: "task.delegation_created", subjectType: "delegation", subjectId: delegation.id,
      after: { from: from.email, to: to.email, startsAt: input.startsAt.toISOString(), endsAt: input.endsAt?.toISOString() ?? null, note: input.note },
    });
    await notify(sqlOf(tx), { userIds: [to.id] }, {
      kind: "task.delegated",
      title: `${from.name} handed their tasks to you`,
      body: `${period}, tasks addressed to ${from.name} also appear in your inbox and you may decide them on their behalf.${input.note ? ` Note: ${input.note}` : ""}`,
      link: "/inbox",
    });
    return delegation;
  });
}

export async function revokeDelegation(db: Db, actor: SessionUser, delegationId: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const d = await tx.delegation.findUnique({ where: { id: delegationId }, include: { fromUser: PERSON, toUser: PERSON } });
    // Someone else's delegation is "not found" unless you are an admin or its delegate.
    const involved = d && (d.fromUserId === actor.id || d.toUserId === actor.id || actor.roles.includes("ADMIN"));
    if (!d || !involved) throw new AppError("NOT_FOUND", "This delegation does not exist.");
    const status = delegationStatus(d, now);
    if (status === "revoked" || status === "ended") throw new AppError("CONFLICT", `This delegation has already ${status === "revoked" ? "been revoked" : "ended"}.`);
    await tx.delegation.update({ where: { id: d.id }, data: { revokedAt: now } });
    await appendAudit(tx, {
      ...actorOf(actor), action: "task.delegation_revoked", subjectType: "delegation", subjectId: d.id,
      before: { from: d.fromUser.email, to: d.toUser.email, startsAt: d.startsAt.toISOString(), endsAt: d.endsAt?.toISOString() ?? null, status },
      after: { revokedAt: now.toISOString() },
    });
    const notified = actor.id === d.toUserId ? d.fromUser : d.toUser;
    await notify(sqlOf(tx), { userIds: [notified.id] }, {
      kind: "task.delegation_revoked",
      title: actor.id === d.toUserId ? `${d.toUser.name} no longer decides your tasks` : `${d.fromUser.name}'s tasks no longer come to you`,
      body: `The delegation from ${d.fromUser.name} to ${d.toUser.name} was revoked by ${actor.name}.`,
      link: "/settings",
    });
  });
}

/** Active people who may decide tasks (APPROVER or ADMIN): who can be away, and who can stand in. */
export async function listDeciders(db: Db): Promise<DelegationPerson[]> {
  return db.user.findMany({ where: { active: true, roles: { hasSome: [...DECIDERS] } }, orderBy: { name: "asc" }, select: { id: true, name: true, email: true } });
}

async function decider(tx: DbTx, userId: string, path: string, who: string): Promise<DelegationPerson> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, active: true, roles: true } });
  if (!user || !user.active) throw new AppError("VALIDATION", `${who} must be an active user.`, [{ path, message: "Not an active user" }]);
  if (!hasAnyRole(user.roles as Role[], DECIDERS)) {
    throw new AppError("VALIDATION", `${user.name} does not decide tasks (needs the Approver or Administrator role).`, [{ path, message: "Not an approver" }]);
  }
  return { id: user.id, name: user.name, email: user.email };
}

// [startsAt, endsAt) intervals overlap when each starts before the other ends; ended ones no longer count.
async function assertNoOverlap(tx: DbTx, from: DelegationPerson, input: TCreateDelegation, now: Date): Promise<void> {
  const laterOf = input.startsAt > now ? input.startsAt : now;
  const clash = await tx.delegation.findFirst({
    where: {
      fromUserId: from.id,
      revokedAt: null,
      OR: [{ endsAt: null }, { endsAt: { gt: laterOf } }],
      ...(input.endsAt ? { startsAt: { lt: input.endsAt } } : {}),
    },
    include: { toUser: PERSON },
    orderBy: { startsAt: "asc" },
  });
  if (!clash) return;
  throw new AppError(
    "CONFLICT",
    `${from.name}'s tasks already go to ${clash.toUser.name} ${describePeriod(clash.startsAt, clash.endsAt, "from")}. ` +
      "One colleague at a time: revoke that delegation first, or pick other dates.",
    [{ path: "startsAt", message: "Overlaps another delegation" }],
  );
}

// Shown in the server's time zone, like every date in the product (components/ui/format.ts).
const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** "From 23 Nov 2026 until 30 Nov 2026" / "from 23 Nov 2026 until revoked". */
export function describePeriod(startsAt: Date, endsAt: Date | null, from = "From"): string {
  return `${from} ${DAY.format(startsAt)} ${endsAt ? `until ${DAY.format(lastCoveredInstant(endsAt))}` : "until revoked"}`;
}

function sqlOf(tx: DbTx) {
  return { query: <T>(text: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(text, ...params) };
}

function actorOf(actor: SessionUser) {
  return { actorId: actor.id, actorLabel: actor.email };
}
