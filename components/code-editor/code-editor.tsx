"use client";

// <CodeEditor>: the code editor of map scripts, branch conditions and JSON (sample payloads,
// Odoo values). CodeMirror is loaded lazily on the client, the first time an editor mounts, so
// pages that never open a script do not download it. Until it arrives, the text shows read-only
// in the same box, so nothing jumps.
import clsx from "clsx";
import { lazy, Suspense, useSyncExternalStore, type RefObject } from "react";

export type CodeLanguage = "javascript" | "json";

/** Lets a parent insert text at the cursor (the field picker) or move focus into the editor. */
export type CodeEditorHandle = {
  insert: (text: string) => void;
  focus: () => void;
  /** Whether the cursor is inside a string literal (JSON: insert `{{ x }}`, else `"{{ x }}"`). */
  inString: () => boolean;
};

export type CodeCompletion = { label: string; detail?: string; type?: string; boost?: number };

export type CodeEditorProps = {
  value: string;
  onChange: (value: string) => void;
  language: CodeLanguage;
  /** The accessible name of the editing area, e.g. "Script" (screen readers, getByRole("textbox")). */
  ariaLabel: string;
  readOnly?: boolean;
  /** A fixed height ("12rem"); otherwise the editor grows from minHeight to maxHeight. */
  height?: string;
  minHeight?: string;
  maxHeight?: string;
  placeholder?: string;
  /** Completions offered while typing (paths of the step input: `input.workOrder.id`). */
  completions?: readonly CodeCompletion[];
  /** Ids of elements describing the editor (help text, field errors). */
  describedBy?: string;
  /** Marks the editor invalid (a validation issue from outside). Syntax errors mark it themselves. */
  invalid?: boolean;
  /** Errors found elsewhere (the flow validator), by 1-based line and column; underlined too. */
  diagnostics?: readonly { line: number; column: number; message: string }[];
  /** Shows the first syntax error as text under the editor (default true). */
  showErrorSummary?: boolean;
  onFocus?: () => void;
  onBlur?: () => void;
  handleRef?: RefObject<CodeEditorHandle | null>;
  /** Id of the editor's outer element. */
  id?: string;
  className?: string;
};

const CodeEditorImpl = lazy(() => import("./code-editor-impl.tsx"));

const noop = () => () => {};

/** True in the browser after hydration; false while rendering on the server. */
function useIsClient(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}

export function CodeEditor(props: CodeEditorProps) {
  const isClient = useIsClient();
  const fallback = <CodeEditorPlaceholder {...props} />;
  if (!isClient) return fallback;
  return (
    <Suspense fallback={fallback}>
      <CodeEditorImpl {...props} />
    </Suspense>
  );
}

/** The text in the editor's box while CodeMirror loads (or during server rendering). */
function CodeEditorPlaceholder({ value, height, minHeight = "7rem", maxHeight = "26rem", ariaLabel, className }: CodeEditorProps) {
  const lines = value.split("\n");
  return (
    <div className={className}>
      <div
        role="textbox"
        aria-label={ariaLabel}
        aria-readonly="true"
        aria-busy="true"
        aria-multiline="true"
        className={clsx("flex overflow-hidden rounded-md border border-zinc-300 bg-white font-mono text-[12.5px] leading-[1.6] shadow-xs")}
        style={{ height, minHeight: height ? undefined : minHeight, maxHeight: height ? undefined : maxHeight }}
      >
        <div aria-hidden="true" className="shrink-0 border-r border-zinc-100 bg-zinc-50 py-1.5 pr-1.5 pl-2.5 text-right text-zinc-400">
          {lines.map((_, i) => (
            <div key={i} className="min-w-7 pr-3.5">
              {i + 1}
            </div>
          ))}
        </div>
        <pre className="min-w-0 flex-1 overflow-hidden py-1.5 pr-2.5 pl-4 whitespace-pre-wrap text-zinc-800">{value}</pre>
      </div>
    </div>
  );
}
