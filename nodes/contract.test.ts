// The node-kind contract, checked over every kind in the registry: a new kind that forgets a title,
// ships defaults that do not parse, or names an icon lucide does not have fails here.
import * as icons from "lucide-react";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CATEGORY_LABELS, NODE_DEFINITIONS, NODE_KINDS, getNodeDefinition, matchesPaletteSearch, paletteEntries } from "./registry.ts";
import type { FieldMeta } from "./types.ts";

type JsonSchema = {
  type?: string | string[];
  title?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  showWhen?: FieldMeta["showWhen"];
  widget?: string;
  [key: string]: unknown;
};

/** Every property of every object in the schema, with its path and its parent object. */
function properties(schema: JsonSchema, path = ""): { path: string; key: string; schema: JsonSchema; parent: JsonSchema }[] {
  const found: { path: string; key: string; schema: JsonSchema; parent: JsonSchema }[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    found.push({ path: `${path}.${key}`, key, schema: child, parent: schema });
    found.push(...properties(child, `${path}.${key}`));
  }
  if (schema.items && typeof schema.items === "object") found.push(...properties(schema.items, `${path}[]`));
  if (schema.additionalProperties && typeof schema.additionalProperties === "object") found.push(...properties(schema.additionalProperties, `${path}{}`));
  for (const [index, option] of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].entries()) found.push(...properties(option, `${path}|${index}`));
  return found;
}

function pascalCase(kebab: string): string {
  return kebab.replace(/(^|-)([a-z0-9])/g, (_, __, char: string) => char.toUpperCase());
}

const iconExports = icons as unknown as Record<string, unknown>;

describe.each(NODE_KINDS)("node kind %s", (kind) => {
  const definition = NODE_DEFINITIONS[kind];
  const jsonSchema = z.toJSONSchema(definition.config, { io: "input" }) as JsonSchema;

  it("is registered under its own kind, at version 1, in a palette category", () => {
    expect(definition.kind).toBe(kind);
    expect(getNodeDefinition(kind)).toBe(definition);
    expect(definition.kindVersion).toBe(1);
    expect(Object.keys(CATEGORY_LABELS)).toContain(definition.category);
    expect(definition.label.length).toBeGreaterThan(0);
    expect(definition.description.length).toBeGreaterThan(10);
  });

  it("has defaults that parse, survive JSON and parse to themselves", () => {
    const parsed = definition.config.safeParse(definition.defaults());
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const roundTripped = JSON.parse(JSON.stringify(parsed.data));
    expect(roundTripped).toEqual(parsed.data);
    expect(definition.config.parse(roundTripped)).toEqual(parsed.data);
  });

  it("has ports: triggers no inputs, others one input; outputs unless it is the end", () => {
    const config = definition.config.parse(definition.defaults());
    const outputs = definition.outputs(config);
    if (kind === "end") expect(outputs).toEqual([]);
    else expect(outputs.length).toBeGreaterThan(0);
    expect(new Set(outputs.map((port) => port.id)).size).toBe(outputs.length);
    if (definition.trigger) {
      expect(definition.inputs).toEqual([]);
      expect(outputs.map((port) => port.id)).toEqual(["out"]);
      expect(outputs[0]?.required).toBe(true);
    } else {
      expect(definition.inputs.map((port) => port.id)).toEqual(["in"]);
    }
  });

  it("names the connections of its default config", () => {
    const connections = definition.connections?.(definition.config.parse(definition.defaults())) ?? [];
    for (const name of connections) expect(typeof name).toBe("string");
  });

  it("gives every config field a title in the JSON schema the form is rendered from", () => {
    const untitled = properties(jsonSchema).filter((property) => !property.schema.title).map((property) => property.path);
    expect(untitled).toEqual([]);
  });

  it("points every showWhen at a sibling field", () => {
    for (const property of properties(jsonSchema)) {
      const showWhen = property.schema.showWhen;
      if (showWhen) expect(Object.keys(property.parent.properties ?? {}), `${property.path} showWhen ${showWhen.field}`).toContain(showWhen.field);
    }
  });

  it("carries the form hints through z.toJSONSchema", () => {
    const hinted = properties(jsonSchema).filter((property) => property.schema.widget);
    if (kind !== "manual-trigger") expect(hinted.length).toBeGreaterThan(0);
  });

  it("uses a lucide icon that exists", () => {
    expect(definition.icon).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(iconExports[pascalCase(definition.icon)], `lucide-react has no ${pascalCase(definition.icon)}`).toBeDefined();
  });
});

describe("registry", () => {
  it("lists the sixteen kinds of the palette, six of them triggers", () => {
    expect(NODE_KINDS).toHaveLength(16);
    expect(NODE_KINDS.filter((kind) => NODE_DEFINITIONS[kind].trigger)).toEqual(["webhook-trigger", "schedule-trigger", "manual-trigger", "odoo-trigger", "mqtt-trigger", "amqp-trigger"]);
  });

  it("knows nothing about unknown kinds (or Object.prototype)", () => {
    expect(getNodeDefinition("teleport")).toBeUndefined();
    expect(getNodeDefinition("toString")).toBeUndefined();
  });

  it("orders palette entries by category, triggers first", () => {
    const entries = paletteEntries();
    expect(entries.map((entry) => entry.kind).sort()).toEqual([...NODE_KINDS].sort());
    const categories = Object.keys(CATEGORY_LABELS);
    const positions = entries.map((entry) => categories.indexOf(entry.category));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(entries[0]).toMatchObject({ kind: "webhook-trigger", categoryLabel: "Triggers", icon: "webhook", trigger: true });
  });

  it("finds kinds by the words analysts type", () => {
    const find = (query: string) => paletteEntries().filter((entry) => matchesPaletteSearch(entry, query)).map((entry) => entry.kind);
    expect(find("if")).toContain("branch");
    expect(find("cron")).toEqual(["schedule-trigger"]);
    expect(find("cross reference")).toEqual(["lookup-table"]);
    expect(find("REST api")).toContain("http-request");
    expect(find("")).toHaveLength(16);
  });
});
