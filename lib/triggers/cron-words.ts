// A cron expression in words, for people reading the triggers panel: "At 07:00, Monday to Friday",
// "Every 15 minutes". Covers the shapes schedules usually take; anything more unusual is described
// field by field, never wrongly. Browser-safe; validity is cronProblem's business (nodes/fields.ts).
import { cronProblem } from "../../nodes/fields.ts";

const MACRO_WORDS: Record<string, string> = {
  "@yearly": "Once a year, at midnight on 1 January",
  "@annually": "Once a year, at midnight on 1 January",
  "@monthly": "At midnight on the first day of every month",
  "@weekly": "At midnight every Sunday",
  "@daily": "Every day at midnight",
  "@midnight": "Every day at midnight",
  "@hourly": "Every hour, on the hour",
};
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MONTH_KEYS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const DAY_KEYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const isAny = (field: string) => field === "*" || field === "?";
const isNumber = (field: string) => /^\d+$/.test(field);
const two = (n: number | string) => String(n).padStart(2, "0");

function joinWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** "1-5" -> "Monday to Friday", "JAN,JUN" -> "January and June", "*\/2" -> "every 2nd day of the week". */
function listWords(field: string, name: (token: string) => string, unit: string): string {
  const items = field.split(",").map((item) => {
    const [range = "*", step] = item.split("/");
    const base = isAny(range) ? `every ${unit}` : range.includes("-") ? range.split("-").map(name).join(" to ") : name(range);
    if (!step) return base;
    return isAny(range) ? `every ${ordinal(Number(step))} ${unit}` : `${base}, every ${ordinal(Number(step))}`;
  });
  return joinWords(items);
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th"}`;
}

const monthName = (token: string) => {
  const index = MONTH_KEYS.indexOf(token.toUpperCase());
  return MONTH_NAMES[index >= 0 ? index : Number(token) - 1] ?? token;
};
const dayName = (token: string) => {
  const index = DAY_KEYS.indexOf(token.toUpperCase());
  return DAY_NAMES[index >= 0 ? index : Number(token)] ?? token;
};

function timeWords(second: string, minute: string, hour: string, hasSeconds: boolean): { text: string; atTime: boolean } {
  const secondsSuffix = hasSeconds && isNumber(second) && Number(second) !== 0 ? `:${two(second)}` : "";
  if (hasSeconds && !isNumber(second)) {
    const every = /^(\*|\?)\/(\d+)$/.exec(second);
    if (isAny(second)) return { text: "Every second", atTime: false };
    if (every && isAny(minute) && isAny(hour)) return { text: `Every ${every[2]} seconds`, atTime: false };
    return { text: `At second ${second} of minute ${minute}, hour ${hour}`, atTime: false };
  }
  if (isNumber(minute) && isNumber(hour)) return { text: `At ${two(hour)}:${two(minute)}${secondsSuffix}`, atTime: true };
  if (isNumber(minute) && /^\d+(,\d+)+$/.test(hour)) return { text: `At ${joinWords(hour.split(",").map((h) => `${two(h)}:${two(minute)}`))}`, atTime: true };
  const everyMinutes = /^(?:\*|\?|0)\/(\d+)$/.exec(minute);
  const hourRange = /^(\d+)-(\d+)$/.exec(hour);
  const between = hourRange ? `, between ${two(hourRange[1]!)}:00 and ${two(hourRange[2]!)}:59` : "";
  if (isAny(minute) && (isAny(hour) || hourRange)) return { text: `Every minute${between}`, atTime: false };
  if (everyMinutes && (isAny(hour) || hourRange)) return { text: `Every ${everyMinutes[1]} minutes${between}`, atTime: false };
  if (isNumber(minute) && (isAny(hour) || hourRange)) {
    return { text: `${Number(minute) === 0 ? "Every hour, on the hour" : `Every hour at minute ${minute}`}${between}`, atTime: false };
  }
  const everyHours = /^(?:\*|\?|0)\/(\d+)$/.exec(hour);
  if (isNumber(minute) && everyHours) return { text: `Every ${everyHours[1]} hours at minute ${minute}`, atTime: false };
  return { text: `At minute ${minute} of hour ${hour}`, atTime: false };
}

function dayWords(dayOfMonth: string, weekday: string): string | null {
  const days = isAny(dayOfMonth) ? null : `on ${/^\d+$/.test(dayOfMonth) ? `day ${dayOfMonth}` : `days ${listWords(dayOfMonth, (d) => d, "day")}`} of the month`;
  const weekdays = isAny(weekday) ? null : `on ${weekday === "1-5" || weekday.toUpperCase() === "MON-FRI" ? "weekdays (Monday to Friday)" : listWords(weekday, dayName, "day of the week")}`;
  if (days && weekdays) return `${days} or ${weekdays}`;
  return days ?? weekdays;
}

/** The expression in a sentence, or null when it is not valid. */
export function describeCron(expression: string): string | null {
  if (cronProblem(expression)) return null;
  const trimmed = expression.trim();
  const macro = MACRO_WORDS[trimmed.toLowerCase()];
  if (macro) return macro;
  const parts = trimmed.split(/\s+/);
  const hasSeconds = parts.length === 6;
  const [second = "0", minute = "*", hour = "*", dayOfMonth = "*", month = "*", weekday = "*"] = hasSeconds ? parts : ["0", ...parts];
  const time = timeWords(second, minute, hour, hasSeconds);
  const days = dayWords(dayOfMonth, weekday);
  const months = isAny(month) ? null : `in ${listWords(month, monthName, "month")}`;
  const tail = [days ?? (time.atTime && !months ? "every day" : null), months].filter(Boolean);
  return tail.length ? `${time.text}, ${tail.join(", ")}` : time.text;
}
