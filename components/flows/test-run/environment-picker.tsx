"use client";

// Which environment's connections a test may use: None (the default: nothing outside is called
// through a connection; such steps fail with a clear message) or an environment by name, whose
// systems the test then really talks to. The choice is shared by single runs and "Run all".
import clsx from "clsx";
import { ShieldAlert } from "lucide-react";
import { useId } from "react";
import type { TestPanelContext } from "./test-run-types.ts";
import { useTestRun, type TestRunStore } from "./test-run-store.ts";

export function EnvironmentPicker({ store, environments, className }: { store: TestRunStore; environments: TestPanelContext["environments"] | undefined; className?: string }) {
  const id = useId();
  const environmentId = useTestRun((s) => s.environmentId);
  const picked = environments?.find((e) => e.id === environmentId) ?? null;
  const hint = environmentHint(picked);
  return (
    <div className={clsx("flex min-w-0 flex-1 items-center gap-1.5", className)} title={hint}>
      <label htmlFor={id} className="sr-only">Environment for the test</label>
      {picked?.protected && <ShieldAlert aria-label="Protected environment" className="size-4 shrink-0 text-red-600" />}
      <select
        id={id}
        data-testid="test-environment"
        value={environmentId ?? ""}
        aria-describedby={`${id}-hint`}
        onChange={(event) => store.getState().setEnvironment(event.target.value || null)}
        className={clsx(
          "h-8 min-w-0 flex-1 truncate rounded-md border-0 bg-white pr-7 pl-2 text-xs ring-1 ring-inset focus:ring-2 focus:ring-accent-500",
          picked?.protected ? "text-red-800 ring-red-300" : picked ? "text-amber-900 ring-amber-300" : "text-zinc-800 ring-zinc-300",
        )}
      >
        <option value="">No environment</option>
        {(environments ?? []).map((env) => (
          <option key={env.id} value={env.id}>
            {env.name}{env.protected ? " (protected)" : ""}: its connections
          </option>
        ))}
      </select>
      <span id={`${id}-hint`} className="sr-only">{hint}</span>
    </div>
  );
}

function environmentHint(picked: TestPanelContext["environments"][number] | null): string {
  if (!picked) return "No connections: steps that need one (Odoo…) fail with a message.";
  if (picked.protected) return `Protected: the test really calls ${picked.name}'s systems.`;
  return `Uses ${picked.name}'s connections: its systems see this test's calls.`;
}

/** The picker's hint as a line of text, for under the picker. */
export function EnvironmentHint({ environments, className }: { environments: TestPanelContext["environments"] | undefined; className?: string }) {
  const environmentId = useTestRun((s) => s.environmentId);
  const picked = environments?.find((e) => e.id === environmentId) ?? null;
  return (
    <p data-testid="test-environment-hint" title={environmentHint(picked)} className={clsx("text-[11px] leading-4", picked?.protected ? "font-medium text-red-700" : picked ? "text-amber-800" : "text-zinc-500", className)}>
      {environmentHint(picked)}
    </p>
  );
}
