// JSON edited as text: the text stays as typed while it does not parse, and is replaced only when
// the value changes from outside (undo, a reload) to something the text does not already say.
import { deepEqual } from "../../lib/flows/json-schema-form.ts";

export function toJsonText(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value, null, 2);
}

/** True when `text` parses to `value` (an empty text means no value). */
export function sameJson(text: string, value: unknown): boolean {
  if (text.trim() === "") return value === undefined;
  try {
    return deepEqual(JSON.parse(text), value);
  } catch {
    return false;
  }
}
