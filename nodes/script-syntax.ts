// Syntax checks for the JavaScript analysts write: map scripts (function bodies that `return`),
// branch conditions and switch expressions, and the expressions inside {{ template }} placeholders.
// Browser-safe (acorn). The node schemas use them, so the editor underlines, publish refuses and
// the engine never meets a script that cannot even be parsed.
import { parse, parseExpressionAt } from "acorn";

export type SyntaxProblem = { message: string; line: number; column: number };

const OPTIONS = { ecmaVersion: "latest", sourceType: "script", locations: true } as const;

/** A map script is the body of `async function (input) { ... }`: `return` and `await` are allowed. */
export function scriptSyntaxProblem(body: string): SyntaxProblem | null {
  // Line 1 of the body is line 2 of the wrapper; the column is unchanged. Strict mode, as the
  // sandbox runs it (octal literals and `with` are refused here, not only at run time).
  const wrapper = `(async function (input) {"use strict";\n${body}\n})`;
  return problem(() => {
    const program = parse(wrapper, OPTIONS);
    // A body that closes the wrapper early (`}); ...`) parses as more than one statement.
    if (program.body.length !== 1) throw Object.assign(new SyntaxError("Unexpected '}': the script closes its function early"), { loc: { line: 2, column: 0 } });
  }, -1);
}

/** A condition or expression: exactly one expression, nothing after it. */
export function expressionSyntaxProblem(expression: string): SyntaxProblem | null {
  return problem(() => {
    const node = parseExpressionAt(expression, 0, OPTIONS);
    if (expression.slice(node.end).trim() !== "") {
      throw Object.assign(new SyntaxError("Unexpected text after the expression"), { loc: locate(expression, node.end) });
    }
  }, 0);
}

/** "Line 3: Unexpected token": for messages under a field. */
export function describeSyntaxProblem(found: SyntaxProblem): string {
  return `Line ${found.line}, column ${found.column + 1}: ${found.message}`;
}

function problem(run: () => unknown, lineOffset: number): SyntaxProblem | null {
  try {
    run();
    return null;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const raw = error instanceof Error ? error.message : String(error);
    // acorn appends " (line:column)" to its messages; we report the position separately.
    const message = raw.replace(/\s*\(\d+:\d+\)$/, "");
    return { message, line: Math.max(1, (loc?.line ?? 1) + lineOffset), column: loc?.column ?? 0 };
  }
}

function locate(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1) ?? "").length };
}
