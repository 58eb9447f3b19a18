// AMQP trigger step: the message was decoded, checked and committed as this run by the subscriber
// service (runtime/subscribers); the step passes it ({ queue, routingKey, exchange, payload,
// headers, receivedAt }) on to the next steps.
import type { ExecutorFor } from "../../runtime/engine/executor.ts";
import type { ZAmqpTriggerConfig } from "./definition.ts";

export const executeAmqpTrigger: ExecutorFor<typeof ZAmqpTriggerConfig> = async (ctx) => ({ type: "next", port: "out", output: ctx.input });
