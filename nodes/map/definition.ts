// Map: a JavaScript function body that receives the step input and returns the next step's input.
// Runs in the sandbox (isolated-vm, no network, no file system); data is copied in and out as JSON.
import { z } from "zod";
import { defineNode } from "../define.ts";
import { refineJavaScript } from "../fields.ts";

export const DEFAULT_MAP_SCRIPT = "return { ...input };";

export const ZMapConfig = z.object({
  script: z
    .string({ error: "Script is required" })
    .max(100_000, "The script is too long (at most 100 000 characters)")
    .refine((script) => script.trim() !== "", "Script is required")
    .superRefine(refineJavaScript("script"))
    .default(DEFAULT_MAP_SCRIPT)
    .meta({
      title: "Script",
      widget: "code",
      language: "javascript",
      description: "The body of a function of `input` (the previous step's output); `return` the next step's input.",
    }),
  returns: z
    .string()
    .max(500)
    .default("")
    .meta({ title: "Returns", widget: "textarea", placeholder: "{ partnerId, lines: [{ productId, qty }] }", description: "What the script returns, for whoever reads the flow next." }),
  timeoutMs: z
    .number()
    .int()
    .min(10, "Time limit is at least 10 ms")
    .max(30_000, "Time limit is at most 30 000 ms")
    .default(1000)
    .meta({ title: "Time limit (ms)", advanced: true, description: "The script is stopped, and the step fails, after this long." }),
});

export const mapNode = defineNode({
  kind: "map",
  kindVersion: 1,
  label: "Map",
  category: "data",
  icon: "code-xml",
  description: "Reshapes data with a short JavaScript script.",
  keywords: ["javascript", "script", "transform", "code", "function", "set", "mapping"],
  trigger: false,
  config: ZMapConfig,
  // Whatever the script returns.
  output: z.unknown(),
  defaults: (): z.input<typeof ZMapConfig> => ({ script: DEFAULT_MAP_SCRIPT, returns: "", timeoutMs: 1000 }),
  inputs: [{ id: "in", label: "Input" }],
  outputs: () => [{ id: "out", label: "Result" }],
  connections: () => [],
});
