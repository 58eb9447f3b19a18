// Cron schedules, browser-safe and shared: the schedule trigger's preview in the config panel, the
// triggers panel on the flow page, and the worker's schedule tick (runtime/tasks/schedule-tick.ts)
// all compute run times here, so what the analyst is shown is what runs. Standard 5-field cron
// (minute hour day-of-month month day-of-week), or 6 fields with seconds first; names (JAN, MON),
// ranges, lists, steps, ? and the @daily-style shortcuts. When both day fields are restricted, a day
// matching either runs (Vixie cron). Times are found on the wall clock of the schedule's time zone:
// a time skipped by daylight saving does not run, a time repeated by it runs once.
// Whether an expression is valid is decided by cronProblem (nodes/fields.ts), the validator's rule.
import { cronProblem } from "../../nodes/fields.ts";

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

type Spec = { min: number; max: number; names?: string[]; offset?: number };

function parseField(text: string, spec: Spec): { allowed: boolean[]; star: boolean } {
  const allowed = Array<boolean>(spec.max + 1).fill(false);
  const value = (token: string) => {
    const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
    return named >= 0 ? named + (spec.offset ?? 0) : Number(token);
  };
  for (const item of text.split(",")) {
    const [range = "*", stepText] = item.split("/");
    const step = stepText ? Number(stepText) : 1;
    let from: number;
    let to: number;
    if (range === "*" || range === "?") {
      from = spec.min;
      to = spec.max;
    } else if (range.includes("-")) {
      const [a = "", b = ""] = range.split("-");
      from = value(a);
      to = value(b);
    } else {
      from = value(range);
      // "5/15" means from 5 to the end, every 15.
      to = stepText ? spec.max : from;
    }
    for (let v = from; v <= to; v += step) allowed[v] = true;
  }
  return { allowed, star: text.startsWith("*") || text.startsWith("?") };
}

export type CronSchedule = {
  seconds: boolean[];
  minutes: boolean[];
  hours: boolean[];
  days: boolean[];
  months: boolean[];
  weekdays: boolean[];
  daysStar: boolean;
  weekdaysStar: boolean;
  hasSeconds: boolean;
};

/** The schedule of a valid expression, or the reason it is not valid. */
export function parseCron(expression: string): { ok: true; schedule: CronSchedule } | { ok: false; error: string } {
  const problem = cronProblem(expression);
  if (problem) return { ok: false, error: problem };
  const trimmed = expression.trim();
  const parts = (MACROS[trimmed.toLowerCase()] ?? trimmed).split(/\s+/);
  const hasSeconds = parts.length === 6;
  const [sec = "0", min = "*", hour = "*", dom = "*", month = "*", dow = "*"] = hasSeconds ? parts : ["0", ...parts];
  const weekdays = parseField(dow, { min: 0, max: 7, names: DAYS });
  // 7 is Sunday too.
  if (weekdays.allowed[7]) weekdays.allowed[0] = true;
  const days = parseField(dom, { min: 1, max: 31 });
  return {
    ok: true,
    schedule: {
      seconds: parseField(sec, { min: 0, max: 59 }).allowed,
      minutes: parseField(min, { min: 0, max: 59 }).allowed,
      hours: parseField(hour, { min: 0, max: 23 }).allowed,
      days: days.allowed,
      months: parseField(month, { min: 1, max: 12, names: MONTHS, offset: 1 }).allowed,
      weekdays: weekdays.allowed,
      daysStar: days.star,
      weekdaysStar: weekdays.star,
      hasSeconds,
    },
  };
}

function dayMatches(s: CronSchedule, wall: Date): boolean {
  const dom = s.days[wall.getUTCDate()] === true;
  const dow = s.weekdays[wall.getUTCDay()] === true;
  if (s.daysStar || s.weekdaysStar) return dom && dow;
  return dom || dow;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time of `instant` in `timeZone`, as a Date whose UTC fields are that wall clock. */
export function wallClock(instant: number, timeZone: string): Date {
  let format = partsFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partsFormatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant))) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return new Date(Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!));
}

/** The instant showing `wall` on the clocks of `timeZone`, or null if that time does not exist there (DST gap). */
export function instantOf(wall: Date, timeZone: string): number | null {
  const target = wall.getTime();
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const offset = wallClock(guess, timeZone).getTime() - guess;
    guess = target - offset;
  }
  return wallClock(guess, timeZone).getTime() === target ? guess : null;
}

/**
 * The next `count` run times after `from` (exclusive), and not after `until` when given. Gives up
 * after about five years of calendar (an expression like "0 0 31 2 *" never runs).
 */
export function nextCronRuns(expression: string, options: { from?: Date; count?: number; timeZone?: string; until?: Date } = {}): Date[] {
  const parsed = parseCron(expression);
  if (!parsed.ok) return [];
  const s = parsed.schedule;
  const timeZone = options.timeZone ?? "UTC";
  const count = options.count ?? 3;
  const from = (options.from ?? new Date()).getTime();
  const wall = wallClock(from, timeZone);
  // Start at the next whole second (or minute) after `from`.
  wall.setUTCMilliseconds(0);
  if (s.hasSeconds) wall.setUTCSeconds(wall.getUTCSeconds() + 1);
  else wall.setUTCMinutes(wall.getUTCMinutes() + 1, 0, 0);

  const runs: Date[] = [];
  const until = options.until?.getTime() ?? Infinity;
  // Wall clocks differ from UTC by at most a day: past `until` plus a day, no instant can be before it.
  const limit = Math.min(wall.getTime() + 5 * 366 * 24 * 3600 * 1000, until + 24 * 3600 * 1000);
  let guard = 0;
  while (runs.length < count && wall.getTime() < limit && guard++ < 200_000) {
    if (!s.months[wall.getUTCMonth() + 1]) {
      wall.setUTCMonth(wall.getUTCMonth() + 1, 1);
      wall.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(s, wall)) {
      wall.setUTCDate(wall.getUTCDate() + 1);
      wall.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!s.hours[wall.getUTCHours()]) {
      wall.setUTCHours(wall.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!s.minutes[wall.getUTCMinutes()]) {
      wall.setUTCMinutes(wall.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    if (!s.seconds[wall.getUTCSeconds()]) {
      wall.setUTCSeconds(wall.getUTCSeconds() + 1, 0);
      continue;
    }
    const instant = instantOf(wall, timeZone);
    if (instant !== null && instant > until) break;
    if (instant !== null && instant > from && (runs.length === 0 || instant > runs[runs.length - 1]!.getTime())) runs.push(new Date(instant));
    if (s.hasSeconds) wall.setUTCSeconds(wall.getUTCSeconds() + 1, 0);
    else wall.setUTCMinutes(wall.getUTCMinutes() + 1, 0, 0);
  }
  return runs;
}
