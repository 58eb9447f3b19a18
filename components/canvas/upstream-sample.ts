// Sample data for the field pickers of a step: what the step before it produces. A pinned sample
// on that step wins; otherwise an example shaped like the step kind's output schema.
import { z } from "zod";
import type { TFlowDefinition } from "../../lib/flows/definition.ts";
import { nearestUpstream } from "./graph.ts";
import { definitionOf } from "./ports.ts";

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  default?: unknown;
  examples?: unknown[];
};

const EXAMPLE_TIME = "2025-01-01T08:00:00.000Z";

export function exampleFromSchema(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return undefined;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return exampleFromSchema(variants.find((v) => v.type !== "null") ?? variants[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const result: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(schema.properties ?? {})) {
        const example = exampleFromSchema(value, depth + 1);
        result[key] = example === undefined ? null : example;
      }
      return result;
    }
    case "array": {
      const item = exampleFromSchema(schema.items, depth + 1);
      return item === undefined ? [] : [item];
    }
    case "string":
      return schema.format === "date-time" ? EXAMPLE_TIME : "";
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return undefined;
  }
}

const schemaExamples = new Map<string, unknown>();

/** An example of what a kind outputs (undefined when its output is free-form). */
export function outputExample(kind: string): unknown {
  if (schemaExamples.has(kind)) return schemaExamples.get(kind);
  const definition = definitionOf({ kind });
  let example: unknown;
  try {
    example = definition ? exampleFromSchema(z.toJSONSchema(definition.output, { io: "output", unrepresentable: "any" }) as JsonSchema) : undefined;
  } catch {
    example = undefined;
  }
  schemaExamples.set(kind, example);
  return example;
}

export function upstreamSample(definition: TFlowDefinition, nodeId: string): unknown {
  const upstream = nearestUpstream(definition, nodeId);
  if (!upstream) return undefined;
  if (upstream.sample !== undefined) return upstream.sample;
  return outputExample(upstream.kind);
}
