// Manual trigger: a person starts the run from the flow page (also used for test runs).
import { z } from "zod";
import { defineNode } from "../define.ts";
import { jsonSchemaField } from "../fields.ts";

export const ZManualTriggerConfig = z.object({
  instructions: z
    .string()
    .max(2000, "Instructions are at most 2000 characters")
    .default("")
    .meta({ title: "Instructions", widget: "textarea", description: "Shown to whoever starts the flow by hand.", placeholder: "Paste the work order to re-send to Odoo." }),
  inputSchema: jsonSchemaField({
    title: "Input schema",
    description: "Optional JSON Schema for the start dialog; the input is checked against it before the run starts.",
  }),
});

export const ZManualTriggerOutput = z.object({
  input: z.unknown(),
  startedBy: z.string(),
});

export const manualTrigger = defineNode({
  kind: "manual-trigger",
  kindVersion: 1,
  label: "Manual start",
  category: "triggers",
  icon: "play",
  description: "Starts a run when a person clicks Start, with optional input.",
  keywords: ["button", "start", "test", "by hand", "on demand"],
  trigger: true,
  config: ZManualTriggerConfig,
  output: ZManualTriggerOutput,
  defaults: (): z.input<typeof ZManualTriggerConfig> => ({ instructions: "" }),
  inputs: [],
  outputs: () => [{ id: "out", label: "Input", required: true }],
  connections: () => [],
});
