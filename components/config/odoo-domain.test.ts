import { describe, expect, it } from "vitest";
import { appendChild, newGroup, parseDomain, parseDomainValue, removeNode, serializeDomain, updateNode, type DomainGroup } from "./odoo-domain.ts";

function roundTrip(domain: unknown[]): unknown[] {
  const parsed = parseDomain(domain);
  if (!parsed.ok) throw new Error(parsed.error);
  return serializeDomain(parsed.root);
}

describe("odoo domain builder model", () => {
  it("keeps a plain list of conditions a plain list (implicit AND)", () => {
    const domain = [["state", "=", "confirmed"], ["company_id", "=", 1]];
    const parsed = parseDomain(domain);
    expect(parsed.ok && parsed.root).toMatchObject({ op: "&", children: [{ field: "state" }, { field: "company_id" }] });
    expect(roundTrip(domain)).toEqual(domain);
  });

  it("reads OR, NOT and nesting, and writes prefix notation back", () => {
    const domain = ["|", ["a", "=", 1], "&", ["b", "=", 2], "!", ["c", "in", [1, 2]]];
    const parsed = parseDomain(domain);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.root).toMatchObject({
      op: "|",
      children: [{ field: "a" }, { type: "group", op: "&", children: [{ field: "b" }, { field: "c", negate: true }] }],
    });
    expect(serializeDomain(parsed.root)).toEqual(domain);
  });

  it("flattens chains of the same operator", () => {
    const parsed = parseDomain(["|", "|", ["a", "=", 1], ["b", "=", 2], ["c", "=", 3]]);
    expect(parsed.ok && parsed.root.children).toHaveLength(3);
    expect(roundTrip(["|", "|", ["a", "=", 1], ["b", "=", 2], ["c", "=", 3]])).toEqual(["|", "|", ["a", "=", 1], ["b", "=", 2], ["c", "=", 3]]);
  });

  it("refuses shapes it cannot show", () => {
    expect(parseDomain(["&", ["a", "=", 1]])).toMatchObject({ ok: false });
    expect(parseDomain([["a", "="]])).toMatchObject({ ok: false });
    expect(parseDomain({})).toMatchObject({ ok: false });
    expect(parseDomain([])).toMatchObject({ ok: true });
  });

  it("edits the tree: add an OR group, change a condition, remove it", () => {
    const parsed = parseDomain([["state", "=", "draft"]]);
    if (!parsed.ok) throw new Error(parsed.error);
    let root: DomainGroup = parsed.root;
    const group = newGroup("|");
    root = appendChild(root, root.id, group);
    const leafId = group.children[0]!.id;
    root = updateNode(root, leafId, (node) => ({ ...node, field: "priority", operator: ">=", value: 2 }) as typeof node);
    root = appendChild(root, group.id, { type: "leaf", id: "x", field: "urgent", operator: "=", value: true, negate: false });
    expect(serializeDomain(root)).toEqual([["state", "=", "draft"], "|", ["priority", ">=", 2], ["urgent", "=", true]]);
    root = removeNode(root, "x");
    expect(serializeDomain(root)).toEqual([["state", "=", "draft"], ["priority", ">=", 2]]);
  });

  it("reads values typed in the builder", () => {
    expect(parseDomainValue("42", "=")).toBe(42);
    expect(parseDomainValue('"42"', "=")).toBe("42");
    expect(parseDomainValue("true", "=")).toBe(true);
    expect(parseDomainValue("{{ input.ref }}", "=")).toBe("{{ input.ref }}");
    expect(parseDomainValue("draft, sent, 3", "in")).toEqual(["draft", "sent", 3]);
    expect(parseDomainValue('["a", 1]', "not in")).toEqual(["a", 1]);
    expect(parseDomainValue('[["active", "=", true]]', "any")).toEqual([["active", "=", true]]);
  });
});
