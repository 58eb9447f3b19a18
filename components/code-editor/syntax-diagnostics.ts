// Syntax errors of map scripts, branch conditions and JSON, found without running anything:
// JavaScript through the Lezer parse tree CodeMirror already keeps for highlighting (its error
// nodes), JSON through JSON.parse (for the message) and the Lezer JSON tree (for a position when
// the engine gives none). Only SYNTAX is checked here; run-time errors come from the sandbox.
//
// Map scripts are function bodies ending in `return`: Lezer's JavaScript grammar accepts a
// top-level `return` (and `await`), so no wrapping is needed and positions map 1:1 to the text.
import { javascriptLanguage } from "@codemirror/lang-javascript";
import { jsonLanguage } from "@codemirror/lang-json";
import type { Tree } from "@lezer/common";

export type SyntaxError = {
  from: number;
  to: number;
  /** 1-based line of `from`. */
  line: number;
  /** 1-based column of `from`. */
  column: number;
  message: string;
};

const MAX_ERRORS = 5;

function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

/**
 * A range worth underlining for an error at `from..to`. Lezer's errors are often empty (the parser
 * gave up between two tokens): underline the token there, or the last character of the text when
 * the error is "the script ends too early".
 */
export function widen(text: string, from: number, to: number): { from: number; to: number; atEnd: boolean } {
  const rest = text.slice(from);
  if (rest.trim() === "") {
    // Unexpected end: underline the last non-blank character.
    let end = text.length;
    while (end > 0 && /\s/.test(text[end - 1]!)) end--;
    return { from: Math.max(0, end - 1), to: end, atEnd: true };
  }
  if (to > from) return { from, to, atEnd: false };
  let start = from;
  while (start < text.length && /[ \t]/.test(text[start]!)) start++;
  const token = /^([\w$]+|\S)/.exec(text.slice(start));
  return { from: start, to: start + (token ? token[0].length : 1), atEnd: false };
}

function errorsFromTree(text: string, tree: Tree, noun: string): SyntaxError[] {
  const found: SyntaxError[] = [];
  let lastTo = -1;
  tree.iterate({
    enter(node) {
      if (!node.type.isError || found.length >= MAX_ERRORS) return;
      const range = widen(text, node.from, node.to);
      // Neighbouring error nodes describe one mistake.
      if (range.from <= lastTo) return;
      lastTo = range.to;
      const snippet = text.slice(range.from, range.to);
      const message = range.atEnd
        ? `Unexpected end of ${noun}: a bracket, quote or expression is not finished`
        : `Unexpected ${JSON.stringify(snippet.length > 24 ? `${snippet.slice(0, 23)}…` : snippet)}`;
      found.push({ ...range, ...lineColumn(text, range.from), message });
    },
  });
  return found.map(({ from, to, line, column, message }) => ({ from, to, line, column, message }));
}

/** Syntax errors of a script or expression (an empty text has none). */
export function javascriptSyntaxErrors(text: string): SyntaxError[] {
  if (text.trim() === "") return [];
  return errorsFromTree(text, javascriptLanguage.parser.parse(text), "script");
}

/** The first syntax error of a JSON text, or null when it parses (an empty text has none). */
export function jsonSyntaxError(text: string): SyntaxError | null {
  if (text.trim() === "") return null;
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const message = raw
      .replace(/, ".*" is not valid JSON$/s, "")
      .replace(/ in JSON at position \d+( \(line \d+ column \d+\))?$/, "")
      .replace(/^Unexpected end of JSON input$/, "Unexpected end of JSON: a bracket, brace or quote is not closed");
    const position = /at position (\d+)/.exec(raw);
    let from: number;
    if (position) from = Number(position[1]);
    else if (/end of JSON input/.test(raw)) from = text.length;
    else from = errorsFromTree(text, jsonLanguage.parser.parse(text), "JSON")[0]?.from ?? 0;
    const range = widen(text, Math.min(from, text.length), Math.min(from, text.length));
    return { from: range.from, to: range.to, ...lineColumn(text, range.from), message };
  }
}

/**
 * An error reported elsewhere (the flow validator's stricter parser) by 1-based line and column,
 * as a range in `text` (the token there, or the end of the line).
 */
export function errorAt(text: string, line: number, column: number, message: string): SyntaxError {
  const lines = text.split("\n");
  const l = Math.min(Math.max(1, line), lines.length);
  let offset = 0;
  for (let i = 0; i < l - 1; i++) offset += lines[i]!.length + 1;
  const pos = Math.min(offset + Math.max(0, column - 1), offset + lines[l - 1]!.length);
  const range = widen(text, pos, pos);
  return { from: range.from, to: range.to, ...lineColumn(text, range.from), message };
}
