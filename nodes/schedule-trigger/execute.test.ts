// The schedule trigger step hands the tick (times and the configured payload) to the next steps.
import { describe, expect, it } from "vitest";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { ZScheduleTriggerConfig } from "./definition.ts";
import { executeScheduleTrigger } from "./execute.server.ts";

describe("schedule trigger step", () => {
  it("passes the tick on through Tick", async () => {
    const tick = { scheduledAt: "2025-03-03T07:00:00.000Z", firedAt: "2025-03-03T07:00:00.120Z", payload: { plant: "Gent" } };
    const result = await executeScheduleTrigger(fakeContext(ZScheduleTriggerConfig.parse({ payload: { plant: "Gent" } }), tick));
    expect(result).toEqual({ type: "next", port: "out", output: tick });
  });
});
