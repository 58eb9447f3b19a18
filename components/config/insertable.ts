// How a picked sample path is written into each kind of field.
import { templateExpression } from "../../lib/flows/sample-paths.ts";
import type { InsertTarget } from "./form-context.tsx";

/** `input.workOrder.id` -> `workOrder.id` (path fields are relative to the step input). */
export function relativePath(path: string, root = "input"): string {
  if (path === root) return "";
  if (path.startsWith(`${root}.`)) return path.slice(root.length + 1);
  if (path.startsWith(`${root}[`)) return path.slice(root.length);
  return path;
}

export function textFor(mode: InsertTarget["mode"], path: string): string {
  if (mode === "template") return templateExpression(path);
  if (mode === "path") return relativePath(path);
  return path;
}
