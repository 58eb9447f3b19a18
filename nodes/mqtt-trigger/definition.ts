// MQTT trigger: subscribes to a topic filter on a broker; each message starts a run.
import { z } from "zod";
import { ZConditioning } from "../conditioning.ts";
import { defineNode } from "../define.ts";
import { connectionField, mqttTopicFilterProblem, pathField } from "../fields.ts";

export const ZMqttTriggerConfig = z.object({
  connection: connectionField("mqtt"),
  topic: z
    .string({ error: "Topic is required" })
    .superRefine((filter, ctx) => {
      const problem = mqttTopicFilterProblem(filter);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .meta({
      title: "Topic filter",
      placeholder: "plant/+/machine/+/alarm",
      description: "+ matches one level, # everything below (last level only). One worker at a time holds the subscription.",
    }),
  qos: z
    .literal([0, 1], { error: "QoS is 0 (at most once) or 1 (at least once)" })
    .default(1)
    .meta({ title: "QoS", enumLabels: { "0": "0 - at most once", "1": "1 - at least once (recommended)" } }),
  payloadFormat: z.enum(["json", "text"]).default("json").meta({ title: "Payload format", enumLabels: { json: "JSON", text: "Text" } }),
  dedupKeyPath: pathField({
    title: "Message key",
    placeholder: "messageId",
    description: "Payload path of a unique message id; a redelivered message with the same key does not start a second run.",
  }).optional(),
  conditioning: ZConditioning.optional(),
});

export const ZMqttTriggerOutput = z.object({
  topic: z.string(),
  payload: z.unknown(),
  qos: z.number(),
  retain: z.boolean(),
  receivedAt: z.string(),
});

export const mqttTrigger = defineNode({
  kind: "mqtt-trigger",
  kindVersion: 1,
  label: "MQTT message",
  category: "triggers",
  icon: "radio-tower",
  description: "Starts a run for each message on an MQTT topic (machines, sensors, PLC gateways).",
  keywords: ["iot", "sensor", "broker", "subscribe", "machine", "plc"],
  trigger: true,
  config: ZMqttTriggerConfig,
  output: ZMqttTriggerOutput,
  defaults: (): z.input<typeof ZMqttTriggerConfig> => ({ connection: "mqtt", topic: "plant/#", qos: 1, payloadFormat: "json" }),
  inputs: [],
  outputs: () => [{ id: "out", label: "Message", required: true }],
  connections: (config) => [config.connection],
});
