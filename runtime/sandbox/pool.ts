// The isolate pool: a fixed number of isolated-vm isolates, each serving one evaluation at a time,
// with callers queued first come, first served while all are busy. An isolate that hit its memory
// limit, overran its deadline or timed out is disposed and created again on its next use, so one
// hostile script costs its own isolate at most its own limits and never touches the others.
import ivm from "isolated-vm";
import { realmSource, type RealmConfig, type RealmError, type RealmKind } from "./realm.ts";

export type IsolateOptions = {
  memoryMb: number;
  maxOutputChars: number;
  /** Reuse one hardened context per isolate (fast) or create a context per evaluation. */
  reuseContext: boolean;
  /** A reused context is replaced after this many evaluations (defence in depth, not needed for safety). */
  maxEvaluationsPerContext: number;
  /** Added to the time limit for the outer wall-clock deadline. */
  graceMs: number;
};

export type SandboxStats = { isolatesCreated: number; contextsCreated: number; evaluations: number; queued: number };

/** What one evaluation came to, before it is turned into a value or a ScriptError. */
export type Answer =
  | { type: "result"; json: string }
  | { type: "error"; error: RealmError }
  | { type: "timeout" }
  | { type: "memory" };

type EvaluateFunction = (kind: RealmKind, source: string, names: string, varsJson: string) => Promise<string>;

const COMPILED_PER_CONTEXT = 500;

export class PoolClosedError extends Error {
  constructor() {
    super("The script sandbox was shut down");
    this.name = "PoolClosedError";
  }
}

/** One isolate and its current context. Never used by two evaluations at once (the pool sees to it). */
export class SandboxIsolate {
  private readonly options: IsolateOptions;
  private readonly stats: SandboxStats;
  private isolate: ivm.Isolate | null = null;
  private bootstrap: ivm.Script | null = null;
  private context: ivm.Context | null = null;
  private evaluateFunction: ivm.Reference<EvaluateFunction> | null = null;
  private contextEvaluations = 0;
  private closed = false;

  constructor(options: IsolateOptions, stats: SandboxStats) {
    this.options = options;
    this.stats = stats;
  }

  async evaluate(kind: RealmKind, source: string, names: string, varsJson: string, timeoutMs: number): Promise<Answer> {
    // A context found tampered with is discarded before the evaluation runs; a new one is intact.
    for (let attempt = 1; ; attempt++) {
      const evaluate = await this.prepare();
      const answer = await this.call(evaluate, [kind, source, names, varsJson], timeoutMs);
      if (answer !== "tampered") return answer;
      this.dropContext();
      if (attempt >= 2) throw new Error("The sandbox could not prepare an intact context");
    }
  }

  close(): void {
    this.closed = true;
    this.disposeIsolate();
  }

  private async prepare(): Promise<ivm.Reference<EvaluateFunction>> {
    if (this.closed) throw new PoolClosedError();
    if (this.evaluateFunction && this.contextEvaluations < this.options.maxEvaluationsPerContext) return this.evaluateFunction;
    this.dropContext();
    if (!this.isolate || this.isolate.isDisposed) await this.createIsolate();
    const isolate = this.isolate as ivm.Isolate;
    const context = await isolate.createContext();
    this.stats.contextsCreated++;
    this.context = context;
    this.evaluateFunction = (await (this.bootstrap as ivm.Script).run(context, { reference: true, timeout: 30_000 })) as ivm.Reference<EvaluateFunction>;
    this.contextEvaluations = 0;
    return this.evaluateFunction;
  }

  private async createIsolate(): Promise<void> {
    this.disposeIsolate();
    const isolate = new ivm.Isolate({
      memoryLimit: this.options.memoryMb,
      // isolated-vm's advice: V8 lost control of an isolate; the process cannot go on safely.
      onCatastrophicError: (message) => {
        console.error(`isolated-vm catastrophic error: ${message}`);
        process.abort();
      },
    });
    const config: RealmConfig = { harden: this.options.reuseContext, maxOutputChars: this.options.maxOutputChars, cacheSize: COMPILED_PER_CONTEXT };
    this.bootstrap = await isolate.compileScript(realmSource(config), { filename: "millwright-realm.js" });
    this.isolate = isolate;
    this.stats.isolatesCreated++;
  }

  private async call(evaluate: ivm.Reference<EvaluateFunction>, args: Parameters<EvaluateFunction>, timeoutMs: number): Promise<Answer | "tampered"> {
    const isolate = this.isolate as ivm.Isolate;
    this.contextEvaluations++;
    this.stats.evaluations++;
    // isolated-vm's timeout covers the call and the microtasks it queues, but not a promise that
    // never settles: the outer deadline catches that (and anything else that outlives the limit).
    const work = evaluate.apply(undefined, args, { timeout: timeoutMs, result: { promise: true } }) as Promise<string>;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<null>((resolve) => {
      timer = setTimeout(resolve, timeoutMs + this.options.graceMs, null);
    });
    try {
      const text = await Promise.race([work, deadline]);
      if (text === null) {
        work.catch(() => undefined);
        this.disposeIsolate();
        return { type: "timeout" };
      }
      if (text === "T") return "tampered";
      if (text.startsWith("R")) return { type: "result", json: text.slice(1) };
      return { type: "error", error: JSON.parse(text.slice(1)) as RealmError };
    } catch (error) {
      if (this.closed) throw new PoolClosedError();
      const message = error instanceof Error ? error.message : String(error);
      if (isolate.isDisposed || /memory limit/i.test(message)) {
        this.disposeIsolate();
        return { type: "memory" };
      }
      if (/timed out/i.test(message)) {
        // Terminated mid-way: microtasks it queued may still be waiting in the isolate. Start afresh.
        this.disposeIsolate();
        return { type: "timeout" };
      }
      throw error;
    } finally {
      clearTimeout(timer);
      if (!this.options.reuseContext) this.dropContext();
    }
  }

  private dropContext(): void {
    const { evaluateFunction, context } = this;
    this.evaluateFunction = null;
    this.context = null;
    if (this.isolate && !this.isolate.isDisposed) {
      evaluateFunction?.release();
      context?.release();
    }
  }

  private disposeIsolate(): void {
    this.evaluateFunction = null;
    this.context = null;
    this.bootstrap = null;
    const isolate = this.isolate;
    this.isolate = null;
    if (isolate && !isolate.isDisposed) isolate.dispose();
  }
}

type Waiter = { resolve: (slot: SandboxIsolate) => void; reject: (error: Error) => void };

/** Hands out idle isolates; callers wait in arrival order while all are busy. */
export class IsolatePool {
  private readonly all: SandboxIsolate[];
  private readonly idle: SandboxIsolate[];
  private readonly waiting: Waiter[] = [];
  private closed = false;

  constructor(size: number, options: IsolateOptions, stats: SandboxStats) {
    this.all = Array.from({ length: size }, () => new SandboxIsolate(options, stats));
    this.idle = [...this.all];
  }

  get queued(): number {
    return this.waiting.length;
  }

  async use<T>(work: (slot: SandboxIsolate) => Promise<T>): Promise<T> {
    const slot = await this.acquire();
    try {
      return await work(slot);
    } finally {
      this.release(slot);
    }
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new PoolClosedError());
    for (const slot of this.all) slot.close();
  }

  private acquire(): Promise<SandboxIsolate> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    // The most recently used isolate first: its code is warm.
    const slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(slot: SandboxIsolate): void {
    const next = this.waiting.shift();
    if (next) next.resolve(slot);
    else this.idle.push(slot);
  }
}
