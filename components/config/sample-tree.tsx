"use client";

// "Input from previous step": the previous step's sample as a tree. Clicking a field (or Enter on
// it) inserts it into the template or script field last worked in ({{ input.x }} or input.x), or
// copies the path when there is none. One tab stop; arrows move, Right/Left open and close.
import clsx from "clsx";
import { ChevronRight } from "lucide-react";
import { useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { SampleNode } from "../../lib/flows/sample-paths.ts";
import { TYPE_STYLES } from "./field-picker.tsx";

type Row = { node: SampleNode; parent: string | null };

function initiallyOpen(nodes: readonly SampleNode[]): Set<string> {
  const open = new Set<string>();
  const visit = (list: readonly SampleNode[]) => {
    for (const node of list) {
      if (node.children && node.depth <= 1) {
        open.add(node.path);
        visit(node.children);
      }
    }
  };
  visit(nodes);
  return open;
}

export function SampleTree({ nodes, onPick, label }: { nodes: readonly SampleNode[]; onPick: (path: string) => void; label: string }) {
  const [open, setOpen] = useState(() => initiallyOpen(nodes));
  const [active, setActive] = useState<string | null>(null);
  const refs = useRef(new Map<string, HTMLLIElement | null>());

  const rows = useMemo(() => {
    const out: Row[] = [];
    const visit = (list: readonly SampleNode[], parent: string | null) => {
      for (const node of list) {
        out.push({ node, parent });
        if (node.children && open.has(node.path)) visit(node.children, node.path);
      }
    };
    visit(nodes, null);
    return out;
  }, [nodes, open]);

  const current = rows.find((r) => r.node.path === active) ?? rows[0];
  const focus = (path: string | undefined | null) => {
    if (!path) return;
    setActive(path);
    refs.current.get(path)?.focus();
  };
  const toggle = (path: string, to?: boolean) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (to ?? !next.has(path)) next.add(path);
      else next.delete(path);
      return next;
    });

  const onKeyDown = (event: KeyboardEvent, row: Row, index: number) => {
    const { node } = row;
    const expandable = Boolean(node.children?.length);
    switch (event.key) {
      case "ArrowDown":
        focus(rows[index + 1]?.node.path);
        break;
      case "ArrowUp":
        focus(rows[index - 1]?.node.path);
        break;
      case "Home":
        focus(rows[0]?.node.path);
        break;
      case "End":
        focus(rows[rows.length - 1]?.node.path);
        break;
      case "ArrowRight":
        if (expandable && !open.has(node.path)) toggle(node.path, true);
        else if (expandable) focus(rows[index + 1]?.node.path);
        break;
      case "ArrowLeft":
        if (expandable && open.has(node.path)) toggle(node.path, false);
        else focus(row.parent);
        break;
      case "Enter":
      case " ":
        onPick(node.path);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <ul role="tree" aria-label={label} className="font-mono text-xs">
      {rows.map((row, index) => {
        const { node } = row;
        const expandable = Boolean(node.children?.length);
        const isOpen = open.has(node.path);
        const isCurrent = row === current;
        return (
          <li
            key={node.path}
            ref={(el) => {
              refs.current.set(node.path, el);
            }}
            role="treeitem"
            aria-level={Math.max(1, node.depth)}
            aria-expanded={expandable ? isOpen : undefined}
            aria-label={`${node.path}, ${node.type === "object" || node.type === "array" ? node.example : `${node.type} ${node.example}`}`}
            tabIndex={isCurrent ? 0 : -1}
            onFocus={() => setActive(node.path)}
            onClick={() => onPick(node.path)}
            onKeyDown={(event) => onKeyDown(event, row, index)}
            title={`Insert ${node.path}`}
            className="group flex h-6 cursor-pointer items-center rounded pr-1 outline-none hover:bg-white focus-visible:bg-white focus-visible:ring-2 focus-visible:ring-accent-500"
            style={{ paddingLeft: `${Math.max(0, node.depth - 1) * 14}px` }}
          >
            {expandable ? (
              <span
                aria-hidden="true"
                onClick={(event) => {
                  event.stopPropagation();
                  toggle(node.path);
                }}
                className="inline-flex size-5 shrink-0 items-center justify-center rounded text-zinc-400 hover:text-zinc-700"
              >
                <ChevronRight className={clsx("size-3.5 transition-transform", isOpen && "rotate-90")} />
              </span>
            ) : (
              <span aria-hidden="true" className="size-5 shrink-0" />
            )}
            <span className="flex min-w-0 flex-1 items-baseline gap-2 px-1">
              <span className="shrink-0 text-zinc-800 group-hover:text-accent-800">{node.key}</span>
              <span className={clsx("min-w-0 truncate text-[11px]", TYPE_STYLES[node.type])}>{node.example}</span>
              {node.omitted && isOpen ? (
                <span className="shrink-0 text-[11px] text-zinc-400">{node.type === "array" ? `first of ${node.omitted + 1}` : `+${node.omitted} more`}</span>
              ) : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
