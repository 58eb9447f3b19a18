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
  /** When the step leaves through this port (tooltip on the handle). */
  description?: string;
};

/**
 * Form hints travel on the zod schema itself with `.meta({...})` (zod 4), so the one schema that
 * validates a config also describes its form; z.toJSONSchema(schema, { io: "input" }) carries them
 * to the renderer as extra keys beside `title` and `description`. Keys the config panel understands:
 *
 * Conventions for the renderer (the JSON schema is the source of truth for types and defaults):
 * - Every config field has a `title`. Fields without a widget get the default control for their
 *   JSON-schema type (string -> text, number/integer -> number, boolean -> switch, enum -> select,
 *   array of objects -> repeatable rows, object -> fieldset). Unknown widgets fall back the same way.
 * - Discriminated unions (`oneOf` whose variants share a `const` property, e.g. `mode`, `operation`,
 *   `type`): render the discriminator as a select; each variant's `const` field carries the option's
 *   `title` (and `description`), then render the chosen variant's other fields.
 * - `keyvalue`: an object whose values are strings (templates allowed), edited as key/value rows.
 * - `tags`: an array of short strings (field names, e-mails, paths), edited as chips.
 * - `template`: text with `{{ expression }}` placeholders evaluated against the step input.
 * - `path`: a dotted path into the step input (`body.order.id`); the picker offers paths from the
 *   previous step's sample.
 * - `json`: any JSON value; strings inside may hold placeholders (a string that is exactly one
 *   placeholder, "{{ input.lines }}", keeps the value's type at run time).
 * - Variant fields have defaults where sensible, so switching a discriminator is
 *   `schema.safeParse({ ...shared, mode: "switch" })`: the new variant comes back filled in.
 */
export type FieldMeta = {
  title?: string;
  description?: string;
  placeholder?: string;
  widget?:
    | "text"
    | "textarea"
    | "code"
    | "json"
    | "template"
    | "select"
    | "number"
    | "switch"
    | "connection"
    | "cron"
    | "keyvalue"
    | "domain"
    | "duration"
    | "tags"
    | "path"
    | "timezone";
  /** For widget "code": the language and what the script receives. */
  language?: "javascript" | "json";
  /** For widget "connection": the connection kind to list (odoo, http, mqtt, amqp). */
  connectionKind?: string;
  /** Shown only when another field (by key in the same object) has one of these values. */
  showWhen?: { field: string; equals: unknown[] };
  /** Advanced fields are folded away by default. */
  advanced?: boolean;
  /** For enums rendered as a select: a readable label per value (values not listed show as is). */
  enumLabels?: Record<string, string>;
  /** For widget "duration": the unit of a plain number (text is an ISO 8601 duration). */
  unit?: "ms" | "s" | "min";
};

// Type the hints everywhere `.meta()` is called: a misspelt widget is a compile error.
declare module "zod/v4/core" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalMeta extends FieldMeta {}
}

export type NodeDefinition<Config extends z.ZodType = z.ZodType, Output extends z.ZodType = z.ZodType> = {
  kind: string;
  /** Raised when the config shape changes; `migrate` upgrades older configs. */
  kindVersion: number;
  label: string;
  category: NodeCategory;
  /** A lucide-react icon name (kebab-case), e.g. "webhook". */
  icon: string;
  description: string;
  /** Extra words the palette search matches (e.g. "if", "cron", "rest"). */
  keywords?: string[];
  /** True for the kinds that start a run; a flow has exactly one. */
  trigger: boolean;
  config: Config;
  output: Output;
  /** A fresh node's config: must parse with `config`. */
  defaults: () => z.input<Config>;
  inputs: PortSpec[];
  // The functions below are methods (not arrow-typed properties) so that a specific definition is
  // assignable to AnyNodeDefinition: method parameters are compared bivariantly.
  /** Output ports; may depend on the config (a switch has one port per case). */
  outputs(config: z.output<Config>): PortSpec[];
  /** Names of the connections a config refers to (for validation and promotion gates). */
  connections?(config: z.output<Config>): string[];
  /** Upgrades a config written for an older kindVersion; returns input for `config`. */
  migrate?(config: unknown, fromVersion: number): unknown;
  /** Things worth a second look in a valid config (an empty lookup table); they never block publish. */
  warnings?(config: z.output<Config>): { message: string; path?: (string | number)[] }[];
};

export type AnyNodeDefinition = NodeDefinition<z.ZodType, z.ZodType>;
