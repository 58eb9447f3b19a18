// MQTT trigger step: the message was decoded and committed as this run by the subscriber service
// (runtime/subscribers) before the broker got its acknowledgement; the step passes it ({ topic,
// payload, qos, retain, receivedAt }) on to the next steps.
import type { ExecutorFor } from "../../runtime/engine/executor.ts";
import type { ZMqttTriggerConfig } from "./definition.ts";

export const executeMqttTrigger: ExecutorFor<typeof ZMqttTriggerConfig> = async (ctx) => ({ type: "next", port: "out", output: ctx.input });
