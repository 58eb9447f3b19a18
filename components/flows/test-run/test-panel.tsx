"use client";

// The designer's test panel, docked under the canvas: run the draft as it is in the editor with a
// payload (the trigger's pinned sample, the last one used, or a saved case's), optionally against
// an environment's connections, and watch each step on the canvas and here; keep runs as test
// cases and run them all. Opened with the toolbar's Test button or T; Ctrl+Enter runs.
import clsx from "clsx";
import { FlaskConical, ListChecks, Play, X } from "lucide-react";
import { useEffect, type ReactNode } from "react";
import { useEditor } from "../../canvas/editor-store.ts";
import type { EditorCommands } from "../../canvas/use-commands.ts";
import { useTestRunStoreApi, useTestRun, type TestPanelTab, type TestRunStore } from "./test-run-store.ts";
import { RunTab } from "./run-tab.tsx";
import { TestCasesTab } from "./test-cases-tab.tsx";
import { RunStatusLine } from "./run-steps.tsx";
import { useBatchResults, useShownRun, useTestContext } from "./use-test-queries.ts";
import { useTestShortcut } from "./use-test-shortcut.ts";

export function TestPanel({ commands }: { commands: EditorCommands }) {
  const store = useTestRunStoreApi();
  if (!store) return null;
  return <TestPanelIn store={store} commands={commands} />;
}

function TestPanelIn({ store, commands }: { store: TestRunStore; commands: EditorCommands }) {
  const open = useTestRun((s) => s.open);
  const tab = useTestRun((s) => s.tab);
  // Polls keep going while the panel is closed, so reopening shows where the run got to.
  useShownRun(store);
  const batch = useBatchResults(store);
  const context = useTestContext(store, open);
  useTestShortcut(store);
  // The canvas just lost the panel's height: bring a small flow back into view, whole.
  const nodeCount = useEditor((s) => s.definition.nodes.length);
  useEffect(() => {
    if (!open) return;
    document.querySelector<HTMLElement>("[data-testid='test-panel'] [role='tab'][aria-selected='true']")?.focus({ preventScroll: true });
    if (store.getState().open && nodeCount > 0 && nodeCount <= REFIT_UP_TO) requestAnimationFrame(() => commands.fitView());
    // Only when the panel opens, not on every added step.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  if (!open) return null;
  const caseCount = context.data?.testCases.length;

  return (
    <section aria-label="Test run" data-testid="test-panel" className="flex shrink-0 flex-col border-t border-zinc-300 bg-white shadow-[0_-2px_6px_rgb(0_0_0/0.04)]" style={{ height: PANEL_HEIGHT }}>
      <header className="flex h-10 shrink-0 items-center gap-3 border-b border-zinc-200 pr-2 pl-4">
        <span className="flex items-center gap-1.5 text-[13px] font-semibold text-zinc-900">
          <FlaskConical aria-hidden="true" className="size-4 text-accent-600" /> Test
        </span>
        <div role="tablist" aria-label="Test panel" className="flex h-full items-end gap-1">
          <TabButton id="run" current={tab} onSelect={(t) => store.getState().setTab(t)} icon={<Play aria-hidden="true" className="size-3.5" />}>Run</TabButton>
          <TabButton id="cases" current={tab} onSelect={(t) => store.getState().setTab(t)} icon={<ListChecks aria-hidden="true" className="size-3.5" />}>
            Test cases{caseCount !== undefined && <span className="ml-1 rounded-full bg-zinc-100 px-1.5 text-[11px] text-zinc-600 tabular-nums">{caseCount}</span>}
          </TabButton>
        </div>
        <div className="ml-auto flex min-w-0 items-center gap-2">
          <RunStatusLine />
          <button
            type="button"
            aria-label="Close the test panel"
            title="Close (T)"
            onClick={() => store.getState().setOpen(false)}
            className="rounded-md p-1.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700"
          >
            <X aria-hidden="true" className="size-4" />
          </button>
        </div>
      </header>
      <div className="min-h-0 flex-1" role="tabpanel">
        {tab === "run" ? <RunTab store={store} commands={commands} context={context} /> : <TestCasesTab store={store} context={context} batch={batch} />}
      </div>
    </section>
  );
}

/** Flows up to this many steps are fitted into the smaller canvas when the panel opens. */
const REFIT_UP_TO = 40;

/** Tall enough for a payload and a step's output, short enough to keep the canvas in view. */
const PANEL_HEIGHT = "min(21rem, 48vh)";

function TabButton({ id, current, onSelect, icon, children }: { id: TestPanelTab; current: TestPanelTab; onSelect: (tab: TestPanelTab) => void; icon: ReactNode; children: ReactNode }) {
  const selected = id === current;
  return (
    <button
      type="button"
      role="tab"
      aria-selected={selected}
      data-testid={`test-tab-${id}`}
      onClick={() => onSelect(id)}
      className={clsx(
        "-mb-px flex h-[calc(100%-6px)] items-center gap-1.5 border-b-2 px-2.5 text-[13px] font-medium",
        selected ? "border-accent-600 text-zinc-900" : "border-transparent text-zinc-500 hover:text-zinc-800",
      )}
    >
      {icon}
      {children}
    </button>
  );
}
