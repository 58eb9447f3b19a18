// Lookup table: cross-references a code between systems (a CMMS asset id -> an Odoo equipment id)
// with a table kept in the flow. Passes its input on with the found value added under a field.
import { z } from "zod";
import { defineNode } from "../define.ts";
import { templateField } from "../fields.ts";
import type { PortSpec } from "../types.ts";

const RESULT_FIELD = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;

const ZRow = z.object({
  from: z.string().min(1, "Each row needs a code to look up").max(200).meta({ title: "From" }),
  to: z.string().max(2000).meta({ title: "To" }),
});

const isNumeric = (text: string) => text.trim() !== "" && Number.isFinite(Number(text));

export const ZLookupTableConfig = z
  .object({
    key: templateField({ title: "Look up", placeholder: "{{ input.assetId }}", description: "The code to translate." }, { required: "Look up is required" }).default(
      "{{ input.code }}",
    ),
    rows: z.array(ZRow).max(5000, "A table holds at most 5000 rows").default([]).meta({ title: "Table", description: "From (the code in the source system) -> To." }),
    valueType: z
      .enum(["string", "number"])
      .default("string")
      .meta({ title: "Values are", enumLabels: { string: "Text", number: "Numbers (e.g. Odoo ids)" } }),
    caseInsensitive: z.boolean().default(false).meta({ title: "Ignore upper/lower case" }),
    onMissing: z
      .enum(["fail", "default", "route"])
      .default("fail")
      .meta({
        title: "When the code is not in the table",
        enumLabels: { fail: "Fail the step", default: "Use a default value", route: "Continue on the Missing output" },
      }),
    defaultValue: z.string().max(2000).optional().meta({ title: "Default value", showWhen: { field: "onMissing", equals: ["default"] } }),
    resultField: z
      .string()
      .regex(RESULT_FIELD, "Result field must be a name such as equipmentId")
      .default("lookup")
      .meta({ title: "Put the result in", description: "The input is passed on with the found value under this field." }),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.rows.forEach((row, index) => {
      const key = config.caseInsensitive ? row.from.toLowerCase() : row.from;
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["rows", index, "from"], message: `"${row.from}" is already in row ${first + 1}` });
      else seen.set(key, index);
      if (config.valueType === "number" && !isNumeric(row.to))
        ctx.addIssue({ code: "custom", path: ["rows", index, "to"], message: `Row ${index + 1}: "${row.to}" is not a number` });
    });
    if (config.onMissing === "default") {
      if (config.defaultValue === undefined) ctx.addIssue({ code: "custom", path: ["defaultValue"], message: "Enter the default value" });
      else if (config.valueType === "number" && !isNumeric(config.defaultValue))
        ctx.addIssue({ code: "custom", path: ["defaultValue"], message: "The default value must be a number" });
    }
  });

export const lookupTableNode = defineNode({
  kind: "lookup-table",
  kindVersion: 1,
  label: "Lookup table",
  category: "data",
  icon: "arrow-left-right",
  description: "Translates codes between systems, e.g. a CMMS asset id to an Odoo equipment id.",
  keywords: ["cross reference", "xref", "mapping", "translate", "code", "dictionary", "value map"],
  trigger: false,
  config: ZLookupTableConfig,
  // The input object with the found value under `resultField`.
  output: z.record(z.string(), z.unknown()),
  defaults: (): z.input<typeof ZLookupTableConfig> => ({ key: "{{ input.code }}", rows: [], valueType: "string", onMissing: "fail", resultField: "lookup" }),
  inputs: [{ id: "in", label: "Input" }],
  outputs: (config) => {
    const ports: PortSpec[] = [{ id: "out", label: "Found" }];
    if (config?.onMissing === "route") ports.push({ id: "missing", label: "Missing", required: true, description: "When the code is not in the table." });
    return ports;
  },
  connections: () => [],
  warnings: (config) => (config.rows.length === 0 ? [{ message: "The table has no rows yet, so every lookup will miss", path: ["rows"] }] : []),
});
