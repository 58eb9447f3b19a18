// The delay step answers "sleep until" (the engine turns it into a timer); the input passes unchanged.
import { describe, expect, it } from "vitest";
import { BusinessError } from "../../runtime/engine/errors.ts";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { ZDelayConfig } from "./definition.ts";
import { executeDelay } from "./execute.server.ts";

const now = new Date("2025-03-01T08:00:00.000Z");
const delay = (config: unknown, input: unknown = { id: 7 }) => executeDelay(fakeContext(ZDelayConfig.parse(config), input, { now: () => now }));

describe("delay step", () => {
  it("waits for an ISO 8601 duration", async () => {
    expect(await delay({ mode: "duration", duration: "PT15M" })).toEqual({ type: "sleep", until: new Date("2025-03-01T08:15:00.000Z"), port: "out", output: { id: 7 } });
    expect(await delay({ mode: "duration", duration: "P1DT2H" })).toMatchObject({ until: new Date("2025-03-02T10:00:00.000Z") });
  });

  it("waits for a number of seconds", async () => {
    expect(await delay({ mode: "duration", duration: 90 })).toMatchObject({ until: new Date("2025-03-01T08:01:30.000Z") });
  });

  it("waits until a rendered timestamp with a time zone", async () => {
    expect(await delay({ mode: "until", until: "{{ input.startAt }}" }, { startAt: "2025-03-01T10:30:00+01:00" })).toEqual({
      type: "sleep", until: new Date("2025-03-01T09:30:00.000Z"), port: "out", output: { startAt: "2025-03-01T10:30:00+01:00" },
    });
  });

  it("continues at once when the time has passed", async () => {
    expect(await delay({ mode: "until", until: "2024-12-31T23:00:00Z" })).toMatchObject({ until: now });
  });

  it("refuses a time without a zone, or not a time at all, naming the value", async () => {
    await expect(delay({ mode: "until", until: "{{ input.at }}" }, { at: "2025-03-01T10:30:00" })).rejects.toMatchObject({ errorClass: "business", message: 'Until: "2025-03-01T10:30:00" is not a timestamp with a time zone, e.g. 2025-03-01T08:00:00Z or 2025-03-01T09:00:00+01:00' });
    await expect(delay({ mode: "until", until: "{{ input.at }}" }, { at: "tomorrow" })).rejects.toThrow(/"tomorrow" is not a timestamp/);
    await expect(delay({ mode: "until", until: "{{ input.at }}" }, {})).rejects.toBeInstanceOf(BusinessError);
  });

  it("refuses a time more than a year away", async () => {
    await expect(delay({ mode: "until", until: "2099-01-01T00:00:00Z" })).rejects.toThrow("Until: 2099-01-01T00:00:00.000Z is more than 365 days away");
  });
});
