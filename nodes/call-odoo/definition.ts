// Call Odoo: one operation on one model of an Odoo database (through a named connection).
// A discriminated union on `operation`, so each operation carries exactly the fields it needs.
import { z } from "zod";
import { defineNode } from "../define.ts";
import {
  ODOO_FIELD,
  ODOO_OPERATORS,
  ZOdooContext,
  ZRetryOverride,
  connectionField,
  jsonObjectField,
  jsonTemplateField,
  odooDomainField,
  odooFieldsField,
  odooModelField,
  templateField,
} from "../fields.ts";

export const ODOO_OPERATIONS = ["search_read", "search", "read", "create", "write", "unlink", "upsert", "name_search", "search_count", "call"] as const;
export type OdooOperation = (typeof ODOO_OPERATIONS)[number];

const ORDER_PART = /^[A-Za-z_][A-Za-z0-9_.]*(?:\s+(?:asc|desc))?(?:\s+nulls\s+(?:first|last))?$/i;

const shared = {
  connection: connectionField("odoo"),
  model: odooModelField(),
  context: ZOdooContext.optional(),
  timeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(300_000)
    .default(30_000)
    .meta({ title: "Timeout (ms)", advanced: true, description: "A call that takes longer is retried as a transient failure." }),
  retry: ZRetryOverride,
};

function operation<T extends OdooOperation>(value: T, title: string, description: string) {
  return z.literal(value).meta({ title, description });
}

const order = z
  .string()
  .max(200)
  .refine((text) => text.trim() === "" || text.split(",").every((part) => ORDER_PART.test(part.trim())), 'Sort order looks like "date_deadline asc, id desc"')
  .default("")
  .meta({ title: "Sort order", placeholder: "date_deadline asc, id desc", advanced: true });
const limit = z.number().int().min(1).max(10_000, "Limit is at most 10 000 records").default(80).meta({ title: "Limit" });
const offset = z.number().int().min(0).default(0).meta({ title: "Offset", advanced: true });
const ids = templateField(
  { title: "Record ids", placeholder: "{{ input.id }}", description: "One id, a list [1, 2], or a placeholder producing either." },
  { required: "Record ids are required" },
).default("{{ input.id }}");
function values(title = "Values") {
  return jsonObjectField({
    title,
    description: 'Field values as JSON; placeholders allowed, e.g. { "name": "{{ input.title }}", "equipment_id": "{{ input.equipmentId }}" }.',
  }).refine((record) => Object.keys(record).length > 0, `${title}: set at least one field`);
}

const ZSearchRead = z.object({
  operation: operation("search_read", "Search and read", "Records matching a domain, with their fields (output `records`)."),
  ...shared,
  domain: odooDomainField(),
  fields: odooFieldsField().default(["display_name"]),
  order,
  limit,
  offset,
});
const ZSearch = z.object({
  operation: operation("search", "Search ids", "Ids of the records matching a domain (output `ids`)."),
  ...shared,
  domain: odooDomainField(),
  order,
  limit,
  offset,
});
const ZRead = z.object({
  operation: operation("read", "Read", "Fields of records by id (output `records`)."),
  ...shared,
  ids,
  fields: odooFieldsField().default(["display_name"]),
});
const ZCreate = z.object({
  operation: operation("create", "Create", "Creates a record (output `id`)."),
  ...shared,
  values: values().default({ name: "{{ input.name }}" }),
});
const ZWrite = z.object({
  operation: operation("write", "Update", "Writes values on records by id (output `ids`)."),
  ...shared,
  ids,
  values: values().default({ name: "{{ input.name }}" }),
});
const ZUnlink = z.object({
  operation: operation("unlink", "Delete", "Deletes records by id (output `ids`)."),
  ...shared,
  ids,
});
const ZUpsertKey = z
  .object({
    by: z
      .enum(["field", "external_id"])
      .default("field")
      .meta({ title: "Find the record by", enumLabels: { field: "A field value (e.g. a reference)", external_id: "An external id (module.name)" } }),
    field: z
      .string()
      .regex(ODOO_FIELD, "Key field must be a field name such as ref or x_cmms_id")
      .optional()
      .meta({ title: "Key field", placeholder: "ref", showWhen: { field: "by", equals: ["field"] }, description: "Its value is taken from Values." }),
    externalIdTemplate: templateField({
      title: "External id",
      placeholder: "cmms.asset_{{ input.assetId }}",
      showWhen: { field: "by", equals: ["external_id"] },
      description: "module.name; created with the record when it is new.",
    }).optional(),
  })
  .superRefine((key, ctx) => {
    if (key.by === "field" && !key.field) ctx.addIssue({ code: "custom", path: ["field"], message: "Choose the key field that identifies the record" });
    if (key.by === "external_id" && !key.externalIdTemplate?.trim())
      ctx.addIssue({ code: "custom", path: ["externalIdTemplate"], message: "Enter the external id, e.g. cmms.asset_{{ input.assetId }}" });
  })
  .meta({ title: "Match on" });
const ZUpsert = z
  .object({
    operation: operation("upsert", "Create or update", "Updates the record matching a key, or creates it (output `id`, `created`)."),
    ...shared,
    key: ZUpsertKey,
    values: values().default({ name: "{{ input.name }}" }),
  })
  .superRefine((config, ctx) => {
    if (config.key.by === "field" && config.key.field && !(config.key.field in config.values))
      ctx.addIssue({ code: "custom", path: ["values"], message: `Values must set the key field "${config.key.field}", which finds the record` });
  });
const ZNameSearch = z.object({
  operation: operation("name_search", "Find by name", "Records whose name matches (output `matches` [{ id, name }])."),
  ...shared,
  name: templateField({ title: "Name", placeholder: "{{ input.partnerName }}" }).default("{{ input.name }}"),
  operator: z.enum(ODOO_OPERATORS).default("ilike").meta({ title: "Operator", advanced: true }),
  domain: odooDomainField({ title: "Also matching" }),
  limit: z.number().int().min(1).max(1000).default(8).meta({ title: "Limit" }),
});
const ZSearchCount = z.object({
  operation: operation("search_count", "Count", "Number of records matching a domain (output `count`)."),
  ...shared,
  domain: odooDomainField(),
});
const ZCall = z.object({
  operation: operation("call", "Call a method", "Any public model method, e.g. action_confirm (output `result`)."),
  ...shared,
  method: z
    .string({ error: "Method is required" })
    .min(1, "Method is required")
    .refine((name) => !name.startsWith("_"), "Odoo does not allow calling private methods (starting with _) over RPC")
    .refine((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name), "Method names look like action_confirm")
    .default("action_confirm")
    .meta({ title: "Method", placeholder: "action_confirm" }),
  args: jsonTemplateField({ title: "Arguments", description: 'Positional arguments as a JSON list; usually the ids first, e.g. [["{{ input.id }}"]].' })
    .refine((value) => Array.isArray(value), "Arguments must be a JSON list, e.g. [[42]]")
    .default([]),
  kwargs: jsonObjectField({ title: "Keyword arguments", description: "Named arguments as a JSON object." }).default({}),
});

export const ZCallOdooConfig = z
  .discriminatedUnion("operation", [ZSearchRead, ZSearch, ZRead, ZCreate, ZWrite, ZUnlink, ZUpsert, ZNameSearch, ZSearchCount, ZCall])
  .meta({ title: "Operation" });

const ZRecord = z.record(z.string(), z.unknown());

/** Each operation fills its own keys (documented on the operation). */
export const ZCallOdooOutput = z.object({
  records: z.array(ZRecord).optional(),
  ids: z.array(z.number()).optional(),
  id: z.number().optional(),
  created: z.boolean().optional(),
  count: z.number().optional(),
  matches: z.array(z.object({ id: z.number(), name: z.string() })).optional(),
  result: z.unknown().optional(),
});

export const callOdooNode = defineNode({
  kind: "call-odoo",
  kindVersion: 1,
  label: "Call Odoo",
  category: "odoo",
  icon: "database",
  description: "Reads, creates, updates or calls methods on Odoo records.",
  keywords: ["erp", "search", "read", "create", "write", "update", "upsert", "rpc", "record", "purchase", "stock"],
  trigger: false,
  config: ZCallOdooConfig,
  output: ZCallOdooOutput,
  defaults: (): z.input<typeof ZCallOdooConfig> => ({ operation: "search_read", connection: "odoo", model: "res.partner", domain: [], fields: ["display_name"], limit: 80 }),
  inputs: [{ id: "in", label: "Input" }],
  outputs: () => [{ id: "out", label: "Result" }],
  connections: (config) => [config.connection],
});
