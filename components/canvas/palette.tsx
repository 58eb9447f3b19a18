"use client";

// The steps palette: search, categories, drag onto the canvas, or click / Enter to add at the
// view's centre, connected from the selected step. Reachable from anywhere with "/" or "A".
// Keyboard: ArrowUp/ArrowDown move, Enter adds (focus stays here, so the next step can be typed
// right away), Escape clears the search, then returns to the canvas.
import clsx from "clsx";
import { ChevronsLeft, Plus, Search, X } from "lucide-react";
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { CATEGORY_LABELS, matchesPaletteSearch, paletteEntries, type PaletteEntry } from "../../nodes/registry.ts";
import type { NodeCategory } from "../../nodes/types.ts";
import { tileClasses } from "./category-style.ts";
import { useEditor } from "./editor-store.ts";
import { NodeIcon } from "./node-icon.tsx";
import { isTrigger } from "./ports.ts";
import type { EditorCommands } from "./use-commands.ts";

export const PALETTE_DRAG_TYPE = "application/x-millwright-kind";
const ENTRIES = paletteEntries();
const TRIGGER_REASON = "Only one trigger per flow: delete the current one to choose another.";

export function Palette({ commands, onClose }: { commands: EditorCommands; onClose: () => void }) {
  const [query, setQuery] = useState("");
  const [category, setCategory] = useState<NodeCategory | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const listId = useId();
  const hasTrigger = useEditor((s) => s.definition.nodes.some(isTrigger));
  const paletteRequest = useEditor((s) => s.paletteRequest);
  const selectedStep = useEditor((s) => {
    if (s.selectedNodes.size !== 1) return null;
    const [id] = s.selectedNodes;
    const node = s.definition.nodes.find((n) => n.id === id);
    return node ? node.label || node.kind : null;
  });

  // "/", "A", "Add a trigger": focus the search, optionally narrowed to one category.
  const [handledRequest, setHandledRequest] = useState(paletteRequest.seq);
  if (handledRequest !== paletteRequest.seq) {
    setHandledRequest(paletteRequest.seq);
    setCategory((paletteRequest.category as NodeCategory | null) ?? null);
    setQuery("");
    setActive(null);
  }
  useEffect(() => {
    if (paletteRequest.seq > 0) inputRef.current?.focus();
  }, [paletteRequest.seq]);

  const searching = query.trim() !== "";
  // While searching: one list, best match first ("end" finds End before "Sends the data…").
  const visible = useMemo(() => {
    const found = ENTRIES.filter((e) => (!category || e.category === category) && (!searching || matchesPaletteSearch(e, query)));
    if (!searching) return found;
    return found.map((entry, index) => ({ entry, index, rank: searchRank(entry, query) })).sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.entry);
  }, [query, category, searching]);
  const enabled = visible.filter((e) => !(e.trigger && hasTrigger));
  const activeKind = active && enabled.some((e) => e.kind === active) ? active : (enabled[0]?.kind ?? null);

  const groups = useMemo(() => {
    if (searching) return visible.length ? [{ category: null, entries: visible }] : [];
    const byCategory = new Map<NodeCategory, PaletteEntry[]>();
    for (const entry of visible) {
      const list = byCategory.get(entry.category) ?? [];
      list.push(entry);
      byCategory.set(entry.category, list);
    }
    return (Object.keys(CATEGORY_LABELS) as NodeCategory[]).filter((c) => byCategory.has(c)).map((c) => ({ category: c as NodeCategory | null, entries: byCategory.get(c)! }));
  }, [visible, searching]);

  useEffect(() => {
    if (!activeKind) return;
    listRef.current?.querySelector(`[data-kind="${activeKind}"]`)?.scrollIntoView({ block: "nearest" });
  }, [activeKind]);

  function add(entry: PaletteEntry) {
    if (entry.trigger && hasTrigger) return;
    commands.addNode(entry.kind);
    // The next step is rarely of the same kind: show everything again.
    setQuery("");
    setCategory(null);
    setActive(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const index = enabled.findIndex((e) => e.kind === activeKind);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (enabled.length === 0) return;
      const next = event.key === "ArrowDown" ? (index + 1) % enabled.length : (index - 1 + enabled.length) % enabled.length;
      setActive(enabled[next]!.kind);
    } else if (event.key === "Home" && enabled[0]) {
      event.preventDefault();
      setActive(enabled[0].kind);
    } else if (event.key === "End" && enabled.length) {
      event.preventDefault();
      setActive(enabled[enabled.length - 1]!.kind);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const entry = enabled[index] ?? enabled[0];
      if (entry) add(entry);
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (query || category) {
        setQuery("");
        setCategory(null);
      } else {
        returnToCanvas();
      }
    } else if (event.key === "Backspace" && !query && category) {
      setCategory(null);
    }
  }

  return (
    <aside aria-label="Steps" data-testid="palette" className="flex w-64 shrink-0 flex-col border-r border-zinc-200 bg-white">
      <div className="flex h-11 shrink-0 items-center justify-between pr-1.5 pl-4">
        <h2 className="text-[13px] font-semibold text-zinc-900">Add steps</h2>
        <button type="button" onClick={onClose} aria-label="Hide steps" title="Hide steps" className="rounded-md p-1.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700">
          <ChevronsLeft aria-hidden="true" className="size-4" />
        </button>
      </div>
      <div className="shrink-0 px-3 pb-2">
        <div className="flex h-9 items-center gap-1.5 rounded-lg bg-zinc-50 px-2.5 ring-1 ring-zinc-200 ring-inset focus-within:bg-white focus-within:ring-2 focus-within:ring-accent-500">
          <Search aria-hidden="true" className="size-4 shrink-0 text-zinc-400" />
          {category && (
            <span className="inline-flex h-5 shrink-0 items-center gap-1 rounded bg-accent-50 pr-0.5 pl-1.5 text-xs font-medium text-accent-800 ring-1 ring-accent-200 ring-inset">
              {CATEGORY_LABELS[category]}
              <button type="button" aria-label={`Show all categories, not only ${CATEGORY_LABELS[category]}`} onClick={() => setCategory(null)} className="rounded p-0.5 hover:bg-accent-100">
                <X aria-hidden="true" className="size-3" />
              </button>
            </span>
          )}
          <input
            ref={inputRef}
            type="search"
            role="combobox"
            aria-label="Search steps"
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={activeKind ? `${listId}-${activeKind}` : undefined}
            aria-autocomplete="list"
            placeholder="Search steps…"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(null);
            }}
            onKeyDown={onKeyDown}
            className="h-full min-w-0 flex-1 bg-transparent text-sm text-zinc-900 outline-none placeholder:text-zinc-400 [&::-webkit-search-cancel-button]:hidden"
          />
          <kbd aria-hidden="true" className="rounded border border-zinc-200 bg-white px-1 font-mono text-[10px] text-zinc-400">/</kbd>
        </div>
      </div>

      <ul ref={listRef} id={listId} role="listbox" aria-label="Steps to add" className="min-h-0 flex-1 overflow-y-auto px-2 pb-3">
        {groups.length === 0 && (
          <li role="presentation" className="px-3 py-6 text-center text-sm text-zinc-500">
            No step matches “{query}”.
          </li>
        )}
        {groups.map((group) => (
          <li key={group.category ?? "results"} role="presentation" className="mt-2 first:mt-0">
            <p aria-hidden="true" className="px-2 pt-1.5 pb-1 text-[11px] font-semibold tracking-wide text-zinc-400 uppercase">
              {group.category ? CATEGORY_LABELS[group.category] : `${group.entries.length} ${group.entries.length === 1 ? "match" : "matches"}`}
            </p>
            {group.category === "triggers" && hasTrigger && (
              <p className="mx-2 mb-1.5 rounded-md bg-amber-50 px-2 py-1.5 text-xs leading-4 text-amber-900 ring-1 ring-amber-200 ring-inset">
                This flow has its trigger. A flow has exactly one: delete it to choose another.
              </p>
            )}
            <ul role="group" aria-label={group.category ? CATEGORY_LABELS[group.category] : "Matching steps"}>
              {group.entries.map((entry) => {
                const disabled = entry.trigger && hasTrigger;
                const isActive = entry.kind === activeKind;
                return (
                  <li
                    key={entry.kind}
                    id={`${listId}-${entry.kind}`}
                    role="option"
                    aria-selected={isActive}
                    aria-disabled={disabled || undefined}
                    data-kind={entry.kind}
                    data-testid="palette-item"
                    draggable={!disabled}
                    title={disabled ? TRIGGER_REASON : `${entry.description}\nDrag onto the canvas, or click to add.`}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(PALETTE_DRAG_TYPE, entry.kind);
                      event.dataTransfer.effectAllowed = "copy";
                    }}
                    onMouseEnter={() => !disabled && setActive(entry.kind)}
                    onClick={() => add(entry)}
                    className={clsx(
                      "group flex items-center gap-2.5 rounded-lg px-2 py-1.5",
                      disabled ? "cursor-not-allowed opacity-50 grayscale" : "cursor-grab active:cursor-grabbing",
                      isActive && !disabled && "bg-accent-50 ring-1 ring-accent-200 ring-inset",
                    )}
                  >
                    <span className={clsx("flex size-8 shrink-0 items-center justify-center ring-1 ring-inset", entry.trigger ? "rounded-full" : "rounded-lg", tileClasses(entry.category))}>
                      <NodeIcon name={entry.icon} className="size-4" />
                    </span>
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-[13px] leading-5 font-medium text-zinc-900">{entry.label}</span>
                      <span className="line-clamp-2 text-xs leading-4 text-zinc-500">{entry.description}</span>
                    </span>
                    {!disabled && (
                      <Plus aria-hidden="true" className={clsx("size-4 shrink-0 text-accent-600", isActive ? "opacity-100" : "opacity-0 group-hover:opacity-100")} />
                    )}
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>

      <p className="shrink-0 border-t border-zinc-100 px-4 py-2.5 text-xs leading-5 text-zinc-500">
        {selectedStep ? (
          <>New steps connect after <span className="font-medium text-zinc-700">{selectedStep}</span>.</>
        ) : (
          <>Drag a step onto the canvas, or click it.</>
        )}
      </p>
    </aside>
  );
}

/** Lower is better: the label first, then the kind and keywords, then the description. */
export function searchRank(entry: PaletteEntry, query: string): number {
  const q = query.trim().toLowerCase();
  const label = entry.label.toLowerCase();
  if (label === q) return 0;
  if (label.startsWith(q)) return 1;
  if (label.split(/\s+/).some((word) => word.startsWith(q))) return 2;
  if (label.includes(q) || entry.kind.includes(q)) return 3;
  if (entry.keywords.some((k) => k.toLowerCase().startsWith(q))) return 4;
  if (entry.categoryLabel.toLowerCase().includes(q)) return 5;
  return 6;
}

/** Focus the selected step on the canvas (or the canvas itself), e.g. after Escape. */
export function returnToCanvas() {
  const selected = document.querySelector<HTMLElement>(".mw-canvas .react-flow__node.selected");
  (selected ?? document.querySelector<HTMLElement>(".mw-canvas .react-flow__pane") ?? document.querySelector<HTMLElement>(".mw-canvas"))?.focus();
}

export function CollapsedPalette({ onOpen }: { onOpen: () => void }) {
  return (
    <div className="flex w-12 shrink-0 flex-col items-center border-r border-zinc-200 bg-white pt-2">
      <button
        type="button"
        onClick={onOpen}
        aria-label="Add steps (/)"
        title="Add steps (/)"
        className="flex size-9 items-center justify-center rounded-lg bg-accent-600 text-white shadow-sm hover:bg-accent-700"
      >
        <Plus aria-hidden="true" className="size-4" />
      </button>
    </div>
  );
}
