// Server-renders the Call Odoo config panel with the Odoo metadata already known (or failed) in
// the query cache: the Model box is a combobox naming the chosen model, the Fields tags and the
// domain builder say where their suggestions come from (with "Refresh fields"), the Values editor
// of create offers the fields reference and the x2many helper, and an unreachable Odoo leaves a
// readable hint while the model stays free text.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { TFlowNode } from "../../lib/flows/definition.ts";
import type { OdooFieldsAnswer, OdooModelsAnswer } from "../../lib/odoo-meta/meta.ts";
import { NODE_DEFINITIONS } from "../../nodes/registry.ts";
import { ConfigPanel } from "./config-panel.tsx";

const MODELS: OdooModelsAnswer = { connection: "odoo-main", environment: "dev", models: [{ model: "res.partner", name: "Contact" }, { model: "sale.order", name: "Sales Order" }] };
const FIELDS: OdooFieldsAnswer = {
  connection: "odoo-main",
  environment: "dev",
  model: "res.partner",
  fetchedAt: "2026-11-22T20:00:00.000Z",
  fields: [
    { name: "category_id", string: "Tags", type: "many2many", relation: "res.partner.category", required: false, readonly: false },
    { name: "name", string: "Name", type: "char", required: true, readonly: false },
  ],
};

function render(config: Record<string, unknown>, client: QueryClient, kind: "call-odoo" | "odoo-trigger" = "call-odoo"): string {
  const definition = NODE_DEFINITIONS[kind];
  const node: TFlowNode = { id: "n2", kind, kindVersion: definition.kindVersion, position: { x: 0, y: 0 }, config };
  const panel = createElement(ConfigPanel, { node, definition, upstreamSample: undefined, connectionNames: ["odoo-main"], issues: [], onChange: () => {} });
  const html = renderToString(createElement(QueryClientProvider, { client }, panel));
  return html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/<!-- -->/g, "");
}

function knownClient(): QueryClient {
  const client = new QueryClient();
  client.setQueryData(["odoo-meta", "models", "odoo-main"], MODELS);
  client.setQueryData(["odoo-meta", "fields", "odoo-main", "res.partner"], FIELDS);
  return client;
}

describe("the Odoo pickers in the Call Odoo panel", () => {
  it("shows the model as a combobox with its label, and the fields' source with a refresh button", () => {
    const html = render({ operation: "search_read", connection: "odoo-main", model: "res.partner", domain: [], fields: ["name"], limit: 80 }, knownClient());
    expect(html).toMatch(/<input[^>]*role="combobox"[^>]*aria-autocomplete="list"/);
    expect(html).toContain("Contact");
    expect(html).toContain("2 fields of <span class=\"font-mono\">res.partner</span>");
    expect(html.match(/Refresh fields/g)?.length).toBe(2); // the domain builder and the Fields tags
  });

  it("offers the fields reference and the x2many helper under the values of create", () => {
    const html = render({ operation: "create", connection: "odoo-main", model: "res.partner", values: { name: "{{ input.name }}" } }, knownClient());
    expect(html).toContain("Fields");
    expect(html).toContain("2 of res.partner");
    expect(html).toContain("x2many values (one2many, many2many)");
  });

  it("keeps the model as free text with the reason when Odoo cannot be reached", () => {
    // As after a failed fetch in the browser (on the server an errored query would be fetched again).
    const client = new QueryClient({ defaultOptions: { queries: { retryOnMount: false } } });
    const query = client.getQueryCache().build(client, { queryKey: ["odoo-meta", "models", "odoo-main"] });
    query.setState({ status: "error", error: new Error("Odoo at http://odoo:8069 cannot be reached: connection refused"), fetchStatus: "idle" });
    const html = render({ operation: "search_read", connection: "odoo-main", model: "res.partner", domain: [], fields: ["name"], limit: 80 }, client);
    expect(html).toContain("Could not load models: Odoo at http://odoo:8069 cannot be reached: connection refused. Type the technical name. ");
    expect(html).toMatch(/<button type="button"[^>]*>Try again<\/button>/);
    expect(html).toMatch(/value="res.partner"/);
  });

  it("gives the Odoo trigger the same pickers", () => {
    const config = { ...(NODE_DEFINITIONS["odoo-trigger"].defaults() as Record<string, unknown>), connection: "odoo-main", model: "res.partner" };
    const html = render(config, knownClient(), "odoo-trigger");
    expect(html).toMatch(/<input[^>]*role="combobox"[^>]*aria-autocomplete="list"[^>]*value="res.partner"/);
    expect(html).toContain("Refresh fields");
  });

  it("asks for a connection before listing models", () => {
    const html = render({ operation: "search_read", connection: "", model: "", domain: [], fields: [], limit: 80 }, new QueryClient());
    expect(html).toContain("Choose a connection to list its models.");
  });
});
