// End: finishes the run, successfully or as a failure with a message. When the webhook trigger
// waits for the end, its response (status, body, headers) answers the caller.
import { z } from "zod";
import { defineNode } from "../define.ts";
import { jsonTemplateField, keyValueField, templateField } from "../fields.ts";

const ZResponseBody = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("json").meta({ title: "JSON" }),
      json: jsonTemplateField({ title: "JSON body", description: 'Placeholders allowed, e.g. { "orderId": "{{ input.id }}" }.' }).default({ ok: true }),
    }),
    z.object({
      type: z.literal("text").meta({ title: "Text" }),
      text: templateField({ title: "Text body", widget: "textarea" }, { max: 1_000_000 }).default(""),
      contentType: z.string().min(1).max(200).default("text/plain").meta({ title: "Content type" }),
    }),
    z.object({ type: z.literal("none").meta({ title: "No body" }) }),
  ])
  .meta({ title: "Body" });

export const ZEndConfig = z
  .object({
    outcome: z
      .enum(["success", "failure"])
      .default("success")
      .meta({ title: "The run", enumLabels: { success: "Completes", failure: "Fails with a message" } }),
    failureMessage: templateField({
      title: "Failure message",
      placeholder: "Unknown asset {{ input.assetId }}",
      showWhen: { field: "outcome", equals: ["failure"] },
    }).optional(),
    response: z
      .object({
        status: z.number().int().min(100, "Status is between 100 and 599").max(599, "Status is between 100 and 599").default(200).meta({ title: "Status" }),
        body: ZResponseBody.default({ type: "json", json: { ok: true } }),
        headers: keyValueField({ title: "Headers" }, { headerNames: true }),
      })
      .prefault({})
      .meta({ title: "Response", description: "Sent to the webhook caller when the webhook trigger waits for the end; ignored otherwise." }),
  })
  .superRefine((config, ctx) => {
    if (config.outcome === "failure" && !config.failureMessage?.trim())
      ctx.addIssue({ code: "custom", path: ["failureMessage"], message: "Failure message is required when the run fails" });
  });

export const endNode = defineNode({
  kind: "end",
  kindVersion: 1,
  label: "End",
  category: "flow",
  icon: "flag",
  description: "Finishes the run and, for a waiting webhook, sends the response.",
  keywords: ["stop", "finish", "respond", "response", "return", "reply", "fail"],
  trigger: false,
  config: ZEndConfig,
  output: z.object({ outcome: z.enum(["success", "failure"]), status: z.number(), body: z.unknown() }),
  defaults: (): z.input<typeof ZEndConfig> => ({ outcome: "success", response: { status: 200, body: { type: "json", json: { ok: true } }, headers: {} } }),
  inputs: [{ id: "in", label: "Input" }],
  outputs: () => [],
  connections: () => [],
});
