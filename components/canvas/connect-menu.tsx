"use client";

// "Connect to…": make a connection without dragging. Lists every step the selected one may
// connect to (per output when it has several); type to filter, arrows to move, Enter to connect.
import clsx from "clsx";
import { ArrowRight } from "lucide-react";
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { Modal } from "../ui/modal.tsx";
import { tileClasses } from "./category-style.ts";
import { useEditor, useEditorStoreApi } from "./editor-store.ts";
import { connectionCandidates } from "./graph.ts";
import { NodeIcon } from "./node-icon.tsx";
import { definitionOf, outputPortsOf } from "./ports.ts";
import type { EditorCommands } from "./use-commands.ts";

export function ConnectMenu({ commands }: { commands: EditorCommands }) {
  const store = useEditorStoreApi();
  const request = useEditor((s) => s.connectFrom);
  const open = request !== null;
  return (
    <Modal open={open} onClose={() => store.getState().setConnectFrom(null)} title="Connect to…" description="Pick the step that comes next." width="sm">
      {request && <ConnectList key={request} request={request} commands={commands} onDone={() => store.getState().setConnectFrom(null)} />}
    </Modal>
  );
}

function ConnectList({ request, commands, onDone }: { request: string; commands: EditorCommands; onDone: () => void }) {
  const [nodeId, onlyPort] = request.split("\u0000") as [string, string | undefined];
  const definition = useEditor((s) => s.definition);
  const [query, setQuery] = useState("");
  const [activeIndex, setActiveIndex] = useState(0);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  // The dialog focuses its first button when it opens; the search is where typing should go.
  useEffect(() => {
    const frame = requestAnimationFrame(() => inputRef.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, []);
  const source = definition.nodes.find((n) => n.id === nodeId);
  const ports = source ? outputPortsOf(source) : [];
  const name = (id: string) => {
    const n = definition.nodes.find((x) => x.id === id);
    return n ? n.label || definitionOf(n)?.label || n.kind : id;
  };

  const items = useMemo(() => {
    const q = query.trim().toLowerCase();
    return connectionCandidates(definition, nodeId)
      .filter((c) => !onlyPort || c.sourcePort === onlyPort)
      .map((c) => {
        const target = definition.nodes.find((n) => n.id === c.target)!;
        const port = ports.find((p) => p.id === c.sourcePort);
        return { ...c, target: c.target, targetNode: target, portLabel: port?.label ?? c.sourcePort, targetName: name(c.target), kindLabel: definitionOf(target)?.label ?? target.kind };
      })
      .filter((c) => !q || `${c.portLabel} ${c.targetName} ${c.kindLabel}`.toLowerCase().includes(q));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [definition, nodeId, onlyPort, query]);

  const active = Math.min(activeIndex, Math.max(0, items.length - 1));

  function choose(index: number) {
    const item = items[index];
    if (!item) return;
    commands.connect({ source: item.source, sourcePort: item.sourcePort, target: item.target, targetPort: item.targetPort });
    onDone();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActiveIndex(items.length ? (active + 1) % items.length : 0);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActiveIndex(items.length ? (active - 1 + items.length) % items.length : 0);
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(active);
    }
  }

  if (!source) return null;
  return (
    <div className="flex max-h-[60vh] flex-col">
      <div className="border-b border-zinc-100 px-6 py-3">
        <p className="mb-2 text-xs text-zinc-500">
          From <span className="font-medium text-zinc-800">{name(nodeId)}</span>
          {onlyPort && ports.length > 1 && <> · output <span className="font-medium text-zinc-800">{ports.find((p) => p.id === onlyPort)?.label}</span></>}
        </p>
        <input
          ref={inputRef}
          type="search"
          role="combobox"
          aria-label="Search steps to connect to"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={items[active] ? `${listId}-${active}` : undefined}
          placeholder="Search steps…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActiveIndex(0);
          }}
          onKeyDown={onKeyDown}
          className="block h-9 w-full rounded-md bg-white px-3 text-sm ring-1 ring-zinc-300 outline-none ring-inset focus:ring-2 focus:ring-accent-500"
        />
      </div>
      <ul id={listId} role="listbox" aria-label="Steps to connect to" className="min-h-0 flex-1 overflow-y-auto p-2">
        {items.length === 0 && (
          <li role="presentation" className="px-3 py-6 text-center text-sm leading-6 text-zinc-500">
            {query ? "No step matches." : "No step can follow here yet. Add one with the palette (press /); it connects by itself."}
          </li>
        )}
        {items.map((item, index) => (
          <li
            key={`${item.sourcePort}:${item.target}`}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            onMouseEnter={() => setActiveIndex(index)}
            onClick={() => choose(index)}
            className={clsx("flex cursor-pointer items-center gap-2.5 rounded-lg px-2.5 py-2", index === active && "bg-accent-50 ring-1 ring-accent-200 ring-inset")}
          >
            {ports.length > 1 && (
              <>
                <span className="w-20 shrink-0 truncate text-xs font-medium text-zinc-600">{item.portLabel}</span>
                <ArrowRight aria-hidden="true" className="size-3.5 shrink-0 text-zinc-400" />
              </>
            )}
            <span className={clsx("flex size-7 shrink-0 items-center justify-center rounded-md ring-1 ring-inset", tileClasses(definitionOf(item.targetNode)?.category))}>
              <NodeIcon name={definitionOf(item.targetNode)?.icon ?? "blocks"} className="size-3.5" />
            </span>
            <span className="min-w-0 flex-1">
              <span className="block truncate text-[13px] font-medium text-zinc-900">{item.targetName}</span>
              <span className="block truncate text-xs text-zinc-500">{item.kindLabel}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
