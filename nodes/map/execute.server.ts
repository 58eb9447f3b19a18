// Map step: runs the analyst's script in the sandbox with the step input as `input`; what it
// returns is the next step's input. A script error (with its line) fails the step as a business
// error, so the run is dead-lettered and can be replayed once the script or the data is fixed.
import type { ExecutorFor } from "../../runtime/engine/executor.ts";
import type { ZMapConfig } from "./definition.ts";

export const executeMap: ExecutorFor<typeof ZMapConfig> = async (ctx) => {
  // The sandbox copies the result out as JSON (a script without `return` gives null).
  const output = await ctx.sandbox.runScript(ctx.config.script, { timeoutMs: ctx.config.timeoutMs });
  return { type: "next", port: "out", output };
};
