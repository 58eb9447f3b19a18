// The message a publish step sends (MQTT and AMQP alike): JSON whose strings may hold
// {{ placeholders }}, or text. Browser-safe schema; renderMessage runs on the worker.
import { z } from "zod";
import type { StepSandbox } from "../../runtime/engine/executor.ts";
import { jsonTemplateField, templateField } from "../fields.ts";

export const ZPublishMessage = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("json").meta({ title: "JSON" }),
      json: jsonTemplateField({ title: "JSON message", description: 'Placeholders allowed, e.g. { "order": "{{ input.name }}", "qty": "{{ input.product_qty }}" }.' }).default({}),
    }),
    z.object({
      type: z.literal("text").meta({ title: "Text" }),
      text: templateField({ title: "Text message", widget: "textarea" }, { max: 1_000_000 }).default(""),
    }),
  ])
  .meta({ title: "Message" });

export type TPublishMessage = z.output<typeof ZPublishMessage>;

/** The bytes to send and their content type. */
export async function renderMessage(sandbox: StepSandbox, message: TPublishMessage): Promise<{ body: Buffer; contentType: string }> {
  if (message.type === "text") return { body: Buffer.from(await sandbox.renderTemplate(message.text), "utf8"), contentType: "text/plain; charset=utf-8" };
  return { body: Buffer.from(JSON.stringify(await sandbox.renderValue(message.json)) ?? "null", "utf8"), contentType: "application/json" };
}
