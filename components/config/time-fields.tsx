"use client";

// Cron (with the next three run times in the schedule's time zone), durations (ISO 8601 or a
// number of units, with a readable preview) and time zones (a text box with suggestions).
import clsx from "clsx";
import { CalendarClock } from "lucide-react";
import { useMemo, useState } from "react";
import { isTimeZone, parseIsoDuration } from "../../nodes/fields.ts";
import { formatRelative } from "../ui/format.ts";
import { inputClasses } from "../ui/form.tsx";
import { nextCronRuns, parseCron } from "../../lib/triggers/cron.ts";

export function CronField({
  id,
  value,
  onChange,
  timeZone,
  placeholder,
  disabled,
  invalid,
  describedBy,
  showOwnError,
}: {
  id: string;
  value: string;
  onChange: (next: string) => void;
  timeZone: string | undefined;
  placeholder?: string;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
  /** False when the validator already reports this field's problem. */
  showOwnError: boolean;
}) {
  const zone = timeZone && isTimeZone(timeZone) ? timeZone : "UTC";
  // "Now" is read once per expression, so typing does not re-render the clock every second.
  const [now] = useState(() => new Date());
  const preview = useMemo(() => {
    const parsed = parseCron(value);
    if (!parsed.ok) return { error: parsed.error, runs: [] as Date[] };
    return { error: null, runs: nextCronRuns(value, { from: now, count: 3, timeZone: zone }) };
  }, [value, zone, now]);
  const format = useMemo(
    () => new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" }),
    [zone],
  );
  const previewId = `${id}-preview`;
  return (
    <div>
      <input
        id={id}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        spellCheck={false}
        aria-invalid={invalid || (preview.error && value !== "") || undefined}
        aria-describedby={[describedBy, previewId].filter(Boolean).join(" ")}
        onChange={(event) => onChange(event.target.value)}
        className={inputClasses(invalid || Boolean(preview.error && value !== ""), "font-mono text-[13px]")}
      />
      <div id={previewId} aria-live="polite" className="mt-2 rounded-md bg-zinc-50 px-3 py-2 ring-1 ring-zinc-200 ring-inset">
        {preview.error ? (
          showOwnError && value !== "" ? (
            <p className="text-xs font-medium text-red-700">{preview.error}</p>
          ) : (
            <p className="text-xs text-zinc-500">Enter a valid schedule to see its next runs.</p>
          )
        ) : preview.runs.length === 0 ? (
          <p className="text-xs text-zinc-500">This schedule never runs (e.g. 31 February).</p>
        ) : (
          <>
            <p className="flex items-center gap-1.5 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
              <CalendarClock aria-hidden="true" className="size-3.5" />
              Next runs <span className="font-normal tracking-normal normal-case">({zone})</span>
            </p>
            <ol className="mt-1 space-y-0.5">
              {preview.runs.map((run) => (
                <li key={run.getTime()} className="flex justify-between gap-3 text-xs">
                  <time dateTime={run.toISOString()} className="font-medium text-zinc-800 tabular-nums">
                    {format.format(run)}
                  </time>
                  <span className="text-zinc-500">{formatRelative(run, now)}</span>
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  );
}

const UNIT_MS = { ms: 1, s: 1000, min: 60_000 } as const;
const UNIT_WORDS = { ms: "milliseconds", s: "seconds", min: "minutes" } as const;

/** 5_400_000 -> "1 hour 30 minutes". */
export function durationWords(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [size, one, many] of [
    [7 * 86_400, "week", "weeks"],
    [86_400, "day", "days"],
    [3600, "hour", "hours"],
    [60, "minute", "minutes"],
    [1, "second", "seconds"],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`);
    rest -= n * size;
  }
  return parts.slice(0, 3).join(" ");
}

export function DurationField({
  id,
  value,
  onChange,
  valueType,
  unit,
  placeholder,
  disabled,
  invalid,
  describedBy,
}: {
  id: string;
  value: unknown;
  onChange: (next: number | string | undefined) => void;
  valueType: "string" | "number" | "either";
  unit: "ms" | "s" | "min";
  placeholder?: string;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  const text = typeof value === "number" || typeof value === "string" ? String(value) : "";
  const ms = typeof value === "number" ? value * UNIT_MS[unit] : typeof value === "string" ? parseIsoDuration(value) : null;
  const previewId = `${id}-preview`;
  return (
    <div>
      <div className="relative">
        <input
          id={id}
          value={text}
          placeholder={placeholder}
          disabled={disabled}
          spellCheck={false}
          inputMode={valueType === "number" ? "numeric" : undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={[describedBy, previewId].filter(Boolean).join(" ")}
          onChange={(event) => {
            const raw = event.target.value.trim();
            if (raw === "") return onChange(undefined);
            if (valueType !== "string" && /^\d+(\.\d+)?$/.test(raw)) return onChange(Number(raw));
            onChange(valueType === "number" ? event.target.value : raw.toUpperCase());
          }}
          className={inputClasses(Boolean(invalid), clsx("font-mono text-[13px]", valueType !== "string" && "pr-24"))}
        />
        {valueType !== "string" && (
          <span aria-hidden="true" className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-zinc-400">
            {valueType === "either" ? `ISO or ${UNIT_WORDS[unit]}` : UNIT_WORDS[unit]}
          </span>
        )}
      </div>
      <p id={previewId} className={clsx("mt-1 text-xs", ms !== null && ms > 0 ? "text-zinc-600" : "text-zinc-400")}>
        {ms !== null && ms > 0 ? `= ${durationWords(ms)}` : valueType === "number" ? "" : "e.g. PT15M (15 minutes), PT4H, P1D"}
      </p>
    </div>
  );
}

let zones: string[] | null = null;
function timeZones(): string[] {
  if (!zones) {
    try {
      zones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
    } catch {
      zones = ["UTC", "Europe/Brussels", "Europe/Amsterdam", "Europe/Paris", "Europe/Berlin", "Europe/London", "America/New_York", "America/Chicago", "Asia/Shanghai"];
    }
  }
  return zones;
}

export function TimeZoneField({
  id,
  value,
  onChange,
  placeholder,
  disabled,
  invalid,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (next: string) => void;
  placeholder?: string;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  const listId = `${id}-zones`;
  const unknown = value !== "" && !isTimeZone(value);
  return (
    <>
      <input
        id={id}
        list={listId}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={invalid || unknown || undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
        className={inputClasses(invalid || unknown)}
      />
      <datalist id={listId}>
        {timeZones().map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
