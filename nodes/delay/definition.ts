// Delay: waits for a duration or until a point in time, then passes its input on unchanged.
// The run waits as a scheduled job; no worker is held.
import { z } from "zod";
import { defineNode } from "../define.ts";
import { durationField, durationMs, hasTemplate, templateField } from "../fields.ts";

export const MAX_DELAY_MS = 365 * 24 * 3600 * 1000;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

const ZDuration = z.object({
  mode: z.literal("duration").meta({ title: "For a while", description: "Waits for a fixed time." }),
  duration: durationField({ title: "Wait for", placeholder: "PT15M", description: "An ISO 8601 duration (PT15M, PT4H, P1D) or a number of seconds." }, "seconds")
    .refine((value) => (durationMs(value, "seconds") ?? 0) <= MAX_DELAY_MS, "Wait for: at most 365 days")
    .default("PT5M"),
});

const ZUntil = z.object({
  mode: z.literal("until").meta({ title: "Until a time", description: "Waits until a timestamp; a time in the past continues at once." }),
  until: templateField(
    { title: "Until", placeholder: "{{ input.plannedStart }}", description: "An ISO 8601 timestamp with a time zone (2025-03-01T08:00:00+01:00), or a placeholder producing one." },
    { required: "Until is required" },
  )
    .refine((text) => hasTemplate(text) || (ISO_TIMESTAMP.test(text.trim()) && !Number.isNaN(Date.parse(text))), "Until must be a timestamp with a time zone, e.g. 2025-03-01T08:00:00Z")
    .default("{{ input.startAt }}"),
});

export const ZDelayConfig = z.discriminatedUnion("mode", [ZDuration, ZUntil]).meta({ title: "Wait" });

export const delayNode = defineNode({
  kind: "delay",
  kindVersion: 1,
  label: "Delay",
  category: "flow",
  icon: "timer",
  description: "Waits for a while, or until a given time, before continuing.",
  keywords: ["wait", "sleep", "pause", "timer", "schedule", "later"],
  trigger: false,
  config: ZDelayConfig,
  // The input, unchanged.
  output: z.unknown(),
  defaults: (): z.input<typeof ZDelayConfig> => ({ mode: "duration", duration: "PT5M" }),
  inputs: [{ id: "in", label: "Input" }],
  outputs: () => [{ id: "out", label: "Then" }],
  connections: () => [],
});
