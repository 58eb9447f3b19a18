// The executor registry: every kind has an executor and a retry policy; kinds that later issues
// implement fail their step with a sentence saying so (a business error: no retries, a dead letter).
import { describe, expect, it } from "vitest";
import { BusinessError } from "../runtime/engine/errors.ts";
import { fakeContext } from "../runtime/engine/fake-context.ts";
import { EXECUTORS, executorFor } from "./executors.server.ts";
import { NODE_KINDS } from "./registry.ts";

describe("executor registry", () => {
  it("has an executor for every node kind", () => {
    expect(Object.keys(EXECUTORS).sort()).toEqual([...NODE_KINDS].sort());
    for (const kind of NODE_KINDS) expect(typeof executorFor(kind).execute, kind).toBe("function");
  });

  it("retries calls to other systems, and tries deterministic steps once", () => {
    expect(executorFor("http-request").retry).toEqual({ maxAttempts: 5, initialDelayMs: 1000 });
    expect(executorFor("call-odoo").retry).toEqual({ maxAttempts: 5, initialDelayMs: 1000 });
    for (const kind of ["webhook-trigger", "schedule-trigger", "manual-trigger", "odoo-trigger", "map", "branch", "lookup-table", "delay", "end"])
      expect(executorFor(kind).retry.maxAttempts, kind).toBe(1);
  });

  it("says which kinds are not installed yet", async () => {
    const expected: Record<string, string> = {
      "mqtt-trigger": "The MQTT trigger cannot run yet: the MQTT connector is not installed in this build",
    };
    for (const [kind, message] of Object.entries(expected)) {
      const run = executorFor(kind).execute(fakeContext({} as never, {}));
      await expect(run, kind).rejects.toBeInstanceOf(BusinessError);
      await expect(run, kind).rejects.toThrow(message);
    }
  });

  it("fails a step of an unknown kind with a business error", async () => {
    const entry = executorFor("teleport");
    expect(entry.retry.maxAttempts).toBe(1);
    await expect(entry.execute(fakeContext({} as never, {}))).rejects.toThrow('Steps of the kind "teleport" cannot run: this build of Millwright does not know that kind');
    expect(executorFor("toString").retry.maxAttempts).toBe(1);
  });
});
