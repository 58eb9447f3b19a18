// Personal settings as people use them: "while I'm away" delegations (who may hand over whose
// tasks, to whom, one colleague at a time, audited, the colleague notified, revocable) and personal
// API tokens (shown once, stored as a hash, listed without it, revocable, audited).
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listApiTokens } from "../../../lib/api-tokens/api-tokens.server.ts";
import { verifyAuditChain } from "../../../lib/audit/audit.server.ts";
import { listDelegations } from "../../../lib/delegations/delegations.server.ts";
import { taskActors } from "../../../lib/tasks/access.server.ts";
import { seedDemo } from "../../../prisma/seed.ts";
import { signInAs } from "../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/test-database.ts";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let t: TestDatabase;
let actions: typeof import("./actions.ts");
const ids: Record<string, string> = {};
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const sql = () => ({ query: <T>(text: string, params: unknown[] = []) => t.db.$queryRawUnsafe<T[]>(text, ...params) });

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  actions = await import("./actions.ts");
  await seedDemo(t.db);
  for (const user of await t.db.user.findMany({ select: { id: true, email: true } })) ids[user.email.split("@")[0]!] = user.id;
  ids.bea = (await t.db.user.create({ data: { email: "bea@plant.example", name: "Bea Backup", roles: ["APPROVER"], passwordHash: "x" } })).id;
  ids.cara = (await t.db.user.create({ data: { email: "cara@plant.example", name: "Cara Stranger", roles: ["APPROVER"], passwordHash: "x" } })).id;
  ids.gone = (await t.db.user.create({ data: { email: "gone@plant.example", name: "Gone Person", roles: ["APPROVER"], passwordHash: "x", active: false } })).id;
});
afterAll(async () => {
  await t.drop();
});

describe("delegation while away", () => {
  let delegationId: string;

  it("lets only approvers and admins hand over tasks, and only to an active approver other than themselves", async () => {
    signInAs(ids.analyst!);
    expect(await actions.createDelegationAction({ toUserId: ids.bea, startsAt: at(0) })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    signInAs(ids.approver!);
    expect(await actions.createDelegationAction({ toUserId: ids.approver, startsAt: at(0) })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "toUserId" }] });
    expect(await actions.createDelegationAction({ toUserId: ids.analyst, startsAt: at(0) })).toMatchObject({
      ok: false, code: "VALIDATION", message: "Ana Lyst does not decide tasks (needs the Approver or Administrator role).",
    });
    expect(await actions.createDelegationAction({ toUserId: ids.gone, startsAt: at(0) })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "toUserId" }] });
    expect(await actions.createDelegationAction({ toUserId: ids.bea, startsAt: at(2), endsAt: at(1) })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "endsAt" }] });
    expect(await actions.createDelegationAction({ toUserId: ids.bea, startsAt: at(-5), endsAt: at(-1) })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "endsAt" }] });
    expect(await actions.createDelegationAction({ fromUserId: ids.admin2, toUserId: ids.bea, startsAt: at(0) })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await t.db.delegation.count()).toBe(0);
  });

  it("hands my tasks to a colleague: audited, the colleague notified, and my tasks become theirs to decide", async () => {
    signInAs(ids.approver!);
    const created = await actions.createDelegationAction({ toUserId: ids.bea, startsAt: at(-0.1), endsAt: at(7), note: "Back on Monday" });
    expect(created).toMatchObject({ ok: true });
    delegationId = (created as { data: { id: string } }).data.id;
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "task.delegation_created", subjectId: delegationId } });
    expect(event.after).toMatchObject({ from: "approver@millwright.local", to: "bea@plant.example", note: "Back on Monday" });
    const notes = await t.db.notification.findMany({ where: { userId: ids.bea!, kind: "task.delegated" } });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ title: "Arno Prover handed their tasks to you", link: "/inbox" });
    expect(notes[0]!.body).toContain("Back on Monday");
    const actors = await taskActors(sql(), ids.bea!);
    expect(actors.map((a) => [a.email, a.onBehalfOf])).toEqual([["bea@plant.example", false], ["approver@millwright.local", true]]);
    expect((await listDelegations(t.db, { userId: ids.bea! }))[0]).toMatchObject({ id: delegationId, status: "active" });
  });

  it("refuses a second, overlapping delegation (one colleague at a time) but accepts one after it ends", async () => {
    signInAs(ids.approver!);
    const overlapping = await actions.createDelegationAction({ toUserId: ids.admin2, startsAt: at(3), endsAt: at(10) });
    expect(overlapping).toMatchObject({ ok: false, code: "CONFLICT", fields: [{ path: "startsAt" }] });
    expect((overlapping as { message: string }).message).toContain("already go to Bea Backup");
    expect(await actions.createDelegationAction({ toUserId: ids.admin2, startsAt: at(8) })).toMatchObject({ ok: true });
  });

  it("lets an admin hand over someone else's tasks", async () => {
    signInAs(ids.admin!);
    expect(await actions.createDelegationAction({ fromUserId: ids.admin2, toUserId: ids.bea, startsAt: at(0) })).toMatchObject({ ok: true });
    expect((await listDelegations(t.db, { everyone: true })).length).toBe(3);
  });

  it("revokes: the colleague loses the tasks at once; a second revoke and strangers are refused", async () => {
    signInAs(ids.analyst!);
    expect(await actions.revokeDelegationAction({ delegationId })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    signInAs(ids.cara!);
    expect(await actions.revokeDelegationAction({ delegationId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    signInAs(ids.approver!);
    expect(await actions.revokeDelegationAction({ delegationId })).toMatchObject({ ok: true });
    expect((await taskActors(sql(), ids.bea!)).map((a) => a.email)).not.toContain("approver@millwright.local");
    expect(await actions.revokeDelegationAction({ delegationId })).toMatchObject({ ok: false, code: "CONFLICT" });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "task.delegation_revoked", subjectId: delegationId } });
    expect(event.before).toMatchObject({ from: "approver@millwright.local", to: "bea@plant.example", status: "active" });
    expect(await t.db.notification.count({ where: { userId: ids.bea!, kind: "task.delegation_revoked" } })).toBe(1);
  });
});

describe("personal API tokens", () => {
  let tokenId: string;

  it("creates a token shown once: mw_ + 32 random bytes, stored only as its sha256, audited without it", async () => {
    signInAs(ids.analyst!);
    const created = await actions.createApiTokenAction({ name: "Teams bot" });
    expect(created).toMatchObject({ ok: true, data: { name: "Teams bot", lastUsedAt: null } });
    const { id, token } = (created as { data: { id: string; token: string } }).data;
    tokenId = id;
    expect(token).toMatch(/^mw_[A-Za-z0-9_-]{43}$/);
    const row = await t.db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "api_token.created", subjectId: id } });
    expect(JSON.stringify(event.after)).not.toContain(token.slice(3));
    expect(await listApiTokens(t.db, ids.analyst!)).toEqual([{ id, name: "Teams bot", createdAt: row.createdAt, lastUsedAt: null }]);
  });

  it("names a missing or duplicate name in the field", async () => {
    signInAs(ids.analyst!);
    expect(await actions.createApiTokenAction({ name: " " })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "name" }] });
    expect(await actions.createApiTokenAction({ name: "teams BOT" })).toMatchObject({ ok: false, code: "CONFLICT", fields: [{ path: "name", message: "Already in use" }] });
    signInAs(null);
    expect(await actions.createApiTokenAction({ name: "anon" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });

  it("revokes only one's own token, once, audited", async () => {
    signInAs(ids.approver!);
    expect(await actions.revokeApiTokenAction({ tokenId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    signInAs(ids.analyst!);
    expect(await actions.revokeApiTokenAction({ tokenId })).toMatchObject({ ok: true });
    expect(await actions.revokeApiTokenAction({ tokenId })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await listApiTokens(t.db, ids.analyst!)).toEqual([]);
    expect(await t.db.auditEvent.count({ where: { action: "api_token.revoked", subjectId: tokenId } })).toBe(1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
