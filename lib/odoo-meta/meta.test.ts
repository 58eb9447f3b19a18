// The pure helpers behind the Odoo pickers: fields_get and ir.model answers as lists, search as
// the analyst types, the snippets the values editor inserts, and which config fields get a picker.
import { describe, expect, it } from "vitest";
import { X2MANY_COMMANDS, ZFieldsQuery, fieldSnippet, normaliseFields, normaliseModels, searchItems, typeLabel } from "./meta.ts";
import { isModelName, odooPicker } from "./pickers.ts";

describe("normaliseFields", () => {
  it("turns fields_get into a sorted list with labels, types, relations and selection values", () => {
    const fields = normaliseFields({
      state: { string: "Status", type: "selection", selection: [["draft", "Draft"], ["done", "Done"]], required: false, readonly: true },
      name: { string: "Subject", type: "char", required: true, help: "What to do" },
      partner_id: { string: "Customer", type: "many2one", relation: "res.partner" },
      broken: { string: "No type" },
    });
    expect(fields).toEqual([
      { name: "name", string: "Subject", type: "char", required: true, readonly: false, help: "What to do" },
      { name: "partner_id", string: "Customer", type: "many2one", relation: "res.partner", required: false, readonly: false },
      { name: "state", string: "Status", type: "selection", required: false, readonly: true, selection: [["draft", "Draft"], ["done", "Done"]] },
    ]);
    expect(normaliseFields(null)).toEqual([]);
  });

  it("turns ir.model rows into { model, name } sorted by technical name", () => {
    expect(normaliseModels([{ id: 3, model: "sale.order", name: "Sales Order" }, { id: 1, model: "res.partner", name: false }, { id: 9 }])).toEqual([
      { model: "res.partner", name: "res.partner" },
      { model: "sale.order", name: "Sales Order" },
    ]);
  });
});

describe("searchItems", () => {
  const models = [
    { model: "account.move", name: "Journal Entry" },
    { model: "res.partner", name: "Contact" },
    { model: "sale.order", name: "Sales Order" },
    { model: "sale.order.line", name: "Sales Order Line" },
  ];
  const keys = (m: { model: string; name: string }): [string, string] => [m.model, m.name];

  it("matches the technical name or the label, every word, names starting with the query first", () => {
    expect(searchItems(models, "order", keys).map((m) => m.model)).toEqual(["sale.order", "sale.order.line"]);
    expect(searchItems(models, "contact", keys).map((m) => m.model)).toEqual(["res.partner"]);
    expect(searchItems(models, "sales line", keys).map((m) => m.model)).toEqual(["sale.order.line"]);
    expect(searchItems(models, "sale", keys).map((m) => m.model)).toEqual(["sale.order", "sale.order.line"]);
    expect(searchItems(models, "", keys, 2)).toHaveLength(2);
  });
});

describe("values editor snippets", () => {
  it("inserts a field with a sample value of its type", () => {
    expect(fieldSnippet({ name: "name", type: "char" })).toBe('"name": ""');
    expect(fieldSnippet({ name: "partner_id", type: "many2one" })).toBe('"partner_id": 0');
    expect(fieldSnippet({ name: "active", type: "boolean" })).toBe('"active": false');
    expect(fieldSnippet({ name: "order_line", type: "one2many" })).toBe('"order_line": [[0, 0, {}]]');
    expect(fieldSnippet({ name: "state", type: "selection", selection: [["draft", "Draft"]] })).toBe('"state": "draft"');
    expect(typeLabel({ type: "many2one", relation: "res.partner" })).toBe("many2one → res.partner");
  });

  it("offers the x2many commands Odoo takes, as valid JSON", () => {
    const byCommand = Object.fromEntries(X2MANY_COMMANDS.map((c) => [c.command, JSON.parse(c.snippet)]));
    expect(byCommand.create[0].slice(0, 2)).toEqual([0, 0]);
    expect(byCommand.set).toEqual([[6, 0, [1, 2]]]);
    expect(byCommand.link).toEqual([[4, 42]]);
    expect(byCommand.unlink).toEqual([[3, 42]]);
    expect(byCommand.clear).toEqual([[5]]);
  });
});

describe("the fields query", () => {
  it("reads refresh=1 as a refresh and refuses a label for a model", () => {
    expect(ZFieldsQuery.parse({ connection: "odoo-main", model: "res.partner", refresh: "1" }).refresh).toBe(true);
    expect(ZFieldsQuery.parse({ connection: "odoo-main", model: "res.partner" }).refresh).toBe(false);
    expect(ZFieldsQuery.safeParse({ connection: "odoo-main", model: "Contact" }).success).toBe(false);
  });
});

describe("odooPicker", () => {
  const siblings = [
    { key: "connection", kind: "connection" as const, connectionKind: "odoo" },
    { key: "model", kind: "text" as const },
    { key: "fields", kind: "tags" as const },
    { key: "domain", kind: "domain" as const },
    { key: "values", kind: "json" as const },
    { key: "method", kind: "text" as const },
  ];
  const config = { connection: "odoo-main", model: " sale.order " };

  it("gives the model, fields, domain and values of an Odoo step their picker, with the connection and model of the form", () => {
    expect(odooPicker(siblings[1]!, siblings, config)).toEqual({ role: "model", connection: "odoo-main", model: "sale.order" });
    expect(odooPicker(siblings[2]!, siblings, config)?.role).toBe("fields");
    expect(odooPicker(siblings[3]!, siblings, config)?.role).toBe("domain");
    expect(odooPicker(siblings[4]!, siblings, config)?.role).toBe("values");
    expect(odooPicker(siblings[5]!, siblings, config)).toBeNull();
  });

  it("leaves forms without an Odoo connection alone", () => {
    const http = siblings.map((f) => (f.key === "connection" ? { ...f, connectionKind: "http" } : f));
    expect(odooPicker(siblings[1]!, http, config)).toBeNull();
    expect(odooPicker(siblings[1]!, siblings.slice(1), config)).toBeNull();
    expect(odooPicker(siblings[1]!, siblings, undefined)).toEqual({ role: "model", connection: "", model: "" });
  });

  it("asks Odoo only about technical model names", () => {
    expect(isModelName("maintenance.request")).toBe(true);
    expect(isModelName("Maintenance")).toBe(false);
    expect(isModelName("")).toBe(false);
  });
});
