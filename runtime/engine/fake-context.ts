// An ExecutorContext for executor unit tests: the real sandbox (bound to the given input), an HTTP
// client that may call local test servers, connections from a map, a silent logger and a fixed or
// real clock. Override any part: `fakeContext(config, input, { now: () => at, http: stub })`.
import type { Db } from "../../lib/db/client.ts";
import pino from "pino";
import { BusinessError } from "./errors.ts";
import type { ExecutorContext, ResolvedConnection, RunInfo, StepSandbox } from "./executor.ts";
import { createStepHttp } from "../http/client.ts";

export type FakeContextOverrides<Config> = Partial<Omit<ExecutorContext<Config>, "run">> & {
  run?: Partial<RunInfo>;
  /** Connections by name, as the environment would resolve them. */
  connections?: Record<string, Omit<ResolvedConnection, "name" | "id"> & { id?: string }>;
};

const silent = pino({ level: "silent" });

export function fakeContext<Config>(config: Config, input: unknown, overrides: FakeContextOverrides<Config> = {}): ExecutorContext<Config> {
  const { connections = {}, run: runOverrides, ...rest } = overrides;
  const run: RunInfo = {
    id: "00000000-0000-4000-8000-000000000001",
    flowId: "00000000-0000-4000-8000-000000000002",
    versionId: null,
    environmentId: null,
    mode: "TEST",
    businessKey: null,
    generation: 1,
    triggerKind: "manual-trigger",
    startedAt: "2025-03-01T08:00:00.000Z",
    ...runOverrides,
  };
  return {
    run,
    node: { id: "step", kind: "test" },
    config,
    input,
    attempt: 1,
    maxAttempts: 1,
    idempotencyKey: `${run.id}:step:${run.generation}`,
    sandbox: lazySandbox(input, run),
    http: createStepHttp({ allowPrivateNetwork: true }),
    connection: async (name) => {
      const found = connections[name];
      if (!found) throw new BusinessError(`The environment has no connection named "${name}"`, { code: "missing-connection" });
      return { id: found.id ?? `connection-${name}`, name, kind: found.kind, config: found.config, secret: found.secret };
    },
    db: noDatabase,
    log: silent,
    now: () => new Date(),
    signal: new AbortController().signal,
    ...rest,
  };
}

/** The real sandbox, loaded on first use so tests of kinds without scripts do not start isolates. */
function lazySandbox(input: unknown, run: RunInfo): StepSandbox {
  let bound: Promise<StepSandbox> | undefined;
  const get = () =>
    (bound ??= import("../sandbox/index.ts").then(({ bindSandbox, getSandbox }) => bindSandbox(getSandbox(), { input, run })));
  return {
    runScript: async (script, options) => (await get()).runScript(script, options),
    evaluate: async (expression, options) => (await get()).evaluate(expression, options),
    renderTemplate: async (text) => (await get()).renderTemplate(text),
    renderValue: async (value) => (await get()).renderValue(value),
  };
}

// Executor unit tests run without a database: a test that needs one passes `db` in the overrides.
const noDatabase = new Proxy({} as Db, {
  get(_target, property) {
    throw new Error(`fakeContext has no database (db.${String(property)}); pass { db } in the overrides`);
  },
});
