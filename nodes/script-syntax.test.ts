import { describe, expect, it } from "vitest";
import { describeSyntaxProblem, expressionSyntaxProblem, scriptSyntaxProblem } from "./script-syntax.ts";

describe("script syntax", () => {
  it("accepts a map script with return and await", () => {
    expect(scriptSyntaxProblem("const parts = input.parts ?? [];\nreturn { count: parts.length, at: await Promise.resolve(1) };")).toBeNull();
  });

  it("locates an error on the analyst's own line numbers", () => {
    const found = scriptSyntaxProblem("const a = 1;\nreturn { a: };");
    expect(found).toMatchObject({ line: 2 });
    expect(describeSyntaxProblem(found!)).toMatch(/^Line 2, column \d+: Unexpected token/);
  });

  it("checks scripts in strict mode, as the sandbox runs them", () => {
    expect(scriptSyntaxProblem("with (input) { return a; }")).toMatchObject({ line: 1 });
    expect(scriptSyntaxProblem("const n = 010;\nreturn n;")).toMatchObject({ line: 1 });
  });

  it("refuses a script that closes its function early", () => {
    expect(scriptSyntaxProblem("return 1; }); globalThis.x = (function () {")?.message).toMatch(/closes its function early/);
  });

  it("accepts expressions and refuses statements or trailing text", () => {
    expect(expressionSyntaxProblem("input.amount > 1000 && input.plant === 'P1'")).toBeNull();
    expect(expressionSyntaxProblem("input.amount >")).not.toBeNull();
    expect(expressionSyntaxProblem("const x = 1")).not.toBeNull();
    expect(expressionSyntaxProblem("a) || (b")).not.toBeNull();
  });
});
