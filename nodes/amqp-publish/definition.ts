// AMQP publish: sends a message to an exchange on RabbitMQ (e.g. tell the MES that a production
// order was released in Odoo). The broker and its credentials come from an "amqp" connection.
import { z } from "zod";
import { defineNode } from "../define.ts";
import { connectionField, keyValueField, templateField } from "../fields.ts";
import { ZPublishMessage } from "../mqtt-publish/message.ts";

export const ZAmqpPublishConfig = z.object({
  connection: connectionField("amqp"),
  exchange: z
    .string()
    .trim()
    .max(255, "Exchange names are at most 255 characters")
    .regex(/^[A-Za-z0-9_.:-]*$/, "Exchange names use letters, digits, -, _, . and : only")
    .default("")
    .meta({ title: "Exchange", placeholder: "mes.events", description: "Empty: the default exchange, which routes to the queue named by the routing key." }),
  routingKey: templateField(
    { title: "Routing key", placeholder: "production.order.released", description: "Placeholders allowed, e.g. orders.{{ input.company }}.released." },
    { max: 255 },
  ).default("production.order.released"),
  message: ZPublishMessage.default({ type: "json", json: { order: "{{ input.name }}" } }),
  headers: keyValueField({ title: "Headers", advanced: true }),
  persistent: z.boolean().default(true).meta({ title: "Persistent", description: "The broker writes the message to disk (survives a broker restart on a durable queue)." }),
  confirm: z
    .boolean()
    .default(true)
    .meta({ title: "Wait for the broker's confirmation", description: "Publisher confirms: the step succeeds only once the broker has taken the message." }),
});

export const ZAmqpPublishOutput = z.object({
  exchange: z.string(),
  routingKey: z.string(),
  bytes: z.number(),
  persistent: z.boolean(),
  confirmed: z.boolean(),
  messageId: z.string(),
  publishedAt: z.string(),
});

export const amqpPublishNode = defineNode({
  kind: "amqp-publish",
  kindVersion: 1,
  label: "AMQP publish",
  category: "integration",
  icon: "send",
  description: "Publishes a message to a RabbitMQ exchange (MES, WMS, other plants' systems).",
  keywords: ["rabbitmq", "queue", "broker", "publish", "mes", "exchange", "send", "amqp"],
  trigger: false,
  config: ZAmqpPublishConfig,
  output: ZAmqpPublishOutput,
  defaults: (): z.input<typeof ZAmqpPublishConfig> => ({
    connection: "amqp",
    exchange: "",
    routingKey: "production.order.released",
    message: { type: "json", json: { order: "{{ input.name }}" } },
    headers: {},
    persistent: true,
    confirm: true,
  }),
  inputs: [{ id: "in", label: "Input" }],
  outputs: () => [{ id: "out", label: "Published" }],
  connections: (config) => [config.connection],
});
