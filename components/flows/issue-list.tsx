import clsx from "clsx";
import { CircleAlert, TriangleAlert } from "lucide-react";
import type { FieldIssue } from "../../lib/flows/action-result.ts";
import type { FlowIssue } from "../../lib/flows/definition.ts";

export type DisplayIssue = { severity: "error" | "warning"; location: string; message: string };

function pathText(path: readonly (string | number)[]): string {
  let out = "";
  for (const segment of path) out += typeof segment === "number" ? `[${segment}]` : out === "" ? segment : `.${segment}`;
  return out;
}

/**
 * Problems with their exact place in the file (`definition.nodes[3].config.script`), errors first.
 * Issues located by the flow-file parser carry `location`; others fall back to node/edge/path.
 */
export function displayIssues(issues: readonly (FlowIssue & { location?: string })[] = [], fields: readonly FieldIssue[] = []): DisplayIssue[] {
  const fromIssues = issues.map((issue) => ({
    severity: issue.severity,
    message: issue.message,
    location:
      issue.location ??
      (issue.nodeId !== undefined
        ? `node "${issue.nodeId}"${issue.path?.length ? ` config.${pathText(issue.path)}` : ""}`
        : issue.edgeId !== undefined
          ? `edge "${issue.edgeId}"`
          : issue.path?.length
            ? pathText(issue.path)
            : "flow"),
  }));
  // The parser reports shape errors both as fields and as issues; show each once.
  const seen = new Set(fromIssues.map((i) => `${i.location}\u0000${i.message}`));
  const fromFields = fields.filter((f) => !seen.has(`${f.path}\u0000${f.message}`)).map((f) => ({ severity: "error" as const, location: f.path, message: f.message }));
  return [...fromFields, ...fromIssues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
}

/** A list of problems with their exact place, e.g. `definition.nodes[3].config.script: Script is required`. */
export function IssueList({ issues, label, max = 50, tone }: { issues: DisplayIssue[]; label: string; max?: number; tone?: "warning" }) {
  if (issues.length === 0) return null;
  const shown = issues.slice(0, max);
  return (
    <div>
      <ul aria-label={label} className="max-h-56 divide-y divide-zinc-100 overflow-y-auto rounded-md border border-zinc-200 bg-white">
        {shown.map((issue, i) => {
          const error = issue.severity === "error" && tone !== "warning";
          const Icon = error ? CircleAlert : TriangleAlert;
          return (
            <li key={i} className="flex gap-2.5 px-3 py-2 text-[13px] leading-5">
              <Icon aria-hidden="true" className={clsx("mt-0.5 size-4 shrink-0", error ? "text-red-600" : "text-amber-600")} />
              <span className="min-w-0">
                <span className="sr-only">{issue.severity === "error" ? "Error" : "Warning"} at </span>
                <code className="mr-1.5 rounded bg-zinc-100 px-1 py-px font-mono text-xs break-all text-zinc-900">{issue.location}</code>
                <span className="sr-only">:</span> <span className="text-zinc-700">{issue.message}</span>
              </span>
            </li>
          );
        })}
      </ul>
      {issues.length > max && <p className="mt-1.5 text-xs text-zinc-500">and {issues.length - max} more</p>}
    </div>
  );
}
