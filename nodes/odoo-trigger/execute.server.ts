// Odoo trigger step: the records were read from Odoo and the run accepted by the poll task
// (runtime/tasks/odoo-poll.ts), exactly once per record position; the step passes the accepted
// payload ({ model, event, record } or { model, records }) on to the next steps.
import type { ExecutorFor } from "../../runtime/engine/executor.ts";
import type { ZOdooTriggerConfig } from "./definition.ts";

export const executeOdooTrigger: ExecutorFor<typeof ZOdooTriggerConfig> = async (ctx) => ({ type: "next", port: "out", output: ctx.input });
