import { describe, expect, it } from "vitest";
import { z } from "zod";
import { NODE_DEFINITIONS } from "../../nodes/registry.ts";
import {
  childFields,
  formForDefinition,
  initialValue,
  isFieldVisible,
  issueText,
  locateField,
  newArrayItem,
  placeIssues,
  setIn,
  unsupportedFields,
  variantValue,
  walkFields,
  WIDGETS,
  type FormField,
} from "./json-schema-form.ts";

function form(schema: z.ZodType): FormField {
  return formForDefinition({ config: schema });
}

function field(root: FormField, key: string): FormField {
  const found = childFields(root, undefined).find((f) => f.key === key);
  if (!found) throw new Error(`no field ${key}`);
  return found;
}

const upsert = z.object({
  connection: z.string().min(1).meta({ title: "Connection", widget: "connection", connectionKind: "odoo" }),
  model: z.string().min(1).meta({ title: "Model", placeholder: "res.partner" }),
  operation: z.discriminatedUnion("type", [
    z.object({ type: z.literal("create"), values: z.record(z.string(), z.unknown()).meta({ widget: "json", title: "Values" }) }).meta({ title: "Create" }),
    z.object({
      type: z.literal("upsert"),
      domain: z.array(z.unknown()).default([]).meta({ widget: "domain", title: "Find by" }),
      values: z.record(z.string(), z.unknown()).meta({ widget: "json", title: "Values" }),
    }),
  ]),
  headers: z.record(z.string(), z.string()).default({}).meta({ widget: "keyvalue", title: "Headers" }),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000).meta({ title: "Timeout", widget: "duration", advanced: true }),
});

describe("json schema form", () => {
  it("maps widgets and meta hints to fields", () => {
    const root = form(upsert);
    expect(root.kind).toBe("object");
    expect(field(root, "connection")).toMatchObject({ kind: "connection", connectionKind: "odoo", title: "Connection", required: true });
    expect(field(root, "model")).toMatchObject({ kind: "text", placeholder: "res.partner", required: true });
    // Plain string values of a key/value list may hold {{ }} templates.
    expect(field(root, "headers")).toMatchObject({ kind: "keyvalue", required: false, hasDefault: true, value: { kind: "template" } });
    expect(field(root, "timeoutMs")).toMatchObject({ kind: "duration", valueType: "number", unit: "ms", advanced: true, default: 10_000 });
    expect(unsupportedFields(root)).toEqual([]);
  });

  it("detects discriminated unions and their variants", () => {
    const op = field(form(upsert), "operation");
    if (op.kind !== "union") throw new Error(`expected union, got ${op.kind}`);
    expect(op.discriminator).toBe("type");
    expect(op.variants.map((v) => [v.value, v.title])).toEqual([
      ["create", "Create"],
      ["upsert", "Upsert"],
    ]);
    expect(op.variants[1]?.fields.map((f) => [f.key, f.kind])).toEqual([
      ["domain", "domain"],
      ["values", "json"],
    ]);
    expect(op.variants[1]?.discriminatorIndex).toBe(0);
    // Declared the same way in every variant.
    expect(op.common.map((f) => [f.key, f.kind])).toEqual([["values", "json"]]);
  });

  it("treats a union at the top of the config (branch if/switch) as the form itself", () => {
    const branch = z.discriminatedUnion("mode", [
      z.object({ mode: z.literal("if"), condition: z.string().meta({ widget: "code", language: "javascript", title: "Condition" }) }).meta({ title: "If / else" }),
      z.object({
        mode: z.literal("switch"),
        cases: z
          .array(z.object({ id: z.string(), label: z.string(), condition: z.string().meta({ widget: "code" }) }))
          .min(1)
          .meta({ title: "Cases" }),
      }),
    ]);
    const root = form(branch);
    expect(root).toMatchObject({ kind: "union", discriminator: "mode" });
    const switchFields = childFields(root, { mode: "switch" });
    expect(switchFields.map((f) => f.key)).toEqual(["cases"]);
    const cases = switchFields[0]!;
    expect(cases).toMatchObject({ kind: "array", minItems: 1, item: { kind: "object" } });
    // New cases get an id unique within the list (it becomes an output port).
    if (cases.kind !== "array") throw new Error("array expected");
    expect(newArrayItem(cases, [{ id: "case-1" }, { id: "case-2" }])).toEqual({ id: "case-3", label: "", condition: "" });
    expect(newArrayItem(cases, [{ id: "case-2" }])).toEqual({ id: "case-3", label: "", condition: "" });
    expect(childFields(root, { mode: "if" }).map((f) => [f.key, f.kind])).toEqual([["condition", "code"]]);
  });

  it("merges intersections of an object and a union into a union with common fields", () => {
    const schema = z.object({ connection: z.string() }).and(
      z.discriminatedUnion("op", [z.object({ op: z.literal("read"), ids: z.array(z.number()) }), z.object({ op: z.literal("unlink"), id: z.number() })]),
    );
    const root = form(schema);
    if (root.kind !== "union") throw new Error(`expected union, got ${root.kind}`);
    expect(root.common.map((f) => f.key)).toEqual(["connection"]);
    expect(childFields(root, { op: "unlink" }).map((f) => f.key)).toEqual(["connection", "id"]);
  });

  it("switching a variant keeps fields both variants share", () => {
    const op = field(form(upsert), "operation");
    if (op.kind !== "union") throw new Error("union expected");
    const next = variantValue(op, op.variants[1]!, { type: "create", values: { name: "x" } });
    expect(next).toEqual({ type: "upsert", values: { name: "x" }, domain: [] });
  });

  it("evaluates showWhen against sibling values and defaults", () => {
    const schema = z.object({
      method: z.enum(["GET", "POST"]).default("GET"),
      body: z.string().optional().meta({ widget: "template", showWhen: { field: "method", equals: ["POST"] } }),
    });
    const root = form(schema);
    const fields = childFields(root, {});
    const body = fields.find((f) => f.key === "body")!;
    expect(field(root, "method")).toMatchObject({ kind: "select", options: [{ value: "GET", label: "GET" }, { value: "POST", label: "POST" }] });
    expect(isFieldVisible(body, fields, {})).toBe(false);
    expect(isFieldVisible(body, fields, { method: "POST" })).toBe(true);
  });

  it("reads nullable, optional, enum-literal unions and unknown values", () => {
    const schema = z.object({
      note: z.string().nullable().meta({ title: "Note" }),
      level: z.union([z.literal("low"), z.literal("high")]),
      anything: z.unknown(),
      count: z.number().int().optional(),
      on: z.boolean().default(true),
      tags: z.array(z.string()).meta({ widget: "tags" }),
      nested: z.object({ a: z.string() }).meta({ title: "Nested" }),
    });
    const root = form(schema);
    expect(field(root, "note")).toMatchObject({ kind: "text", nullable: true, title: "Note" });
    expect(field(root, "level")).toMatchObject({ kind: "select", options: [{ value: "low" }, { value: "high" }] });
    expect(field(root, "anything")).toMatchObject({ kind: "json" });
    expect(field(root, "count")).toMatchObject({ kind: "number", integer: true, required: false });
    expect(field(root, "on")).toMatchObject({ kind: "switch", default: true, required: false });
    expect(field(root, "tags")).toMatchObject({ kind: "tags", itemType: "string" });
    expect(field(root, "nested")).toMatchObject({ kind: "object", fields: [{ key: "a", kind: "text" }] });
  });

  it("builds a fresh config from defaults", () => {
    expect(initialValue(form(upsert))).toEqual({
      connection: "",
      model: "",
      operation: { type: "create", values: {} },
      headers: {},
      timeoutMs: 10_000,
    });
  });

  it("updates values immutably and removes cleared optional keys", () => {
    const before = { a: { b: [1, 2] }, c: 1 };
    const after = setIn(before, ["a", "b", 1], 5);
    expect(after).toEqual({ a: { b: [1, 5] }, c: 1 });
    expect(before.a.b[1]).toBe(2);
    expect(setIn(before, ["c"], undefined)).toEqual({ a: { b: [1, 2] } });
  });

  it("places issues under the field that shows them", () => {
    const root = form(upsert);
    const value = { connection: "", model: "x", operation: { type: "upsert", domain: [["a", "bad", 1]], values: {} }, headers: { "X A": "{{" } };
    const placed = placeIssues(root, value, [
      { severity: "error", code: "config-invalid", message: "Choose a connection", path: ["connection"] },
      { severity: "error", code: "config-invalid", message: "Bad operator", path: ["operation", "domain", 0] },
      { severity: "error", code: "config-invalid", message: "Not closed", path: ["headers", "X A"] },
      { severity: "error", code: "config-invalid", message: "Too long", path: ["timeoutMs"] },
      { severity: "error", code: "unconnected", message: "Output not connected" },
    ]);
    expect([...placed.byField.keys()]).toEqual(['["connection"]', '["operation","domain"]', '["headers"]', '["timeoutMs"]']);
    expect(placed.general.map((i) => i.message)).toEqual(["Output not connected"]);
    expect(placed.inAdvanced).toBe(true);
    expect([...placed.advancedContainers]).toEqual(["[]"]);
    const nested = placed.byField.get('["operation","domain"]')![0]!;
    // List positions are left to the message; keys it does not mention are prefixed.
    expect(issueText(nested, ["operation", "domain"])).toBe("Bad operator");
    expect(issueText(placed.byField.get('["headers"]')![0]!, ["headers"])).toBe("X A: Not closed");
    expect(issueText({ severity: "error", code: "x", message: 'Header "X A" is bad', path: ["headers", "X A"] }, ["headers"])).toBe('Header "X A" is bad');
  });

  it("does not place issues in fields the current variant hides", () => {
    const root = form(upsert);
    const located = locateField(root, { operation: { type: "create" } }, ["operation", "domain"]);
    expect(located.path).toEqual(["operation"]);
  });
});

describe("the forms of the real node kinds", () => {
  const kinds = Object.entries(NODE_DEFINITIONS);

  it.each(kinds)("%s renders with a control for every field", (_kind, definition) => {
    const root = formForDefinition(definition);
    expect(unsupportedFields(root)).toEqual([]);
    const unknownWidgets: string[] = [];
    const jsonWithoutAsking: string[] = [];
    walkFields(root, (field, trail) => {
      const where = [...trail, field.key].join(".");
      if (field.widget && !(WIDGETS as readonly string[]).includes(field.widget)) unknownWidgets.push(`${where}: ${field.widget}`);
      // Raw JSON is a fallback: only where the schema asks for it or the value can be anything.
      if (field.kind === "json" && field.widget !== "json") jsonWithoutAsking.push(where);
    });
    expect(unknownWidgets).toEqual([]);
    expect(jsonWithoutAsking).toEqual([]);
  });

  it.each(kinds)("%s places every issue of its default config on a field", (_kind, definition) => {
    const root = formForDefinition(definition);
    const config = definition.defaults();
    const parsed = definition.config.safeParse(config);
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ severity: "error" as const, code: "config-invalid", message: i.message, path: i.path.map((p) => (typeof p === "number" ? p : String(p))) }));
    const placed = placeIssues(root, config, issues);
    expect(placed.general).toEqual([]);
  });

  it("detects the unions of branch, delay and call-odoo and shows the right variant's fields", () => {
    const branch = formForDefinition(NODE_DEFINITIONS.branch);
    expect(branch).toMatchObject({ kind: "union", discriminator: "mode", title: "Branch on" });
    expect(childFields(branch, { mode: "if" }).map((f) => f.key)).toEqual(["condition"]);
    expect(childFields(branch, { mode: "switch" }).map((f) => f.key)).toEqual(["expression", "cases"]);
    if (branch.kind !== "union") throw new Error("union expected");
    expect(branch.variants.map((v) => v.title)).toEqual(["If / else", "Switch"]);

    const odoo = formForDefinition(NODE_DEFINITIONS["call-odoo"]);
    if (odoo.kind !== "union") throw new Error("union expected");
    expect(odoo.variants).toHaveLength(10);
    expect(odoo.common.map((f) => f.key)).toEqual(["connection", "model", "context", "timeoutMs", "retry"]);
    const upsert = childFields(odoo, { operation: "upsert" });
    expect(upsert.map((f) => [f.key, f.kind])).toEqual([
      ["connection", "connection"],
      ["model", "text"],
      ["context", "object"],
      ["timeoutMs", "number"],
      ["retry", "object"],
      ["key", "object"],
      ["values", "json"],
    ]);
    expect(childFields(odoo, { operation: "search_read" }).find((f) => f.key === "domain")?.kind).toBe("domain");

    const delay = formForDefinition(NODE_DEFINITIONS.delay);
    expect(childFields(delay, { mode: "duration" })[0]).toMatchObject({ kind: "duration", valueType: "either", unit: "s" });
  });

  it("applies showWhen on the real schemas", () => {
    const webhook = formForDefinition(NODE_DEFINITIONS["webhook-trigger"]);
    const fields = childFields(webhook, {});
    const signature = fields.find((f) => f.key === "signatureHeader")!;
    // auth defaults to hmac: the signature header shows until another method is chosen.
    expect(isFieldVisible(signature, fields, {})).toBe(true);
    expect(isFieldVisible(signature, fields, { auth: "bearer" })).toBe(false);
    const wait = fields.find((f) => f.key === "waitTimeoutMs")!;
    expect(isFieldVisible(wait, fields, { responseMode: "wait" })).toBe(true);
    expect(isFieldVisible(wait, fields, {})).toBe(false);
  });

  it("gives switch cases, scalar case values and role pickers the right controls", () => {
    const branch = formForDefinition(NODE_DEFINITIONS.branch);
    const cases = childFields(branch, { mode: "switch" }).find((f) => f.key === "cases");
    if (cases?.kind !== "array" || cases.item.kind !== "object") throw new Error("cases should be an array of objects");
    expect(cases.item.fields.find((f) => f.key === "value")).toMatchObject({ kind: "scalar", types: ["string", "number", "boolean"] });
    const approve = formForDefinition(NODE_DEFINITIONS.approve);
    const assignees = childFields(approve, {}).find((f) => f.key === "assignees")!;
    expect(childFields(assignees, {}).find((f) => f.key === "roles")).toMatchObject({
      kind: "multiselect",
      options: [{ value: "ANALYST", label: "Integration analyst" }, { value: "APPROVER", label: "Approver" }, { value: "ADMIN", label: "Administrator" }],
    });
  });
});
