// Lookup table step: renders the key, finds it in the table (optionally ignoring case) and passes
// the input object on with the found value under `resultField`. A missing code fails the step, uses
// the default value, or continues on the "missing" port with the input unchanged, as configured.
import { BusinessError } from "../../runtime/engine/errors.ts";
import type { ExecutorFor } from "../../runtime/engine/executor.ts";
import type { ZLookupTableConfig } from "./definition.ts";

type Rows = { from: string; to: string }[];

// Tables are immutable per flow version and the engine caches parsed configs, so each table is
// indexed once, not on every step.
const indexes = new WeakMap<Rows, { exact: Map<string, string>; folded: Map<string, string> }>();

function find(rows: Rows, key: string, caseInsensitive: boolean): string | undefined {
  let index = indexes.get(rows);
  if (!index) {
    index = { exact: new Map(rows.map((row) => [row.from, row.to])), folded: new Map(rows.map((row) => [row.from.toLowerCase(), row.to])) };
    indexes.set(rows, index);
  }
  return caseInsensitive ? index.folded.get(key.toLowerCase()) : index.exact.get(key);
}

export const executeLookupTable: ExecutorFor<typeof ZLookupTableConfig> = async (ctx) => {
  const { config, input } = ctx;
  const key = await ctx.sandbox.renderTemplate(config.key);
  let found = find(config.rows, key, config.caseInsensitive);
  if (found === undefined) {
    if (config.onMissing === "route") return { type: "next", port: "missing", output: input };
    if (config.onMissing === "fail" || config.defaultValue === undefined)
      throw new BusinessError(`Code "${key}" is not in the lookup table`, { code: "lookup-missing", details: { key } });
    found = config.defaultValue;
  }
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw new BusinessError(
      `The lookup table adds "${config.resultField}" to its input, so the input must be an object; it received ${describe(input)}. Reshape it with a Map step first.`,
      { code: "lookup-input-not-object" },
    );
  const value = config.valueType === "number" ? Number(found) : found;
  return { type: "next", port: "out", output: { ...input, [config.resultField]: value } };
};

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "string" ? "text" : `a ${typeof value}`;
}
