// Manual trigger step: the start dialog's input was checked against the node's input schema before
// the run was accepted; the step passes { input, startedBy } on to the next steps.
import type { ExecutorFor } from "../../runtime/engine/executor.ts";
import type { ZManualTriggerConfig } from "./definition.ts";

export const executeManualTrigger: ExecutorFor<typeof ZManualTriggerConfig> = async (ctx) => ({ type: "next", port: "out", output: ctx.input });
