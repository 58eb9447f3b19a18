"use client";

// The runs console's filter bar: business-key search, flow, environment, time range (presets or a
// custom window), statuses and test runs. It only reports changes; the console keeps them in the
// URL (lib/runs/run-query.ts), so a filtered list can be shared and survives a reload.
import clsx from "clsx";
import { Search, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { TIME_RANGE_LABELS, TIME_RANGES, type RunQuery } from "../../lib/runs/run-query.ts";
import { RUN_STATUSES, type RunStatus } from "../../lib/runs/run-types.ts";
import { Button } from "../ui/button.tsx";
import { inputClasses } from "../ui/form.tsx";
import { RUN_STATUS_LOOK } from "./run-status-badge.tsx";

export type RunFilterOptions = { flows: { id: string; name: string }[]; environments: { id: string; key: string; name: string }[] };

type Props = { query: RunQuery; options: RunFilterOptions; onChange: (patch: Partial<RunQuery>) => void };

// Failures first: what people come here for.
const STATUS_ORDER: RunStatus[] = ["FAILED", "RUNNING", "WAITING", "QUEUED", "SUCCEEDED", "CANCELLED", "DISCARDED"];
const STATUS_DOT: Record<RunStatus, string> = {
  QUEUED: "bg-zinc-400", RUNNING: "bg-sky-500", WAITING: "bg-amber-500", SUCCEEDED: "bg-emerald-500", FAILED: "bg-red-500", CANCELLED: "bg-zinc-400", DISCARDED: "bg-zinc-300",
};

const selectClasses = inputClasses(false, "w-auto max-w-56 pr-8");

export function RunFilters({ query, options, onChange }: Props) {
  const dead = query.view === "dead";
  return (
    <div className="mb-4 space-y-3" role="search" aria-label="Filter runs">
      <div className="flex flex-wrap items-center gap-2">
        <BusinessKeySearch value={query.q ?? ""} onSearch={(q) => onChange({ q: q || undefined })} />
        <select aria-label="Flow" value={query.flow ?? ""} onChange={(e) => onChange({ flow: e.target.value || undefined })} className={selectClasses}>
          <option value="">All flows</option>
          {options.flows.map((flow) => (
            <option key={flow.id} value={flow.id}>
              {flow.name}
            </option>
          ))}
        </select>
        <select aria-label="Environment" value={query.env ?? ""} onChange={(e) => onChange({ env: e.target.value || undefined })} className={selectClasses}>
          <option value="">All environments</option>
          {options.environments.map((env) => (
            <option key={env.id} value={env.id}>
              {env.name}
            </option>
          ))}
        </select>
        {!dead && <TimeRange query={query} onChange={onChange} />}
      </div>
      {!dead && (
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <StatusToggles selected={query.status ?? []} onChange={(status) => onChange({ status: status.length ? status : undefined })} />
          <label className="flex items-center gap-2 text-sm text-zinc-600">
            <input
              type="checkbox"
              checked={query.mode !== "live"}
              onChange={(e) => onChange({ mode: e.target.checked ? "all" : "live" })}
              className="size-4 rounded border-zinc-300 accent-accent-600"
            />
            Include test runs
          </label>
        </div>
      )}
    </div>
  );
}

/** Typing searches after a pause; Enter searches at once. */
function BusinessKeySearch({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // The URL changed elsewhere (a "clear filters" button): follow it.
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  useEffect(() => () => clearTimeout(timer.current), []);
  const search = (q: string) => {
    clearTimeout(timer.current);
    setShown(q.trim());
    onSearch(q.trim());
  };
  return (
    <div className="relative w-full max-w-xs">
      <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" />
      <input
        type="search"
        aria-label="Search by business key"
        placeholder="Business key, e.g. WO-2026-0815"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          clearTimeout(timer.current);
          const next = e.target.value;
          timer.current = setTimeout(() => search(next), 300);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") search(text);
        }}
        className={inputClasses(false, "pr-9 pl-9 [&::-webkit-search-cancel-button]:hidden")}
      />
      {text && (
        <button type="button" aria-label="Clear search" onClick={() => { setText(""); search(""); }} className="absolute top-1/2 right-2 -translate-y-1/2 rounded p-1 text-zinc-400 hover:text-zinc-700">
          <X aria-hidden="true" className="size-3.5" />
        </button>
      )}
    </div>
  );
}

function StatusToggles({ selected, onChange }: { selected: RunStatus[]; onChange: (status: RunStatus[]) => void }) {
  const toggle = (status: RunStatus) => onChange(selected.includes(status) ? selected.filter((s) => s !== status) : RUN_STATUSES.filter((s) => s === status || selected.includes(s)));
  return (
    <div role="group" aria-label="Status" className="flex flex-wrap items-center gap-1.5">
      <span className="mr-1 text-xs font-medium text-zinc-500">Status</span>
      {STATUS_ORDER.map((status) => {
        const on = selected.includes(status);
        return (
          <button
            key={status}
            type="button"
            aria-pressed={on}
            onClick={() => toggle(status)}
            className={clsx(
              "inline-flex h-7 items-center gap-1.5 rounded-full px-2.5 text-xs font-medium ring-1 transition-colors ring-inset",
              on ? "bg-accent-50 text-accent-800 ring-accent-300" : "bg-white text-zinc-600 ring-zinc-200 hover:bg-zinc-50 hover:text-zinc-900",
            )}
          >
            <span aria-hidden="true" className={clsx("size-1.5 rounded-full", STATUS_DOT[status])} />
            {RUN_STATUS_LOOK[status].label}
          </button>
        );
      })}
      {selected.length > 0 && (
        <button type="button" onClick={() => onChange([])} className="ml-1 text-xs font-medium text-zinc-500 hover:text-zinc-900 hover:underline">
          Any status
        </button>
      )}
    </div>
  );
}

/** Presets count back from now; "Custom range" shows two date-time fields (the browser's time zone). */
function TimeRange({ query, onChange }: Pick<Props, "query" | "onChange">) {
  const [custom, setCustom] = useState(query.range === "custom");
  const [from, setFrom] = useState(toLocalInput(query.from));
  const [to, setTo] = useState(toLocalInput(query.to));
  const value = custom ? "custom" : (query.range ?? "all");
  return (
    <>
      <select
        aria-label="Time range"
        value={value}
        onChange={(e) => {
          const next = e.target.value;
          setCustom(next === "custom");
          if (next === "custom") return;
          onChange({ range: next === "all" ? undefined : (next as RunQuery["range"]), from: undefined, to: undefined });
        }}
        className={selectClasses}
      >
        <option value="all">{TIME_RANGE_LABELS.all}</option>
        {TIME_RANGES.map((range) => (
          <option key={range} value={range}>
            {TIME_RANGE_LABELS[range]}
          </option>
        ))}
        <option value="custom">{TIME_RANGE_LABELS.custom}</option>
      </select>
      {custom && (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            onChange({ range: "custom", from: fromLocalInput(from), to: fromLocalInput(to) });
          }}
        >
          <label className="flex items-center gap-1.5 text-sm text-zinc-600">
            From
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} className={inputClasses(false, "w-auto")} />
          </label>
          <label className="flex items-center gap-1.5 text-sm text-zinc-600">
            to
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} className={inputClasses(false, "w-auto")} />
          </label>
          <Button type="submit" size="md" disabled={!from && !to}>
            Apply
          </Button>
        </form>
      )}
    </>
  );
}

/** ISO instant -> "2026-11-22T14:03" in the browser's time zone (what datetime-local shows). */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
