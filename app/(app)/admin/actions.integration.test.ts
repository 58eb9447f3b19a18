// The role matrix for the admin server actions: server actions are public POST endpoints, so each
// must refuse callers without the ADMIN role whatever the UI shows them.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signInAs } from "../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/test-database.ts";
import type { Role } from "../../../lib/auth/roles.ts";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let t: TestDatabase;
let actions: typeof import("./actions.ts");
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  actions = await import("./actions.ts");
  const users: [string, Role[]][] = [["analyst", ["ANALYST"]], ["approver", ["APPROVER"]], ["admin", ["ADMIN"]], ["target", ["ANALYST"]]];
  for (const [name, roles] of users) ids[name] = (await t.db.user.create({ data: { email: `${name}@plant.example`, name, roles, passwordHash: "x" } })).id;
});
afterAll(async () => { await t.drop(); });

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(key, v);
  return data;
}

const calls = {
  createUser: () => actions.createUserAction(null, form({ name: "New", email: `new${Math.random()}@plant.example`, password: "twelve chars!", roles: ["ANALYST"] })),
  updateUser: () => actions.updateUserAction(null, form({ userId: ids.target!, name: "Target", roles: ["ANALYST", "APPROVER"] })),
  setUserActive: () => actions.setUserActiveAction(null, form({ userId: ids.target!, active: "true" })),
};

describe("admin server actions check the caller's role", () => {
  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: anonymous -> 401, analyst and approver -> 403, admin -> done`, async () => {
      signInAs(null);
      await expect(call()).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
      for (const who of ["analyst", "approver"]) {
        signInAs(ids[who]!);
        await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN" });
      }
      signInAs(ids.admin!);
      await expect(call()).resolves.toEqual({ ok: true });
    });
  }

  it("answers bad input with the field and the reason", async () => {
    signInAs(ids.admin!);
    const result = await actions.createUserAction(null, form({ name: "", email: "not-an-email", password: "short", roles: [] }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.map((f) => f.path).sort()).toEqual(["email", "name", "password", "roles"]);
    expect(await t.db.user.count({ where: { email: "not-an-email" } })).toBe(0);
  });
});
