// MQTT publish: sends a message to a topic on a broker (e.g. tell the MES that a production order
// was released in Odoo). The broker and its credentials come from an "mqtt" connection.
import { z } from "zod";
import { defineNode } from "../define.ts";
import { connectionField, hasTemplate, templateField } from "../fields.ts";
import { ZPublishMessage } from "./message.ts";

/** Why a topic cannot be published to (wildcards, empty, too long), or null. */
export function mqttPublishTopicProblem(topic: string): string | null {
  if (topic === "") return "The topic is empty";
  if (/[+#]/.test(topic)) return `A published topic cannot contain the wildcards + or # ("${topic}")`;
  if (topic.includes("\u0000")) return "The topic contains a null character";
  if (new TextEncoder().encode(topic).length > 65_535) return "The topic is longer than MQTT allows (65,535 bytes)";
  return null;
}

export const ZMqttPublishConfig = z.object({
  connection: connectionField("mqtt"),
  topic: templateField(
    { title: "Topic", placeholder: "mes/orders/{{ input.name }}/released", description: "Placeholders allowed; no wildcards (+, #)." },
    { required: "Topic is required", max: 4000 },
  )
    .superRefine((topic, ctx) => {
      const problem = hasTemplate(topic) ? null : mqttPublishTopicProblem(topic);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .default("mes/orders/{{ input.name }}"),
  message: ZPublishMessage.default({ type: "json", json: { order: "{{ input.name }}" } }),
  qos: z
    .literal([0, 1], { error: "QoS is 0 (at most once) or 1 (at least once)" })
    .default(1)
    .meta({ title: "QoS", enumLabels: { "0": "0 - at most once", "1": "1 - at least once (waits for the broker)" } }),
  retain: z.boolean().default(false).meta({ title: "Retain", description: "The broker keeps the message as the topic's last value for new subscribers." }),
});

export const ZMqttPublishOutput = z.object({ topic: z.string(), qos: z.number(), retain: z.boolean(), bytes: z.number(), publishedAt: z.string() });

export const mqttPublishNode = defineNode({
  kind: "mqtt-publish",
  kindVersion: 1,
  label: "MQTT publish",
  category: "integration",
  icon: "send",
  description: "Publishes a message to an MQTT topic (MES, machines, dashboards).",
  keywords: ["iot", "broker", "publish", "mes", "machine", "topic", "send"],
  trigger: false,
  config: ZMqttPublishConfig,
  output: ZMqttPublishOutput,
  defaults: (): z.input<typeof ZMqttPublishConfig> => ({ connection: "mqtt", topic: "mes/orders/{{ input.name }}", message: { type: "json", json: { order: "{{ input.name }}" } }, qos: 1, retain: false }),
  inputs: [{ id: "in", label: "Input" }],
  outputs: () => [{ id: "out", label: "Published" }],
  connections: (config) => [config.connection],
});
