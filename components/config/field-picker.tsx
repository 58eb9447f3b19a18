"use client";

// "Insert field": a searchable list of the previous step's sample paths, opened from a button
// beside a template, script or path field. A combobox (text box + list box): arrows move,
// Enter picks, Escape closes and gives focus back to the button.
import clsx from "clsx";
import { Braces } from "lucide-react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { SampleNode } from "../../lib/flows/sample-paths.ts";

export const TYPE_STYLES: Record<SampleNode["type"], string> = {
  string: "text-emerald-700",
  number: "text-sky-700",
  boolean: "text-violet-700",
  null: "text-zinc-500",
  object: "text-zinc-500",
  array: "text-amber-700",
};

export function FieldPicker({ paths, onPick, target, disabled }: { paths: readonly SampleNode[]; onPick: (path: string) => void; target: string; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const optionId = (i: number) => `${listId}-o${i}`;

  const matches = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return paths.filter((p) => words.every((w) => p.path.toLowerCase().includes(w))).slice(0, 200);
  }, [paths, query]);

  useEffect(() => {
    if (!open) return;
    inputRef.current?.focus();
    const onDown = (event: MouseEvent) => {
      if (!panelRef.current?.contains(event.target as Node) && !buttonRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  useEffect(() => {
    if (open) document.getElementById(`${listId}-o${active}`)?.scrollIntoView({ block: "nearest" });
  }, [active, open, listId]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const pick = (node: SampleNode | undefined) => {
    if (!node) return;
    setOpen(false);
    onPick(node.path);
  };

  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        disabled={disabled}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={`Insert a field into ${target}`}
        onClick={() => {
          setQuery("");
          setActive(0);
          setOpen((o) => !o);
        }}
        className="inline-flex h-5 items-center gap-1 rounded px-1.5 text-xs font-medium text-zinc-500 transition-colors hover:bg-zinc-100 hover:text-zinc-900 disabled:hidden aria-expanded:bg-zinc-100 aria-expanded:text-zinc-900"
      >
        <Braces aria-hidden="true" className="size-3.5" />
        Insert field
      </button>
      {open && (
        <div
          ref={panelRef}
          className="absolute top-full right-0 z-30 mt-1 w-80 max-w-[calc(100vw-2rem)] animate-fade-in overflow-hidden rounded-lg bg-white shadow-lg ring-1 ring-zinc-900/10"
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.stopPropagation();
              close();
            }
          }}
        >
          {paths.length === 0 ? (
            <p className="px-3 py-3 text-xs leading-5 text-zinc-500">
              No sample data from the previous step yet. Pin sample data on it (its Sample data tab) to pick fields here, or type{" "}
              <code className="rounded bg-zinc-100 px-1 font-mono text-[11px] text-zinc-700">input.</code> paths by hand.
            </p>
          ) : (
            <>
              <div className="border-b border-zinc-100 p-1.5">
                <input
                  ref={inputRef}
                  role="combobox"
                  aria-expanded="true"
                  aria-controls={listId}
                  aria-activedescendant={matches[active] ? optionId(active) : undefined}
                  aria-label="Search fields"
                  placeholder="Search fields…"
                  value={query}
                  onChange={(event) => {
                    setQuery(event.target.value);
                    setActive(0);
                  }}
                  onKeyDown={(event) => {
                    if (event.key === "ArrowDown") {
                      event.preventDefault();
                      setActive((a) => Math.min(a + 1, matches.length - 1));
                    } else if (event.key === "ArrowUp") {
                      event.preventDefault();
                      setActive((a) => Math.max(a - 1, 0));
                    } else if (event.key === "Enter") {
                      event.preventDefault();
                      pick(matches[active]);
                    }
                  }}
                  className="block h-8 w-full rounded-md bg-zinc-50 px-2.5 text-[13px] text-zinc-900 ring-1 ring-zinc-200 ring-inset placeholder:text-zinc-400 focus:bg-white focus:ring-2 focus:ring-accent-500 focus:outline-none"
                />
              </div>
              <ul id={listId} role="listbox" aria-label="Fields of the previous step" className="max-h-64 overflow-y-auto py-1">
                {matches.length === 0 && <li className="px-3 py-2 text-xs text-zinc-500">No field matches “{query}”.</li>}
                {matches.map((node, i) => (
                  <li
                    key={node.path}
                    id={optionId(i)}
                    role="option"
                    aria-selected={i === active}
                    onMouseEnter={() => setActive(i)}
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => pick(node)}
                    className={clsx("flex cursor-pointer items-baseline gap-2 px-3 py-1.5", i === active && "bg-accent-50")}
                  >
                    <span className="min-w-0 flex-1 truncate font-mono text-xs text-zinc-800">{node.path}</span>
                    <span className={clsx("max-w-[40%] shrink-0 truncate font-mono text-[11px]", TYPE_STYLES[node.type])}>{node.example}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
