"use client";

// Every problem the validator reports, errors first. Clicking one selects and centres its step and
// opens its settings at the offending field.
import { ChevronDown, ChevronUp, CircleAlert, CircleCheck, TriangleAlert } from "lucide-react";
import { useMemo } from "react";
import type { FlowIssue } from "../../lib/flows/definition.ts";
import { useEditor, useEditorStoreApi } from "./editor-store.ts";
import { definitionOf } from "./ports.ts";
import type { EditorCommands } from "./use-commands.ts";

export function sortIssues(issues: readonly FlowIssue[]): FlowIssue[] {
  return [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
}

export function issueCounts(issues: readonly FlowIssue[]) {
  let errors = 0;
  for (const issue of issues) if (issue.severity === "error") errors++;
  return { errors, warnings: issues.length - errors };
}

export function useIssueActivation(commands: EditorCommands) {
  const store = useEditorStoreApi();
  return (issue: FlowIssue) => {
    const state = store.getState();
    if (issue.nodeId && state.definition.nodes.some((n) => n.id === issue.nodeId)) commands.focusNode(issue.nodeId, issue.path);
    else if (issue.edgeId) state.select([], [issue.edgeId]);
    else if (!state.definition.nodes.some((n) => definitionOf(n)?.trigger)) state.openPalette("triggers");
  };
}

export function ProblemsPanel({ commands }: { commands: EditorCommands }) {
  const store = useEditorStoreApi();
  const issues = useEditor((s) => s.issues);
  const open = useEditor((s) => s.problemsOpen);
  const readOnly = useEditor((s) => s.readOnly);
  const { errors, warnings } = issueCounts(issues);

  return (
    <section aria-label="Problems" data-testid="problems-panel" data-open={open} className="shrink-0 border-t border-zinc-200 bg-white">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => store.getState().setProblemsOpen(!open)}
        className="flex h-9 w-full items-center gap-3 px-4 text-left text-[13px] hover:bg-zinc-50"
      >
        <span className="font-semibold text-zinc-900">Problems</span>
        {errors === 0 && warnings === 0 ? (
          <span className="inline-flex items-center gap-1 text-xs text-emerald-700"><CircleCheck aria-hidden="true" className="size-3.5" /> {readOnly ? "No problems" : "Ready to publish"}</span>
        ) : (
          <span className="flex items-center gap-2.5 text-xs">
            {errors > 0 && <span className="inline-flex items-center gap-1 font-medium text-red-700"><CircleAlert aria-hidden="true" className="size-3.5" />{errors} error{errors === 1 ? "" : "s"}</span>}
            {warnings > 0 && <span className="inline-flex items-center gap-1 font-medium text-amber-700"><TriangleAlert aria-hidden="true" className="size-3.5" />{warnings} warning{warnings === 1 ? "" : "s"}</span>}
          </span>
        )}
        <span className="ml-auto text-zinc-400">{open ? <ChevronDown aria-hidden="true" className="size-4" /> : <ChevronUp aria-hidden="true" className="size-4" />}</span>
        <span className="sr-only">{open ? "Hide problems" : "Show problems"}</span>
      </button>
      {open && <ProblemsList issues={issues} commands={commands} />}
    </section>
  );
}

function ProblemsList({ issues, commands }: { issues: FlowIssue[]; commands: EditorCommands }) {
  // Only while open: the names follow the nodes, which change on every drag frame.
  const nodes = useEditor((s) => s.definition.nodes);
  const sorted = useMemo(() => sortIssues(issues), [issues]);
  const activate = useIssueActivation(commands);
  const nameOf = (id: string | undefined) => {
    if (!id) return null;
    const n = nodes.find((x) => x.id === id);
    return n ? n.label || definitionOf(n)?.label || n.kind : null;
  };
  return (
    <ul className="max-h-52 overflow-y-auto border-t border-zinc-100 py-1" aria-label="Problems list">
      {sorted.length === 0 && <li className="px-4 py-3 text-sm text-zinc-500">No problems. Errors block publishing; warnings do not.</li>}
      {sorted.map((issue, i) => {
        const where = nameOf(issue.nodeId);
        return (
          <li key={i}>
            <button
              type="button"
              data-testid="problem"
              data-node-id={issue.nodeId}
              data-code={issue.code}
              onClick={() => activate(issue)}
              className="flex w-full items-start gap-2.5 px-4 py-1.5 text-left text-[13px] leading-5 hover:bg-zinc-50 focus-visible:bg-accent-50"
            >
              {issue.severity === "error" ? (
                <CircleAlert aria-label="Error" className="mt-0.5 size-4 shrink-0 text-red-600" />
              ) : (
                <TriangleAlert aria-label="Warning" className="mt-0.5 size-4 shrink-0 text-amber-600" />
              )}
              <span className="min-w-0 flex-1 text-zinc-800">{issue.message}</span>
              {where && <span className="max-w-48 shrink-0 truncate rounded bg-zinc-100 px-1.5 text-xs font-medium text-zinc-600">{where}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
