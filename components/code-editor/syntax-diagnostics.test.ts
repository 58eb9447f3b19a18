import { describe, expect, it } from "vitest";
import { javascriptSyntaxErrors, jsonSyntaxError } from "./syntax-diagnostics.ts";

describe("javascript syntax errors", () => {
  it("accepts a map script that returns at top level", () => {
    expect(javascriptSyntaxErrors("const parts = input.workOrder.parts;\nreturn { count: parts.length };")).toEqual([]);
    expect(javascriptSyntaxErrors("const r = await lookup(input.id);\nreturn r;")).toEqual([]);
    expect(javascriptSyntaxErrors("input.total > 1000 && input.currency === 'EUR'")).toEqual([]);
    expect(javascriptSyntaxErrors("   ")).toEqual([]);
  });

  it("underlines the offending token with its line and column", () => {
    const [error, ...rest] = javascriptSyntaxErrors("const a = 1;\nreturn a +;");
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ line: 2, column: 11, message: 'Unexpected ";"' });
    expect("const a = 1;\nreturn a +;".slice(error!.from, error!.to)).toBe(";");
  });

  it("says when the script ends too early and underlines its last character", () => {
    const text = "return {\n  id: input.id,\n";
    const [error] = javascriptSyntaxErrors(text);
    expect(error?.message).toMatch(/^Unexpected end of script/);
    expect(text.slice(error!.from, error!.to)).toBe(",");
    expect(error?.line).toBe(2);
  });
});

describe("json syntax errors", () => {
  it("accepts valid JSON and empty text", () => {
    expect(jsonSyntaxError('{ "a": [1, 2, { "b": null }] }')).toBeNull();
    expect(jsonSyntaxError("")).toBeNull();
  });

  it("locates the error with the engine's message", () => {
    const text = '{\n  "a": 1\n  "b": 2\n}';
    expect(jsonSyntaxError(text)).toMatchObject({ line: 3, column: 3, message: "Expected ',' or '}' after property value" });
    expect(jsonSyntaxError('{"a": 1,}')).toMatchObject({ line: 1, column: 9 });
  });

  it("falls back to the parse tree when the engine gives no position", () => {
    const error = jsonSyntaxError('{"a": }');
    expect(error).toMatchObject({ line: 1, column: 7, message: "Unexpected token '}'" });
    expect(jsonSyntaxError('{"a": 1')?.message).toBe("Expected ',' or '}' after property value");
    expect(jsonSyntaxError("[1,")?.message).toMatch(/^Unexpected end of JSON/);
  });
});
