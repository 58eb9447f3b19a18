"use client";

// Text with {{ expression }} placeholders. A transparent <textarea> sits over a mirror of its
// text in which the placeholders are tinted (an unclosed one in red); the mirror also sizes the
// box, so it grows with its content without measuring. Single-line templates refuse Enter.
import clsx from "clsx";
import { forwardRef, useImperativeHandle, useRef, type FocusEvent } from "react";

type Segment = { text: string; kind: "text" | "expr" | "broken" };

export function templateSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let from = 0;
  while (from < text.length) {
    const open = text.indexOf("{{", from);
    if (open === -1) {
      out.push({ text: text.slice(from), kind: "text" });
      break;
    }
    if (open > from) out.push({ text: text.slice(from, open), kind: "text" });
    const close = text.indexOf("}}", open + 2);
    const nextOpen = text.indexOf("{{", open + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      const end = nextOpen === -1 ? text.length : nextOpen;
      out.push({ text: text.slice(open, end), kind: "broken" });
      from = end;
      continue;
    }
    const expr = text.slice(open, close + 2);
    out.push({ text: expr, kind: expr.slice(2, -2).trim() === "" ? "broken" : "expr" });
    from = close + 2;
  }
  return out;
}

export type TemplateInputHandle = { insert: (text: string) => void; focus: () => void };

type Props = {
  id: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  multiline?: boolean;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
  ariaLabel?: string;
  /** Monospace (paths, keys). */
  mono?: boolean;
  onFocus?: (event: FocusEvent<HTMLTextAreaElement>) => void;
  className?: string;
};

export const TemplateInput = forwardRef<TemplateInputHandle, Props>(function TemplateInput(
  { id, value, onChange, placeholder, multiline = false, disabled, invalid, describedBy, ariaLabel, mono, onFocus, className },
  ref,
) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const mirror = useRef<HTMLDivElement>(null);

  useImperativeHandle(
    ref,
    () => ({
      insert(text: string) {
        const el = textarea.current;
        if (!el) return;
        const start = el.selectionStart ?? value.length;
        const end = el.selectionEnd ?? value.length;
        const next = value.slice(0, start) + text + value.slice(end);
        onChange(next);
        requestAnimationFrame(() => {
          el.focus();
          el.setSelectionRange(start + text.length, start + text.length);
        });
      },
      focus() {
        textarea.current?.focus();
      },
    }),
    [value, onChange],
  );

  const shared = clsx("[grid-area:1/1] m-0 px-3 py-[7px] text-sm leading-5 break-words whitespace-pre-wrap", mono && "font-mono text-[13px]");
  return (
    <div
      className={clsx(
        "grid rounded-md bg-white shadow-xs ring-1 ring-inset focus-within:ring-2",
        invalid ? "ring-red-400 focus-within:ring-red-500" : "ring-zinc-300 focus-within:ring-accent-500",
        disabled && "bg-zinc-50",
        multiline && "min-h-[4.5rem]",
        className,
      )}
    >
      <div ref={mirror} aria-hidden="true" className={clsx(shared, "pointer-events-none overflow-hidden text-zinc-900", disabled && "text-zinc-600")}>
        {templateSegments(value).map((segment, i) =>
          segment.kind === "text" ? (
            <span key={i}>{segment.text}</span>
          ) : (
            <span key={i} className={clsx("rounded-[3px]", segment.kind === "expr" ? "bg-accent-100 text-accent-800" : "bg-red-100 text-red-800")}>
              {segment.text}
            </span>
          ),
        )}
        {/* Keeps a trailing newline's empty line in the mirror. */}
        {"\u200b"}
      </div>
      <textarea
        ref={textarea}
        id={id}
        rows={1}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        spellCheck={false}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        aria-label={ariaLabel}
        onFocus={onFocus}
        onChange={(event) => onChange(multiline ? event.target.value : event.target.value.replace(/\r?\n/g, " "))}
        onKeyDown={(event) => {
          if (!multiline && event.key === "Enter") event.preventDefault();
        }}
        onScroll={(event) => {
          if (mirror.current) mirror.current.scrollTop = event.currentTarget.scrollTop;
        }}
        className={clsx(
          shared,
          "min-w-0 resize-none overflow-hidden border-0 bg-transparent text-transparent caret-zinc-900 outline-none placeholder:text-zinc-400 focus:ring-0 focus:outline-none disabled:cursor-not-allowed",
        )}
      />
    </div>
  );
});
