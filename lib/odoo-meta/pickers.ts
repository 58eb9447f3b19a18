// Which config fields get an Odoo picker: inside an object that has an Odoo `connection` field, the
// `model` text field (model combobox), the `fields` tags (field suggestions), domains (field
// suggestions in the builder) and the `values` JSON of create / write / upsert (fields reference
// and x2many helper). Browser-safe and pure, so the form and its tests agree.
import type { FormField } from "../flows/json-schema-form.ts";

export type OdooPickerRole = "model" | "fields" | "domain" | "values";

/** The picker a field gets, with the connection and model it reads from the same form, or null. */
export function odooPicker(
  field: Pick<FormField, "key" | "kind">,
  siblings: readonly Pick<FormField, "key" | "kind">[],
  objectValue: unknown,
): { role: OdooPickerRole; connection: string; model: string } | null {
  const connectionField = siblings.find((f) => f.key === "connection" && f.kind === "connection");
  if (!connectionField || (connectionField as { connectionKind?: string }).connectionKind !== "odoo") return null;
  const role: OdooPickerRole | null =
    field.key === "model" && field.kind === "text"
      ? "model"
      : field.key === "fields" && field.kind === "tags"
        ? "fields"
        : field.kind === "domain"
          ? "domain"
          : field.key === "values" && field.kind === "json"
            ? "values"
            : null;
  if (!role) return null;
  const record = objectValue && typeof objectValue === "object" ? (objectValue as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  return { role, connection: text(record.connection), model: text(record.model) };
}

/** True when `model` looks like a technical model name worth asking Odoo about. */
export function isModelName(model: string): boolean {
  return /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/.test(model);
}
