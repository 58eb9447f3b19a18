import clsx from "clsx";
import { Fragment, type ReactNode } from "react";

// Read-only value display for the version viewer and the diff: pretty JSON with light syntax
// colouring (no editor, nothing to load), and one-line summaries for "before -> after".

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** Pretty-printed JSON with keys, strings, numbers and literals coloured. */
export function JsonView({ value, className }: { value: unknown; className?: string }) {
  const text = value === undefined ? "undefined" : JSON.stringify(value, null, 2);
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    const [whole, string, colon, literal, number] = match;
    if (string !== undefined && colon !== undefined) {
      parts.push(<span className="text-sky-800">{string}</span>, colon);
    } else if (string !== undefined) {
      parts.push(<span className="text-emerald-700">{string}</span>);
    } else if (literal !== undefined) {
      parts.push(<span className="text-violet-700">{literal}</span>);
    } else if (number !== undefined) {
      parts.push(<span className="text-amber-700">{number}</span>);
    } else {
      parts.push(whole);
    }
    last = index + whole.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return (
    <pre className={clsx("overflow-x-auto rounded-md bg-zinc-50 px-3 py-2 font-mono text-xs leading-5 text-zinc-700 ring-1 ring-zinc-200 ring-inset", className)}>
      {parts.map((part, i) => (
        <Fragment key={i}>{part}</Fragment>
      ))}
    </pre>
  );
}

// JavaScript, coloured line by line: enough for map scripts and conditions (a block comment or a
// template string spanning lines is coloured on its first line only, which is fine for reading).
const JS_TOKEN =
  /(\/\/.*$)|(\/\*.*?(?:\*\/|$))|("(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?|`(?:\\.|[^`\\])*`?)|\b(const|let|var|return|if|else|for|of|in|while|function|new|typeof|instanceof|await|async|throw|try|catch|finally|switch|case|break|continue|default)\b|\b(true|false|null|undefined|input|this)\b|(\b\d+(?:\.\d+)?\b)/g;

function highlightJs(line: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of line.matchAll(JS_TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(line.slice(last, index));
    const [whole, comment, block, string, keyword, literal, number] = match;
    const className =
      comment !== undefined || block !== undefined
        ? "text-zinc-400 italic"
        : string !== undefined
          ? "text-emerald-700"
          : keyword !== undefined
            ? "text-violet-700"
            : literal !== undefined
              ? "text-sky-700"
              : number !== undefined
                ? "text-amber-700"
                : undefined;
    parts.push(className ? <span className={className}>{whole}</span> : whole);
    last = index + whole.length;
  }
  if (last < line.length) parts.push(line.slice(last));
  return parts;
}

/** A script or other multi-line text, with line numbers; JavaScript is coloured. Long lines wrap. */
export function CodeBlock({ text, className, label, language }: { text: string; className?: string; label?: string; language?: "javascript" }) {
  const lines = text.split("\n");
  return (
    <pre aria-label={label} className={clsx("overflow-x-auto rounded-md bg-zinc-50 py-2 font-mono text-xs leading-5 text-zinc-800 ring-1 ring-zinc-200 ring-inset", className)}>
      <code className="table w-full table-fixed">
        {lines.map((line, i) => (
          <span key={i} className="table-row">
            <span aria-hidden="true" className="table-cell w-9 pr-3 pl-2 text-right text-zinc-400 tabular-nums select-none">
              {i + 1}
            </span>
            <span className="table-cell pr-3 whitespace-pre-wrap [overflow-wrap:anywhere]">
              {line === "" ? " " : language === "javascript" ? highlightJs(line).map((part, k) => <Fragment key={k}>{part}</Fragment>) : line}
            </span>
          </span>
        ))}
      </code>
    </pre>
  );
}

/** One line for a value: strings quoted, objects and arrays as compact JSON (shortened). */
export function shortValue(value: unknown, max = 80): string {
  if (value === undefined) return "(not set)";
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** True when a value reads better as a block (multi-line text, objects, long values) than on one line. */
export function isBlockValue(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\n") || value.length > 60;
  if (value !== null && typeof value === "object") return JSON.stringify(value).length > 40;
  return false;
}
