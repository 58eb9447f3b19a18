// AMQP trigger: consumes a queue on a RabbitMQ (AMQP 0-9-1) broker; each message starts a run.
// Messages are acknowledged only after their run is committed; a message that cannot be decoded
// or fails the payload schema is rejected to the queue's dead-letter exchange and listed as rejected.
import { z } from "zod";
import { ZConditioning } from "../conditioning.ts";
import { defineNode } from "../define.ts";
import { connectionField, jsonSchemaField, pathField } from "../fields.ts";

export const ZAmqpTriggerConfig = z.object({
  connection: connectionField("amqp"),
  queue: z
    .string({ error: "Queue is required" })
    .trim()
    .min(1, "Queue is required")
    .max(255, "Queue names are at most 255 characters")
    .meta({
      title: "Queue",
      placeholder: "mes.production-events",
      description: "The queue must exist on the broker; give it a dead-letter exchange (x-dead-letter-exchange) to keep rejected messages.",
    }),
  payloadFormat: z.enum(["json", "text"]).default("json").meta({ title: "Payload format", enumLabels: { json: "JSON", text: "Text" } }),
  dedupKeyPath: pathField({
    title: "Message key",
    placeholder: "messageId",
    description: "Payload path of a unique message id; without it the message's message-id property, else its content, identifies it.",
  }).optional(),
  payloadSchema: jsonSchemaField({
    title: "Payload schema",
    description: "Optional JSON Schema; a message that does not match is rejected to the dead-letter exchange with the reasons.",
  }).optional(),
  conditioning: ZConditioning.optional(),
});

export const ZAmqpTriggerOutput = z.object({
  queue: z.string(),
  routingKey: z.string(),
  exchange: z.string(),
  payload: z.unknown(),
  headers: z.record(z.string(), z.unknown()),
  receivedAt: z.string(),
});

export const amqpTrigger = defineNode({
  kind: "amqp-trigger",
  kindVersion: 1,
  label: "AMQP message",
  category: "triggers",
  icon: "server",
  description: "Starts a run for each message on a RabbitMQ queue (MES, gateways, other systems).",
  keywords: ["rabbitmq", "queue", "broker", "consume", "mes", "message"],
  trigger: true,
  config: ZAmqpTriggerConfig,
  output: ZAmqpTriggerOutput,
  defaults: (): z.input<typeof ZAmqpTriggerConfig> => ({ connection: "amqp", queue: "machine-events", payloadFormat: "json" }),
  inputs: [],
  outputs: () => [{ id: "out", label: "Message", required: true }],
  connections: (config) => [config.connection],
});
