import { CircleAlert, CircleCheck, CircleX, MinusCircle } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import type { GateResults } from "../../lib/promotion/gates.ts";

/** The gates a promotion went through, each passed, failed or skipped, with the details that matter. */
export function GateResultsList({ gates, protectedTarget }: { gates: GateResults; protectedTarget?: boolean }) {
  const { connections, tests } = gates;
  return (
    <ul aria-label="Gates" className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white">
      <Gate state={connections.passed ? "passed" : "failed"} title="Connections exist in the target">
        {connections.passed ? (
          "Every connection this version names is set up there."
        ) : (
          <>
            Missing: {connections.missing.map((name) => <code key={name} className="mr-1 rounded bg-red-50 px-1 font-mono text-xs text-red-800">{name}</code>)}
            <span className="block">Add {connections.missing.length === 1 ? "it" : "them"} under Connections below, then promote again.</span>
          </>
        )}
      </Gate>
      <Gate state={tests.skipped ? "skipped" : tests.warning ? "warning" : tests.passed ? "passed" : "failed"} title="Saved test cases pass">
        {tests.skipped ? (
          "Not run: the connections gate blocked the promotion first."
        ) : tests.warning ? (
          tests.warning
        ) : (
          <>
            <span className="block">
              {tests.results.filter((r) => r.passed).length} of {tests.results.length} passed in a dry run
              {tests.environmentName ? ` with ${tests.environmentName}'s connections` : ""}.
            </span>
            <ul className="mt-1 space-y-0.5">
              {tests.results.map((result) => (
                <li key={result.runId} className="flex items-baseline gap-1.5">
                  {result.passed ? <CircleCheck aria-label="passed" className="size-3.5 shrink-0 translate-y-0.5 text-emerald-600" /> : <CircleX aria-label="failed" className="size-3.5 shrink-0 translate-y-0.5 text-red-600" />}
                  <Link href={`/runs/${result.runId}`} className="font-medium text-zinc-800 hover:underline">
                    {result.name}
                  </Link>
                  {!result.passed && <span className="text-zinc-500">{result.summary}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </Gate>
      {protectedTarget !== undefined && (
        <Gate state={protectedTarget ? "warning" : "passed"} title="Second administrator">
          {protectedTarget ? "The target is protected: an administrator who neither requested this nor wrote the version approves it." : "Not needed: the target is not protected."}
        </Gate>
      )}
    </ul>
  );
}

const ICONS = {
  passed: <CircleCheck aria-hidden="true" className="size-4 text-emerald-600" />,
  failed: <CircleX aria-hidden="true" className="size-4 text-red-600" />,
  warning: <CircleAlert aria-hidden="true" className="size-4 text-amber-600" />,
  skipped: <MinusCircle aria-hidden="true" className="size-4 text-zinc-400" />,
};
const LABELS = { passed: "Passed", failed: "Blocked", warning: "Note", skipped: "Skipped" };

function Gate({ state, title, children }: { state: keyof typeof ICONS; title: string; children: ReactNode }) {
  return (
    <li className="flex gap-3 px-4 py-3">
      <span className="mt-0.5">{ICONS[state]}</span>
      <div className="min-w-0 text-sm">
        <p className="font-medium text-zinc-900">
          {title} <span className="sr-only">({LABELS[state]})</span>
        </p>
        <div className="mt-0.5 text-zinc-600">{children}</div>
      </div>
    </li>
  );
}
