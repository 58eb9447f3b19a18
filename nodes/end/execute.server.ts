// End step: finishes the run, as a success or as a failure with the rendered message. It renders
// the response (status, headers, body) that a webhook caller waiting for the run receives; the
// step's output records the outcome, status and body.
import type { EndResponse, ExecutorFor, StepSandbox } from "../../runtime/engine/executor.ts";
import type { ZEndConfig } from "./definition.ts";
import type { z } from "zod";

type Response = z.output<typeof ZEndConfig>["response"];

export const executeEnd: ExecutorFor<typeof ZEndConfig> = async (ctx) => {
  const { config } = ctx;
  const response = await renderResponse(config.response, ctx.sandbox);
  const output = { outcome: config.outcome, status: response.status, body: response.body };
  if (config.outcome === "failure") {
    const message = (await ctx.sandbox.renderTemplate(config.failureMessage ?? "")).trim() || "The flow ended with a failure";
    return { type: "end", outcome: "failure", output, message, response };
  }
  return { type: "end", outcome: "success", output, response };
};

async function renderResponse(response: Response, sandbox: StepSandbox): Promise<EndResponse> {
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(response.headers)) headers[name] = await sandbox.renderTemplate(template);
  const body = response.body;
  if (body.type === "json") return { status: response.status, headers, body: await sandbox.renderValue(body.json), contentType: "application/json" };
  if (body.type === "text") return { status: response.status, headers, body: await sandbox.renderTemplate(body.text), contentType: body.contentType };
  return { status: response.status, headers, body: null };
}
