// Odoo trigger: polls a model for records created or changed since the last poll (a cursor on
// write_date), one run per record or per batch.
import { z } from "zod";
import { defineNode } from "../define.ts";
import { ODOO_FIELD, ZOdooContext, connectionField, odooDomainField, odooFieldsField, odooModelField } from "../fields.ts";

export const ZOdooTriggerConfig = z
  .object({
    connection: connectionField("odoo"),
    model: odooModelField(),
    domain: odooDomainField({ description: 'Only records matching this Odoo domain start a run, e.g. [["stage_id.done", "=", false]]; empty means all.' }),
    fields: odooFieldsField().default(["display_name"]),
    onCreate: z.boolean().default(true).meta({ title: "On new records" }),
    onWrite: z.boolean().default(false).meta({ title: "On changed records" }),
    pollIntervalSeconds: z
      .number()
      .int()
      .min(10, "Poll at most every 10 seconds")
      .max(86_400, "Poll at least once a day")
      .default(60)
      .meta({ title: "Check every (seconds)" }),
    runPer: z
      .enum(["record", "batch"])
      .default("record")
      .meta({ title: "Start", enumLabels: { record: "One run per record", batch: "One run per poll with all records" } }),
    batchSize: z.number().int().min(1).max(1000).default(100).meta({ title: "Records per poll", advanced: true }),
    cursorField: z
      .string()
      .regex(ODOO_FIELD, "Cursor field must be a field name such as write_date")
      .default("write_date")
      .meta({ title: "Cursor field", advanced: true, description: "A datetime field that grows on every change; polling resumes after the last value seen." }),
    context: ZOdooContext.optional(),
  })
  .superRefine((config, ctx) => {
    if (!config.onCreate && !config.onWrite)
      ctx.addIssue({ code: "custom", path: ["onCreate"], message: "Choose when to start: on new records, on changed records, or both" });
  });

const ZRecord = z.record(z.string(), z.unknown());

export const ZOdooTriggerOutput = z.object({
  model: z.string(),
  event: z.enum(["create", "write"]).optional(),
  /** One run per record. */
  record: ZRecord.optional(),
  /** One run per poll. */
  records: z.array(ZRecord).optional(),
});

export const odooTrigger = defineNode({
  kind: "odoo-trigger",
  kindVersion: 1,
  label: "Odoo record",
  category: "triggers",
  icon: "database-zap",
  description: "Starts a run when records are created or changed in Odoo (checked every minute or so).",
  keywords: ["poll", "erp", "record", "created", "changed", "watch"],
  trigger: true,
  config: ZOdooTriggerConfig,
  output: ZOdooTriggerOutput,
  defaults: (): z.input<typeof ZOdooTriggerConfig> => ({ connection: "odoo", model: "res.partner", domain: [], fields: ["display_name"], onCreate: true, onWrite: false, pollIntervalSeconds: 60 }),
  inputs: [],
  outputs: () => [{ id: "out", label: "Record", required: true }],
  connections: (config) => [config.connection],
});
