// Event conditioning on a message trigger (MQTT, AMQP): what reaches the flow, and how often.
// Raw machine messages are folded before the ERP sees them: a filter, then one mode per trigger
// (deduplicate, debounce, state held for a while, tumbling-window aggregates), per key (e.g. the
// asset). The state lives in Postgres (EventWindow); lib/conditioning applies it.
import { z } from "zod";
import { durationField, pathField, refineJavaScript, timeZoneField } from "./fields.ts";

const ZNone = z.object({
  mode: z.literal("none").meta({ title: "Every message", description: "Each message that passes the filter starts a run." }),
});

const ZDedupe = z.object({
  mode: z.literal("dedupe").meta({ title: "Deduplicate", description: "Within the period, only the first message per key starts a run." }),
  period: durationField({ title: "Period", placeholder: "PT10M", description: "An ISO 8601 duration (PT10M, PT1H) or a number of minutes." }, "minutes").default("PT10M"),
});

const ZDebounce = z.object({
  mode: z.literal("debounce").meta({ title: "Debounce", description: "After a quiet time without messages for a key, one run with the last message." }),
  quiet: durationField({ title: "Quiet time", placeholder: "PT30S", description: "An ISO 8601 duration (PT30S, PT5M) or a number of minutes." }, "minutes").default("PT30S"),
});

const ZStateDuration = z.object({
  mode: z.literal("state").meta({
    title: "State held for a while",
    description: 'One "started" run when a key holds a state longer than the minimum, one "recovered" run when it leaves it; shorter blips start nothing.',
  }),
  statePath: pathField({ title: "State path", placeholder: "payload.state", description: "Where the state is in the message." }).default("payload.state"),
  value: z
    .union([z.string(), z.number(), z.boolean()], { error: "The state value is text, a number or true/false" })
    .default("DOWN")
    .meta({ title: "State value", placeholder: "DOWN", description: "The state to watch (compared with ===)." }),
  minDuration: durationField({ title: "Held for more than", placeholder: "PT5M", description: "An ISO 8601 duration (PT5M) or a number of minutes." }, "minutes").default("PT5M"),
});

const ZTumbling = z.object({
  mode: z.literal("tumbling").meta({ title: "Tumbling window", description: "Counts (and sums) per key over fixed windows; one run per key when a window closes." }),
  size: durationField({ title: "Window", placeholder: "PT8H", description: "An ISO 8601 duration (PT15M, PT8H, P1D) or a number of minutes." }, "minutes").default("PT1H"),
  timeZone: timeZoneField({
    title: "Align to the day in",
    description: "Windows follow the clock in this time zone from midnight plus the offset (e.g. shifts at 06:00, 14:00, 22:00); windows of a day or more start on Mondays. Empty: aligned to UTC.",
  }).optional(),
  offset: durationField({ title: "Day starts at", placeholder: "PT6H", description: "Offset of the first window from midnight, e.g. PT6H for a 06:00 shift start." }, "minutes")
    .optional()
    .meta({ advanced: true }),
  sums: z
    .array(pathField({ title: "Sum of" }))
    .max(20, "At most 20 sums")
    .default([])
    .meta({ title: "Sums", widget: "tags", placeholder: "payload.scrap", description: "Numeric paths summed per window (non-numbers are skipped)." }),
});

export const ZConditioningMode = z.discriminatedUnion("mode", [ZNone, ZDedupe, ZDebounce, ZStateDuration, ZTumbling]).meta({ title: "Start a run" });

export const ZConditioning = z
  .object({
    filter: z
      .string()
      .max(5000, "The filter is too long")
      .superRefine(refineJavaScript("expression"))
      .optional()
      .meta({
        title: "Filter",
        widget: "code",
        language: "javascript",
        placeholder: 'input.payload.state !== "IDLE"',
        description: "A JavaScript expression over `input` (the message); messages where it is false are dropped. Empty: keep all.",
      }),
    key: pathField({ title: "Group by", placeholder: "payload.asset", description: "Path of the key that windows and states are kept per (e.g. the machine). Empty: one group." }).optional(),
    window: ZConditioningMode.default({ mode: "none" }),
  })
  .meta({ title: "Conditioning", description: "Filter, deduplicate, debounce or aggregate messages before they start runs." });

export type TConditioning = z.output<typeof ZConditioning>;
export type TConditioningMode = z.output<typeof ZConditioningMode>;

/**
 * What a conditioned run's trigger output carries beside the message ({ topic | queue, payload,
 * ..., event }): the message triggers add `event: ZConditioningEvent.optional()` to their output.
 */
export const ZConditioningEvent = z.object({
  type: z.enum(["debounced", "started", "recovered", "window"]),
  key: z.string(),
  /** The watched state value (state duration). */
  state: z.union([z.string(), z.number(), z.boolean()]).optional(),
  count: z.number().optional(),
  firstAt: z.string().optional(),
  lastAt: z.string().optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  heldMs: z.number().optional(),
  durationMs: z.number().optional(),
  windowStart: z.string().optional(),
  windowEnd: z.string().nullable().optional(),
  sums: z.record(z.string(), z.number()).optional(),
});
