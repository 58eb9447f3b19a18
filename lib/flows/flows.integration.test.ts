// The flow designer's server side against a real PostgreSQL: flows in the list, drafts with
// optimistic concurrency, immutable versions, restore, import/export, and the audit trail.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { verifyAuditChain } from "../audit/audit.server.ts";
import { canonicalJson } from "../audit/canonical-json.ts";
import { DraftConflictError, FlowInvalidError, NothingToPublishError } from "./action-result.ts";
import { draftContentHash } from "./content-hash.ts";
import { emptyDefinition, type TFlowDefinition } from "./definition.ts";
import { saveDraft } from "./drafts.server.ts";
import { archiveFlow, createFlow, duplicateFlow, renameFlow, unarchiveFlow, type Actor } from "./flows.server.ts";
import { exportFlow, importFlow } from "./import-export.server.ts";
import { getFlowForEditor, getVersion, listConnectionNames, listFlows } from "./queries.server.ts";
import { publishFlow, restoreVersion } from "./versions.server.ts";

let t: TestDatabase;
let analyst: Actor & { name: string };
let admin: Actor & { name: string };

/** manual start -> map -> end: passes the validator. */
function validFlow(script = "return { parts: input.parts };"): TFlowDefinition {
  return {
    ...emptyDefinition(),
    nodes: [
      { id: "start", kind: "manual-trigger", kindVersion: 1, position: { x: 0, y: 0 }, config: { instructions: "" } },
      { id: "shape", kind: "map", kindVersion: 1, label: "Shape parts", position: { x: 260, y: 0 }, config: { script } },
      { id: "done", kind: "end", kindVersion: 1, position: { x: 520, y: 0 }, config: { outcome: "success" } },
    ],
    edges: [
      { id: "e1", source: "start", sourcePort: "out", target: "shape", targetPort: "in" },
      { id: "e2", source: "shape", sourcePort: "out", target: "done", targetPort: "in" },
    ],
  };
}

async function draftOf(flowId: string) {
  const draft = await t.db.flowDraft.findUniqueOrThrow({ where: { flowId } });
  return { revision: draft.revision, definition: draft.definition as TFlowDefinition };
}

async function newFlow(name: string, definition?: TFlowDefinition) {
  const flow = await createFlow(t.db, analyst, { name, description: "" });
  if (definition) await saveDraft(t.db, analyst, flow.id, 1, definition);
  return flow;
}

beforeAll(async () => {
  t = await createTestDatabase();
  const make = async (email: string, name: string, roles: ("ANALYST" | "ADMIN")[]) => {
    const user = await t.db.user.create({ data: { email, name, roles, passwordHash: "x" } });
    return { id: user.id, email, name };
  };
  analyst = await make("analyst@plant.example", "Ana Lyst", ["ANALYST"]);
  admin = await make("admin@plant.example", "Ada Min", ["ADMIN"]);
  for (const [position, key] of ["dev", "test", "prod"].entries()) {
    await t.db.environment.create({ data: { key, name: key.toUpperCase(), position: position + 1, protected: key === "prod" } });
  }
  const test = await t.db.environment.findUniqueOrThrow({ where: { key: "test" } });
  await t.db.connection.create({ data: { environmentId: test.id, name: "odoo-main", kind: "odoo", config: { baseUrl: "http://127.0.0.1:8069" } } });
});
afterAll(async () => {
  await t.drop();
});

describe("flows in the list", () => {
  it("creates a flow with an empty draft, a slug from its name and its creator as owner", async () => {
    const flow = await createFlow(t.db, analyst, { name: "Work orders to Odoo", description: "CMMS work orders become Odoo maintenance requests" });
    expect(flow.slug).toBe("work-orders-to-odoo");
    const row = await t.db.flow.findUniqueOrThrow({ where: { id: flow.id }, include: { draft: true } });
    expect(row).toMatchObject({ name: "Work orders to Odoo", ownerId: analyst.id, archivedAt: null });
    expect(row.draft).toMatchObject({ revision: 1, editorId: analyst.id, definition: emptyDefinition() });
  });

  it("refuses a second flow with the same name (any case), and keeps slugs unique", async () => {
    await expect(createFlow(t.db, admin, { name: "work orders TO odoo", description: "" })).rejects.toMatchObject({
      code: "CONFLICT", fields: [{ path: "name" }],
    });
    const second = await createFlow(t.db, admin, { name: "Work orders to Odoo!", description: "" });
    const third = await createFlow(t.db, admin, { name: "Work-orders to: Odoo", description: "" });
    expect([second.slug, third.slug]).toEqual(["work-orders-to-odoo-2", "work-orders-to-odoo-3"]);
  });

  it("two people creating the same name at once get one flow and one clear conflict", async () => {
    const results = await Promise.allSettled([1, 2, 3].map(() => createFlow(t.db, analyst, { name: "Race", description: "" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["CONFLICT", "CONFLICT"]);
  });

  it("renames without changing the slug (it is in webhook URLs), refusing a taken name", async () => {
    const flow = await createFlow(t.db, analyst, { name: "Stock sync", description: "" });
    await renameFlow(t.db, admin, { flowId: flow.id, name: "Stock levels sync", description: "Nightly" });
    expect(await t.db.flow.findUniqueOrThrow({ where: { id: flow.id } })).toMatchObject({ name: "Stock levels sync", slug: "stock-sync", description: "Nightly" });
    await expect(renameFlow(t.db, admin, { flowId: flow.id, name: "Work orders to Odoo" })).rejects.toMatchObject({ code: "CONFLICT", fields: [{ path: "name" }] });
    // changing only the case of one's own name is fine
    await renameFlow(t.db, admin, { flowId: flow.id, name: "STOCK levels sync" });
    await expect(renameFlow(t.db, admin, { flowId: "00000000-0000-4000-8000-000000000000", name: "X" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("duplicates the draft (not versions) into '<name> (copy)', owned by whoever duplicated", async () => {
    const source = await newFlow("Parts reservation", validFlow());
    await publishFlow(t.db, analyst, { flowId: source.id, baseRevision: 2, note: "" });
    const copy = await duplicateFlow(t.db, admin, { flowId: source.id });
    const again = await duplicateFlow(t.db, admin, { flowId: source.id });
    expect([copy.name, again.name]).toEqual(["Parts reservation (copy)", "Parts reservation (copy 2)"]);
    expect(copy.slug).toBe("parts-reservation-copy");
    const row = await t.db.flow.findUniqueOrThrow({ where: { id: copy.id }, include: { draft: true, versions: true } });
    expect(row.ownerId).toBe(admin.id);
    expect(row.versions).toEqual([]);
    expect(row.draft?.definition).toEqual((await draftOf(source.id)).definition);
    const named = await duplicateFlow(t.db, admin, { flowId: source.id, name: "Parts reservation plant 2" });
    expect(named.name).toBe("Parts reservation plant 2");
    await expect(duplicateFlow(t.db, admin, { flowId: source.id, name: "Parts reservation" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("archives a flow: read-only, out of the list, versions kept; unarchives it", async () => {
    const flow = await newFlow("Old flow", validFlow());
    await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "" });
    await archiveFlow(t.db, analyst, flow.id);
    expect((await listFlows(t.db)).map((f) => f.name)).not.toContain("Old flow");
    const withArchived = await listFlows(t.db, { includeArchived: true });
    expect(withArchived.at(-1)).toMatchObject({ name: "Old flow", archivedAt: expect.any(String) });
    expect(await t.db.flowVersion.count({ where: { flowId: flow.id } })).toBe(1);

    const readOnly = { code: "CONFLICT", userMessage: expect.stringContaining("archived and read-only") };
    await expect(saveDraft(t.db, analyst, flow.id, 2, validFlow("return input;"))).rejects.toMatchObject(readOnly);
    await expect(publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "" })).rejects.toMatchObject(readOnly);
    await expect(restoreVersion(t.db, analyst, { flowId: flow.id, number: 1, baseRevision: 2 })).rejects.toMatchObject(readOnly);
    await expect(renameFlow(t.db, analyst, { flowId: flow.id, name: "Older flow" })).rejects.toMatchObject(readOnly);

    // its name is free again; unarchiving then asks to rename the newcomer first
    const newcomer = await createFlow(t.db, analyst, { name: "Old flow", description: "" });
    await expect(unarchiveFlow(t.db, analyst, flow.id)).rejects.toMatchObject({ code: "CONFLICT", fields: [{ path: "name" }] });
    await renameFlow(t.db, analyst, { flowId: newcomer.id, name: "New flow" });
    await unarchiveFlow(t.db, analyst, flow.id);
    expect((await listFlows(t.db)).map((f) => f.name)).toContain("Old flow");
    await saveDraft(t.db, analyst, flow.id, 2, validFlow("return input;"));
  });
});

describe("drafts: nobody overwrites anybody silently", () => {
  it("accepts any well-formed work in progress, even an unfinished graph", async () => {
    const flow = await newFlow("Work in progress");
    const unfinished = { ...emptyDefinition(), nodes: [validFlow().nodes[1]!] };
    const saved = await saveDraft(t.db, analyst, flow.id, 1, unfinished);
    expect(saved).toEqual({ revision: 2, updatedAt: expect.any(String) });
    expect((await draftOf(flow.id)).definition).toEqual(unfinished);
  });

  it("a second save from the same revision gets the first one's draft, editor and time", async () => {
    const flow = await newFlow("Two tabs");
    const mine = validFlow("return 'tab one';");
    const theirs = validFlow("return 'tab two';");
    const first = await saveDraft(t.db, analyst, flow.id, 1, mine);
    const refused = await saveDraft(t.db, admin, flow.id, 1, theirs).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DraftConflictError);
    const conflict = (refused as DraftConflictError).conflict;
    expect(conflict).toEqual({ revision: 2, definition: mine, editorName: "Ana Lyst", updatedAt: first.updatedAt });
    expect((refused as DraftConflictError).userMessage).toMatch(/Ana Lyst saved this flow after you loaded it/);
    expect((await draftOf(flow.id)).definition).toEqual(mine);
    // "keep mine": save again from the revision the conflict reported
    expect((await saveDraft(t.db, admin, flow.id, conflict.revision, theirs)).revision).toBe(3);
    const row = await t.db.flowDraft.findUniqueOrThrow({ where: { flowId: flow.id } });
    expect(row.editorId).toBe(admin.id);
  });

  it("of many simultaneous saves from one revision exactly one lands", async () => {
    const flow = await newFlow("Many tabs");
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => saveDraft(t.db, analyst, flow.id, 1, validFlow(`return ${i};`))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof DraftConflictError)).toHaveLength(7);
    expect((await draftOf(flow.id)).revision).toBe(2);
  });

  it("autosaves are not audited", async () => {
    const flow = await newFlow("Quiet", validFlow());
    await saveDraft(t.db, analyst, flow.id, 2, validFlow("return 1;"));
    const actions = (await t.db.auditEvent.findMany({ where: { subjectId: flow.id } })).map((e) => e.action);
    expect(actions).toEqual(["flow.created"]);
  });
});

describe("publishing versions", () => {
  it("numbers versions, hashes their canonical content, and refuses when nothing changed", async () => {
    const flow = await newFlow("Versioned", validFlow());
    const v1 = await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "First" });
    expect(v1).toMatchObject({ number: 1 });
    const stored = await t.db.flowVersion.findUniqueOrThrow({ where: { flowId_number: { flowId: flow.id, number: 1 } } });
    expect(stored).toMatchObject({ note: "First", authorId: analyst.id, contentHash: v1.contentHash });
    expect(v1.contentHash).toBe(createHash("sha256").update(canonicalJson(stored.definition)).digest("hex"));

    const refused = await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "again" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NothingToPublishError);
    expect((refused as NothingToPublishError).userMessage).toMatch(/^Nothing changed since v1/);

    await saveDraft(t.db, admin, flow.id, 2, validFlow("return { parts: input.parts, plant: 2 };"));
    const v2 = await publishFlow(t.db, admin, { flowId: flow.id, baseRevision: 3, note: "Plant 2" });
    expect(v2.number).toBe(2);
    expect(v2.contentHash).not.toBe(v1.contentHash);
    const editor = await getFlowForEditor(t.db, flow.id);
    expect(editor?.versions.map((v) => [v.number, v.note, v.authorName])).toEqual([[2, "Plant 2", "Ada Min"], [1, "First", "Ana Lyst"]]);
    expect(editor?.draft.matchesVersion).toBe(2);
  });

  it("refuses to publish a draft that changed since the publisher looked", async () => {
    const flow = await newFlow("Moving target", validFlow());
    await saveDraft(t.db, admin, flow.id, 2, validFlow("return 2;"));
    const refused = await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DraftConflictError);
    expect(refused).toMatchObject({ userMessage: expect.stringContaining("The draft changed since you looked"), conflict: { revision: 3, editorName: "Ada Min" } });
    expect(await t.db.flowVersion.count({ where: { flowId: flow.id } })).toBe(0);
  });

  it("never publishes an invalid graph, and says where each problem is", async () => {
    const noTrigger = { ...validFlow(), nodes: validFlow().nodes.slice(1), edges: validFlow().edges.slice(1) };
    const flow = await newFlow("Broken", noTrigger);
    const refused = await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FlowInvalidError);
    const issues = (refused as FlowInvalidError).issues;
    expect(issues.filter((i) => i.severity === "error").length).toBeGreaterThan(0);
    expect((refused as FlowInvalidError).userMessage).toMatch(/to fix before it can be published/);

    const badScript = validFlow();
    badScript.nodes[1]!.config = { script: "   " };
    await saveDraft(t.db, analyst, flow.id, 2, badScript);
    const configRefusal = (await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 3, note: "" }).catch((e: unknown) => e)) as FlowInvalidError;
    expect(configRefusal.issues).toContainEqual(expect.objectContaining({ severity: "error", nodeId: "shape", path: ["script"] }));
    expect(await t.db.flowVersion.count({ where: { flowId: flow.id } })).toBe(0);
  });

  it("checks connections against every environment: a name no environment has blocks publishing", async () => {
    const withOdoo = (connection: string): TFlowDefinition => {
      const definition = validFlow();
      definition.nodes.splice(2, 0, {
        id: "odoo", kind: "call-odoo", kindVersion: 1, position: { x: 400, y: 0 },
        config: { operation: "search_read", connection, model: "product.product", domain: [], fields: ["display_name"], limit: 80 },
      });
      definition.edges = [
        { id: "e1", source: "start", sourcePort: "out", target: "shape", targetPort: "in" },
        { id: "e2", source: "shape", sourcePort: "out", target: "odoo", targetPort: "in" },
        { id: "e3", source: "odoo", sourcePort: "out", target: "done", targetPort: "in" },
      ];
      return definition;
    };
    expect(await listConnectionNames(t.db)).toEqual(["odoo-main"]);
    const flow = await newFlow("Odoo lookup", withOdoo("odoo-elsewhere"));
    const refused = (await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "" }).catch((e: unknown) => e)) as FlowInvalidError;
    expect(refused).toBeInstanceOf(FlowInvalidError);
    expect(refused.issues).toContainEqual(expect.objectContaining({ severity: "error", nodeId: "odoo", message: expect.stringContaining("odoo-elsewhere") }));
    await saveDraft(t.db, analyst, flow.id, 2, withOdoo("odoo-main"));
    expect((await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 3, note: "" })).number).toBe(1);
  });

  it("two publishes at once get consecutive numbers or 'nothing changed', never a duplicate", async () => {
    const flow = await newFlow("Busy", validFlow());
    const results = await Promise.allSettled([1, 2, 3].map(() => publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "" })));
    expect(results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<{ number: number }>).value.number)).toEqual([1]);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof NothingToPublishError)).toHaveLength(2);
  });

  it("versions are immutable: the database itself refuses to change or delete one", async () => {
    const flow = await newFlow("Immutable", validFlow());
    await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "keep" });
    const where = { flowId_number: { flowId: flow.id, number: 1 } };
    await expect(t.db.flowVersion.update({ where, data: { note: "rewritten" } })).rejects.toThrow(/immutable/);
    await expect(t.db.flowVersion.delete({ where })).rejects.toThrow(/immutable/);
    expect(await getVersion(t.db, flow.id, 1)).toMatchObject({ number: 1, note: "keep", authorName: "Ana Lyst" });
  });

  it("restores a version into the draft as a new revision, leaving versions alone", async () => {
    const flow = await newFlow("Restorable", validFlow("return 'one';"));
    const v1 = await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "" });
    await saveDraft(t.db, analyst, flow.id, 2, validFlow("return 'two';"));
    await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 3, note: "" });
    await saveDraft(t.db, analyst, flow.id, 3, validFlow("return 'three, unpublished';"));

    await expect(restoreVersion(t.db, admin, { flowId: flow.id, number: 1, baseRevision: 3 })).rejects.toBeInstanceOf(DraftConflictError);
    await expect(restoreVersion(t.db, admin, { flowId: flow.id, number: 9, baseRevision: 4 })).rejects.toMatchObject({ code: "NOT_FOUND", userMessage: expect.stringContaining("v9") });
    const restored = await restoreVersion(t.db, admin, { flowId: flow.id, number: 1, baseRevision: 4 });
    expect(restored).toMatchObject({ revision: 5, definition: (await getVersion(t.db, flow.id, 1))?.definition });
    expect((await draftOf(flow.id)).definition).toEqual(restored.definition);
    expect(draftContentHash(restored.definition)).toBe(v1.contentHash);
    // publishing the restored draft makes v3 (same content as v1): history only grows
    expect(await publishFlow(t.db, admin, { flowId: flow.id, baseRevision: 5, note: "Back to v1" })).toMatchObject({ number: 3, contentHash: v1.contentHash });
  });
});

describe("reading flows", () => {
  it("lists owner, last edit, latest version and releases in environment order; searches name, slug and description", async () => {
    const flow = await createFlow(t.db, analyst, { name: "Maintenance parts", description: "Reserve spare parts for CMMS work orders" });
    await saveDraft(t.db, admin, flow.id, 1, validFlow());
    const v1 = await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "" });
    const version = await t.db.flowVersion.findUniqueOrThrow({ where: { flowId_number: { flowId: flow.id, number: v1.number } } });
    for (const key of ["prod", "dev"]) {
      const environment = await t.db.environment.findUniqueOrThrow({ where: { key } });
      await t.db.release.create({ data: { environmentId: environment.id, flowId: flow.id, versionId: version.id } });
    }
    for (const search of ["maintenance", "PARTS", "cmms work", "maintenance-parts"]) {
      const found = await listFlows(t.db, { search });
      expect(found.map((f) => f.id), search).toContain(flow.id);
    }
    expect(await listFlows(t.db, { search: "no such flow anywhere" })).toEqual([]);
    const [item] = await listFlows(t.db, { search: "maintenance-parts" });
    expect(item).toMatchObject({
      name: "Maintenance parts", slug: "maintenance-parts", owner: { name: "Ana Lyst" }, lastEditorName: "Ada Min",
      latestVersion: { number: 1 }, archivedAt: null,
      releases: [{ environmentKey: "dev", number: 1, protected: false }, { environmentKey: "prod", number: 1, protected: true }],
    });

    const editor = await getFlowForEditor(t.db, flow.id);
    expect(editor).toMatchObject({
      flow: { id: flow.id, slug: "maintenance-parts", owner: { name: "Ana Lyst" }, archivedAt: null },
      draft: { revision: 2, editorName: "Ada Min", matchesVersion: 1 },
      releases: [{ environmentKey: "dev" }, { environmentKey: "prod" }],
      connectionNames: ["odoo-main"],
      connections: [{ name: "odoo-main", kind: "odoo", environments: ["test"] }],
    });
    expect(await getFlowForEditor(t.db, "not-a-uuid")).toBeNull();
    expect(await getVersion(t.db, flow.id, 2)).toBeNull();
  });
});

describe("import and export", () => {
  it("round-trips: export a version, import it, and the draft has the same content hash", async () => {
    const flow = await newFlow("Round trip", validFlow());
    const v1 = await publishFlow(t.db, analyst, { flowId: flow.id, baseRevision: 2, note: "To plant 2" });
    const { fileName, file } = await exportFlow(t.db, flow.id, 1);
    expect(fileName).toBe("round-trip-v1.millwright.json");
    expect(file).toMatchObject({ format: "millwright.flow", formatVersion: 1, flow: { name: "Round trip", slug: "round-trip" }, version: { number: 1, note: "To plant 2" } });
    expect(file).not.toHaveProperty("redacted");

    const imported = await importFlow(t.db, admin, { json: JSON.stringify(file) });
    // the name and slug are taken here, so both get a suffix
    expect(imported).toMatchObject({ name: "Round trip (imported)", slug: "round-trip-2", warnings: [] });
    const draft = await draftOf(imported.id);
    expect(draftContentHash(draft.definition)).toBe(v1.contentHash);
    const row = await t.db.flow.findUniqueOrThrow({ where: { id: imported.id } });
    expect(row.ownerId).toBe(admin.id);

    const named = await importFlow(t.db, admin, { json: JSON.stringify(file), name: "Plant 2 parts" });
    expect(named).toMatchObject({ name: "Plant 2 parts", slug: "round-trip-3" });
    await expect(importFlow(t.db, admin, { json: JSON.stringify(file), name: "Plant 2 parts" })).rejects.toMatchObject({ code: "CONFLICT", fields: [{ path: "name" }] });
  });

  it("exports the draft too, without anything named like a secret", async () => {
    const leaky = validFlow();
    leaky.nodes[0]!.sample = { input: { order: 7, apiKey: "k-123" } };
    const flow = await newFlow("Leaky sample", leaky);
    const { fileName, file } = await exportFlow(t.db, flow.id);
    expect(fileName).toBe("leaky-sample-draft.millwright.json");
    expect(file.version).toBeUndefined();
    expect(file.redacted).toEqual(["definition.nodes[0].sample.input.apiKey"]);
    expect(JSON.stringify(file)).not.toContain("k-123");
    await expect(exportFlow(t.db, flow.id, 4)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses malformed files with the exact location, and creates nothing", async () => {
    const before = await t.db.flow.count();
    const definition = validFlow();
    (definition.nodes[2] as { position: unknown }).position = { x: "far right", y: 0 };
    const file = JSON.stringify({ format: "millwright.flow", formatVersion: 1, flow: { name: "Bad" }, definition });
    const refused = (await importFlow(t.db, analyst, { json: file }).catch((e: unknown) => e)) as FlowInvalidError;
    expect(refused).toBeInstanceOf(FlowInvalidError);
    expect(refused.fields).toEqual([{ path: "definition.nodes[2].position.x", message: expect.any(String) }]);
    expect(refused.userMessage).toContain("definition.nodes[2].position.x");

    const syntax = (await importFlow(t.db, analyst, { json: '{\n  "format": "millwright.flow",\n  "definition": {,}\n}' }).catch((e: unknown) => e)) as FlowInvalidError;
    expect(syntax.userMessage).toBe('The file is not valid JSON: expected a property name in double quotes, found "," at line 3, column 18.');
    expect(await t.db.flow.count()).toBe(before);
  });

  it("imports a well-formed but unfinished flow, returning its problems located in the file", async () => {
    const definition = validFlow();
    definition.nodes[1]!.config = { script: "" };
    const imported = await importFlow(t.db, analyst, { json: JSON.stringify({ format: "millwright.flow", formatVersion: 1, flow: { name: "Half done" }, definition }) });
    expect(imported.warnings).toContainEqual(expect.objectContaining({ nodeId: "shape", location: "definition.nodes[1].config.script" }));
    expect((await draftOf(imported.id)).definition.nodes[1]?.id).toBe("shape");
  });
});

describe("the audit trail", () => {
  it("holds every kind of change, and its chain verifies", async () => {
    const actions = new Set((await t.db.auditEvent.findMany({ select: { action: true } })).map((e) => e.action));
    for (const action of ["flow.created", "flow.renamed", "flow.duplicated", "flow.archived", "flow.unarchived", "flow.published", "flow.version_restored", "flow.imported"]) {
      expect(actions, action).toContain(action);
    }
    const published = await t.db.auditEvent.findFirstOrThrow({ where: { action: "flow.published" }, orderBy: { seq: "asc" } });
    expect(published.after).toMatchObject({ number: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/), note: expect.any(String) });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
