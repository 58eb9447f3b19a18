// Demo data for a fresh installation: one user per role (plus a second admin for four-eyes
// promotions), the dev/test/prod environments with an Odoo connection each (with the Odoo test
// server's demo credentials), groups and the demo flows (published as v1 and released to dev; the
// shop-floor one, MQTT machine states -> Odoo maintenance request, is in demo-machine-flow.ts).
// Idempotent: existing rows are left as they are, so a user's changes survive every later start.
import type { Db } from "../lib/db/client.ts";
import { appendAudit } from "../lib/audit/audit.server.ts";
import { canonicalJson } from "../lib/audit/canonical-json.ts";
import { hashPassword } from "../lib/auth/password.ts";
import type { Role } from "../lib/auth/roles.ts";
import type { Prisma } from "../lib/generated/prisma/client.ts";
import { definitionHash } from "../lib/flows/content-hash.ts";
import type { TFlowDefinition } from "../lib/flows/definition.ts";
import { validateFlow } from "../lib/flows/validate.ts";
import { encryptSecret } from "../lib/secrets/crypto.server.ts";
import { ensureTriggerSecretsForRelease } from "../lib/triggers/trigger-secrets.server.ts";
import { connectionSecretContext } from "../runtime/engine/connections.ts";
import { seedMachineDemo } from "./demo-machine-flow.ts";

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
  await seedConnections(db);
  await seedDemoFlow(db);
  await seedMachineDemo(db);
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

// Every environment gets an Odoo connection under the same name, so flows can say "odoo-main" and
// run against each environment's own database. The demo credentials are those of the Odoo test
// server (scripts/odoo-sim.ts: admin / admin, database "plant"), encrypted per connection. Admins
// may change these; the seed never overwrites them (it only completes a connection an older seed
// left without credentials).
export const DEMO_CONNECTIONS: { name: string; kind: string; config: Record<string, unknown>; secret: Record<string, string> }[] = [
  {
    name: "odoo-main", kind: "odoo",
    config: { baseUrl: "http://127.0.0.1:8069", database: "plant", login: "admin", protocol: "jsonrpc" },
    secret: { password: "admin" },
  },
];
/** What older seeds stored, without a login or secret: completed with the demo credentials. */
const OLD_DEMO_CONFIG = { baseUrl: "http://127.0.0.1:8069", database: "plant", protocol: "jsonrpc" };

// The demo flow: the CMMS releases a work order with its spare parts (webhook), a script collects
// the part codes, Odoo is asked which products they are, and the run ends. The Odoo, runtime and
// human-task issues make it reserve the parts and ask for approval.
export const DEMO_DEFINITION: TFlowDefinition = {
  schemaVersion: 1,
  nodes: [
    {
      id: "n1", kind: "webhook-trigger", kindVersion: 1, label: "CMMS work order released", position: { x: 0, y: 0 },
      config: {
        method: "POST", auth: "hmac", bodyFormat: "json", responseMode: "accepted", businessKeyPath: "workOrder.number",
        idempotency: { source: "payload", path: "workOrder.number", required: true },
      },
      sample: {
        body: {
          workOrder: {
            number: "WO-2026-0815", type: "corrective", priority: "high", plannedStart: "2026-11-23T06:00:00Z",
            asset: { id: "PUMP-07", name: "Cooling water pump 7", site: "Plant 1 / Hall B" },
            requestedBy: "m.keller",
          },
          parts: [
            { code: "BRG-6205-2RS", description: "Deep groove ball bearing 6205-2RS", quantity: 2, unit: "pcs" },
            { code: "SEAL-35X52X7", description: "Radial shaft seal 35x52x7 NBR", quantity: 1, unit: "pcs" },
            { code: "GSK-DN80", description: "Flange gasket DN80 PN16", quantity: 2, unit: "pcs" },
          ],
        },
        headers: { "content-type": "application/json" },
        query: {},
        receivedAt: "2026-11-22T14:03:11Z",
      },
    },
    {
      id: "n2", kind: "map", kindVersion: 1, label: "Collect part codes", position: { x: 300, y: 0 },
      config: {
        script: [
          "const order = input.body.workOrder;",
          "return {",
          "  workOrder: order.number,",
          "  assetId: order.asset.id,",
          "  codes: input.body.parts.map((part) => part.code),",
          "  quantities: Object.fromEntries(input.body.parts.map((part) => [part.code, part.quantity])),",
          "};",
        ].join("\n"),
        returns: "{ workOrder, assetId, codes: string[], quantities: { [code]: quantity } }",
        timeoutMs: 1000,
      },
    },
    {
      id: "n3", kind: "call-odoo", kindVersion: 1, label: "Find the parts in Odoo", position: { x: 600, y: 0 },
      config: {
        operation: "search_read", connection: "odoo-main", model: "product.product",
        domain: [["default_code", "in", "{{ input.codes }}"]],
        fields: ["default_code", "display_name", "qty_available", "uom_id"],
        limit: 80,
      },
    },
    {
      id: "n4", kind: "end", kindVersion: 1, label: "Done", position: { x: 900, y: 0 },
      config: { outcome: "success", response: { status: 200, body: { type: "json", json: { ok: true } }, headers: {} } },
    },
  ],
  edges: [
    { id: "e1", source: "n1", sourcePort: "out", target: "n2", targetPort: "in" },
    { id: "e2", source: "n2", sourcePort: "out", target: "n3", targetPort: "in" },
    { id: "e3", source: "n3", sourcePort: "out", target: "n4", targetPort: "in" },
  ],
  notes: [
    {
      id: "note1", position: { x: 300, y: 160 }, size: { width: 320, height: 110 }, color: "yellow",
      text: "The CMMS sends one request per released work order. Reserving the parts and the approval above the plant threshold come next.",
    },
  ],
  settings: {},
};

async function seedConnections(db: Db): Promise<void> {
  const environments = await db.environment.findMany({ select: { id: true } });
  for (const environment of environments) {
    for (const { secret, ...connection } of DEMO_CONNECTIONS) {
      const config = connection.config as Prisma.InputJsonValue;
      const row = await db.connection.upsert({
        where: { environmentId_name: { environmentId: environment.id, name: connection.name } },
        update: {},
        create: { environmentId: environment.id, ...connection, config },
      });
      // The secret is bound to the row id, so it is sealed once the row exists.
      // An admin's changes (any audited change, e.g. a cleared secret) are left alone.
      if (row.secretEncrypted || !isDemoConfig(row.config, connection.config)) continue;
      if (await db.auditEvent.count({ where: { subjectType: "connection", subjectId: row.id } })) continue;
      await db.connection.update({
        where: { id: row.id },
        data: { config, secretEncrypted: encryptSecret(secret, { context: connectionSecretContext(row.id) }) },
      });
    }
  }
}

function isDemoConfig(stored: unknown, demo: Record<string, unknown>): boolean {
  const text = canonicalJson(stored);
  return text === canonicalJson(demo) || text === canonicalJson(OLD_DEMO_CONFIG);
}

async function seedDemoFlow(db: Db): Promise<void> {
  await seedReleasedFlow(db, {
    slug: "maintenance-parts-reservation",
    name: "Maintenance parts reservation",
    description: "Reserve spare parts in Odoo when the CMMS releases a work order.",
    definition: DEMO_DEFINITION,
    connectionNames: DEMO_CONNECTIONS.map((c) => c.name),
  });
}

export type SeededFlow = { slug: string; name: string; description: string; definition: TFlowDefinition; connectionNames: string[] };

/** A demo flow published as v1 and released to dev, unless a flow with its slug exists (then left as it is). */
export async function seedReleasedFlow(db: Db, seeded: SeededFlow): Promise<void> {
  const { slug } = seeded;
  if (await db.flow.findUnique({ where: { slug }, select: { id: true } })) return;
  const owner = await db.user.findUniqueOrThrow({ where: { email: "analyst@millwright.local" } });
  const dev = await db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  // Published the way publish does it: validated (defaults filled in), hashed, audited.
  const { definition, issues } = validateFlow(seeded.definition, { connectionNames: new Set(seeded.connectionNames) });
  if (!definition) throw new Error(`the demo flow ${slug} does not validate: ${issues.map((i) => i.message).join("; ")}`);
  const contentHash = definitionHash(definition);
  const json = definition as Prisma.InputJsonValue;
  await db.$transaction(async (tx) => {
    const flow = await tx.flow.create({
      data: {
        slug, name: seeded.name, ownerId: owner.id,
        description: seeded.description,
        draft: { create: { definition: json, editorId: owner.id } },
      },
    });
    const version = await tx.flowVersion.create({
      data: { flowId: flow.id, number: 1, definition: json, contentHash, note: "First version", authorId: owner.id },
    });
    await tx.release.create({ data: { environmentId: dev.id, flowId: flow.id, versionId: version.id } });
    await tx.releaseHistory.create({ data: { environmentId: dev.id, flowId: flow.id, versionId: version.id, action: "promote", releasedById: owner.id, note: "Seeded" } });
    const seed = { actorLabel: "system (seed)", subjectType: "flow", subjectId: flow.id };
    await appendAudit(tx, { ...seed, action: "flow.created", after: { name: flow.name, slug, description: flow.description } });
    await appendAudit(tx, { ...seed, action: "flow.published", after: { number: 1, contentHash, note: "First version" } });
    // The webhook's signing secret: an admin reveals it by rotating it on the flow page.
    await ensureTriggerSecretsForRelease(tx, { environmentId: dev.id, flowId: flow.id, definition });
  });
}
