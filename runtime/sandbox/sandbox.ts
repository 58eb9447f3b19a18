// The sandbox API the engine uses: map scripts, expressions, templates and templated JSON values,
// evaluated on the isolate pool with a time limit, and every failure turned into a ScriptError that
// names the analyst's own line (or the placeholder that failed).
import { parse } from "acorn";
import { z } from "zod";
import { ScriptError } from "../engine/errors.ts";
import type { StepSandbox } from "../engine/executor.ts";
import { IsolatePool, type Answer, type SandboxStats } from "./pool.ts";
import type { RealmError, RealmKind } from "./realm.ts";
import { collectTemplates, placeholderText, templateItem, type TemplateItem } from "./templates.ts";

export type SandboxOptions = {
  /** Isolates in the pool (default 2). */
  poolSize?: number;
  /** Memory limit per isolate in MB (default 64). */
  memoryMb?: number;
  /** Default time limit per evaluation in ms (default 1000); a call's `timeoutMs` overrides it. */
  timeoutMs?: number;
  /** Largest output, in bytes of JSON (default 5 MB). */
  maxOutputBytes?: number;
  /** Reuse one hardened context per isolate (default) or create a fresh context per evaluation. */
  reuseContext?: boolean;
  /** Replace a reused context after this many evaluations (default 10,000). */
  maxEvaluationsPerContext?: number;
};

export type SandboxLimits = { timeoutMs?: number };

/** The names scripts see (`{ input, run }` for a step) and their values (copied in as JSON). */
export type SandboxVars = Record<string, unknown>;

export interface Sandbox {
  /** A map script: the body of `async function (input) {...}`; answers what it returns (undefined -> null). */
  runScript(script: string, vars: SandboxVars | PreparedVars, limits?: SandboxLimits): Promise<unknown>;
  /** One JavaScript expression (a branch condition, a switch value). */
  evaluate(expression: string, vars: SandboxVars | PreparedVars, limits?: SandboxLimits): Promise<unknown>;
  /** Text with {{ expression }} placeholders: undefined/null insert "", strings as they are, the rest as JSON. */
  renderTemplate(text: string, vars: SandboxVars | PreparedVars, limits?: SandboxLimits): Promise<string>;
  /** A JSON value whose strings may hold placeholders; a string that is exactly one placeholder keeps the value's type. */
  renderValue(value: unknown, vars: SandboxVars | PreparedVars, limits?: SandboxLimits): Promise<unknown>;
  stats(): SandboxStats;
  /** Disposes the isolates; calls waiting or made afterwards fail. */
  dispose(): Promise<void>;
}

/** Variables serialised once, for several evaluations over the same data (a step's sandbox). */
export class PreparedVars {
  readonly names: string;
  readonly json: string;
  constructor(vars: SandboxVars) {
    const names = Object.keys(vars);
    for (const name of names) {
      if (!/^[A-Za-z_$][\w$]*$/.test(name) || RESERVED.has(name)) throw new Error(`"${name}" cannot be a script variable name`);
    }
    this.names = names.join(",");
    this.json = JSON.stringify(vars);
  }
}

export function prepareVars(vars: SandboxVars | PreparedVars): PreparedVars {
  return vars instanceof PreparedVars ? vars : new PreparedVars(vars);
}

const RESERVED = new Set([
  ..."break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield".split(" "),
  ..."let static implements interface package private protected public await eval arguments".split(" "),
]);

const envSchema = z.object({
  SANDBOX_POOL_SIZE: z.coerce.number().int().min(1).max(64).default(2),
  SANDBOX_MEMORY_MB: z.coerce.number().int().min(8).max(4096).default(64),
  SANDBOX_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(1000),
});

let shared: Sandbox | undefined;

/** The process-wide sandbox, created on first use (SANDBOX_POOL_SIZE, SANDBOX_MEMORY_MB, SANDBOX_TIMEOUT_MS). */
export function getSandbox(): Sandbox {
  if (!shared) {
    const env = envSchema.parse({
      SANDBOX_POOL_SIZE: process.env.SANDBOX_POOL_SIZE || undefined,
      SANDBOX_MEMORY_MB: process.env.SANDBOX_MEMORY_MB || undefined,
      SANDBOX_TIMEOUT_MS: process.env.SANDBOX_TIMEOUT_MS || undefined,
    });
    shared = createSandbox({ poolSize: env.SANDBOX_POOL_SIZE, memoryMb: env.SANDBOX_MEMORY_MB, timeoutMs: env.SANDBOX_TIMEOUT_MS });
  }
  return shared;
}

/** The sandbox bound to one step's data: scripts see `input` and `run`. */
export function bindSandbox(sandbox: Sandbox, vars: SandboxVars): StepSandbox {
  let prepared: PreparedVars | undefined;
  const data = () => (prepared ??= prepareVars(vars));
  return {
    runScript: (script, options) => sandbox.runScript(script, data(), options),
    evaluate: (expression, options) => sandbox.evaluate(expression, data(), options),
    renderTemplate: (text) => sandbox.renderTemplate(text, data()),
    renderValue: (value) => sandbox.renderValue(value, data()),
  };
}

/** What was evaluated, for messages. */
type Subject =
  | { kind: "script" | "expression"; source: string }
  | { kind: "templates"; items: TemplateItem[]; paths: string[] };

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const memoryMb = options.memoryMb ?? 64;
  const defaultTimeoutMs = options.timeoutMs ?? 1000;
  const maxOutputBytes = options.maxOutputBytes ?? 5_000_000;
  const stats: SandboxStats = { isolatesCreated: 0, contextsCreated: 0, evaluations: 0, queued: 0 };
  const pool = new IsolatePool(options.poolSize ?? 2, {
    memoryMb,
    maxOutputChars: maxOutputBytes,
    reuseContext: options.reuseContext ?? true,
    maxEvaluationsPerContext: options.maxEvaluationsPerContext ?? 10_000,
    graceMs: 250,
  }, stats);

  const timeoutOf = (limits?: SandboxLimits) => Math.max(1, Math.floor(limits?.timeoutMs ?? defaultTimeoutMs));

  async function run(kind: RealmKind, source: string, vars: SandboxVars | PreparedVars, subject: Subject, timeoutMs: number): Promise<unknown> {
    const prepared = prepareVars(vars);
    const answer = await pool.use((slot) => slot.evaluate(kind, source, prepared.names, prepared.json, timeoutMs));
    return outcome(answer, subject, timeoutMs);
  }

  function outcome(answer: Answer, subject: Subject, timeoutMs: number): unknown {
    if (answer.type === "result") {
      if (Buffer.byteLength(answer.json) > maxOutputBytes) {
        throw new ScriptError(`The output is too large (more than ${maxOutputBytes / 1_000_000} MB of JSON)`, { code: "script-output" });
      }
      return JSON.parse(answer.json) as unknown;
    }
    if (answer.type === "timeout") {
      throw new ScriptError(`${who(subject)} ran longer than ${timeoutMs} ms and was stopped`, { code: "script-timeout" });
    }
    if (answer.type === "memory") {
      throw new ScriptError(`${who(subject)} used more than ${memoryMb} MB of memory and was stopped`, { code: "script-memory" });
    }
    throw failed(answer.error, subject);
  }

  const api: Sandbox = {
    runScript: (script, vars, limits) => run("script", script, vars, { kind: "script", source: script }, timeoutOf(limits)),
    evaluate: (expression, vars, limits) => run("expression", expression, vars, { kind: "expression", source: expression }, timeoutOf(limits)),
    async renderTemplate(text, vars, limits) {
      const item = templateItem(text);
      if (!item) return text;
      // Inside text, even a lone placeholder is converted to text.
      const asText: TemplateItem = "w" in item ? { p: ["", item.w, ""] } : item;
      const answers = (await run("templates", JSON.stringify([asText]), vars, { kind: "templates", items: [asText], paths: [""] }, timeoutOf(limits))) as string[];
      return answers[0] as string;
    },
    async renderValue(value, vars, limits) {
      const found = collectTemplates(value);
      if (found.items.length === 0) return found.rebuild([]);
      const answers = (await run("templates", JSON.stringify(found.items), vars, { kind: "templates", items: found.items, paths: found.paths }, timeoutOf(limits))) as unknown[];
      return found.rebuild(answers);
    },
    stats: () => ({ ...stats, queued: pool.queued }),
    async dispose() {
      pool.close();
      if (shared === api) shared = undefined;
    },
  };
  return api;
}

function who(subject: Subject): string {
  if (subject.kind !== "templates") return subject.kind === "script" ? "The script" : "The expression";
  const all = subject.items.flatMap((item) => ("w" in item ? [item.w] : item.p.filter((_, i) => i % 2 === 1)));
  if (all.length === 1) return `The placeholder ${placeholderText(all[0] as string)}`;
  const shown = all.slice(0, 3).map(placeholderText).join(", ");
  return `A placeholder (one of ${shown}${all.length > 3 ? ", ..." : ""})`;
}

/** The analyst-facing error for code that threw, did not compile or returned something not JSON. */
function failed(error: RealmError, subject: Subject): ScriptError {
  let source = subject.kind === "templates" ? "" : subject.source;
  let message = error.message;
  let details: Record<string, unknown> | undefined;
  if (subject.kind === "templates" && error.item !== undefined) {
    const item = subject.items[error.item];
    const expression = item ? ("w" in item ? item.w : (item.p[error.part ?? 1] ?? "")) : "";
    const path = subject.paths[error.item] ?? "";
    source = expression;
    message = `The placeholder ${placeholderText(expression)}${path ? ` at ${path}` : ""} failed: ${message}`;
    details = { placeholder: placeholderText(expression), ...(path ? { path } : {}) };
  }
  let { line, column } = error;
  if (error.syntax && line === undefined) {
    const found = locateSyntaxError(subject.kind === "script" ? "script" : "expression", source);
    if (found) ({ line, column } = found);
  }
  return new ScriptError(message, { code: error.code, line, column, details });
}

/** V8 does not say where `new Function` failed to parse; acorn finds the spot (strict mode, as V8 compiled it). */
export function locateSyntaxError(kind: "script" | "expression", source: string): { line: number; column: number } | null {
  const text = kind === "script" ? `"use strict"; (async function (input) {\n${source}\n})` : `"use strict"; (\n${source}\n)`;
  try {
    parse(text, { ecmaVersion: "latest", sourceType: "script", locations: true });
    return null;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    if (!loc || loc.line < 2) return null;
    return { line: loc.line - 1, column: loc.column + 1 };
  }
}
