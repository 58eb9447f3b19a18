import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { recordAudit, verifyAuditChain } from "./audit.server.ts";

let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t.drop(); });

const event = (n: number) => ({
  actorLabel: "admin@plant.example", action: "user.updated", subjectType: "user", subjectId: `u${n}`,
  before: { roles: ["ANALYST"], n }, after: { roles: ["ANALYST", "APPROVER"], n, note: "ümlaut & \"quotes\"" },
});

// Changing rows needs the append-only triggers switched off, which only a superuser can do:
// exactly what an attacker with database access would have to do, and what the chain must reveal.
async function asSuperuserBypassingTriggers(sql: string): Promise<void> {
  await t.db.$transaction([t.db.$executeRawUnsafe("SET LOCAL session_replication_role = replica"), t.db.$executeRawUnsafe(sql)]);
}

describe("audit trail", () => {
  it("chains events written concurrently and verifies them", async () => {
    await Promise.all(Array.from({ length: 25 }, (_, n) => recordAudit(t.db, event(n))));
    const report = await verifyAuditChain(t.db, 7);
    expect(report).toMatchObject({ ok: true, events: 25 });
  });

  it("is refused UPDATE, DELETE and TRUNCATE by the database itself", async () => {
    await expect(t.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorLabel" = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    expect(await t.db.auditEvent.count()).toBe(25);
  });

  it("detects an altered event", async () => {
    await asSuperuserBypassingTriggers(`UPDATE "AuditEvent" SET "after" = '{"roles":["ADMIN"]}' WHERE seq = (SELECT min(seq) + 10 FROM "AuditEvent")`);
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(false);
    if (report.ok) return;
    expect(report.events).toBe(10);
    expect(report.reason).toMatch(/altered/);
  });

  it("detects a removed event", async () => {
    const fresh = await createTestDatabase();
    try {
      for (let n = 0; n < 5; n++) await recordAudit(fresh.db, event(n));
      await fresh.db.$transaction([
        fresh.db.$executeRawUnsafe("SET LOCAL session_replication_role = replica"),
        fresh.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE seq = (SELECT min(seq) + 2 FROM "AuditEvent")`),
      ]);
      const report = await verifyAuditChain(fresh.db);
      expect(report).toMatchObject({ ok: false, events: 2 });
      if (!report.ok) expect(report.reason).toMatch(/removed/);
    } finally {
      await fresh.drop();
    }
  });
});
