// The flow designer's server actions: the role matrix (server actions are public POST endpoints,
// so each must refuse callers without ANALYST or ADMIN whatever the UI shows), input validation,
// and how each expected refusal reaches the editor as an ActionResult.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signInAs } from "../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/test-database.ts";
import type { Role } from "../../../lib/auth/roles.ts";
import { verifyAuditChain } from "../../../lib/audit/audit.server.ts";
import { emptyDefinition, type TFlowDefinition } from "../../../lib/flows/definition.ts";
import type { ActionResult } from "../../../lib/flows/action-result.ts";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
// One way to make a lib call fail unexpectedly (a bug, a lost database): a flow named "Explode".
vi.mock("../../../lib/flows/flows.server.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../../lib/flows/flows.server.ts")>();
  return {
    ...original,
    createFlow: async (...args: Parameters<typeof original.createFlow>) => {
      if (args[2].name === "Explode") throw new Error("connection reset by peer at 10.0.0.7");
      return original.createFlow(...args);
    },
  };
});

let t: TestDatabase;
let actions: typeof import("./actions.ts");
const ids: Record<string, string> = {};
let counter = 0;

function validFlow(script = "return input;"): TFlowDefinition {
  return {
    ...emptyDefinition(),
    nodes: [
      { id: "start", kind: "manual-trigger", kindVersion: 1, position: { x: 0, y: 0 }, config: {} },
      { id: "shape", kind: "map", kindVersion: 1, position: { x: 260, y: 0 }, config: { script } },
      { id: "done", kind: "end", kindVersion: 1, position: { x: 520, y: 0 }, config: {} },
    ],
    edges: [
      { id: "e1", source: "start", sourcePort: "out", target: "shape", targetPort: "in" },
      { id: "e2", source: "shape", sourcePort: "out", target: "done", targetPort: "in" },
    ],
  };
}

async function revision(flowId: string): Promise<number> {
  return (await t.db.flowDraft.findUniqueOrThrow({ where: { flowId } })).revision;
}

async function expectOk<T>(result: Promise<ActionResult<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected ok, got ${JSON.stringify(settled)}`);
  return settled.data;
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  actions = await import("./actions.ts");
  const users: [string, Role[]][] = [["analyst", ["ANALYST"]], ["approver", ["APPROVER"]], ["admin", ["ADMIN"]], ["nobody", []]];
  for (const [name, roles] of users) {
    ids[name] = (await t.db.user.create({ data: { email: `${name}@plant.example`, name: `${name[0]!.toUpperCase()}${name.slice(1)}`, roles, passwordHash: "x" } })).id;
  }
  signInAs(ids.analyst!);
  ids.flow = (await expectOk(actions.createFlowAction({ name: "Parts reservation" }))).id;
  await expectOk(actions.saveDraftAction({ flowId: ids.flow, baseRevision: 1, definition: validFlow() }));
  await expectOk(actions.publishFlowAction({ flowId: ids.flow, baseRevision: 2, note: "v1" }));
  ids.archivable = (await expectOk(actions.createFlowAction({ name: "Archivable" }))).id;
});
afterAll(async () => {
  await t.drop();
});

const calls: Record<string, () => Promise<ActionResult<unknown>>> = {
  createFlow: () => actions.createFlowAction({ name: `New flow ${++counter}`, description: "From the matrix" }),
  renameFlow: () => actions.renameFlowAction({ flowId: ids.flow, name: `Parts reservation ${++counter}` }),
  duplicateFlow: () => actions.duplicateFlowAction({ flowId: ids.flow }),
  archiveFlow: () => actions.archiveFlowAction({ flowId: ids.archivable }),
  restoreArchivedFlow: () => actions.restoreArchivedFlowAction({ flowId: ids.archivable }),
  saveDraft: async () => actions.saveDraftAction({ flowId: ids.flow!, baseRevision: await revision(ids.flow!), definition: validFlow(`return ${++counter};`) }),
  publishFlow: async () => {
    // a change to publish, saved directly so every caller gets a fresh one
    const { saveDraft } = await import("../../../lib/flows/drafts.server.ts");
    await saveDraft(t.db, { id: ids.analyst!, email: "analyst@plant.example" }, ids.flow!, await revision(ids.flow!), validFlow(`return ${++counter};`));
    return actions.publishFlowAction({ flowId: ids.flow, baseRevision: await revision(ids.flow!), note: "matrix" });
  },
  restoreVersion: async () => actions.restoreVersionAction({ flowId: ids.flow, number: 1, baseRevision: await revision(ids.flow!) }),
  importFlow: () => actions.importFlowAction({ json: JSON.stringify({ format: "millwright.flow", formatVersion: 1, flow: { name: "Imported" }, definition: validFlow() }) }),
};

describe("flow server actions check the caller's role", () => {
  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: anonymous -> UNAUTHENTICATED, approver and no role -> FORBIDDEN (nothing changes), analyst and admin -> done`, async () => {
      const eventsBefore = await t.db.auditEvent.count();
      const flowsBefore = await t.db.flow.count();
      signInAs(null);
      expect(await call()).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: "Sign in to continue." });
      for (const who of ["approver", "nobody"]) {
        signInAs(ids[who]!);
        expect(await call()).toMatchObject({ ok: false, code: "FORBIDDEN", message: expect.stringContaining("ANALYST or ADMIN") });
      }
      expect(await t.db.auditEvent.count()).toBe(eventsBefore);
      expect(await t.db.flow.count()).toBe(flowsBefore);
      for (const who of ["analyst", "admin"]) {
        signInAs(ids[who]!);
        expect(await call(), who).toMatchObject({ ok: true });
      }
    });
  }
});

describe("what the editor gets back", () => {
  it("bad input: VALIDATION with each field and reason", async () => {
    signInAs(ids.analyst!);
    expect(await actions.createFlowAction({ name: "   " })).toEqual({ ok: false, code: "VALIDATION", message: "Enter a name (name).", fields: [{ path: "name", message: "Enter a name" }] });
    const notAnObject = await actions.renameFlowAction("rename please");
    expect(notAnObject).toMatchObject({ ok: false, code: "VALIDATION" });
    const wrongTypes = await actions.publishFlowAction({ flowId: "42", baseRevision: "2" });
    expect(wrongTypes.ok ? [] : wrongTypes.fields?.map((f) => f.path).sort()).toEqual(["baseRevision", "flowId"]);
  });

  it("a malformed draft: VALIDATION located inside the definition; nothing saved", async () => {
    signInAs(ids.analyst!);
    const base = await revision(ids.flow!);
    const definition = { ...validFlow(), edges: [{ id: "e1", source: "start", target: 7 }] };
    const result = await actions.saveDraftAction({ flowId: ids.flow, baseRevision: base, definition });
    expect(result).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "definition.edges[0].target" }] });
    const nul = await actions.saveDraftAction({ flowId: ids.flow, baseRevision: base, definition: validFlow("return '\u0000';") });
    expect(nul).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "definition.nodes[1].config.script" }] });
    expect(await revision(ids.flow!)).toBe(base);
  });

  it("a stale save: CONFLICT with the draft as the other person left it", async () => {
    signInAs(ids.admin!);
    const base = await revision(ids.flow!);
    const theirs = validFlow("return 'admin was here';");
    const saved = await expectOk(actions.saveDraftAction({ flowId: ids.flow, baseRevision: base, definition: theirs }));
    signInAs(ids.analyst!);
    const result = await actions.saveDraftAction({ flowId: ids.flow, baseRevision: base, definition: validFlow("return 'mine';") });
    expect(result).toEqual({
      ok: false, code: "CONFLICT", message: expect.stringContaining("Admin saved this flow after you loaded it"),
      conflict: { revision: saved.revision, definition: theirs, editorName: "Admin", updatedAt: saved.updatedAt },
    });
  });

  it("publish refusals: INVALID with issues, UNCHANGED, CONFLICT", async () => {
    signInAs(ids.analyst!);
    const base = await revision(ids.flow!);
    const published = await expectOk(actions.publishFlowAction({ flowId: ids.flow, baseRevision: base, note: "" }));
    expect(await actions.publishFlowAction({ flowId: ids.flow, baseRevision: base, note: "" })).toEqual({
      ok: false, code: "UNCHANGED", message: `Nothing changed since v${published.number}: the draft is the same as the latest version.`,
    });
    expect(await actions.publishFlowAction({ flowId: ids.flow, baseRevision: base - 1, note: "" })).toMatchObject({ ok: false, code: "CONFLICT", conflict: { revision: base } });
    const broken = { ...validFlow(), edges: [] };
    await expectOk(actions.saveDraftAction({ flowId: ids.flow, baseRevision: base, definition: broken }));
    const invalid = await actions.publishFlowAction({ flowId: ids.flow, baseRevision: base + 1, note: "" });
    expect(invalid).toMatchObject({ ok: false, code: "INVALID", issues: expect.arrayContaining([expect.objectContaining({ severity: "error" })]) });
  });

  it("import: INVALID with exact locations for a malformed file, warnings for an unfinished flow", async () => {
    signInAs(ids.analyst!);
    const malformed = await actions.importFlowAction({ json: '{"format": "millwright.flow", "formatVersion": 1, "definition": {"schemaVersion": 1, "nodes": [{"id": "a"}], "edges": []}}' });
    expect(malformed).toMatchObject({ ok: false, code: "INVALID" });
    expect(malformed.ok ? [] : malformed.fields?.map((f) => f.path)).toEqual(expect.arrayContaining(["definition.nodes[0].kind", "definition.nodes[0].position"]));
    expect(malformed.ok ? [] : malformed.issues?.map((i) => (i as { location?: string }).location)).toContain("definition.nodes[0].kind");
    const unfinished = await expectOk(actions.importFlowAction({ json: JSON.stringify({ ...emptyDefinition(), nodes: [validFlow().nodes[1]] }), name: "Bare definition" }));
    expect(unfinished.name).toBe("Bare definition");
    expect(unfinished.warnings.length).toBeGreaterThan(0);
  });

  it("a flow that does not exist: NOT_FOUND", async () => {
    signInAs(ids.analyst!);
    expect(await actions.archiveFlowAction({ flowId: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("an unexpected failure: a generic message with a reference, never the internal error", async () => {
    signInAs(ids.analyst!);
    const result = await actions.createFlowAction({ name: "Explode" });
    expect(result).toMatchObject({ ok: false, code: "INTERNAL", message: expect.stringMatching(/^Something went wrong on our side\. .*\(reference [0-9a-f]{8}\)\.$/) });
    expect(JSON.stringify(result)).not.toContain("10.0.0.7");
  });

  it("leaves an audit chain that verifies", async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
