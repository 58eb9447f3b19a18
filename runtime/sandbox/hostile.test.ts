// The hostile-script corpus (issue 4, item 3): endless loops, async deadlines, memory bombs,
// constructor and prototype escapes, host access, enormous or unserialisable outputs. Each one must
// end in a clear ScriptError, leave nothing behind for the next evaluation or the host, and never
// stop the pool from serving ordinary evaluations, which run alongside for the whole file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScriptError } from "../engine/errors.ts";
import { createSandbox } from "./index.ts";

const sandbox = createSandbox({ poolSize: 2 });
const LIMIT = { timeoutMs: 300 };
const vars = { input: { order: { id: "SO-1", lines: [{ qty: 2 }, { qty: 3 }] } }, run: { id: "run-1" } };

async function failure(promise: Promise<unknown>): Promise<ScriptError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a ScriptError, got ${JSON.stringify(value)?.slice(0, 200)}`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScriptError);
  return error as ScriptError;
}

// Ordinary evaluations keep running on the same pool while the hostile ones are tried.
const traffic = { running: true, done: 0, failures: [] as string[], loop: Promise.resolve() };
const ORDINARY = "await null;\nreturn { id: input.order.id, total: input.order.lines.reduce((sum, line) => sum + line.qty, 0) };";

beforeAll(() => {
  traffic.loop = (async () => {
    while (traffic.running) {
      try {
        const result = await sandbox.runScript(ORDINARY, vars);
        if (JSON.stringify(result) !== '{"id":"SO-1","total":5}') traffic.failures.push(`wrong result ${JSON.stringify(result)}`);
        traffic.done++;
      } catch (error) {
        traffic.failures.push(String(error));
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
});

afterAll(async () => {
  traffic.running = false;
  await traffic.loop;
  await sandbox.dispose();
  // The ordinary evaluations all succeeded while the corpus ran.
  expect(traffic.failures).toEqual([]);
  expect(traffic.done).toBeGreaterThan(20);
});

describe("time", () => {
  it("stops an endless loop at the default limit with the analyst's message", async () => {
    const error = await failure(sandbox.runScript("while (true) {}", vars));
    expect(error.toInfo()).toEqual({ class: "business", code: "script-timeout", message: "The script ran longer than 1000 ms and was stopped" });
  });

  it.each([
    ["a loop inside an async function after an await", "await null;\nawait (async () => { await Promise.resolve(); while (true) {} })();"],
    ["a promise that never settles", "await new Promise(() => {});\nreturn 1;"],
    ["a microtask flood", "for (;;) await null;"],
    ["a microtask flood left running after returning", "(function again() { Promise.resolve().then(again); })();\nreturn 1;"],
    ["a getter in the output that never returns", "return { get total() { while (true) {} } };"],
    ["a thrown object whose message never returns", "throw { get message() { for (;;) {} } };"],
    ["an expression that loops", null],
  ])("stops %s", async (_name, script) => {
    // (Without the outer deadline, the never-settling promise would hang this test.)
    const error = await failure(script === null ? sandbox.evaluate("(() => { for (;;) {} })()", vars, LIMIT) : sandbox.runScript(script, vars, LIMIT));
    expect(error.code).toBe("script-timeout");
    expect(error.message).toMatch(/ran longer than 300 ms and was stopped$/);
  });
});

describe("memory", () => {
  it.each([
    ["an array that grows without end", "const a = [];\nfor (;;) a.push({ i: a.length, text: 'x'.repeat(64) + a.length });"],
    ["strings doubled without end", "let s = 'x';\nfor (;;) s = s + s;"],
    ["strings doubled and flattened", "let s = 'x'.repeat(1024);\nfor (let i = 0; i < 18; i++) s = s + s;\nreturn s.toUpperCase().length;"],
    ["typed arrays piled up", "const a = [];\nfor (;;) a.push(new Float64Array(1_000_000));"],
    ["a promise chain of millions of links", "let p = Promise.resolve();\nfor (let i = 0; i < 1e8; i++) p = p.then(() => {});\nawait p;"],
  ])("contains %s", async (_name, script) => {
    const before = sandbox.stats().isolatesCreated;
    const error = await failure(sandbox.runScript(script, vars, { timeoutMs: 5000 }));
    expect(["script-memory", "script-error", "script-timeout"]).toContain(error.code);
    if (error.code === "script-memory") {
      expect(error.message).toBe("The script used more than 64 MB of memory and was stopped");
      // The isolate was disposed; the next evaluation gets a new one and works.
      await expect(sandbox.runScript(ORDINARY, vars)).resolves.toEqual({ id: "SO-1", total: 5 });
      expect(sandbox.stats().isolatesCreated).toBeGreaterThan(before);
    } else {
      expect(error.message).toMatch(/Invalid string length|Array buffer allocation failed|ran longer/);
    }
  }, 15_000);

  it("at least the plain memory bomb hits the memory limit", async () => {
    const error = await failure(sandbox.runScript("const a = [];\nfor (;;) a.push([a.length, a.length + 1, 'x' + a.length]);", vars, { timeoutMs: 10_000 }));
    expect(error.code).toBe("script-memory");
  }, 20_000);

  it("has no WebAssembly to allocate memory outside the heap", async () => {
    const error = await failure(sandbox.runScript("const m = new WebAssembly.Memory({ initial: 1, maximum: 65536 });\nfor (;;) m.grow(100);", vars, LIMIT));
    expect(error).toMatchObject({ code: "script-error", message: "ReferenceError: WebAssembly is not defined", line: 1 });
  });
});

describe("escapes", () => {
  it("offers nothing of the host", async () => {
    const names = ["require", "process", "module", "fetch", "setTimeout", "setInterval", "setImmediate", "queueMicrotask", "XMLHttpRequest", "Buffer", "WebAssembly", "SharedArrayBuffer", "Atomics", "FinalizationRegistry", "WeakRef", "_ivm", "ivm"];
    const script = `return ${JSON.stringify(names)}.map((name) => typeof globalThis[name]).concat(typeof globalThis.fetch);`;
    await expect(sandbox.runScript(script, vars)).resolves.toEqual(names.map(() => "undefined").concat("undefined"));
  });

  it("has only ECMAScript built-ins (and an inert console) on the global object", async () => {
    const standard = new Set(
      ("Object Function Array Number parseFloat parseInt Infinity NaN undefined Boolean String Symbol Date Promise RegExp Error AggregateError EvalError RangeError " +
        "ReferenceError SyntaxError TypeError URIError globalThis JSON Math Intl ArrayBuffer Uint8Array Int8Array Uint16Array Int16Array Uint32Array Int32Array " +
        "BigUint64Array BigInt64Array Uint8ClampedArray Float16Array Float32Array Float64Array DataView Map BigInt Set Iterator WeakMap WeakSet Proxy Reflect decodeURI " +
        "decodeURIComponent encodeURI encodeURIComponent escape unescape eval isFinite isNaN console SuppressedError DisposableStack AsyncDisposableStack").split(" "),
    );
    const globals = (await sandbox.runScript("return Reflect.ownKeys(globalThis).map(String);", vars)) as string[];
    expect(globals.filter((name) => !standard.has(name))).toEqual([]);
  });

  it.each([
    ["this.constructor.constructor", "return this.constructor.constructor('return process')();", /TypeError: Cannot read properties of undefined/],
    ["Function('return process')", "return (function () {}).constructor('return process')();", /ReferenceError: process is not defined/],
    ["the async function constructor", "return await (async () => {}).constructor('return process')();", /ReferenceError: process is not defined/],
    ["Error.prepareStackTrace", "Error.prepareStackTrace = (e, frames) => frames.map((f) => f.getThis());\nreturn new Error().stack;", /TypeError: Cannot add property prepareStackTrace/],
    ["a proxy as Object.prototype's prototype", "Object.setPrototypeOf(Object.prototype, new Proxy({}, {}));", /TypeError/],
    ["require", "return require('fs');", /ReferenceError: require is not defined/],
    ["import()", "return await import('node:fs');", /Not supported|import/i],
    ["eval'd global definitions", "(0, eval)('var leaked = 1');", /TypeError/],
    ["a hidden intrinsic", "Object.getPrototypeOf(async function () {}).leak = 1;", /TypeError: Cannot add property leak/],
    ["Math.random", "Math.random = () => 4;", /TypeError: Cannot assign to read only property 'random'/],
  ])("refuses %s", async (_name, script, message) => {
    const error = await failure(sandbox.runScript(script, vars, LIMIT));
    expect(error.code).toBe("script-error");
    expect(error.message).toMatch(message);
  });

  it("reads a hostile thrown proxy without running into it", async () => {
    const script = "throw new Proxy({}, { get(target, key) { throw new Error('trap ' + String(key)); } });";
    await expect(failure(sandbox.runScript(script, vars, LIMIT))).resolves.toMatchObject({ code: "script-error", message: "The script threw a value that cannot be read" });
  });

  it("survives an error object whose message getter throws", async () => {
    const script = "throw Object.create(Error.prototype, { message: { get() { throw 1; } } });";
    await expect(failure(sandbox.runScript(script, vars, LIMIT))).resolves.toMatchObject({ code: "script-error", message: "The script threw a value that cannot be read" });
  });
});

describe("nothing leaks to the next evaluation or the host", () => {
  it("refuses prototype pollution and leaves no trace", async () => {
    const error = await failure(sandbox.runScript("Object.prototype.polluted = 1;", vars));
    expect(error).toMatchObject({ message: "TypeError: Cannot add property polluted, object is not extensible", line: 1 });
    await expect(sandbox.runScript("return [({}).polluted, [].polluted];", vars)).resolves.toEqual([null, null]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("sloppy code's silent writes to globals and built-ins change nothing", async () => {
    const sloppy = "Function(\"Object.prototype.polluted = 1; Array.prototype.push = null; JSON.parse = null; globalThis.leak = 1; leak2 = 1;\")();\nreturn 'done';";
    await expect(sandbox.runScript(sloppy, vars)).resolves.toBe("done");
    for (let i = 0; i < 4; i++) {
      // Several times: the pool may answer on either isolate.
      const seen = await sandbox.runScript("return [({}).polluted, typeof [].push, typeof JSON.parse, typeof leak, typeof globalThis.leak2];", vars);
      expect(seen).toEqual([null, "function", "function", "undefined", "undefined"]);
    }
  });

  it("never lets RegExp.prototype changes (the one unfrozen built-in) reach the next evaluation", async () => {
    const hijack = "RegExp.prototype.exec = () => null;\nRegExp.prototype.marker = input.order.id;\nreturn /a/.test('a');";
    await expect(sandbox.runScript(hijack, vars)).resolves.toBe(false);
    const late = "Promise.resolve().then(() => null).then(() => { RegExp.prototype.late = 'late'; });\nreturn 1;";
    await expect(sandbox.runScript(late, vars)).resolves.toBe(1);
    for (let i = 0; i < 4; i++) {
      const seen = await sandbox.runScript("return [/a/.test('a'), RegExp.prototype.marker, RegExp.prototype.late, 'a-b'.replace(/-/g, '_')];", vars);
      expect(seen).toEqual([true, null, null, "a_b"]);
    }
  });

  it("does not keep the previous evaluation's last match (RegExp.$1)", async () => {
    await sandbox.runScript("return /(secret-\\d+)/.exec('token secret-42 here')[1];", vars);
    await expect(sandbox.runScript("return [typeof RegExp.$1, typeof RegExp.lastMatch, typeof RegExp.input, typeof RegExp.leftContext];", vars)).resolves.toEqual([
      "undefined",
      "undefined",
      "undefined",
      "undefined",
    ]);
  });

  it("freezes every built-in a script can reach, except RegExp.prototype", async () => {
    // Walks from the global object and from the prototypes of everything a script can create.
    const census = `// A generator object's prototype is its own function's (fresh) .prototype: take the one above it.
const made = [function* () {}, Object.getPrototypeOf((function* () {})()), async function () {}, async function* () {}, Object.getPrototypeOf((async function* () {})()),
  [].values(), new Map().entries(), new Set().values(), ''[Symbol.iterator](), /a/g[Symbol.matchAll](''), [].values().map((x) => x),
  Iterator.from({ next() { return { done: true }; } }), new Intl.Segmenter().segment(''), new Intl.Segmenter().segment('')[Symbol.iterator](),
  Promise.resolve(), new Error(), new ArrayBuffer(8), new Uint8Array(2), new DataView(new ArrayBuffer(1)), new WeakMap(), new WeakSet(),
  new Date(), Object(Symbol()), Object(1n), new DisposableStack(), new AsyncDisposableStack(), new Intl.NumberFormat(), new Intl.DateTimeFormat(),
  new Intl.Collator(), new Intl.PluralRules(), new Intl.ListFormat(), new Intl.RelativeTimeFormat(), new Intl.Locale('en'), new Intl.DisplayNames('en', { type: 'region' })];
const pending = [globalThis, ...made.map((x) => Object.getPrototypeOf(x))];
const seen = new Set();
const open = [];
while (pending.length) {
  const o = pending.pop();
  if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) continue;
  seen.add(o);
  if (!Object.isFrozen(o)) open.push(o === RegExp.prototype ? 'RegExp.prototype' : String(o.constructor && o.constructor.name));
  pending.push(Object.getPrototypeOf(o));
  for (const key of Reflect.ownKeys(o)) {
    const d = Reflect.getOwnPropertyDescriptor(o, key);
    if ('value' in d) pending.push(d.value); else pending.push(d.get, d.set);
  }
}
return { open, checked: seen.size };`;
    const found = (await sandbox.runScript(census, vars)) as { open: string[]; checked: number };
    expect(found.open).toEqual(["RegExp.prototype"]);
    expect(found.checked).toBeGreaterThan(500);
  });
});

describe("outputs", () => {
  it.each([
    ["an enormous string", "return 'x'.repeat(6_000_000);", /^The output is too large \(6 MB of JSON; the limit is 5 MB\)$/],
    ["a cycle", "const a = { b: {} };\na.b.a = a;\nreturn a;", /contains a cycle/],
    ["a function", "return { ok: true, fn() {} };", /^The output contains a function \(at key "fn"\)/],
    ["a Symbol", "return [1, Symbol('x')];", /^The output contains a Symbol \(at index 1\)/],
    ["a BigInt", "return { n: 10n };", /^The output contains a BigInt/],
    ["a toJSON that throws", "return { toJSON() { throw new Error('nope'); } };", /^The output cannot be stored as JSON: nope$/],
    ["a proxy that refuses its keys", "return new Proxy({}, { ownKeys() { throw new Error('no keys'); } });", /^The output cannot be stored as JSON: no keys$/],
    ["a structure nested too deep", "let o = {};\nfor (let i = 0; i < 200000; i++) o = { o };\nreturn o;", /^The output cannot be stored as JSON: RangeError: Maximum call stack size exceeded$/],
  ])("refuses %s", async (_name, script, message) => {
    const error = await failure(sandbox.runScript(script, vars, { timeoutMs: 10_000 }));
    expect(error.code).toBe("script-output");
    expect(error.message).toMatch(message);
  }, 20_000);

  it("refuses a huge array of objects (too large or out of memory, never on the host)", async () => {
    const error = await failure(sandbox.runScript("return Array.from({ length: 400000 }, (_, i) => ({ index: i, name: 'item ' + i }));", vars, { timeoutMs: 10_000 }));
    expect(["script-output", "script-memory"]).toContain(error.code);
  }, 20_000);
});

describe("the pool keeps serving", () => {
  it("answers ordinary evaluations on a free isolate while others are held by hostile scripts", { timeout: 20_000 }, async () => {
    const pool = createSandbox({ poolSize: 3 });
    try {
      await pool.runScript(ORDINARY, vars);
      let hostileEnded = 0;
      const hostile = [
        failure(pool.runScript("while (true) {}", vars, { timeoutMs: 4000 })),
        failure(pool.runScript("await new Promise(() => {});", vars, { timeoutMs: 4000 })),
      ].map((ending) => ending.finally(() => hostileEnded++));
      const ordinary: unknown[] = [];
      for (let i = 0; i < 30; i++) ordinary.push(await pool.runScript(ORDINARY, vars));
      expect(ordinary).toEqual(Array.from({ length: 30 }, () => ({ id: "SO-1", total: 5 })));
      // All 30 were answered while both hostile scripts still held their isolates.
      expect(hostileEnded).toBe(0);
      const errors = await Promise.all(hostile);
      expect(errors.map((e) => e.code)).toEqual(["script-timeout", "script-timeout"]);
      // Their isolates were disposed and come back on demand.
      const again = await Promise.all(Array.from({ length: 6 }, () => pool.runScript(ORDINARY, vars)));
      expect(again).toHaveLength(6);
      expect(pool.stats().isolatesCreated).toBeGreaterThanOrEqual(4);
    } finally {
      await pool.dispose();
    }
  });

  it("queues callers fairly when every isolate is busy", async () => {
    const pool = createSandbox({ poolSize: 1 });
    try {
      const order: number[] = [];
      const slow = pool.runScript("const end = Date.now() + 100; while (Date.now() < end) {}\nreturn 0;", vars);
      const queued = Array.from({ length: 5 }, (_, i) => pool.evaluate(`${i + 1}`, vars).then((value) => order.push(value as number)));
      expect(pool.stats().queued).toBe(5);
      await Promise.all([slow, ...queued]);
      expect(order).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await pool.dispose();
    }
  });
});
