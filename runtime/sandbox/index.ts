// runtime/sandbox: map scripts, branch conditions and {{ templates }} run here, in isolated-vm.
//
// Use: `getSandbox()` (the process-wide pool, created on first use) or `createSandbox(options)`
// (tests, benchmarks); `bindSandbox(sandbox, { input, run })` gives an executor its StepSandbox.
// Settings: SANDBOX_POOL_SIZE (isolates, default 2), SANDBOX_MEMORY_MB (per isolate, default 64),
// SANDBOX_TIMEOUT_MS (default time limit per evaluation, 1000; a map node passes its own).
//
// Guarantees (hostile.test.ts proves each):
// - No host references: the context holds only V8's built-ins (no require, process, fetch, timers,
//   file system or network); data goes in as JSON text and comes out as JSON text (<= 5 MB, a
//   function, Symbol, BigInt or cycle in the output is a "script-output" error; undefined -> null).
// - Limits: isolated-vm's timeout stops a call and the microtasks it queues ("script-timeout"); an
//   outer wall-clock deadline (limit + 250 ms) stops what that timeout cannot see, such as a promise
//   that never settles, by disposing the isolate. Past its memory limit an isolate is disposed by
//   isolated-vm ("script-memory"). A disposed or timed-out isolate is created again on next use.
// - Isolation between evaluations: each isolate keeps ONE context and reuses it, hardened once
//   (realm.ts): the global object and all built-ins are frozen, so nothing one evaluation writes
//   can be seen by the next (RegExp.prototype, left unfrozen for speed, is checked before every
//   evaluation and the context is discarded if it changed). A fresh context per evaluation was
//   measured at ~0.5-0.6 ms for a 10 KB mapping (context creation plus code that never gets warm),
//   against ~0.15-0.3 ms reused; `reuseContext: false` still gives that mode.
// - Compiled code is cached per context by source (500 functions, the oldest dropped first);
//   a map script gets a fresh closure per evaluation.
// - Errors are ScriptErrors (runtime/engine/errors.ts) with codes script-error, script-timeout,
//   script-memory and script-output, and the line/column in the analyst's own text. Analyst code
//   runs in strict mode. Templates name the placeholder (and the JSON path) that failed.
// - Concurrency: one evaluation per isolate at a time; callers queue in arrival order.
export { bindSandbox, createSandbox, getSandbox, prepareVars, PreparedVars } from "./sandbox.ts";
export type { Sandbox, SandboxLimits, SandboxOptions, SandboxVars } from "./sandbox.ts";
export type { SandboxStats } from "./pool.ts";
