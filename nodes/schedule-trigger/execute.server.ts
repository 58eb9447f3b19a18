// Schedule trigger step: the scheduler accepted a tick ({ scheduledAt, firedAt, payload }); the
// step passes it on to the next steps.
import type { ExecutorFor } from "../../runtime/engine/executor.ts";
import type { ZScheduleTriggerConfig } from "./definition.ts";

export const executeScheduleTrigger: ExecutorFor<typeof ZScheduleTriggerConfig> = async (ctx) => ({ type: "next", port: "out", output: ctx.input });
