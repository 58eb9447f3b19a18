import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { verifyAuditChain } from "../audit/audit.server.ts";
import { signInWithPassword } from "../auth/sign-in.server.ts";
import type { SessionUser } from "../auth/sign-in.server.ts";
import { createUser, listUsers, setUserActive, updateUser } from "./users.server.ts";
import { ZCreateUser } from "./user-schemas.ts";

let t: TestDatabase;
let admin: SessionUser;
let groupId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const row = await t.db.user.create({ data: { email: "boss@plant.example", name: "Boss", roles: ["ADMIN"], passwordHash: "x" } });
  admin = { id: row.id, email: row.email, name: row.name, roles: row.roles };
  groupId = (await t.db.group.create({ data: { name: "Purchasing" } })).id;
});
afterAll(async () => { await t.drop(); });

describe("user administration", () => {
  let userId: string;

  it("creates a user with roles and groups who can then sign in; the audit shows no password", async () => {
    const input = ZCreateUser.parse({ email: "New@Plant.example", name: "New Planner", password: "twelve chars!", roles: ["ANALYST"], groupIds: [groupId] });
    userId = (await createUser(t.db, admin, input)).id;
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "user.created", subjectId: userId } });
    expect(event.after).toEqual({ email: "new@plant.example", name: "New Planner", roles: ["ANALYST"], active: true, groups: ["Purchasing"] });
    expect(JSON.stringify({ ...event, seq: String(event.seq) })).not.toMatch(/scrypt|twelve/);
    await expect(signInWithPassword(t.db, { email: "new@plant.example", password: "twelve chars!" }, "10.1.1.1")).resolves.toMatchObject({ id: userId });
  });

  it("refuses a second user with the same e-mail, naming the field", async () => {
    const input = ZCreateUser.parse({ email: "new@plant.example", name: "Twin", password: "twelve chars!", roles: ["ANALYST"] });
    await expect(createUser(t.db, admin, input)).rejects.toMatchObject({ code: "CONFLICT", fields: [{ path: "email", message: "Already in use" }] });
  });

  it("changes roles and groups with before and after in the audit", async () => {
    await updateUser(t.db, admin, { userId, name: "New Planner", roles: ["ANALYST", "APPROVER"], groupIds: [] });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "user.updated", subjectId: userId } });
    expect(event.before).toMatchObject({ roles: ["ANALYST"], groups: ["Purchasing"] });
    expect(event.after).toMatchObject({ roles: ["ANALYST", "APPROVER"], groups: [] });
  });

  it("deactivates a user, who can no longer sign in, and reactivates them", async () => {
    await setUserActive(t.db, admin, userId, false);
    await expect(signInWithPassword(t.db, { email: "new@plant.example", password: "twelve chars!" }, "10.1.1.2")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await setUserActive(t.db, admin, userId, true);
    const actions = (await t.db.auditEvent.findMany({ where: { subjectId: userId }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toContain("user.deactivated");
    expect(actions.at(-1)).toBe("user.reactivated");
    expect((await listUsers(t.db)).find((u) => u.id === userId)?.active).toBe(true);
  });

  it("never leaves the product without an administrator", async () => {
    await expect(setUserActive(t.db, admin, admin.id, false)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(updateUser(t.db, admin, { userId: admin.id, name: "Boss", roles: ["ANALYST"], groupIds: [] })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
