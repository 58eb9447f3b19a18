import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs } from "../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { requireRole } from "./guard.server.ts";
import type { Role } from "./roles.ts";

let t: TestDatabase;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const users: [string, Role[], boolean][] = [["analyst", ["ANALYST"], true], ["approver", ["APPROVER"], true], ["admin", ["ADMIN"], true], ["retired", ["ADMIN"], false]];
  for (const [name, roles, active] of users) {
    ids[name] = (await t.db.user.create({ data: { email: `${name}@plant.example`, name, roles, active, passwordHash: "x" } })).id;
  }
});
afterAll(async () => { await t.drop(); });

describe("requireRole, the one guard", () => {
  it("refuses anonymous callers with 401", async () => {
    signInAs(null);
    await expect(requireRole()).rejects.toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
  });

  it.each([
    ["analyst", ["ADMIN"], "FORBIDDEN"],
    ["approver", ["ANALYST", "ADMIN"], "FORBIDDEN"],
    ["analyst", ["ANALYST", "ADMIN"], null],
    ["admin", ["ADMIN"], null],
    ["approver", [], null],
  ] as [string, Role[], string | null][])("%s asking for %j -> %s", async (who, roles, refusal) => {
    signInAs(ids[who]!);
    if (refusal) await expect(requireRole(...roles)).rejects.toMatchObject({ code: refusal, status: 403 });
    else await expect(requireRole(...roles)).resolves.toMatchObject({ email: `${who}@plant.example` });
  });

  it("treats a deactivated user's still-valid session as signed out", async () => {
    signInAs(ids.retired!);
    await expect(requireRole("ADMIN")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("takes a role removed a moment ago into account at once", async () => {
    await t.db.user.update({ where: { id: ids.admin! }, data: { roles: ["APPROVER"] } });
    signInAs(ids.admin!);
    await expect(requireRole("ADMIN")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
