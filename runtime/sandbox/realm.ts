// The code that runs INSIDE a sandbox context. `realmSource()` turns `realmBootstrap` into source
// text; evaluated once in a new context, it locks the context down and returns `evaluate`, the one
// function the host calls for every script, expression or set of template placeholders.
//
// realmBootstrap must stay self-contained: it is sent as text, so it may use only the context's own
// built-ins (no imports, no helpers from this module). Type annotations are stripped before it runs.
//
// Why a context can be reused safely ("hardened"), see also index.ts:
// - Removed: WebAssembly (an async compile resolves outside isolated-vm's timeout and crashed the
//   process on dispose when tried), SharedArrayBuffer and Atomics (Atomics.wait blocks without CPU),
//   FinalizationRegistry and WeakRef (callbacks run later, inside someone else's evaluation), and the
//   legacy RegExp statics (RegExp.$1, RegExp.input...: they hold the previous evaluation's last match).
// - Frozen: the global object and every built-in reachable from it or from the hidden intrinsics
//   (generator, async and iterator prototypes...), so an evaluation can neither add a global nor
//   change a built-in: `Object.prototype.x = 1` or `globalThis.x = 1` throw a TypeError.
// - Except RegExp.prototype: freezing it changes its V8 map, which sends every regular expression
//   down V8's slow path (2.3x slower replace/exec/split, measured). It stays extensible but is
//   checked at the start of every evaluation against a snapshot taken here (keys, descriptors,
//   prototype, extensibility); if anything differs the evaluation does not run and the host
//   discards the context (answer "T" below).
// - Analyst code runs in strict mode (no implicit globals, no arguments.callee, `this` undefined);
//   the few inherited properties analysts commonly assign (`err.name = ...`, `obj.toString = ...`)
//   are turned into accessors that define an own property on the object instead (as SES does), so
//   frozen prototypes do not break them.
// - Every evaluation parses fresh copies of its variables from JSON; compiled functions are cached
//   per context by source, and a script gets a fresh closure per evaluation (strict code cannot
//   reach its own function object), so nothing an evaluation creates is reachable by the next.
// - Left as they are, and harmless: the Symbol.for registry and Math.random's state belong to the
//   isolate; a later evaluation can find a registered symbol only by guessing its exact key.

export type RealmConfig = {
  /** Freeze the built-ins so the context can be reused; false for a context used once. */
  harden: boolean;
  /** Largest output, in characters of JSON, returned to the host. */
  maxOutputChars: number;
  /** Compiled functions kept per context (the oldest dropped first). */
  cacheSize: number;
};

/** The kinds of evaluation `evaluate` understands. */
export type RealmKind = "script" | "expression" | "templates";

/** What `evaluate` reports when the analyst's code failed ("E" answers). */
export type RealmError = {
  code: "script-error" | "script-output";
  message: string;
  /** 1-based, in the analyst's own text (the wrapper lines are subtracted). */
  line?: number;
  column?: number;
  /** The code did not compile (the host then locates the problem with a parser). */
  syntax?: boolean;
  /** Templates: which item and which part of it (odd indexes are placeholders) failed. */
  item?: number;
  part?: number;
};

/** Source text that, evaluated in a fresh context, prepares it and returns `evaluate`. */
export function realmSource(config: RealmConfig): string {
  return `(${realmBootstrap.toString()})(${JSON.stringify(config)})`;
}

/**
 * Runs inside the context. `evaluate(kind, source, names, varsJson)` answers a string:
 * "R" + output JSON, "E" + RealmError JSON, or "T" (the context was tampered with: discard it).
 */
function realmBootstrap(config: RealmConfig) {
  "use strict";
  type Bag = Record<PropertyKey, unknown>;
  const G = globalThis as unknown as Bag;
  const { parse, stringify } = JSON;
  const { ownKeys, getOwnPropertyDescriptor, getPrototypeOf, isExtensible, defineProperty } = Reflect;
  const { freeze, is } = Object;
  const isArray = Array.isArray;
  const FunctionConstructor = Function;
  const ErrorConstructor = Error;
  const SCRIPT_URL = "millwright-script.js";
  const EXPRESSION_URL = "millwright-expression.js";
  // Both wrappers put the analyst's first line on line 4 of the compiled function:
  // "function anonymous(<params>" / ") {" / '"use strict"; return ...' / <analyst line 1>.
  const WRAPPER_LINES = 3;
  const FRAME = /millwright-(?:script|expression)\.js:(\d+):(\d+)/;
  const MAX_MESSAGE = 2000;

  for (const name of ["WebAssembly", "SharedArrayBuffer", "Atomics", "FinalizationRegistry", "WeakRef"]) delete G[name];
  for (const key of Object.getOwnPropertyNames(RegExp)) {
    if (key !== "length" && key !== "name" && key !== "prototype") delete (RegExp as unknown as Bag)[key];
  }

  if (config.harden) harden();
  const regexpBaseline = shapeOf(RegExp.prototype);

  function harden(): void {
    // Overridable properties first: their accessors and the original values must be frozen too.
    const errors: { prototype: object }[] = [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError];
    if (typeof G.SuppressedError === "function") errors.push(G.SuppressedError as { prototype: object });
    const pending: unknown[] = [G];
    allowOverride(Object.prototype, ["toString", "valueOf", "toLocaleString"], pending);
    allowOverride(Function.prototype, ["toString"], pending);
    for (const error of errors) allowOverride(error.prototype, ["name", "message", "toString"], pending);
    const seen = new Set<unknown>();
    // Intrinsics not reachable by property access from the global object.
    const probes: (() => unknown)[] = [
      () => function* () {},
      () => (function* () {})(),
      () => async function () {},
      () => async function* () {},
      () => (async function* () {})(),
      () => [][Symbol.iterator](),
      () => new Map().entries(),
      () => new Set().values(),
      () => ""[Symbol.iterator](),
      () => /a/g[Symbol.matchAll](""),
      () => (([].values() as unknown as Bag).map as (this: unknown, f: (x: unknown) => unknown) => unknown).call([].values(), (x) => x),
      () => (G.Iterator as { from(iterable: unknown): unknown }).from({ next: () => ({ done: true, value: undefined }) }),
      () => new Intl.Segmenter().segment(""),
      () => new Intl.Segmenter().segment("")[Symbol.iterator](),
    ];
    for (const probe of probes) {
      try {
        pending.push(probe());
      } catch {
        // Not in this V8: nothing to freeze.
      }
    }
    while (pending.length > 0) {
      const value = pending.pop();
      if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) continue;
      seen.add(value);
      pending.push(getPrototypeOf(value as object));
      for (const key of ownKeys(value as object)) {
        const descriptor = getOwnPropertyDescriptor(value as object, key);
        if (!descriptor) continue;
        if ("value" in descriptor) pending.push(descriptor.value);
        else pending.push(descriptor.get, descriptor.set);
      }
    }
    for (const value of seen) {
      if (value !== RegExp.prototype) freeze(value);
    }
  }

  /** An inherited read-only property would make `object.key = v` throw; define an own one instead. */
  function allowOverride(prototype: object, keys: string[], toFreeze: unknown[]): void {
    for (const key of keys) {
      const descriptor = getOwnPropertyDescriptor(prototype, key);
      if (!descriptor || !("value" in descriptor) || !descriptor.configurable) continue;
      const value: unknown = descriptor.value;
      toFreeze.push(value);
      defineProperty(prototype, key, {
        get: function () {
          return value;
        },
        set: function (this: unknown, next: unknown) {
          if (this === prototype || this === null || (typeof this !== "object" && typeof this !== "function")) {
            throw new TypeError(`Cannot assign to read only property '${key}' of a built-in object`);
          }
          if (!defineProperty(this as object, key, { value: next, writable: true, enumerable: true, configurable: true })) {
            throw new TypeError(`Cannot assign to property '${key}': the object is not extensible`);
          }
        },
        enumerable: descriptor.enumerable,
        configurable: false,
      });
    }
  }

  function shapeOf(target: object): unknown[] {
    const shape: unknown[] = [getPrototypeOf(target), isExtensible(target)];
    for (const key of ownKeys(target)) {
      const d = getOwnPropertyDescriptor(target, key) as PropertyDescriptor;
      shape.push(key, d.value, d.get, d.set, d.writable, d.enumerable, d.configurable);
    }
    return shape;
  }

  function regexpIntact(): boolean {
    const now = shapeOf(RegExp.prototype);
    if (now.length !== regexpBaseline.length) return false;
    for (let i = 0; i < now.length; i++) if (!is(now[i], regexpBaseline[i])) return false;
    return true;
  }

  // Compiled functions by kind, variable names and source. The Function constructor parses exactly
  // one function body, so a script cannot close the wrapper early and run code outside it.
  const cache = new Map<string, (...args: unknown[]) => unknown>();
  function compile(kind: "script" | "expression", source: string, names: string[]): (...args: unknown[]) => unknown {
    const key = `${kind}\u0000${names.join(",")}\u0000${source}`;
    const hit = cache.get(key);
    if (hit) return hit;
    let compiled: (...args: unknown[]) => unknown;
    try {
      compiled =
        kind === "script"
          ? new FunctionConstructor(...names.filter((n) => n !== "input"), `"use strict"; return async function (input) {\n${source}\n};\n//# sourceURL=${SCRIPT_URL}`) as (...args: unknown[]) => unknown
          : new FunctionConstructor(...names, `"use strict"; return (\n${source}\n);\n//# sourceURL=${EXPRESSION_URL}`) as (...args: unknown[]) => unknown;
    } catch (error) {
      throw new CompileFailure(error);
    }
    cache.set(key, compiled);
    if (cache.size > config.cacheSize) cache.delete(cache.keys().next().value as string);
    return compiled;
  }

  class CompileFailure {
    readonly error: unknown;
    constructor(error: unknown) {
      this.error = error;
    }
  }
  class OutputFailure {
    readonly message: string;
    constructor(message: string) {
      this.message = message;
    }
  }
  class PlaceholderFailure {
    readonly item: number;
    readonly part: number;
    readonly error: unknown;
    constructor(item: number, part: number, error: unknown) {
      this.item = item;
      this.part = part;
      this.error = error;
    }
  }

  function checkJson(this: unknown, key: string, value: unknown): unknown {
    const type = typeof value;
    if (type === "function" || type === "symbol" || type === "bigint") {
      const where = key === "" ? "" : isArray(this) ? ` (at index ${key})` : ` (at key "${key}")`;
      const what = type === "function" ? "a function" : type === "symbol" ? "a Symbol" : "a BigInt (convert it with String() or Number())";
      throw new OutputFailure(`The output contains ${what}${where}; return only data: objects, arrays, strings, numbers, booleans and null`);
    }
    return value;
  }

  function toJson(value: unknown): string {
    let text: string | undefined;
    try {
      text = stringify(value === undefined ? null : value, checkJson);
    } catch (error) {
      if (error instanceof OutputFailure) throw error;
      const message = readable(error);
      if (/circular/i.test(message)) throw new OutputFailure("The output contains a cycle (an object that contains itself) and cannot be stored as JSON");
      throw new OutputFailure(`The output cannot be stored as JSON: ${message}`);
    }
    if (text === undefined) text = "null";
    if (text.length > config.maxOutputChars) throw new OutputFailure(tooLarge(text.length));
    return text;
  }

  function tooLarge(chars: number): string {
    const mb = (n: number) => `${Math.round((n / 1_000_000) * 10) / 10} MB`;
    return `The output is too large (${mb(chars)} of JSON; the limit is ${mb(config.maxOutputChars)})`;
  }

  /** A placeholder's value inside text: nothing for undefined/null, strings as they are, the rest as JSON. */
  function asText(value: unknown): string {
    if (value === undefined || value === null) return "";
    if (typeof value === "string") return value;
    const json = toJson(value);
    return json.startsWith('"') ? (parse(json) as string) : json;
  }

  /** Each item's value as JSON text (the whole answer is their array, so nothing is encoded twice). */
  async function renderItems(items: ({ w: string } | { p: string[] })[], names: string[], values: unknown[]): Promise<string[]> {
    const results: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as { w?: string; p?: string[] };
      if (item.w !== undefined) {
        results.push(await placeholder(item.w, i, 0, names, values, toJson));
        continue;
      }
      const parts = item.p as string[];
      let text = "";
      for (let j = 0; j < parts.length; j++) {
        text += j % 2 === 0 ? parts[j] : await placeholder(parts[j] as string, i, j, names, values, asText);
      }
      results.push(stringify(text));
    }
    return results;
  }

  async function placeholder(source: string, item: number, part: number, names: string[], values: unknown[], convert: (value: unknown) => string): Promise<string> {
    try {
      return convert(await compile("expression", source, names)(...values));
    } catch (error) {
      throw new PlaceholderFailure(item, part, error);
    }
  }

  function readable(value: unknown): string {
    try {
      if (typeof value === "string") return value;
      if (value instanceof ErrorConstructor) {
        const name = String(value.name);
        const message = String(value.message);
        return name && name !== "Error" ? `${name}: ${message}` : message || name;
      }
      if (value === undefined) return "The script threw undefined";
      let shown: string | undefined;
      try {
        shown = stringify(value);
      } catch {
        shown = undefined;
      }
      return `The script threw ${shown ?? String(value)}`;
    } catch {
      return "The script threw a value that cannot be read";
    }
  }

  function describe(error: unknown): RealmError {
    if (error instanceof OutputFailure) return { code: "script-output", message: error.message };
    if (error instanceof PlaceholderFailure) return { ...describe(error.error), item: error.item, part: error.part };
    const compileFailure = error instanceof CompileFailure;
    const thrown = compileFailure ? error.error : error;
    const found: RealmError = { code: "script-error", message: readable(thrown).slice(0, MAX_MESSAGE) };
    if (compileFailure) found.syntax = true;
    try {
      const stack = thrown instanceof ErrorConstructor ? thrown.stack : undefined;
      const frame = typeof stack === "string" ? FRAME.exec(stack) : null;
      if (frame) {
        const line = Number(frame[1]) - WRAPPER_LINES;
        if (line >= 1) {
          found.line = line;
          found.column = Number(frame[2]);
        }
      }
    } catch {
      // A hostile `stack` getter: no position then.
    }
    return found;
  }

  return async function evaluate(kind: RealmKind, source: string, namesText: string, varsJson: string): Promise<string> {
    if (!regexpIntact()) return "T";
    try {
      const vars = parse(varsJson) as Bag;
      const names = namesText === "" ? [] : namesText.split(",");
      let result: unknown;
      if (kind === "script") {
        const outer = names.filter((n) => n !== "input").map((n) => vars[n]);
        const run = compile("script", source, names)(...outer) as (input: unknown) => Promise<unknown>;
        result = await run(vars.input);
      } else if (kind === "expression") {
        result = await compile("expression", source, names)(...names.map((n) => vars[n]));
      } else {
        const items = parse(source) as ({ w: string } | { p: string[] })[];
        const texts = await renderItems(items, names, names.map((n) => vars[n]));
        const answer = `R[${texts.join(",")}]`;
        if (answer.length > config.maxOutputChars) throw new OutputFailure(tooLarge(answer.length));
        return answer;
      }
      return `R${toJson(result)}`;
    } catch (error) {
      try {
        return `E${stringify(describe(error))}`;
      } catch {
        return `E${stringify({ code: "script-error", message: "The script failed with an error that cannot be read" })}`;
      }
    }
  };
}
