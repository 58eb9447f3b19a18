// The executor registry: every kind has an executor and a retry policy; kinds that later issues
// implement fail their step with a sentence saying so (a business error: no retries, a dead letter).
import { describe, expect, it } from "vitest";
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

  it("passes a message trigger's committed message on to the next steps", async () => {
    const message = { topic: "plant/p7/state", payload: { state: "DOWN" }, qos: 1, retain: false, receivedAt: "2026-11-22T12:00:00.000Z" };
    for (const kind of ["mqtt-trigger", "amqp-trigger"])
      await expect(executorFor(kind).execute(fakeContext({} as never, message)), kind).resolves.toEqual({ type: "next", port: "out", output: message });
  });

  it("fails a step of an unknown kind with a business error", async () => {
    const entry = executorFor("teleport");
    expect(entry.retry.maxAttempts).toBe(1);
    await expect(entry.execute(fakeContext({} as never, {}))).rejects.toThrow('Steps of the kind "teleport" cannot run: this build of Millwright does not know that kind');
    expect(executorFor("toString").retry.maxAttempts).toBe(1);
  });
});
