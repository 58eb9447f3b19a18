// How much time a task has left, in words and colour: red once overdue, amber in the last 20% of
// its time (or its last hour), neutral before. Pure, so the countdown and the tests share it.
import type { BadgeTone } from "../ui/badge.tsx";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type Sla = { tone: Extract<BadgeTone, "red" | "amber" | "neutral">; label: string; overdue: boolean };

export function slaOf(createdAt: Date, dueAt: Date, now: Date): Sla {
  const left = dueAt.getTime() - now.getTime();
  if (left <= 0) return { tone: "red", label: `Overdue by ${spell(-left)}`, overdue: true };
  const total = dueAt.getTime() - createdAt.getTime();
  const late = left < HOUR || (total > 0 && left <= total * 0.2);
  return { tone: late ? "amber" : "neutral", label: `Due in ${spell(left)}`, overdue: false };
}

/** "45 s", "10 min", "2 h 5 min", "3 d 4 h": the two largest units. */
export function spell(ms: number): string {
  if (ms < MINUTE) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return `${Math.floor(ms / HOUR)} h${minutes ? ` ${minutes} min` : ""}`;
  }
  const hours = Math.floor((ms % DAY) / HOUR);
  return `${Math.floor(ms / DAY)} d${hours ? ` ${hours} h` : ""}`;
}
