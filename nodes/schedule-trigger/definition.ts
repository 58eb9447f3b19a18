// Schedule trigger: starts a run on a cron schedule in a given time zone.
import { z } from "zod";
import { defineNode } from "../define.ts";
import { cronProblem, timeZoneField } from "../fields.ts";

export const ZScheduleTriggerConfig = z.object({
  cron: z
    .string({ error: "Schedule is required" })
    .superRefine((expression, ctx) => {
      const problem = cronProblem(expression);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .default("0 7 * * 1-5")
    .meta({
      title: "Schedule (cron)",
      widget: "cron",
      placeholder: "*/15 * * * *",
      description: "minute hour day-of-month month day-of-week, e.g. 0 7 * * 1-5 = weekdays at 07:00; 6 fields add seconds first.",
    }),
  timezone: timeZoneField({ description: "The schedule follows this zone's clock, including daylight saving time." }).default("UTC"),
  missedTicks: z
    .enum(["skip", "run-once"])
    .default("skip")
    .meta({
      title: "Missed runs",
      description: "What happens to times that passed while Millwright was stopped.",
      enumLabels: { skip: "Skip them", "run-once": "Run once to catch up" },
    }),
  payload: z
    .unknown()
    .default({})
    .meta({ title: "Payload", widget: "json", language: "json", description: "JSON every run starts with (as `input.payload`)." }),
});

export const ZScheduleTriggerOutput = z.object({
  scheduledAt: z.string(),
  firedAt: z.string(),
  payload: z.unknown(),
});

export const scheduleTrigger = defineNode({
  kind: "schedule-trigger",
  kindVersion: 1,
  label: "Schedule",
  category: "triggers",
  icon: "calendar-clock",
  description: "Starts a run on a schedule (cron), e.g. every weekday at 07:00.",
  keywords: ["cron", "timer", "interval", "every", "daily", "hourly"],
  trigger: true,
  config: ZScheduleTriggerConfig,
  output: ZScheduleTriggerOutput,
  defaults: (): z.input<typeof ZScheduleTriggerConfig> => ({ cron: "0 7 * * 1-5", timezone: "UTC", missedTicks: "skip", payload: {} }),
  inputs: [],
  outputs: () => [{ id: "out", label: "Tick", required: true }],
  connections: () => [],
});
