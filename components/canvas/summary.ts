// One line that tells what a configured step does, shown on its card ("POST /hooks/work-orders",
// "res.partner · create"). Kinds without a specific rule show their first short text setting.
import type { TFlowNode } from "../../lib/flows/definition.ts";

const MAX = 60;

function text(value: unknown): string | null {
  if (typeof value === "string") {
    const line = value.split("\n").find((l) => l.trim() && !l.trim().startsWith("//"))?.trim();
    return line ? line : null;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function clip(value: string): string {
  return value.length > MAX ? `${value.slice(0, MAX - 1)}…` : value;
}

function get(config: Record<string, unknown>, ...path: string[]): unknown {
  let value: unknown = config;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function join(...parts: (string | null | undefined)[]): string | null {
  const kept = parts.filter((p): p is string => Boolean(p));
  return kept.length ? kept.join(" · ") : null;
}

const AUTH: Record<string, string> = { hmac: "HMAC signed", bearer: "Bearer token", none: "No auth" };

/** "PT5M" -> "5 min", "PT1H30M" -> "1 h 30 min", "P1D" -> "1 day"; other text as is. */
export function readableDuration(value: unknown): string | null {
  if (typeof value === "number") return `${value} s`;
  if (typeof value !== "string") return null;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(value.trim());
  if (!m) return /^\d+$/.test(value.trim()) ? `${value.trim()} s` : value;
  const parts = [m[1] && `${m[1]} day${m[1] === "1" ? "" : "s"}`, m[2] && `${m[2]} h`, m[3] && `${m[3]} min`, m[4] && `${m[4]} s`].filter(Boolean);
  return parts.length ? parts.join(" ") : value;
}

const RULES: Record<string, (c: Record<string, unknown>) => string | null> = {
  "webhook-trigger": (c) => join(text(c.method) ?? "POST", AUTH[String(c.auth)] ?? null),
  "schedule-trigger": (c) => join(text(c.cron), text(c.timezone)),
  "manual-trigger": (c) => text(c.instructions) ?? "Started by hand or by a test",
  "odoo-trigger": (c) => join(text(c.model), c.onCreate && c.onWrite ? "new + changed" : c.onWrite ? "changed records" : "new records"),
  "mqtt-trigger": (c) => join(text(c.topic), typeof c.qos === "number" ? `QoS ${c.qos}` : null),
  map: (c) => text(c.script),
  branch: (c) => {
    if (c.mode === "switch") {
      const cases = get(c, "cases");
      return join(text(c.expression), Array.isArray(cases) ? `${cases.length} case${cases.length === 1 ? "" : "s"}` : null);
    }
    return text(c.condition);
  },
  approve: (c) => text(c.title),
  "call-odoo": (c) => join(text(c.model), text(c.operation) ?? text(c.method)),
  "http-request": (c) => join(text(c.method) ?? "GET", text(c.url)?.replace(/^https?:\/\//, "") ?? null),
  "lookup-table": (c) => {
    const rows = get(c, "rows");
    return join(text(c.key), Array.isArray(rows) ? `${rows.length} row${rows.length === 1 ? "" : "s"}` : null);
  },
  delay: (c) => (c.mode === "until" ? join("Until", text(c.until)) : join("Wait", readableDuration(c.duration))),
  end: (c) => {
    const status = get(c, "response", "status");
    return join(c.outcome === "failure" ? "Fail the run" : "Finish", typeof status === "number" ? `respond ${status}` : null);
  },
};

export function configSummary(node: Pick<TFlowNode, "kind" | "config">): string | null {
  const config = node.config ?? {};
  const rule = RULES[node.kind];
  const specific = rule ? rule(config) : null;
  if (specific) return clip(specific);
  for (const value of Object.values(config)) {
    const t = text(value);
    if (t && t.length <= 120) return clip(t);
  }
  return null;
}
