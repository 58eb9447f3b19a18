// Webhook trigger step: the request was authenticated, size-checked, parsed and de-duplicated when
// it was accepted (lib/triggers); the step passes the accepted request ({ body, headers, query,
// receivedAt }) on to the next steps.
import type { ExecutorFor } from "../../runtime/engine/executor.ts";
import type { ZWebhookTriggerConfig } from "./definition.ts";

export const executeWebhookTrigger: ExecutorFor<typeof ZWebhookTriggerConfig> = async (ctx) => ({ type: "next", port: "out", output: ctx.input });
