"use client";

// A sticky note: free text on the canvas for the people who read the flow later. Double-click (or
// Enter when selected) edits the text in place; when selected it can be resized, recoloured and
// deleted. Stored in definition.notes, so it travels with versions, export and copy/paste.
import { NodeResizer, NodeToolbar, Position, type NodeProps } from "@xyflow/react";
import clsx from "clsx";
import { Trash } from "lucide-react";
import { memo, useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { TStickyNote } from "../../lib/flows/definition.ts";
import { useCanvasActions } from "./canvas-actions.ts";
import type { NoteRfNode } from "./derive.ts";

type NoteColor = TStickyNote["color"];

export const NOTE_COLORS: { value: NoteColor; label: string; card: string; swatch: string }[] = [
  { value: "yellow", label: "Yellow", card: "bg-amber-50 border-amber-200 text-amber-950", swatch: "bg-amber-200" },
  { value: "blue", label: "Blue", card: "bg-sky-50 border-sky-200 text-sky-950", swatch: "bg-sky-200" },
  { value: "green", label: "Green", card: "bg-emerald-50 border-emerald-200 text-emerald-950", swatch: "bg-emerald-200" },
  { value: "pink", label: "Pink", card: "bg-pink-50 border-pink-200 text-pink-950", swatch: "bg-pink-200" },
  { value: "grey", label: "Grey", card: "bg-zinc-100 border-zinc-300 text-zinc-800", swatch: "bg-zinc-300" },
];

function NoteCard({ data, selected }: NodeProps<NoteRfNode>) {
  const { note } = data;
  const actions = useCanvasActions();
  const editable = actions !== null;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.text);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const colour = NOTE_COLORS.find((c) => c.value === note.color) ?? NOTE_COLORS[0]!;

  useEffect(() => {
    if (editing) {
      const el = textareaRef.current;
      el?.focus();
      el?.setSelectionRange(el.value.length, el.value.length);
    }
  }, [editing]);

  function startEditing() {
    if (!editable) return;
    setDraft(note.text);
    setEditing(true);
  }

  function finish() {
    setEditing(false);
    if (draft !== note.text) actions?.updateNote(note.id, { text: draft });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    event.stopPropagation();
    if (event.key === "Escape" || (event.key === "Enter" && (event.metaKey || event.ctrlKey))) {
      event.preventDefault();
      finish();
      // Back to the note itself, so keyboard users keep their place.
      (event.currentTarget.closest(".react-flow__node") as HTMLElement | null)?.focus();
    }
  }

  return (
    <>
      {editable && (
        <>
          <NodeResizer
            isVisible={selected}
            minWidth={120}
            minHeight={60}
            color="#317a8a"
            onResizeStart={(_, p) => actions.resizeNote(note.id, p, "start")}
            onResize={(_, p) => actions.resizeNote(note.id, p, "move")}
            onResizeEnd={(_, p) => actions.resizeNote(note.id, p, "end")}
          />
          {/* Without isVisible React Flow shows it only while this note is the one selected item. */}
          {!editing && <NodeToolbar position={Position.Top} offset={8}>
            <div className="flex items-center gap-1 rounded-lg bg-white p-1 shadow-md ring-1 ring-zinc-900/10">
              {NOTE_COLORS.map((c) => (
                <button
                  key={c.value}
                  type="button"
                  aria-label={`${c.label} note`}
                  aria-pressed={c.value === note.color}
                  onClick={() => actions.updateNote(note.id, { color: c.value })}
                  className={clsx("size-5 rounded-full ring-1 ring-zinc-900/10 transition-transform hover:scale-110", c.swatch, c.value === note.color && "ring-2 ring-accent-600 ring-offset-1")}
                />
              ))}
              <span aria-hidden="true" className="mx-0.5 h-4 w-px bg-zinc-200" />
              <button type="button" onClick={startEditing} className="rounded px-1.5 py-0.5 text-xs font-medium text-zinc-700 hover:bg-zinc-100">
                Edit
              </button>
              <button type="button" aria-label="Delete note" onClick={() => actions.deleteNote(note.id)} className="rounded p-1 text-zinc-500 hover:bg-red-50 hover:text-red-700">
                <Trash aria-hidden="true" className="size-3.5" />
              </button>
            </div>
          </NodeToolbar>}
        </>
      )}
      <div
        data-testid="sticky-note"
        data-note-id={note.id}
        onDoubleClick={startEditing}
        onKeyDown={(event) => {
          if (event.key === "Enter" && selected && !editing && editable) {
            event.preventDefault();
            startEditing();
          }
        }}
        className={clsx("h-full w-full overflow-hidden rounded-lg border shadow-sm", colour.card, selected && "shadow-md")}
      >
        {editing ? (
          <textarea
            ref={textareaRef}
            aria-label="Note text"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={finish}
            onKeyDown={onKeyDown}
            maxLength={5000}
            className="nodrag nowheel nopan h-full w-full resize-none bg-transparent p-3 text-[13px] leading-5 outline-none"
            placeholder="Write a note for the people who read this flow…"
          />
        ) : (
          <p className={clsx("h-full overflow-hidden p-3 text-[13px] leading-5 whitespace-pre-wrap break-words", !note.text && "italic opacity-60")}>
            {note.text || (editable ? "Double-click to write a note" : "Empty note")}
          </p>
        )}
      </div>
    </>
  );
}

export const NoteNode = memo(NoteCard);
