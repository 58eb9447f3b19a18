// The manual trigger step hands the start dialog's input and who started the run to the next steps.
import { describe, expect, it } from "vitest";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { ZManualTriggerConfig } from "./definition.ts";
import { executeManualTrigger } from "./execute.server.ts";

describe("manual trigger step", () => {
  it("passes the input and the starter on through Input", async () => {
    const start = { input: { workOrder: "WO-77" }, startedBy: "analyst@millwright.local" };
    const config = ZManualTriggerConfig.parse({ inputSchema: { type: "object" } });
    expect(await executeManualTrigger(fakeContext(config, start))).toEqual({ type: "next", port: "out", output: start });
  });
});
