// What an analyst sees from the sandbox: map scripts, expressions, templates and templated JSON
// values, and errors that point at their own line or placeholder.
import { afterAll, describe, expect, it } from "vitest";
import { ScriptError } from "../engine/errors.ts";
import { bindSandbox, createSandbox } from "./index.ts";

const sandbox = createSandbox({ poolSize: 2 });
afterAll(() => sandbox.dispose());

const run = { id: "run-1", mode: "TEST", businessKey: "PUMP-7" };
const input = {
  order: { id: "SO-1", customer: { name: " ACME " }, lines: [{ sku: "P-1", qty: 2, price: 10 }, { sku: "P-2", qty: 0, price: 5 }] },
  when: "2025-03-01T08:00:00.000Z",
};
const vars = { input, run };

async function failure(promise: Promise<unknown>): Promise<ScriptError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the sandbox to fail");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScriptError);
  return error as ScriptError;
}

describe("map scripts", () => {
  it("returns what the script returns, with await and the run's facts", async () => {
    const script = `const lines = input.order.lines.filter((l) => l.qty > 0);
const total = await Promise.resolve(lines.reduce((sum, l) => sum + l.qty * l.price, 0));
return { ref: input.order.id, partner: input.order.customer.name.trim(), total, key: run.businessKey };`;
    await expect(sandbox.runScript(script, vars)).resolves.toEqual({ ref: "SO-1", partner: "ACME", total: 20, key: "PUMP-7" });
  });

  it("gives null for undefined and copies data out as JSON", async () => {
    await expect(sandbox.runScript("const x = 1;", vars)).resolves.toBeNull();
    await expect(sandbox.runScript("return { at: new Date(input.when), gone: undefined, nan: NaN };", vars)).resolves.toEqual({ at: input.when, nan: null });
  });

  it("gives each evaluation its own copy of the input", async () => {
    await sandbox.runScript("input.order.id = 'changed'; input.extra = 1; return 1;", vars);
    await expect(sandbox.runScript("return [input.order.id, input.extra];", vars)).resolves.toEqual(["SO-1", null]);
    expect(input.order.id).toBe("SO-1");
  });

  it("lets a script declare its own `run` or shadow names", async () => {
    await expect(sandbox.runScript("let run = 5; const input2 = input.order.id; return [run, input2];", vars)).resolves.toEqual([5, "SO-1"]);
  });

  it("keeps common patterns working on the frozen built-ins (err.name, obj.toString)", async () => {
    const error = await failure(sandbox.runScript("const e = new Error('Quantity missing');\ne.name = 'ValidationError';\nthrow e;", vars));
    expect(error.message).toBe("ValidationError: Quantity missing");
    const script = "class Bad extends Error { constructor(m) { super(m); this.name = 'Bad'; } }\nconst o = {}; o.toString = () => 'custom';\nreturn String(o) + ' ' + new Bad('x').name;";
    await expect(sandbox.runScript(script, vars)).resolves.toBe("custom Bad");
  });

  it("honours a per-call time limit", async () => {
    const error = await failure(sandbox.runScript("while (true) {}", vars, { timeoutMs: 150 }));
    expect(error.code).toBe("script-timeout");
    expect(error.message).toBe("The script ran longer than 150 ms and was stopped");
  });
});

describe("line numbers in the analyst's script", () => {
  it("points at the failing line and column", async () => {
    const error = await failure(sandbox.runScript("const a = 1;\nconst b = input.order;\nreturn b.missing.deep;", vars));
    expect(error.toInfo()).toMatchObject({
      class: "business",
      code: "script-error",
      message: "TypeError: Cannot read properties of undefined (reading 'deep')",
      line: 3,
      column: 18,
    });
  });

  it("finds the line inside a helper function and after an await", async () => {
    const script = "function price(line) {\n  return line.price.toFixed(2);\n}\nawait null;\nreturn input.order.lines.map((l) => price({}));";
    const error = await failure(sandbox.runScript(script, vars));
    expect(error).toMatchObject({ line: 2, column: 21 });
  });

  it("locates a syntax error that only strict mode refuses", async () => {
    const error = await failure(sandbox.runScript("const a = 1;\nconst b = 010;", vars));
    expect(error.message).toMatch(/Octal literals are not allowed in strict mode/);
    expect(error).toMatchObject({ code: "script-error", line: 2, column: 11 });
  });

  it("reports an assignment to an undeclared variable where it happens (strict mode)", async () => {
    const error = await failure(sandbox.runScript("let total = 0;\nsubtotal = 5;", vars));
    expect(error).toMatchObject({ message: "ReferenceError: subtotal is not defined", line: 2, column: 10 });
  });

  it("reads thrown values that are not errors", async () => {
    await expect(failure(sandbox.runScript("throw 'Quantity missing';", vars))).resolves.toMatchObject({ message: "Quantity missing" });
    await expect(failure(sandbox.runScript("throw { code: 'E1' };", vars))).resolves.toMatchObject({ message: 'The script threw {"code":"E1"}' });
    await expect(failure(sandbox.runScript("throw undefined;", vars))).resolves.toMatchObject({ message: "The script threw undefined" });
  });
});

describe("expressions", () => {
  it("evaluates conditions and values", async () => {
    await expect(sandbox.evaluate("input.order.lines.length > 1 && run.mode === 'TEST'", vars)).resolves.toBe(true);
    await expect(sandbox.evaluate("input.order.lines.map((l) => l.sku)", vars)).resolves.toEqual(["P-1", "P-2"]);
    await expect(sandbox.evaluate("input.nothing", vars)).resolves.toBeNull();
  });

  it("reports errors with their position in the expression", async () => {
    const error = await failure(sandbox.evaluate("input.order.customer.address.city", vars));
    expect(error).toMatchObject({ code: "script-error", line: 1, column: 30 });
  });

  it("cannot close its wrapper early to run code outside it", async () => {
    const expression = await failure(sandbox.evaluate("1); } leaked = 1; function f() { (2", vars));
    expect(expression.message).toMatch(/^SyntaxError/);
    const script = await failure(sandbox.runScript("return 1;\n}; leaked = 1; (async function () {", vars));
    expect(script.message).toMatch(/^SyntaxError/);
    await expect(sandbox.evaluate("typeof leaked", vars)).resolves.toBe("undefined");
  });
});

describe("templates", () => {
  it("inserts strings as they are, null and undefined as nothing, the rest as JSON", async () => {
    const text = "Order {{ input.order.id }} for{{ input.order.customer.name }}: {{ input.order.lines.length }} lines, {{ input.order.lines[0] }}, {{ input.none }}{{ null }}, {{ new Date(input.when) }}, {{ true }}";
    await expect(sandbox.renderTemplate(text, vars)).resolves.toBe(
      `Order SO-1 for ACME : 2 lines, {"sku":"P-1","qty":2,"price":10}, , ${input.when}, true`,
    );
  });

  it("returns text without placeholders untouched, without a sandbox call", async () => {
    const before = sandbox.stats().evaluations;
    await expect(sandbox.renderTemplate("plain text", vars)).resolves.toBe("plain text");
    expect(sandbox.stats().evaluations).toBe(before);
  });

  it("a lone placeholder in a template is still text", async () => {
    await expect(sandbox.renderTemplate("{{ input.order.lines.length }}", vars)).resolves.toBe("2");
  });

  it("names the placeholder that failed", async () => {
    const error = await failure(sandbox.renderTemplate("Hello {{ input.order.id }} {{ input.nope.name }}", vars));
    expect(error.message).toBe("The placeholder {{ input.nope.name }} failed: TypeError: Cannot read properties of undefined (reading 'name')");
    expect(error).toMatchObject({ code: "script-error", line: 1, column: 13, details: { placeholder: "{{ input.nope.name }}" } });
  });

  it("refuses a placeholder that is not closed", async () => {
    const error = await failure(sandbox.renderTemplate("Hello {{ input.order.id", vars));
    expect(error.message).toMatch(/not closed/);
  });

  it("names the placeholder that ran too long", async () => {
    const error = await failure(sandbox.renderTemplate("{{ (() => { while (true) {} })() }}", vars, { timeoutMs: 100 }));
    expect(error).toMatchObject({ code: "script-timeout", message: "The placeholder {{ (() => { while (true) {} })() }} ran longer than 100 ms and was stopped" });
  });
});

describe("templated JSON values", () => {
  it("keeps the value's type for a string that is exactly one placeholder", async () => {
    const value = {
      qty: "{{ input.order.lines[0].qty }}",
      lines: "{{ input.order.lines.map((l) => l.sku) }}",
      flag: "{{ input.order.lines.length > 1 }}",
      missing: "{{ input.none }}",
      text: "Ref {{ input.order.id }}",
      nested: [{ sku: "{{ input.order.lines[1].sku }}", fixed: 5, note: "no placeholder" }, null, true],
      partner: "{{ input.order.customer }}",
    };
    await expect(sandbox.renderValue(value, vars)).resolves.toEqual({
      qty: 2,
      lines: ["P-1", "P-2"],
      flag: true,
      missing: null,
      text: "Ref SO-1",
      nested: [{ sku: "P-2", fixed: 5, note: "no placeholder" }, null, true],
      partner: { name: " ACME " },
    });
  });

  it("evaluates all placeholders of one value in a single sandbox call", async () => {
    const before = sandbox.stats().evaluations;
    await sandbox.renderValue({ a: "{{ 1 }}", b: ["{{ 2 }}", "x {{ 3 }} y"], c: { d: "{{ 4 }}" } }, vars);
    expect(sandbox.stats().evaluations).toBe(before + 1);
    await expect(sandbox.renderValue({ a: 1, b: ["x"] }, vars)).resolves.toEqual({ a: 1, b: ["x"] });
    expect(sandbox.stats().evaluations).toBe(before + 1);
  });

  it("names the placeholder and its path when one fails", async () => {
    const error = await failure(sandbox.renderValue({ body: { lines: [{ qty: "{{ input.order.lines[5].qty }}" }] } }, vars));
    expect(error.message).toBe("The placeholder {{ input.order.lines[5].qty }} at body.lines[0].qty failed: TypeError: Cannot read properties of undefined (reading 'qty')");
    expect(error.details).toEqual({ placeholder: "{{ input.order.lines[5].qty }}", path: "body.lines[0].qty" });
  });

  it("refuses a placeholder whose value is not JSON", async () => {
    const error = await failure(sandbox.renderValue({ f: "{{ () => 1 }}" }, vars));
    expect(error).toMatchObject({ code: "script-output" });
    expect(error.message).toMatch(/^The placeholder \{\{ \(\) => 1 \}\} at f failed: The output contains a function/);
  });
});

describe("bindSandbox (the executor's view)", () => {
  it("binds input and run once for every kind of evaluation", async () => {
    const step = bindSandbox(sandbox, vars);
    await expect(step.runScript("return input.order.id + '/' + run.id;")).resolves.toBe("SO-1/run-1");
    await expect(step.evaluate("input.order.lines.length")).resolves.toBe(2);
    await expect(step.renderTemplate("{{ run.businessKey }}")).resolves.toBe("PUMP-7");
    await expect(step.renderValue({ n: "{{ input.order.lines.length }}" })).resolves.toEqual({ n: 2 });
    const error = await failure(step.runScript("while (true) {}", { timeoutMs: 50 }));
    expect(error.message).toBe("The script ran longer than 50 ms and was stopped");
  });
});

describe("contexts", () => {
  it("gives the same answers with a fresh context per evaluation", async () => {
    const fresh = createSandbox({ poolSize: 1, reuseContext: false });
    try {
      const script = "return input.order.lines.map((l) => l.sku.replace(/-/g, '_'));";
      await expect(fresh.runScript(script, vars)).resolves.toEqual(await sandbox.runScript(script, vars));
      await fresh.runScript("return 1", vars);
      expect(fresh.stats().contextsCreated).toBe(2);
    } finally {
      await fresh.dispose();
    }
  });

  it("replaces a reused context after its evaluation budget", async () => {
    const small = createSandbox({ poolSize: 1, maxEvaluationsPerContext: 3 });
    try {
      for (let i = 0; i < 7; i++) await small.evaluate("1 + 1", vars);
      expect(small.stats()).toMatchObject({ isolatesCreated: 1, contextsCreated: 3, evaluations: 7 });
    } finally {
      await small.dispose();
    }
  });

  it("fails calls after dispose", async () => {
    const closing = createSandbox({ poolSize: 1 });
    await closing.evaluate("1", vars);
    await closing.dispose();
    await expect(closing.evaluate("1", vars)).rejects.toThrow(/shut down/);
  });
});
