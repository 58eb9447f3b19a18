// Demo data for a fresh installation: one user per role (plus a second admin for four-eyes
// promotions), the dev/test/prod environments, groups and one demo flow. Idempotent: existing rows
// are left as they are, so a user's changes survive every later start.
import type { Db } from "../lib/db/client.ts";
import { appendAudit } from "../lib/audit/audit.server.ts";
import { hashPassword } from "../lib/auth/password.ts";
import type { Role } from "../lib/auth/roles.ts";

export const DEMO_PASSWORD = "millwright-demo";

export const DEMO_USERS: { email: string; name: string; roles: Role[]; groups: string[] }[] = [
  { email: "analyst@millwright.local", name: "Ana Lyst", roles: ["ANALYST"], groups: ["Maintenance planners"] },
  { email: "approver@millwright.local", name: "Arno Prover", roles: ["APPROVER"], groups: ["Purchasing"] },
  { email: "admin@millwright.local", name: "Ada Min", roles: ["ADMIN"], groups: [] },
  { email: "admin2@millwright.local", name: "Max Second", roles: ["ADMIN", "APPROVER"], groups: ["Plant managers"] },
];

const ENVIRONMENTS = [
  { key: "dev", name: "Development", position: 1, protected: false },
  { key: "test", name: "Test", position: 2, protected: false },
  { key: "prod", name: "Production", position: 3, protected: true },
];

const GROUPS = [
  { name: "Maintenance planners", description: "Plan work orders and spare parts" },
  { name: "Purchasing", description: "Approve purchases above the plant threshold" },
  { name: "Plant managers", description: "Escalation for overdue approvals" },
];

export async function seedDemo(db: Db): Promise<{ createdUsers: string[] }> {
  for (const env of ENVIRONMENTS) await db.environment.upsert({ where: { key: env.key }, update: {}, create: env });
  for (const group of GROUPS) await db.group.upsert({ where: { name: group.name }, update: {}, create: group });
  const createdUsers: string[] = [];
  for (const user of DEMO_USERS) if (await seedUser(db, user)) createdUsers.push(user.email);
  await seedDemoFlow(db);
  return { createdUsers };
}

async function seedUser(db: Db, user: (typeof DEMO_USERS)[number]): Promise<boolean> {
  if (await db.user.findUnique({ where: { email: user.email }, select: { id: true } })) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const groups = await db.group.findMany({ where: { name: { in: user.groups } }, select: { id: true } });
  await db.$transaction(async (tx) => {
    const created = await tx.user.create({
      data: { email: user.email, name: user.name, roles: user.roles, passwordHash, groups: { create: groups.map((g) => ({ groupId: g.id })) } },
    });
    await appendAudit(tx, {
      actorLabel: "system (seed)", action: "user.created", subjectType: "user", subjectId: created.id,
      after: { email: user.email, name: user.name, roles: user.roles, active: true, groups: user.groups },
    });
  });
  return true;
}

// A flow the later issues (designer, runtime, Odoo) bring to life; here it gives the lists content.
const DEMO_DEFINITION = {
  schemaVersion: 1,
  nodes: [
    { id: "n1", kind: "webhook-trigger", kindVersion: 1, label: "CMMS work order", position: { x: 0, y: 0 }, config: {} },
    { id: "n2", kind: "map", kindVersion: 1, label: "Map spare parts", position: { x: 260, y: 0 }, config: { script: "return { parts: input.parts };" } },
    { id: "n3", kind: "call-odoo", kindVersion: 1, label: "Reserve in Odoo", position: { x: 520, y: 0 }, config: { connection: "odoo-main" } },
  ],
  edges: [
    { id: "e1", source: "n1", sourcePort: "out", target: "n2" },
    { id: "e2", source: "n2", sourcePort: "out", target: "n3" },
  ],
  settings: {},
};

async function seedDemoFlow(db: Db): Promise<void> {
  const slug = "maintenance-parts-reservation";
  if (await db.flow.findUnique({ where: { slug }, select: { id: true } })) return;
  const owner = await db.user.findUniqueOrThrow({ where: { email: "analyst@millwright.local" } });
  const dev = await db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  const { createHash } = await import("node:crypto");
  const { canonicalJson } = await import("../lib/audit/canonical-json.ts");
  const contentHash = createHash("sha256").update(canonicalJson(DEMO_DEFINITION)).digest("hex");
  await db.$transaction(async (tx) => {
    const flow = await tx.flow.create({
      data: {
        slug, name: "Maintenance parts reservation", ownerId: owner.id,
        description: "Reserve spare parts in Odoo when the CMMS releases a work order.",
        draft: { create: { definition: DEMO_DEFINITION, editorId: owner.id } },
      },
    });
    const version = await tx.flowVersion.create({
      data: { flowId: flow.id, number: 1, definition: DEMO_DEFINITION, contentHash, note: "First version", authorId: owner.id },
    });
    await tx.release.create({ data: { environmentId: dev.id, flowId: flow.id, versionId: version.id } });
    await tx.releaseHistory.create({ data: { environmentId: dev.id, flowId: flow.id, versionId: version.id, action: "promote", releasedById: owner.id, note: "Seeded" } });
  });
}
