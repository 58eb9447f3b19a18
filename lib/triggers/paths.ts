// Reading a value at a dotted path such as "workOrder.number" or "items[0].sku" (the path fields
// of trigger configs: idempotency key, business key). Browser-safe.
import { PATH_PATTERN } from "../../nodes/fields.ts";

/** The value at `path` in `value`, or undefined when any step is missing (own properties only). */
export function valueAtPath(value: unknown, path: string): unknown {
  if (!PATH_PATTERN.test(path)) return undefined;
  let current = value;
  for (const segment of path.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== "")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A key for idempotency or search: strings as they are, numbers and booleans as text; null otherwise. */
export function keyText(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return null;
}
