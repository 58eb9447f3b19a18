// Server-renders the config panel of every node kind (no browser needed): each kind's form has
// a labelled control for every visible field, shows config issues under the right field, and
// renders disabled when read-only.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { FlowIssue, TFlowNode } from "../../lib/flows/definition.ts";
import { childFields, formForDefinition, isFieldVisible } from "../../lib/flows/json-schema-form.ts";
import { NODE_DEFINITIONS, NODE_KINDS } from "../../nodes/registry.ts";
import { ConfigPanel } from "./config-panel.tsx";

const SAMPLE = { workOrder: { id: "WO-1", asset: { id: "PUMP-12" }, parts: [{ sku: "SEAL-3", qty: 4 }] } };

function nodeOf(kind: (typeof NODE_KINDS)[number], config?: Record<string, unknown>): TFlowNode {
  const definition = NODE_DEFINITIONS[kind];
  return { id: "n2", kind, kindVersion: definition.kindVersion, position: { x: 0, y: 0 }, config: config ?? (definition.defaults() as Record<string, unknown>) };
}

function render(node: TFlowNode, options: { issues?: FlowIssue[]; readOnly?: boolean } = {}): string {
  return renderToString(
    createElement(ConfigPanel, {
      node,
      definition: NODE_DEFINITIONS[node.kind as (typeof NODE_KINDS)[number]],
      upstreamSample: SAMPLE,
      connectionNames: ["odoo", "mqtt"],
      issues: options.issues ?? [],
      readOnly: options.readOnly,
      onChange: () => {},
    }),
  );
}

function decode(html: string): string {
  return html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

describe("config panel", () => {
  it.each(NODE_KINDS)("renders %s with a control for every visible field", (kind) => {
    const node = nodeOf(kind);
    const html = decode(render(node));
    const form = formForDefinition(NODE_DEFINITIONS[kind]);
    const fields = childFields(form, node.config).filter((f) => !f.advanced && f.kind !== "const" && isFieldVisible(f, childFields(form, node.config), node.config));
    for (const field of fields) expect(html, `${kind}: ${field.key}`).toContain(field.title);
    expect(html).not.toContain("has no form yet");
    expect(html).toContain('aria-label="Step name"');
  });

  it("shows a config issue under its field and counts it on the Settings tab", () => {
    const html = decode(
      render(nodeOf("map"), {
        issues: [{ severity: "error", code: "config-invalid", message: "Time limit is at most 30 000 ms", nodeId: "n2", path: ["timeoutMs"] }],
      }),
    );
    // The field sits under "Advanced", which opens by itself when it holds a problem.
    expect(html).toContain("Time limit (ms)");
    expect(html).toContain("Time limit is at most 30 000 ms");
    expect(html).toMatch(/1<span class="sr-only"> (<!-- -->)?problem<\/span>/);
  });

  it("lists issues that belong to no field above the form", () => {
    const html = decode(render(nodeOf("approve"), { issues: [{ severity: "warning", code: "approve-approved-unconnected", message: "Nothing happens after Approve is approved", nodeId: "n2" }] }));
    expect(html).toContain("Nothing happens after Approve is approved");
  });

  it("renders the same form disabled when read-only", () => {
    const html = render(nodeOf("http-request"), { readOnly: true });
    expect(html).toMatch(/<select[^>]*disabled/);
    expect(html).not.toContain("Add header");
    expect(html).toContain("readOnly");
  });

  it("offers no field picker on triggers (nothing comes before them)", () => {
    expect(render(nodeOf("webhook-trigger"))).not.toContain("Input from previous step");
    expect(render(nodeOf("map"))).toContain("Input from previous step");
  });
});

describe("pasting lookup rows", () => {
  it("reads spreadsheet and CSV rows into the table's columns, skipping a header", async () => {
    const { parsePastedRows } = await import("./fields.tsx");
    const root = formForDefinition(NODE_DEFINITIONS["lookup-table"]);
    const rows = childFields(root, {}).find((f) => f.key === "rows");
    if (rows?.kind !== "array" || rows.item.kind !== "object") throw new Error("rows should be a table");
    expect(parsePastedRows("From\tTo\nPUMP-12\t417\nPUMP-13\t418\n", rows.item.fields)).toEqual([
      { from: "PUMP-12", to: "417" },
      { from: "PUMP-13", to: "418" },
    ]);
    expect(parsePastedRows('"A-1",12\nB-2,13', rows.item.fields)).toEqual([
      { from: "A-1", to: "12" },
      { from: "B-2", to: "13" },
    ]);
  });
});
