// The node-kind contract (browser-safe). A kind is declared once, in nodes/<kind>/definition.ts;
// the editor, the form generator, save/publish/import validation and the engine all read it.
import type { z } from "zod";

export type NodeCategory = "triggers" | "logic" | "data" | "odoo" | "people" | "integration" | "flow";

/** A handle on the node. Inputs are where edges arrive, outputs where they leave (by port id). */
export type PortSpec = {
  id: string;
  label: string;
  /** An output the graph validator insists is connected. */
  required?: boolean;
};

/**
 * Form hints travel on the zod schema itself with `.meta({...})` (zod 4), so the one schema that
 * validates a config also describes its form; z.toJSONSchema() carries them to the renderer.
 * Keys the config panel understands:
 */
export type FieldMeta = {
  title?: string;
  description?: string;
  placeholder?: string;
  widget?: "text" | "textarea" | "code" | "json" | "template" | "select" | "number" | "switch" | "connection" | "cron" | "keyvalue" | "domain" | "duration";
  /** For widget "code": the language and what the script receives. */
  language?: "javascript" | "json";
  /** For widget "connection": the connection kind to list (odoo, http, mqtt, amqp). */
  connectionKind?: string;
  /** Shown only when another field (by key in the same object) has one of these values. */
  showWhen?: { field: string; equals: unknown[] };
  /** Advanced fields are folded away by default. */
  advanced?: boolean;
};

export type NodeDefinition<Config extends z.ZodType = z.ZodType, Output extends z.ZodType = z.ZodType> = {
  kind: string;
  /** Raised when the config shape changes; `migrate` upgrades older configs. */
  kindVersion: number;
  label: string;
  category: NodeCategory;
  /** A lucide-react icon name (kebab-case), e.g. "webhook". */
  icon: string;
  description: string;
  /** True for the kinds that start a run; a flow has exactly one. */
  trigger: boolean;
  config: Config;
  output: Output;
  /** A fresh node's config: must parse with `config`. */
  defaults: () => z.input<Config>;
  inputs: PortSpec[];
  /** Output ports; may depend on the config (a switch has one port per case). */
  outputs: (config: z.output<Config>) => PortSpec[];
  /** Names of the connections a config refers to (for validation and promotion gates). */
  connections?: (config: z.output<Config>) => string[];
  /** Upgrades a config written for an older kindVersion; returns input for `config`. */
  migrate?: (config: unknown, fromVersion: number) => unknown;
};

export type AnyNodeDefinition = NodeDefinition<z.ZodType, z.ZodType>;
