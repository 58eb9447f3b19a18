import type { NodeCategory } from "../../nodes/types.ts";

/** The icon tile of each category: soft tints, so the canvas reads calm and the icon stands out. */
export const CATEGORY_TILE: Record<NodeCategory, string> = {
  triggers: "bg-amber-50 text-amber-700 ring-amber-200",
  logic: "bg-violet-50 text-violet-700 ring-violet-200",
  data: "bg-sky-50 text-sky-700 ring-sky-200",
  odoo: "bg-fuchsia-50 text-fuchsia-800 ring-fuchsia-200",
  people: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  integration: "bg-blue-50 text-blue-700 ring-blue-200",
  flow: "bg-zinc-100 text-zinc-700 ring-zinc-200",
};

export const UNKNOWN_TILE = "bg-zinc-100 text-zinc-500 ring-zinc-200";

export function tileClasses(category: string | undefined): string {
  return (category && CATEGORY_TILE[category as NodeCategory]) || UNKNOWN_TILE;
}
