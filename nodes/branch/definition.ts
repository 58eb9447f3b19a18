// Branch: if/else on a condition, or a multi-way switch on an expression's value. Its output ports
// follow the config: "true"/"false", or one port per case (port id = case id) plus "default".
import { z } from "zod";
import { defineNode } from "../define.ts";
import { refineJavaScript } from "../fields.ts";
import type { PortSpec } from "../types.ts";

export const DEFAULT_PORT = "default";
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

const ZCase = z.object({
  id: z
    .string()
    .regex(CASE_ID, "Case ids use letters, digits, - and _ (at most 32)")
    .refine((id) => id !== DEFAULT_PORT, `"${DEFAULT_PORT}" is the output for unmatched values; pick another case id`)
    .meta({ title: "Output id", advanced: true, description: "Identifies the case's output; keep it stable so connections stay attached." }),
  label: z.string().min(1, "Each case needs a label").max(60, "Case labels are at most 60 characters").meta({ title: "Label" }),
  value: z
    .union([z.string(), z.number(), z.boolean()], { error: "A case value is text, a number or true/false" })
    .meta({ title: "Value", description: "The expression's value that selects this case (compared with ===, so 1 and \"1\" differ)." }),
});

/** A stable key for comparing case values the way the executor does (===). */
function caseKey(value: string | number | boolean): string {
  return `${typeof value}:${String(value)}`;
}

const ZIf = z.object({
  mode: z.literal("if").meta({ title: "If / else", description: "Two outputs: True and False." }),
  condition: z
    .string({ error: "Condition is required" })
    .max(5000, "The condition is too long")
    .refine((condition) => condition.trim() !== "", "Condition is required")
    .superRefine(refineJavaScript("expression"))
    .default("input.amount > 1000")
    .meta({
      title: "Condition",
      widget: "code",
      language: "javascript",
      placeholder: "input.amount > 1000",
      description: "A JavaScript expression over `input`; truthy continues on True, otherwise on False.",
    }),
});

const ZSwitch = z.object({
  mode: z.literal("switch").meta({ title: "Switch", description: "One output per case, plus Default." }),
  expression: z
    .string({ error: "Expression is required" })
    .max(5000, "The expression is too long")
    .refine((expression) => expression.trim() !== "", "Expression is required")
    .superRefine(refineJavaScript("expression"))
    .default("input.priority")
    .meta({ title: "Expression", widget: "code", language: "javascript", placeholder: "input.priority", description: "A JavaScript expression over `input`; its value picks the case." }),
  cases: z
    .array(ZCase)
    .min(1, "Add at least one case")
    .max(50, "A switch has at most 50 cases")
    .superRefine((cases, ctx) => {
      const ids = new Map<string, number>();
      const values = new Map<string, number>();
      cases.forEach((item, index) => {
        if (ids.has(item.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: `Case ${index + 1} repeats the output id "${item.id}" of case ${(ids.get(item.id) as number) + 1}` });
        else ids.set(item.id, index);
        const key = caseKey(item.value);
        if (values.has(key))
          ctx.addIssue({ code: "custom", path: [index, "value"], message: `Case ${index + 1} repeats the value ${JSON.stringify(item.value)} of case ${(values.get(key) as number) + 1}` });
        else values.set(key, index);
      });
    })
    .default([
      { id: "high", label: "High", value: "high" },
      { id: "low", label: "Low", value: "low" },
    ])
    .meta({ title: "Cases" }),
});

export const ZBranchConfig = z.discriminatedUnion("mode", [ZIf, ZSwitch]).meta({ title: "Branch on" });

export const branchNode = defineNode({
  kind: "branch",
  kindVersion: 1,
  label: "Branch",
  category: "logic",
  icon: "split",
  description: "Sends the data one way or another: if/else, or a switch with several cases.",
  keywords: ["if", "else", "condition", "switch", "case", "route", "decision", "router"],
  trigger: false,
  config: ZBranchConfig,
  // The input, unchanged, on the chosen output.
  output: z.unknown(),
  defaults: (): z.input<typeof ZBranchConfig> => ({ mode: "if", condition: "input.amount > 1000" }),
  inputs: [{ id: "in", label: "Input" }],
  outputs: (config) => {
    // Written defensively: the canvas also asks for the ports of a config still being edited.
    if (config?.mode === "switch") {
      const ports: PortSpec[] = [];
      const seen = new Set<string>([DEFAULT_PORT]);
      for (const item of Array.isArray(config.cases) ? config.cases : []) {
        if (typeof item?.id !== "string" || !CASE_ID.test(item.id) || seen.has(item.id)) continue;
        seen.add(item.id);
        ports.push({ id: item.id, label: typeof item.label === "string" && item.label ? item.label : item.id });
      }
      ports.push({ id: DEFAULT_PORT, label: "Default", description: "When no case matches." });
      return ports;
    }
    return [
      { id: "true", label: "True", description: "When the condition holds." },
      { id: "false", label: "False", description: "When it does not." },
    ];
  },
  connections: () => [],
});
