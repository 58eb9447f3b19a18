// defineNode(): declare a kind with its config and output types inferred from the zod schemas,
// so `outputs(config)` and `connections(config)` see the parsed config, not `unknown`.
// Browser-safe.
import type { z } from "zod";
import type { NodeDefinition } from "./types.ts";

export function defineNode<Config extends z.ZodType, Output extends z.ZodType>(
  definition: NodeDefinition<Config, Output>,
): NodeDefinition<Config, Output> {
  return definition;
}
