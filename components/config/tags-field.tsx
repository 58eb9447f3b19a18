"use client";

// A list of short values as removable chips: Enter or comma adds what was typed, Backspace in
// the empty box removes the last chip. Numbers are kept as numbers for numeric lists. Optional
// suggestions (Odoo fields) open under the box as the analyst types.
import clsx from "clsx";
import { X } from "lucide-react";
import { useState, type ReactNode } from "react";
import { useSuggestions, type Suggestion } from "./odoo-pickers.tsx";

export function TagsField({
  id,
  value,
  onChange,
  itemType,
  placeholder,
  disabled,
  invalid,
  describedBy,
  label,
  suggestionsFor,
  footer,
}: {
  id: string;
  value: unknown;
  onChange: (next: (string | number)[]) => void;
  itemType: "string" | "number" | "integer";
  placeholder?: string;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
  label: string;
  /** Suggestions for what is typed (the tags already there are passed to leave them out). */
  suggestionsFor?: (draft: string, tags: readonly (string | number)[]) => Suggestion[];
  /** Under the box (e.g. where the suggestions come from). */
  footer?: ReactNode;
}) {
  const tags = Array.isArray(value) ? (value as (string | number)[]) : [];
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const suggestions = useSuggestions({
    id,
    items: suggestionsFor?.(draft, tags) ?? [],
    onPick: (item) => {
      setDraft("");
      setError(null);
      onChange([...tags, item.value]);
    },
  });

  const commit = (): boolean => {
    const parts = draft
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length === 0) return false;
    const next: (string | number)[] = [];
    for (const part of parts) {
      if (itemType === "string") next.push(part);
      else {
        const n = Number(part);
        if (!Number.isFinite(n) || (itemType === "integer" && !Number.isInteger(n))) {
          setError(`“${part}” is not ${itemType === "integer" ? "a whole number" : "a number"}`);
          return false;
        }
        next.push(n);
      }
    }
    setError(null);
    setDraft("");
    onChange([...tags, ...next]);
    return true;
  };

  return (
    <div>
      <div
        className={clsx(
          "relative flex min-h-9 flex-wrap items-center gap-1 rounded-md bg-white px-1.5 py-1 shadow-xs ring-1 ring-inset focus-within:ring-2",
          invalid || error ? "ring-red-400 focus-within:ring-red-500" : "ring-zinc-300 focus-within:ring-accent-500",
          disabled && "bg-zinc-50",
        )}
      >
        <ul aria-label={label} className="contents">
          {tags.map((tag, index) => (
            <li key={`${tag}-${index}`} className="inline-flex h-6 max-w-full items-center gap-0.5 rounded bg-zinc-100 pr-0.5 pl-2 font-mono text-xs text-zinc-800 ring-1 ring-zinc-200 ring-inset">
              <span className="truncate">{String(tag)}</span>
              {!disabled && (
                <button
                  type="button"
                  aria-label={`Remove ${tag}`}
                  onClick={() => onChange(tags.filter((_, i) => i !== index))}
                  className="inline-flex size-5 items-center justify-center rounded text-zinc-400 hover:bg-zinc-200 hover:text-zinc-800"
                >
                  <X aria-hidden="true" className="size-3" />
                </button>
              )}
            </li>
          ))}
        </ul>
        {!disabled && (
          <input
            id={id}
            value={draft}
            placeholder={tags.length === 0 ? (placeholder ?? "Type and press Enter") : "Add…"}
            spellCheck={false}
            aria-describedby={[describedBy, error ? `${id}-tag-error` : null].filter(Boolean).join(" ") || undefined}
            aria-invalid={invalid || Boolean(error) || undefined}
            inputMode={itemType === "string" ? undefined : "decimal"}
            autoComplete="off"
            {...(suggestionsFor ? suggestions.inputProps : {})}
            onChange={(event) => {
              suggestions.setOpen(true);
              setError(null);
              setDraft(event.target.value);
            }}
            onKeyDown={(event) => {
              if (suggestionsFor && suggestions.onKeyDown(event)) return;
              if (event.key === "Enter" || event.key === ",") {
                if (draft.trim() !== "") {
                  event.preventDefault();
                  commit();
                } else if (event.key === "Enter") event.preventDefault();
              } else if (event.key === "Backspace" && draft === "" && tags.length > 0) {
                onChange(tags.slice(0, -1));
              }
            }}
            onBlur={() => {
              if (suggestionsFor) suggestions.inputProps.onBlur();
              if (draft.trim() !== "") commit();
            }}
            className="h-6 min-w-24 flex-1 border-0 bg-transparent px-1 font-mono text-[13px] text-zinc-900 placeholder:font-sans placeholder:text-zinc-400 focus:ring-0 focus:outline-none"
          />
        )}
        {!disabled && suggestionsFor && suggestions.list}
      </div>
      {footer}
      {error && (
        <p id={`${id}-tag-error`} className="mt-1.5 text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
