// The end step finishes the run and renders the response a waiting webhook caller receives.
import { describe, expect, it } from "vitest";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { ZEndConfig } from "./definition.ts";
import { executeEnd } from "./execute.server.ts";

const end = (config: unknown, input: unknown) => executeEnd(fakeContext(ZEndConfig.parse(config), input));

describe("end step", () => {
  it("completes the run with the rendered JSON response", async () => {
    const config = { response: { status: 201, body: { type: "json", json: { orderId: "{{ input.id }}", lines: "{{ input.lines }}" } }, headers: { "X-Order": "{{ input.id }}" } } };
    expect(await end(config, { id: "SO-9", lines: [1, 2] })).toEqual({
      type: "end",
      outcome: "success",
      output: { outcome: "success", status: 201, body: { orderId: "SO-9", lines: [1, 2] } },
      response: { status: 201, headers: { "X-Order": "SO-9" }, body: { orderId: "SO-9", lines: [1, 2] }, contentType: "application/json" },
    });
  });

  it("fails the run with the rendered message", async () => {
    const config = { outcome: "failure", failureMessage: "Unknown asset {{ input.assetId }}", response: { status: 422, body: { type: "text", text: "no asset {{ input.assetId }}", contentType: "text/plain" } } };
    expect(await end(config, { assetId: "P-7" })).toEqual({
      type: "end",
      outcome: "failure",
      message: "Unknown asset P-7",
      output: { outcome: "failure", status: 422, body: "no asset P-7" },
      response: { status: 422, headers: {}, body: "no asset P-7", contentType: "text/plain" },
    });
  });

  it("sends no body when asked", async () => {
    expect(await end({ response: { status: 204, body: { type: "none" } } }, {})).toMatchObject({ response: { status: 204, body: null, headers: {} } });
  });
});
