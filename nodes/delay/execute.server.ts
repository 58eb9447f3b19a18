// Delay step: continues on "out" with its input unchanged, but not before a point in time. The
// engine turns the answer into a timer (a scheduled job), so no worker waits. A time in the past
// continues at once.
import { BusinessError } from "../../runtime/engine/errors.ts";
import type { ExecutorFor } from "../../runtime/engine/executor.ts";
import { durationMs } from "../fields.ts";
import { MAX_DELAY_MS, type ZDelayConfig } from "./definition.ts";

/** An ISO 8601 timestamp that names its zone (Z or +01:00); a zone-less time would depend on the server. */
const ZONED_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

export const executeDelay: ExecutorFor<typeof ZDelayConfig> = async (ctx) => {
  const now = ctx.now();
  const until = ctx.config.mode === "duration" ? afterDuration(now, ctx.config.duration) : await untilTime(ctx.config.until, (text) => ctx.sandbox.renderTemplate(text));
  if (until.getTime() - now.getTime() > MAX_DELAY_MS)
    throw new BusinessError(`Until: ${until.toISOString()} is more than 365 days away`, { code: "delay-invalid", details: { value: until.toISOString() } });
  return { type: "sleep", until: until < now ? now : until, port: "out", output: ctx.input };
};

function afterDuration(now: Date, duration: number | string): Date {
  const ms = durationMs(duration, "seconds");
  if (ms === null) throw new BusinessError(`Wait for: "${duration}" is not a duration`, { code: "delay-invalid" });
  return new Date(now.getTime() + ms);
}

async function untilTime(template: string, render: (text: string) => Promise<string>): Promise<Date> {
  const text = (await render(template)).trim();
  const time = ZONED_TIMESTAMP.test(text) ? new Date(text) : null;
  if (!time || Number.isNaN(time.getTime()))
    throw new BusinessError(`Until: "${text}" is not a timestamp with a time zone, e.g. 2025-03-01T08:00:00Z or 2025-03-01T09:00:00+01:00`, {
      code: "delay-invalid",
      details: { value: text },
    });
  return time;
}
