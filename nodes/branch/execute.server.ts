// Branch step: evaluates the condition (if/else) or the expression (switch) in the sandbox and
// continues on the matching port with its input unchanged. Switch cases match with ===, so 1 and
// "1" differ, as the case editor says; no match continues on "default".
import type { ExecutorFor } from "../../runtime/engine/executor.ts";
import { DEFAULT_PORT, type ZBranchConfig } from "./definition.ts";

export const executeBranch: ExecutorFor<typeof ZBranchConfig> = async (ctx) => {
  const { config, input } = ctx;
  if (config.mode === "if") {
    const value = await ctx.sandbox.evaluate(config.condition);
    return { type: "next", port: value ? "true" : "false", output: input };
  }
  const value = await ctx.sandbox.evaluate(config.expression);
  const match = config.cases.find((item) => item.value === value);
  return { type: "next", port: match ? match.id : DEFAULT_PORT, output: input };
};
