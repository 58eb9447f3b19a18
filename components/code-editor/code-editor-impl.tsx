"use client";

// The CodeMirror 6 editor behind <CodeEditor> (code-editor.tsx loads this file lazily, so the
// flow editor's first load does not carry CodeMirror). JavaScript or JSON highlighting, line
// numbers, bracket matching, syntax errors underlined as you type, and `input.` completions from
// the previous step's sample.
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { javascript, javascriptLanguage } from "@codemirror/lang-javascript";
import { json } from "@codemirror/lang-json";
import { syntaxTree } from "@codemirror/language";
import { forceLinting, linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import { Compartment, EditorState, Facet, Prec, type Extension } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import CodeMirror from "@uiw/react-codemirror";
import clsx from "clsx";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { CodeEditorHandle, CodeEditorProps } from "./code-editor.tsx";
import { errorAt, javascriptSyntaxErrors, jsonSyntaxError, type SyntaxError } from "./syntax-diagnostics.ts";

const theme = EditorView.theme({
  "&": { fontSize: "12.5px", backgroundColor: "transparent", color: "#18181b" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.6" },
  ".cm-content": { padding: "6px 0", caretColor: "#245260" },
  ".cm-line": { padding: "0 10px 0 6px" },
  ".cm-gutters": { backgroundColor: "#fafafa", color: "#a1a1aa", borderRight: "1px solid #f4f4f5" },
  ".cm-lineNumbers .cm-gutterElement": { padding: "0 6px 0 10px", minWidth: "28px" },
  ".cm-activeLine": { backgroundColor: "#f4f4f580" },
  ".cm-activeLineGutter": { backgroundColor: "#f4f4f5", color: "#52525b" },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "#d8ecef", outline: "1px solid #80bac5" },
  "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "#fee2e2" },
  ".cm-placeholder": { color: "#a1a1aa" },
  ".cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection": { backgroundColor: "#d8ecef !important" },
  ".cm-tooltip": { border: "1px solid #e4e4e7", borderRadius: "8px", backgroundColor: "#fff", boxShadow: "0 8px 24px rgb(0 0 0 / 0.08)", overflow: "hidden" },
  ".cm-tooltip.cm-tooltip-autocomplete > ul": { fontFamily: "var(--font-mono)", fontSize: "12px", maxHeight: "14rem" },
  ".cm-tooltip.cm-tooltip-autocomplete > ul > li": { padding: "3px 8px" },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { backgroundColor: "#eff7f8", color: "#11252d" },
  ".cm-completionDetail": { color: "#71717a", fontStyle: "normal", marginLeft: "12px" },
  ".cm-tooltip-lint": { fontFamily: "var(--font-sans)", fontSize: "12px" },
  ".cm-diagnostic": { padding: "4px 8px" },
  ".cm-diagnostic-error": { borderLeft: "3px solid #dc2626" },
  ".cm-lint-marker": { width: "0.9em", height: "0.9em" },
  ".cm-gutter-lint": { width: "14px" },
  ".cm-gutter-lint .cm-gutterElement": { padding: "0 1px" },
});

type External = { line: number; column: number; message: string };

/** Errors reported from outside the editor; swapped through a compartment. */
const externalErrors = Facet.define<readonly External[], readonly External[]>({ combine: (values) => values[0] ?? [] });

function diagnosticsFor(language: "javascript" | "json", text: string, external: readonly External[] = []): SyntaxError[] {
  let own: SyntaxError[];
  if (language === "json") {
    const error = jsonSyntaxError(text);
    own = error ? [error] : [];
  } else own = javascriptSyntaxErrors(text);
  // The validator's parser is stricter than the highlighter's: add what it found on other lines.
  const lines = new Set(own.map((e) => e.line));
  const extra = external.filter((e) => !lines.has(e.line)).map((e) => errorAt(text, e.line, e.column, e.message));
  return [...own, ...extra].sort((a, b) => a.from - b.from);
}

/** The input paths offered while typing; swapped through a compartment when the sample changes. */
const inputPaths = Facet.define<readonly Completion[], readonly Completion[]>({ combine: (values) => values[0] ?? [] });

/**
 * Completions for paths of the step input: typing `input.wo` offers `input.workOrder`,
 * `input.workOrder.id`, ... with their type and an example value.
 */
function inputCompletionSource() {
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/[A-Za-z_$][\w$]*(?:(?:\.[\w$]*)|(?:\[[^\]\n]*\]?))*$/);
    const completions = context.state.facet(inputPaths);
    if (!word || completions.length === 0) return null;
    const root = completions[0]!.label.split(/[.[]/)[0]!;
    if (!word.text.startsWith(root) && !(context.explicit && root.startsWith(word.text))) return null;
    if (word.text === root.slice(0, word.text.length) && word.text.length < root.length && !context.explicit) {
      // Typing the root itself ("inp"): offer the root's children only once it is complete.
      return null;
    }
    return {
      from: word.from,
      options: completions as Completion[],
      validFor: /^[\w$.[\]"]*$/,
    };
  };
}

const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/** The tabbable element before (-1) or after (1) `frame`, skipping everything inside it. */
function neighbourOutside(frame: HTMLElement, direction: 1 | -1): HTMLElement | null {
  const all = Array.from(document.querySelectorAll<HTMLElement>(TABBABLE)).filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0);
  if (direction === 1) return all.find((el) => !frame.contains(el) && frame.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) ?? null;
  return all.reverse().find((el) => !frame.contains(el) && frame.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) ?? null;
}

export function CodeEditorImpl({
  value,
  onChange,
  language,
  readOnly = false,
  height,
  minHeight = "7rem",
  maxHeight = "26rem",
  ariaLabel,
  describedBy,
  placeholder,
  completions,
  invalid = false,
  showErrorSummary = true,
  onFocus,
  onBlur,
  handleRef,
  diagnostics,
  id,
  className,
}: CodeEditorProps) {
  const viewRef = useRef<EditorView | null>(null);
  const hintId = useId();
  const errorId = useId();
  const [view, setView] = useState<EditorView | null>(null);
  const [pathsCompartment] = useState(() => new Compartment());
  useEffect(() => {
    const list: Completion[] = (completions ?? []).map((c) => ({ label: c.label, detail: c.detail, type: c.type ?? "property", boost: c.boost }));
    view?.dispatch({ effects: pathsCompartment.reconfigure(inputPaths.of(list)) });
  }, [completions, view, pathsCompartment]);

  const [errors, setErrors] = useState<SyntaxError[]>(() => diagnosticsFor(language, value, diagnostics));
  const [externalCompartment] = useState(() => new Compartment());
  useEffect(() => {
    if (!view) return;
    view.dispatch({ effects: externalCompartment.reconfigure(externalErrors.of(diagnostics ?? [])) });
    forceLinting(view);
  }, [diagnostics, view, externalCompartment]);

  const extensions = useMemo<Extension[]>(() => {
    const lint = linter(
      (view) => {
        const found = diagnosticsFor(language, view.state.doc.toString(), view.state.facet(externalErrors));
        setErrors(found);
        return found.map<Diagnostic>((e) => ({ from: e.from, to: e.to, severity: "error", message: e.message, source: "Syntax" }));
      },
      { delay: 250 },
    );
    const list: Extension[] = [
      theme,
      language === "json" ? json() : javascript(),
      externalCompartment.of(externalErrors.of([])),
      lint,
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        "aria-label": ariaLabel,
        ...(describedBy || showErrorSummary ? { "aria-describedby": [describedBy, hintId, errorId].filter(Boolean).join(" ") } : {}),
      }),
      autocompletion({ activateOnTyping: true, icons: false, maxRenderedOptions: 80 }),
      // Escape (once no completion list is open) leaves the editor: focus moves to its frame, so
      // Tab and Shift+Tab go on to the neighbouring fields. Escape then Tab works too (CodeMirror).
      Prec.lowest(
        keymap.of([
          {
            key: "Escape",
            run: (view) => {
              view.dom.closest<HTMLElement>("[data-editor-frame]")?.focus();
              return true;
            },
          },
        ]),
      ),
    ];
    if (language === "javascript") {
      list.push(pathsCompartment.of(inputPaths.of([])), javascriptLanguage.data.of({ autocomplete: inputCompletionSource() }));
    }
    if (readOnly) list.push(EditorState.readOnly.of(true));
    return list;
  }, [language, ariaLabel, describedBy, readOnly, hintId, errorId, showErrorSummary, pathsCompartment, externalCompartment]);

  useEffect(() => {
    if (!handleRef) return;
    handleRef.current = {
      insert(text: string) {
        const view = viewRef.current;
        if (!view || readOnly) return;
        view.dispatch(view.state.replaceSelection(text));
        view.focus();
      },
      focus() {
        viewRef.current?.focus();
      },
      inString() {
        const view = viewRef.current;
        if (!view) return false;
        const pos = view.state.selection.main.head;
        const node = syntaxTree(view.state).resolveInner(pos, -1);
        // Inside the quotes, not right after the closing one.
        return /String/.test(node.name) && pos > node.from && pos < node.to;
      },
    } satisfies CodeEditorHandle;
    return () => {
      handleRef.current = null;
    };
  }, [handleRef, readOnly]);

  const first = errors[0];
  return (
    <div className={className}>
      <div
        data-editor-frame=""
        tabIndex={-1}
        role="group"
        aria-label={`${ariaLabel} editor`}
        onKeyDown={(event) => {
          // The editor handles its own Escape; the page around it (a canvas, a dialog) should not.
          if (event.key === "Escape" && event.target !== event.currentTarget) event.stopPropagation();
          // Left with Escape: Tab goes to the next field, not back into the text.
          if (event.key === "Tab" && event.target === event.currentTarget) {
            const next = neighbourOutside(event.currentTarget, event.shiftKey ? -1 : 1);
            if (next) {
              event.preventDefault();
              next.focus();
            }
          }
        }}
        className={clsx(
          "overflow-hidden rounded-md border shadow-xs transition-colors focus-within:ring-1",
          readOnly ? "bg-zinc-50" : "bg-white",
          invalid || first ? "border-red-400 focus-within:border-red-500 focus-within:ring-red-500" : "border-zinc-300 focus-within:border-accent-500 focus-within:ring-accent-500",
        )}
        onFocus={onFocus}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onBlur?.();
        }}
      >
        <CodeMirror
          id={id}
          value={value}
          onChange={(next) => onChange(next)}
          extensions={extensions}
          theme="none"
          height={height}
          minHeight={height ? undefined : minHeight}
          maxHeight={height ? undefined : maxHeight}
          placeholder={placeholder}
          readOnly={readOnly}
          indentWithTab={!readOnly}
          basicSetup={{
            lineNumbers: true,
            foldGutter: false,
            highlightActiveLine: !readOnly,
            highlightActiveLineGutter: !readOnly,
            bracketMatching: true,
            closeBrackets: !readOnly,
            autocompletion: false,
            searchKeymap: false,
            crosshairCursor: false,
            rectangularSelection: false,
            dropCursor: false,
            tabSize: 2,
          }}
          onCreateEditor={(created) => {
            viewRef.current = created;
            setView(created);
          }}
        />
      </div>
      <p id={hintId} className="sr-only">
        {readOnly ? "Read only." : "Tab indents. Press Escape to leave the editor, then Tab to move to the next field."}
      </p>
      {showErrorSummary && (
        <p id={errorId} role="status" className={clsx("mt-1.5 text-xs font-medium text-red-700", !first && "sr-only")}>
          {first ? `Syntax error on line ${first.line}, column ${first.column}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}` : ""}
        </p>
      )}
    </div>
  );
}

export default CodeEditorImpl;
