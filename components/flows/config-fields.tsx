import type { TFlowNode } from "../../lib/flows/definition.ts";
import { formForDefinition, humanize } from "../../lib/flows/json-schema-form.ts";
import { getNodeDefinition } from "../../nodes/registry.ts";
import { CodeBlock, JsonView, shortValue } from "./json-view.tsx";

export type ConfigField = { key: string; title: string; value: unknown; code: boolean };

/** A step's config entries in the order and with the titles of its kind's form; unknown keys after them. */
export function configFields(node: Pick<TFlowNode, "kind" | "config">): ConfigField[] {
  const definition = getNodeDefinition(node.kind);
  const known: { key: string; title: string; code: boolean }[] = [];
  if (definition) {
    try {
      const form = formForDefinition(definition);
      if (form.kind === "union") known.push({ key: form.discriminator, title: humanize(form.discriminator), code: false });
      const top = form.kind === "object" ? form.fields : form.kind === "union" ? [...form.common, ...form.variants.flatMap((v) => v.fields)] : [];
      for (const field of top) if (!known.some((k) => k.key === field.key)) known.push({ key: field.key, title: field.title, code: field.kind === "code" });
    } catch {
      // An unreadable schema still shows the raw keys below.
    }
  }
  const fields: ConfigField[] = [];
  for (const { key, title, code } of known) if (key in node.config) fields.push({ key, title, value: node.config[key], code });
  for (const [key, value] of Object.entries(node.config)) if (!known.some((k) => k.key === key)) fields.push({ key, title: humanize(key), value, code: false });
  return fields;
}

/** A config value, read-only: scripts with line numbers and colours, JSON pretty, the rest as text. */
export function ReadOnlyValue({ value, code, label }: { value: unknown; code: boolean; label: string }) {
  if (typeof value === "string" && (code || value.includes("\n"))) return <CodeBlock text={value} label={label} language={code ? "javascript" : undefined} className="max-h-96" />;
  if (value !== null && typeof value === "object") return <JsonView value={value} className="max-h-72" />;
  if (typeof value === "string") return <p className="text-sm break-words text-zinc-800">{value === "" ? <span className="text-zinc-400">Empty</span> : value}</p>;
  if (typeof value === "boolean") return <p className="text-sm text-zinc-800">{value ? "Yes" : "No"}</p>;
  return <p className="font-mono text-xs text-zinc-800">{shortValue(value)}</p>;
}
