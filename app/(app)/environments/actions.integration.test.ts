// The private-network setting of an environment: only admins change it, and every change is in
// the audit log (same transaction), with the value before and after.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedDemo } from "../../../prisma/seed.ts";
import { verifyAuditChain } from "../../../lib/audit/audit.server.ts";
import { signInAs } from "../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/test-database.ts";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let t: TestDatabase;
let actions: typeof import("./actions.ts");
const users: Record<string, string> = {};
let prodId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  actions = await import("./actions.ts");
  await seedDemo(t.db);
  for (const user of await t.db.user.findMany({ select: { id: true, email: true } })) users[user.email.split("@")[0] as string] = user.id;
  prodId = (await t.db.environment.findUniqueOrThrow({ where: { key: "prod" } })).id;
});
afterAll(async () => {
  await t.drop();
});

const allowed = async () => (await t.db.environment.findUniqueOrThrow({ where: { id: prodId } })).allowPrivateNetwork;
const events = () => t.db.auditEvent.findMany({ where: { action: "environment.private_network_changed" }, orderBy: { seq: "asc" } });

describe("setPrivateNetworkAction", () => {
  it("refuses callers who are not admins, and changes nothing", async () => {
    signInAs(null);
    expect(await actions.setPrivateNetworkAction({ environmentId: prodId, allow: true })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    for (const who of ["analyst", "approver"]) {
      signInAs(users[who] as string);
      expect(await actions.setPrivateNetworkAction({ environmentId: prodId, allow: true }), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    expect(await allowed()).toBe(false);
    expect(await events()).toHaveLength(0);
  });

  it("lets an admin allow and refuse private addresses, auditing each change", async () => {
    signInAs(users.admin as string);
    expect(await actions.setPrivateNetworkAction({ environmentId: prodId, allow: true })).toEqual({ ok: true, data: { allowPrivateNetwork: true } });
    expect(await allowed()).toBe(true);
    expect(await actions.setPrivateNetworkAction({ environmentId: prodId, allow: false })).toEqual({ ok: true, data: { allowPrivateNetwork: false } });
    expect(await allowed()).toBe(false);

    const logged = await events();
    expect(logged.map((e) => [e.actorLabel, e.subjectType, e.subjectId, e.before, e.after])).toEqual([
      ["admin@millwright.local", "environment", prodId, { key: "prod", allowPrivateNetwork: false }, { key: "prod", allowPrivateNetwork: true }],
      ["admin@millwright.local", "environment", prodId, { key: "prod", allowPrivateNetwork: true }, { key: "prod", allowPrivateNetwork: false }],
    ]);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("records nothing when the value does not change", async () => {
    signInAs(users.admin as string);
    const before = (await events()).length;
    expect(await actions.setPrivateNetworkAction({ environmentId: prodId, allow: false })).toEqual({ ok: true, data: { allowPrivateNetwork: false } });
    expect(await events()).toHaveLength(before);
  });

  it("answers bad input and unknown environments with a message", async () => {
    signInAs(users.admin as string);
    expect(await actions.setPrivateNetworkAction({ environmentId: "prod", allow: "yes" })).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await actions.setPrivateNetworkAction({ environmentId: "00000000-0000-4000-8000-000000000000", allow: true })).toEqual({
      ok: false, code: "NOT_FOUND", message: "This environment does not exist (any more).",
    });
  });
});
