// Reading a value at a dotted path such as "workOrder.number" or "items[0].sku" (the path fields
// of trigger configs: idempotency key, business key). Browser-safe.
import { PATH_PATTERN } from "../../nodes/fields.ts";

/** The value at `path` in `value`, or undefined when any step is missing (own properties only). */
export function valueAtPath(value: unknown, path: string): unknown {
  const segments = pathSegments(path);
  if (!segments) return undefined;
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** The steps of a path ("items[0].sku" -> ["items", "0", "sku"]), or null when it is not a path. */
export function pathSegments(path: string): string[] | null {
  if (!PATH_PATTERN.test(path)) return null;
  return path.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== "");
}

/**
 * A copy of `value` with `newValue` at `path` (an approver's correction). The path must already
 * exist: corrections change values, they do not invent structure. Returns null when it does not.
 */
export function withValueAtPath(value: unknown, path: string, newValue: unknown): unknown {
  const segments = pathSegments(path);
  if (!segments || valueAtPath(value, path) === undefined) return null;
  const copy = structuredClone(value) as Record<string, unknown>;
  let current = copy;
  for (const segment of segments.slice(0, -1)) current = current[segment] as Record<string, unknown>;
  current[segments.at(-1) as string] = newValue;
  return copy;
}

/** A key for idempotency or search: strings as they are, numbers and booleans as text; null otherwise. */
export function keyText(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return null;
}
