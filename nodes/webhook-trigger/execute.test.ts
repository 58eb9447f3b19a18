// The webhook trigger step hands the accepted request to the next steps unchanged.
import { describe, expect, it } from "vitest";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { ZWebhookTriggerConfig } from "./definition.ts";
import { executeWebhookTrigger } from "./execute.server.ts";

describe("webhook trigger step", () => {
  it("passes the accepted request on through Request", async () => {
    const request = { body: { order: { id: "SO-1" } }, headers: { "content-type": "application/json" }, query: { source: "cmms" }, receivedAt: "2025-03-01T08:00:00.000Z" };
    const result = await executeWebhookTrigger(fakeContext(ZWebhookTriggerConfig.parse({}), request));
    expect(result).toEqual({ type: "next", port: "out", output: request });
  });
});
