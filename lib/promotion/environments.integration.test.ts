// Environment admin (add, edit, reorder; audited) and the matrix query (what runs where, runs and
// failures in the last 24 hours, pending requests, what a rollback returns to).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { flowDefinition, flowNode } from "../../test/flow-fixtures.ts";
import { definitionHash } from "../flows/content-hash.ts";
import { seedDemo } from "../../prisma/seed.ts";
import { addEnvironment, moveEnvironment, updateEnvironment } from "./environments.server.ts";
import { releaseMatrix } from "./matrix.server.ts";
import { releaseVersion } from "./release.server.ts";

let t: TestDatabase;
let admin: { id: string; email: string };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await seedDemo(t.db);
  admin = await t.db.user.findUniqueOrThrow({ where: { email: "admin@millwright.local" }, select: { id: true, email: true } });
});
afterAll(async () => {
  await t?.drop();
});

const order = async () => (await t.db.environment.findMany({ orderBy: { position: "asc" }, select: { key: true } })).map((e) => e.key);

describe("environment admin", () => {
  it("adds at the end, refuses a taken key, edits protection and URL, reorders; all audited", async () => {
    const { id } = await addEnvironment(t.db, admin, { key: "staging", name: "Staging", protected: false, webhookBaseUrl: "" });
    expect(await order()).toEqual(["dev", "test", "prod", "staging"]);
    await expect(addEnvironment(t.db, admin, { key: "staging", name: "Again", protected: false, webhookBaseUrl: "" })).rejects.toMatchObject({ code: "CONFLICT", fields: [{ path: "key" }] });
    await moveEnvironment(t.db, admin, { environmentId: id, direction: "earlier" });
    expect(await order()).toEqual(["dev", "test", "staging", "prod"]);
    await expect(moveEnvironment(t.db, admin, { environmentId: (await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } })).id, direction: "earlier" })).rejects.toMatchObject({ code: "CONFLICT" });
    await updateEnvironment(t.db, admin, { environmentId: id, name: "Staging (QA)", protected: true, webhookBaseUrl: "https://qa.plant.example" });
    expect(await t.db.environment.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "Staging (QA)", protected: true, webhookBaseUrl: "https://qa.plant.example" });
    const actions = (await t.db.auditEvent.findMany({ where: { subjectId: id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["environment.created", "environment.reordered", "environment.updated"]);
    // Back where it was, so the matrix below sees dev, test, prod first.
    await moveEnvironment(t.db, admin, { environmentId: id, direction: "later" });
  });
});

describe("the matrix", () => {
  it("shows each release with who and when, live runs and failures of the last 24 h, pending requests and the rollback target", async () => {
    const definition = flowDefinition([flowNode("hook", "webhook-trigger", { auth: "none" }), flowNode("done", "end")], [["hook", "done"]]);
    const flow = await t.db.flow.create({ data: { slug: "matrix-flow", name: "Matrix flow", ownerId: admin.id } });
    const versions: { id: string }[] = [];
    for (const n of [1, 2]) versions.push(await t.db.flowVersion.create({ data: { flowId: flow.id, number: n, definition: definition as object, contentHash: definitionHash(definition), authorId: admin.id } }));
    const env = Object.fromEntries((await t.db.environment.findMany()).map((e) => [e.key, e.id]));
    for (const version of versions) {
      await t.db.$transaction((tx) => releaseVersion(tx, admin, { environmentId: env.dev!, flowId: flow.id, version: { id: version.id, definition }, action: "publish", note: "" }));
    }
    const run = (status: "SUCCEEDED" | "FAILED", hoursAgo: number, mode: "LIVE" | "TEST" = "LIVE") =>
      t.db.run.create({
        data: {
          flowId: flow.id, versionId: versions[1]!.id, environmentId: env.dev!, mode, status, triggerKind: "webhook", triggerNodeId: "hook", triggerPayload: {},
          createdAt: new Date(Date.now() - hoursAgo * 3_600_000),
        },
      });
    await Promise.all([run("SUCCEEDED", 1), run("FAILED", 2), run("FAILED", 3), run("FAILED", 30), run("FAILED", 1, "TEST")]);
    await t.db.promotionRequest.create({ data: { flowId: flow.id, versionId: versions[1]!.id, environmentId: env.prod!, requestedById: admin.id } });

    const { environments, rows } = await releaseMatrix(t.db);
    expect(environments.map((e) => e.key)).toEqual(["dev", "test", "prod", "staging"]);
    const row = rows.find((r) => r.flow.id === flow.id)!;
    expect(row.cells[env.dev!]).toMatchObject({ number: 2, releasedBy: "Ada Min", action: "publish", runs24h: 3, failed24h: 2, rollbackTo: 1 });
    expect(row.cells[env.test!]).toBeUndefined();
    expect(row.pending[env.prod!]).toMatchObject({ number: 2 });
  });
});
