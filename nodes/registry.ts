// The browser-safe registry of node kinds: what the palette lists, what the config panel renders,
// what validateFlow checks. Executors live elsewhere (executors.server.ts, worker only).
import { amqpTrigger } from "./amqp-trigger/definition.ts";
import { amqpPublishNode } from "./amqp-publish/definition.ts";
import { approveNode } from "./approve/definition.ts";
import { branchNode } from "./branch/definition.ts";
import { callOdooNode } from "./call-odoo/definition.ts";
import { delayNode } from "./delay/definition.ts";
import { endNode } from "./end/definition.ts";
import { httpRequestNode } from "./http-request/definition.ts";
import { lookupTableNode } from "./lookup-table/definition.ts";
import { manualTrigger } from "./manual-trigger/definition.ts";
import { mapNode } from "./map/definition.ts";
import { mqttPublishNode } from "./mqtt-publish/definition.ts";
import { mqttTrigger } from "./mqtt-trigger/definition.ts";
import { odooTrigger } from "./odoo-trigger/definition.ts";
import { scheduleTrigger } from "./schedule-trigger/definition.ts";
import type { AnyNodeDefinition, NodeCategory } from "./types.ts";
import { webhookTrigger } from "./webhook-trigger/definition.ts";

export const NODE_KINDS = [
  "webhook-trigger",
  "schedule-trigger",
  "manual-trigger",
  "odoo-trigger",
  "mqtt-trigger",
  "amqp-trigger",
  "map",
  "branch",
  "approve",
  "call-odoo",
  "http-request",
  "mqtt-publish",
  "amqp-publish",
  "lookup-table",
  "delay",
  "end",
] as const;

export type NodeKind = (typeof NODE_KINDS)[number];

// `satisfies` makes a kind missing from this map (or misspelt) a compile error.
export const NODE_DEFINITIONS = {
  "webhook-trigger": webhookTrigger,
  "schedule-trigger": scheduleTrigger,
  "manual-trigger": manualTrigger,
  "odoo-trigger": odooTrigger,
  "mqtt-trigger": mqttTrigger,
  "amqp-trigger": amqpTrigger,
  map: mapNode,
  branch: branchNode,
  approve: approveNode,
  "call-odoo": callOdooNode,
  "http-request": httpRequestNode,
  "mqtt-publish": mqttPublishNode,
  "amqp-publish": amqpPublishNode,
  "lookup-table": lookupTableNode,
  delay: delayNode,
  end: endNode,
} satisfies Record<NodeKind, AnyNodeDefinition> as Record<NodeKind, AnyNodeDefinition>;

/** Palette order is key order. */
export const CATEGORY_LABELS: Record<NodeCategory, string> = {
  triggers: "Triggers",
  data: "Data",
  logic: "Logic",
  odoo: "Odoo",
  people: "People",
  integration: "Other systems",
  flow: "Flow control",
};

export function isNodeKind(kind: string): kind is NodeKind {
  return Object.hasOwn(NODE_DEFINITIONS, kind);
}

export function getNodeDefinition(kind: string): AnyNodeDefinition | undefined {
  return isNodeKind(kind) ? NODE_DEFINITIONS[kind] : undefined;
}

export type PaletteEntry = {
  kind: NodeKind;
  label: string;
  category: NodeCategory;
  categoryLabel: string;
  icon: string;
  description: string;
  keywords: string[];
  trigger: boolean;
};

/** Palette entries in palette order: by category (CATEGORY_LABELS order), then NODE_KINDS order. */
export function paletteEntries(): PaletteEntry[] {
  const categories = Object.keys(CATEGORY_LABELS) as NodeCategory[];
  return NODE_KINDS.map((kind) => NODE_DEFINITIONS[kind])
    .map((definition, index) => ({ definition, index }))
    .sort((a, b) => categories.indexOf(a.definition.category) - categories.indexOf(b.definition.category) || a.index - b.index)
    .map(({ definition }) => ({
      kind: definition.kind as NodeKind,
      label: definition.label,
      category: definition.category,
      categoryLabel: CATEGORY_LABELS[definition.category],
      icon: definition.icon,
      description: definition.description,
      keywords: definition.keywords ?? [],
      trigger: definition.trigger,
    }));
}

/** Palette search: label, description, kind and keywords, every word must match (case-insensitive). */
export function matchesPaletteSearch(entry: PaletteEntry, query: string): boolean {
  const haystack = [entry.label, entry.description, entry.kind, entry.categoryLabel, ...entry.keywords].join(" ").toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
