import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { verifyAuditChain } from "../audit/audit.server.ts";
import { hashPassword } from "./password.ts";
import { signInWithPassword, TOO_MANY_ATTEMPTS, WRONG_CREDENTIALS } from "./sign-in.server.ts";
import { THROTTLE } from "./throttle.server.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  const passwordHash = await hashPassword("a long demo password");
  await t.db.user.create({ data: { email: "planner@plant.example", name: "Planner", roles: ["ANALYST", "APPROVER"], passwordHash } });
  await t.db.user.create({ data: { email: "gone@plant.example", name: "Gone", roles: ["ADMIN"], passwordHash, active: false } });
});
afterAll(async () => { await t.drop(); });
beforeEach(async () => { await t.db.signInFailure.deleteMany(); });

const actions = async () => (await t.db.auditEvent.findMany({ orderBy: { seq: "asc" } })).map((e) => e.action);

describe("password sign-in", () => {
  it("signs in with the right password, case-insensitive e-mail, and audits it", async () => {
    const user = await signInWithPassword(t.db, { email: " Planner@Plant.example ", password: "a long demo password" }, "10.0.0.1");
    expect(user).toMatchObject({ email: "planner@plant.example", roles: ["ANALYST", "APPROVER"] });
    expect((await actions()).at(-1)).toBe("auth.sign_in");
  });

  it("gives one message for a wrong password, an unknown e-mail and a deactivated account", async () => {
    for (const attempt of [
      { email: "planner@plant.example", password: "wrong" },
      { email: "nobody@plant.example", password: "a long demo password" },
      { email: "gone@plant.example", password: "a long demo password" },
    ]) {
      await expect(signInWithPassword(t.db, attempt, "10.0.0.2")).rejects.toMatchObject({ code: "UNAUTHENTICATED", userMessage: WRONG_CREDENTIALS });
    }
    expect((await actions()).slice(-3)).toEqual(["auth.sign_in_failed", "auth.sign_in_failed", "auth.sign_in_failed"]);
    expect(await t.db.signInFailure.count({ where: { ip: "10.0.0.2" } })).toBe(3);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("refuses an address after many failures, even with the right password, but not other addresses", async () => {
    await t.db.signInFailure.createMany({ data: Array.from({ length: THROTTLE.blockAfter }, () => ({ ip: "10.0.0.3", email: "x@y.z" })) });
    await expect(signInWithPassword(t.db, { email: "planner@plant.example", password: "a long demo password" }, "10.0.0.3"))
      .rejects.toMatchObject({ code: "RATE_LIMITED", userMessage: TOO_MANY_ATTEMPTS });
    await expect(signInWithPassword(t.db, { email: "planner@plant.example", password: "a long demo password" }, "10.0.0.4")).resolves.toBeTruthy();
  });

  it("slows down an address once it has failed a few times", async () => {
    await t.db.signInFailure.createMany({ data: Array.from({ length: THROTTLE.freeAttempts }, () => ({ ip: "10.0.0.5", email: "x@y.z" })) });
    const started = Date.now();
    await signInWithPassword(t.db, { email: "planner@plant.example", password: "a long demo password" }, "10.0.0.5");
    // The first delayed attempt waits 500 ms; the clock only shows the wait happened, it is no benchmark.
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(await t.db.signInFailure.count({ where: { ip: "10.0.0.5" } })).toBe(0);
  });
});
