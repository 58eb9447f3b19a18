"use client";

// The editor's top bar: where you are (Flows / name), whether your work is saved, the canvas
// tools, and the ways out (Export, Versions, Publish).
import clsx from "clsx";
import {
  ChevronRight, CircleAlert, CircleCheck, CircleHelp, CloudOff, Download, FlaskConical, History, LayoutDashboard, Loader, Maximize, Redo2, Rocket, StickyNote, TriangleAlert, Undo2,
} from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClasses } from "../ui/button.tsx";
import { formatDateTime } from "../ui/format.ts";
import { LogoMark } from "../ui/logo.tsx";
import { useTestRun, useTestRunStoreApi } from "../flows/test-run/test-run-store.ts";
import { useReopenConflict } from "./conflict-dialog.tsx";
import { saveStatusOf, useEditor, useEditorStoreApi } from "./editor-store.ts";
import type { EditorFlow } from "./editor-types.ts";
import { issueCounts } from "./problems-panel.tsx";
import type { EditorCommands } from "./use-commands.ts";

function ToolButton({ label, shortcut, onClick, disabled, children, pressed, testId }: { label: string; shortcut?: string; onClick: () => void; disabled?: boolean; children: ReactNode; pressed?: boolean; testId?: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      aria-keyshortcuts={shortcut}
      aria-pressed={pressed}
      data-testid={testId}
      disabled={disabled}
      onClick={onClick}
      className="group/tool relative flex size-8 items-center justify-center rounded-md text-zinc-600 transition-colors hover:bg-zinc-100 hover:text-zinc-900 disabled:pointer-events-none disabled:opacity-35 aria-pressed:bg-zinc-100 aria-pressed:text-zinc-900"
    >
      {children}
      <span
        role="presentation"
        className="pointer-events-none invisible absolute top-full left-1/2 z-40 mt-1.5 -translate-x-1/2 rounded-md bg-zinc-900 px-2 py-1 text-xs font-medium whitespace-nowrap text-white opacity-0 shadow-md transition-opacity delay-300 group-hover/tool:visible group-hover/tool:opacity-100"
      >
        {label}
        {shortcut && <span className="ml-1.5 text-zinc-400">{shortcut}</span>}
      </span>
    </button>
  );
}

function SaveStatus() {
  const status = useEditor((s) => saveStatusOf(s));
  const lastSavedAt = useEditor((s) => s.lastSavedAt);
  const saveError = useEditor((s) => s.saveError);
  const readOnly = useEditor((s) => s.readOnly);
  const reopen = useReopenConflict();
  if (readOnly) return null;
  const title = status === "error" ? saveError ?? undefined : lastSavedAt ? `Last saved ${formatDateTime(new Date(lastSavedAt))}` : undefined;
  const content = {
    saved: <><CircleCheck aria-hidden="true" className="size-3.5 text-emerald-600" /> Saved</>,
    dirty: <><span aria-hidden="true" className="size-1.5 rounded-full bg-amber-500" /> Unsaved changes</>,
    saving: <><Loader aria-hidden="true" className="size-3.5 animate-spin text-zinc-400" /> Saving…</>,
    conflict: <><CircleAlert aria-hidden="true" className="size-3.5 text-red-600" /> Conflict</>,
    error: <><CloudOff aria-hidden="true" className="size-3.5 text-red-600" /> Not saved</>,
  }[status];
  const classes = clsx("inline-flex h-6 items-center gap-1.5 rounded-md px-1.5 text-xs font-medium", status === "conflict" || status === "error" ? "text-red-700" : "text-zinc-500");
  if (status === "conflict") {
    return (
      <button type="button" data-testid="save-status" data-status={status} onClick={reopen} className={clsx(classes, "hover:bg-red-50")} title="Someone else saved this flow: choose what to keep">
        {content}
      </button>
    );
  }
  return (
    <span role="status" data-testid="save-status" data-status={status} title={title} className={classes}>
      {content}
    </span>
  );
}

export function Toolbar({ flow, commands, latestVersion, publishedAtChange }: { flow: EditorFlow; commands: EditorCommands; latestVersion: number | null; publishedAtChange: number | null }) {
  const store = useEditorStoreApi();
  // The draft still equals the latest version until the first change after loading or publishing.
  const matchesLatest = useEditor((s) => publishedAtChange !== null && s.changeVersion === publishedAtChange);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const readOnly = useEditor((s) => s.readOnly);
  const issues = useEditor((s) => s.issues);
  const problemsOpen = useEditor((s) => s.problemsOpen);
  const hasNodes = useEditor((s) => s.definition.nodes.length > 0);
  const { errors, warnings } = issueCounts(issues);

  return (
    <header className="flex h-14 shrink-0 items-center gap-3 border-b border-zinc-200 bg-white pr-3 pl-3">
      <Link href="/flows" aria-label="Millwright: all flows" className="rounded-md p-1 hover:bg-zinc-100">
        <LogoMark className="size-7" />
      </Link>
      <nav aria-label="Breadcrumbs" className="flex min-w-0 items-center gap-1 text-sm">
        <Link href="/flows" className="rounded px-1 font-medium text-zinc-500 hover:text-zinc-900">Flows</Link>
        <ChevronRight aria-hidden="true" className="size-3.5 shrink-0 text-zinc-300" />
        <h1 className="truncate px-1 font-semibold text-zinc-900" title={flow.name}>{flow.name}</h1>
      </nav>
      <span className="hidden shrink-0 text-xs text-zinc-400 lg:inline" data-testid="version-status">
        {latestVersion === null ? "Never published" : matchesLatest ? `Same as v${latestVersion}` : `Draft · v${latestVersion} published`}
      </span>
      <SaveStatus />

      <div className="ml-auto flex items-center gap-0.5">
        {!readOnly && (
          <>
            <ToolButton label="Undo" shortcut="Ctrl+Z" onClick={commands.undo} disabled={!canUndo} testId="undo"><Undo2 aria-hidden="true" className="size-4" /></ToolButton>
            <ToolButton label="Redo" shortcut="Ctrl+Shift+Z" onClick={commands.redo} disabled={!canRedo} testId="redo"><Redo2 aria-hidden="true" className="size-4" /></ToolButton>
            <span aria-hidden="true" className="mx-1.5 h-5 w-px bg-zinc-200" />
            <ToolButton label="Add note" shortcut="N" onClick={() => commands.addNote()}><StickyNote aria-hidden="true" className="size-4" /></ToolButton>
            <ToolButton label="Tidy up" shortcut="Shift+L" onClick={commands.tidyUp} disabled={!hasNodes}><LayoutDashboard aria-hidden="true" className="size-4" /></ToolButton>
          </>
        )}
        <ToolButton label="Zoom to fit" shortcut="1" onClick={commands.fitView}><Maximize aria-hidden="true" className="size-4" /></ToolButton>
        <span aria-hidden="true" className="mx-1.5 h-5 w-px bg-zinc-200" />
        <button
          type="button"
          data-testid="problems-button"
          aria-expanded={problemsOpen}
          onClick={() => store.getState().setProblemsOpen(!problemsOpen)}
          aria-label={errors + warnings === 0 ? "Problems: none" : `Problems: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`}
          className={clsx(
            "inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-xs font-medium transition-colors",
            errors > 0 ? "text-red-700 hover:bg-red-50" : warnings > 0 ? "text-amber-800 hover:bg-amber-50" : "text-emerald-700 hover:bg-emerald-50",
          )}
        >
          {errors > 0 ? <CircleAlert aria-hidden="true" className="size-4" /> : warnings > 0 ? <TriangleAlert aria-hidden="true" className="size-4" /> : <CircleCheck aria-hidden="true" className="size-4" />}
          <span className="tabular-nums">{errors + warnings === 0 ? "No problems" : errors > 0 ? `${errors}` : `${warnings}`}</span>
          {warnings > 0 && errors > 0 && (
            <span className="inline-flex items-center gap-1 text-amber-800"><TriangleAlert aria-hidden="true" className="size-4" />{warnings}</span>
          )}
        </button>
        <ToolButton label="Keyboard shortcuts" shortcut="?" onClick={() => store.getState().setHelpOpen(true)} testId="help-button"><CircleHelp aria-hidden="true" className="size-4" /></ToolButton>
        <span aria-hidden="true" className="mx-1.5 h-5 w-px bg-zinc-200" />
        <a href={`/api/flows/${flow.id}/export`} download className={buttonClasses("ghost", "sm", "h-8")} title="Download the draft as a JSON file">
          <Download aria-hidden="true" /> Export
        </a>
        <Link href={`/flows/${flow.id}/versions`} className={buttonClasses("ghost", "sm", "h-8")}>
          <History aria-hidden="true" /> Versions
        </Link>
        <TestButton />
        {!readOnly && (
          <button type="button" data-testid="publish-button" onClick={() => store.getState().setPublishOpen(true)} className={buttonClasses("primary", "sm", "ml-1.5 h-8 px-3")}>
            <Rocket aria-hidden="true" /> Publish
          </button>
        )}
      </div>
    </header>
  );
}

/** Opens and closes the test panel (components/flows/test-run); only where testing is offered. */
function TestButton() {
  const store = useTestRunStoreApi();
  const open = useTestRun((s) => s.open);
  if (!store) return null;
  return (
    <button
      type="button"
      data-testid="test-button"
      aria-pressed={open}
      aria-keyshortcuts="T"
      title="Run the draft with a sample payload (T)"
      onClick={() => store.getState().setOpen(!open)}
      className={open ? buttonClasses("ghost", "sm", "ml-1.5 h-8 bg-accent-50 px-3 text-accent-800 ring-1 ring-accent-300 ring-inset hover:bg-accent-100") : buttonClasses("secondary", "sm", "ml-1.5 h-8 px-3")}
    >
      <FlaskConical aria-hidden="true" /> Test
    </button>
  );
}
