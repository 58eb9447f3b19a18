// The promotion server actions are public POST endpoints: only admins get past the guard, and an
// approval through the action answers a second approver with who decided first.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signInAs } from "../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/test-database.ts";
import { seedDemo } from "../../../prisma/seed.ts";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let t: TestDatabase;
let actions: typeof import("./promotion-actions.ts");
const ids: Record<string, string> = {};
const uuid = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await seedDemo(t.db);
  actions = await import("./promotion-actions.ts");
  for (const [name, email] of [["analyst", "analyst@millwright.local"], ["approver", "approver@millwright.local"], ["admin", "admin@millwright.local"], ["admin2", "admin2@millwright.local"]] as const) {
    ids[name] = (await t.db.user.findUniqueOrThrow({ where: { email } })).id;
  }
});
afterAll(async () => {
  await t?.drop();
});

describe("only admins", () => {
  const calls = {
    promote: () => actions.promoteAction({ flowId: uuid, versionId: uuid, environmentId: uuid }),
    rollback: () => actions.rollbackAction({ flowId: uuid, environmentId: uuid }),
    approve: () => actions.approveRequestAction({ requestId: uuid }),
    reject: () => actions.rejectRequestAction({ requestId: uuid, comment: "no" }),
    addEnvironment: () => actions.addEnvironmentAction({ key: "qa", name: "QA" }),
    trustKey: () => actions.trustKeyAction({ name: "x", publicKey: "x" }),
    importBundle: () => actions.importBundleAction({ json: "{}" }),
  };
  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: signed out -> UNAUTHENTICATED; analyst and approver -> FORBIDDEN`, async () => {
      signInAs(null);
      expect(await call()).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
      for (const who of ["analyst", "approver"]) {
        signInAs(ids[who]!);
        expect(await call(), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
      }
    });
  }

  it("an admin gets the refusal a person understands", async () => {
    signInAs(ids.admin!);
    expect(await actions.rejectRequestAction({ requestId: uuid, comment: " " })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "comment" }] });
    expect(await actions.importBundleAction({ json: "{not json" })).toMatchObject({ ok: false, code: "VALIDATION", message: expect.stringContaining("not JSON") });
    expect(await t.db.environment.count({ where: { key: "qa" } })).toBe(0);
  });
});
