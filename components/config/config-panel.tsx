"use client";

// The config panel of one step: a header (kind, editable name, description), a "Settings" tab
// with the form generated from the kind's zod schema (lib/flows/json-schema-form.ts) and the
// previous step's sample as a field picker, and a "Sample data" tab ("Sample payload" for
// triggers) for the step's pinned sample. Every edit calls onChange with the whole new config.
import { QueryClient, QueryClientContext, QueryClientProvider } from "@tanstack/react-query";
import clsx from "clsx";
import { ChevronRight, CircleAlert, Copy, TriangleAlert } from "lucide-react";
import { useCallback, useContext, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { FlowIssue, TFlowNode } from "../../lib/flows/definition.ts";
import {
  advancedContainersOf,
  deepEqual,
  formForDefinition,
  locateField,
  pathKey,
  placeIssues,
  setIn,
  walkFields,
  type ConfigPath,
  type FormField,
} from "../../lib/flows/json-schema-form.ts";
import { flattenSampleTree, sampleTree } from "../../lib/flows/sample-paths.ts";
import type { AnyNodeDefinition } from "../../nodes/types.ts";
import { tileClasses } from "../canvas/category-style.ts";
import { NodeIcon } from "../canvas/node-icon.tsx";
import { CodeEditor, type CodeCompletion } from "../code-editor/code-editor.tsx";
import { Button } from "../ui/button.tsx";
import { FormRoot, hasInsertableFields } from "./fields.tsx";
import { FormContext, type FormContextValue, type InsertTarget } from "./form-context.tsx";
import { textFor } from "./insertable.ts";
import { sameJson, toJsonText } from "./json-text.ts";
import { SampleTree } from "./sample-tree.tsx";

/** What changed. A key that is present (even as undefined) is a change: `{ label: undefined }` clears the name. */
export type ConfigPanelPatch = { label?: string; config?: Record<string, unknown>; sample?: unknown };

export type ConfigPanelProps = {
  node: TFlowNode;
  definition: AnyNodeDefinition;
  /** The previous step's pinned sample (or a trigger's sample payload); undefined when none. */
  upstreamSample: unknown;
  connectionNames: readonly string[];
  readOnly?: boolean;
  /** This node's issues from validateFlow; config issues carry a path inside the config. */
  issues: readonly FlowIssue[];
  onChange: (patch: ConfigPanelPatch) => void;
  /** Scrolls to and focuses the field at this config path. Pass a new array to focus again. */
  focusPath?: readonly (string | number)[] | null;
  className?: string;
};

/** Issues whose path is not inside the config (shape and id problems of the definition). */
function isConfigIssue(issue: FlowIssue): boolean {
  return !(issue.code === "invalid-definition" || issue.code.startsWith("duplicate-") || issue.code.startsWith("edge-"));
}

const FOCUSABLE = "input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled]), [contenteditable=true], button:not([disabled]), [tabindex='0']";

// The Odoo pickers fetch with react-query; a panel rendered outside the app's provider gets its own.
let fallbackQueryClient: QueryClient | null = null;

export function ConfigPanel(props: ConfigPanelProps) {
  const queryClient = useContext(QueryClientContext);
  // A fresh panel per step, so local editing state (rows, drafts, folds) never leaks between steps.
  const body = <ConfigPanelBody key={props.node.id} {...props} />;
  if (queryClient) return body;
  fallbackQueryClient ??= new QueryClient();
  return <QueryClientProvider client={fallbackQueryClient}>{body}</QueryClientProvider>;
}

function ConfigPanelBody({ node, definition, upstreamSample, connectionNames, readOnly = false, issues, onChange, focusPath, className }: ConfigPanelProps) {
  const idPrefix = useId().replace(/:/g, "");
  const form = useMemo(() => formForDefinition(definition), [definition]);
  const [tab, setTab] = useState<"settings" | "sample">("settings");
  const rootRef = useRef<HTMLDivElement>(null);

  // The latest config, so several quick edits in one event loop build on each other.
  const configRef = useRef(node.config);
  useLayoutEffect(() => {
    configRef.current = node.config;
  }, [node.config]);
  const onChangeRef = useRef(onChange);
  useLayoutEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  const update = useCallback((path: ConfigPath, value: unknown) => {
    const next = setIn(configRef.current, path, value) as Record<string, unknown>;
    if (deepEqual(next, configRef.current)) return;
    configRef.current = next;
    onChangeRef.current({ config: next });
  }, []);
  const read = useCallback((path: ConfigPath) => path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string | number, unknown>)[k] : undefined), configRef.current), []);

  const configIssues = useMemo(() => issues.filter(isConfigIssue), [issues]);
  const otherIssues = useMemo(() => issues.filter((i) => !isConfigIssue(i)), [issues]);
  const placed = useMemo(() => placeIssues(form, node.config, configIssues), [form, node.config, configIssues]);
  const errorCount = issues.filter((i) => i.severity === "error").length;

  const tree = useMemo(() => sampleTree(upstreamSample), [upstreamSample]);
  const flat = useMemo(() => flattenSampleTree(tree), [tree]);
  const completions = useMemo<CodeCompletion[]>(
    () => flat.map((n) => ({ label: n.path, detail: n.example, type: n.type === "object" || n.type === "array" ? "variable" : "property" })),
    [flat],
  );

  const [opened, setOpened] = useState<Set<string>>(() => new Set());
  const isAdvancedOpen = useCallback((key: string) => opened.has(key) || placed.advancedContainers.has(key), [opened, placed]);
  const toggleAdvanced = useCallback(
    (key: string) =>
      setOpened((prev) => {
        const next = new Set(prev);
        if (next.has(key) || placed.advancedContainers.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [placed],
  );

  const insertTargetRef = useRef<InsertTarget | null>(null);
  const [insertTarget, setInsertTargetState] = useState<InsertTarget | null>(null);
  const setInsertTarget = useCallback((target: InsertTarget | null) => {
    insertTargetRef.current = target;
    setInsertTargetState((current) => (current?.id === target?.id && current?.label === target?.label ? current : target));
  }, []);

  const hasUpstream = !definition.trigger;
  const context = useMemo<FormContextValue>(
    () => ({
      idPrefix,
      readOnly,
      connectionNames,
      issues: placed,
      samplePaths: flat,
      completions,
      update,
      read,
      setInsertTarget,
      insertTargetRef,
      hasUpstream,
      isAdvancedOpen,
      toggleAdvanced,
    }),
    [idPrefix, readOnly, connectionNames, placed, flat, completions, update, read, setInsertTarget, hasUpstream, isAdvancedOpen, toggleAdvanced],
  );

  // Focus a field on request (the problems panel): show Settings, unfold what hides it, scroll, focus.
  useEffect(() => {
    if (!focusPath) return;
    const located = locateField(form, configRef.current, focusPath);
    const key = pathKey(located.path);
    const folds = advancedContainersOf(located);
    let frame = 0;
    let tries = 0;
    const tick = () => {
      if (tries === 0) {
        setTab("settings");
        if (folds.length > 0) setOpened((prev) => new Set([...prev, ...folds]));
      }
      const target = rootRef.current?.querySelector<HTMLElement>(`[data-config-path="${CSS.escape(key)}"]`);
      const focusable = target?.querySelector<HTMLElement>(FOCUSABLE) ?? (target?.matches(FOCUSABLE) ? target : null);
      if (target && (focusable || tries > 20)) {
        target.scrollIntoView({ block: "center", behavior: "smooth" });
        focusable?.focus({ preventScroll: true });
        return;
      }
      // Code editors load lazily: try again for a moment.
      if (tries++ < 60) frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [focusPath, form]);

  const [announcement, setAnnouncement] = useState("");
  const pickFromTree = (path: string) => {
    const target = insertTargetRef.current;
    if (target && !readOnly) {
      target.insert(textFor(target.mode, path));
      setAnnouncement(`Inserted ${path} into ${target.label}`);
      return;
    }
    if (!navigator.clipboard) {
      setAnnouncement(`Copying is not available here; the path is ${path}`);
      return;
    }
    void navigator.clipboard.writeText(path).then(
      () => setAnnouncement(`Copied ${path}`),
      () => setAnnouncement(`Could not copy ${path}`),
    );
  };

  const labelIssues = otherIssues.filter((i) => i.path?.[i.path.length - 1] === "label");
  const generalIssues = [...otherIssues.filter((i) => !labelIssues.includes(i)), ...placed.general];
  const sampleTitle = definition.trigger ? "Sample payload" : "Sample data";
  const tabs = [
    { id: "settings" as const, label: "Settings" },
    { id: "sample" as const, label: sampleTitle },
  ];
  const onTabKey = (event: KeyboardEvent) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    event.preventDefault();
    const next = tab === "settings" ? "sample" : "settings";
    setTab(next);
    document.getElementById(`${idPrefix}-tab-${next}`)?.focus();
  };

  return (
    <FormContext value={context}>
      <div ref={rootRef} className={clsx("flex h-full min-h-0 flex-col bg-white", className)}>
        <header className="shrink-0 px-4 pt-4">
          <div className="flex items-start gap-3">
            <span className={clsx("mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-lg ring-1 ring-inset", tileClasses(definition.category))}>
              <NodeIcon name={definition.icon} className="size-[18px]" />
            </span>
            <div className="min-w-0 flex-1">
              <p className="text-[11px] leading-4 font-medium tracking-wide text-zinc-500 uppercase">{definition.label}</p>
              <input
                aria-label="Step name"
                value={node.label ?? ""}
                placeholder={definition.label}
                readOnly={readOnly}
                maxLength={120}
                onChange={(event) => onChange({ label: event.target.value.trim() === "" ? undefined : event.target.value })}
                className="-mx-1.5 mt-0.5 block h-7 w-[calc(100%+0.75rem)] rounded-md border-0 bg-transparent px-1.5 text-[15px] font-semibold text-zinc-900 placeholder:text-zinc-900 hover:bg-zinc-100 focus:bg-white focus:ring-2 focus:ring-accent-500 focus:outline-none read-only:hover:bg-transparent"
              />
              {labelIssues.map((issue, i) => (
                <p key={i} className="mt-1 text-xs font-medium text-red-700">
                  {issue.message}
                </p>
              ))}
            </div>
          </div>
          <p className="mt-2 text-xs leading-5 text-zinc-500">{definition.description}</p>
          <div role="tablist" aria-label="Step settings" className="mt-3 -mb-px flex gap-4 border-b border-zinc-200">
            {tabs.map((t) => (
              <button
                key={t.id}
                id={`${idPrefix}-tab-${t.id}`}
                type="button"
                role="tab"
                aria-selected={tab === t.id}
                aria-controls={`${idPrefix}-panel-${t.id}`}
                tabIndex={tab === t.id ? 0 : -1}
                onClick={() => setTab(t.id)}
                onKeyDown={onTabKey}
                className={clsx(
                  "-mb-px inline-flex h-9 items-center gap-1.5 border-b-2 text-[13px] font-medium transition-colors",
                  tab === t.id ? "border-accent-600 text-zinc-900" : "border-transparent text-zinc-500 hover:text-zinc-800",
                )}
              >
                {t.label}
                {t.id === "settings" && errorCount > 0 && (
                  <span className="inline-flex h-4 min-w-4 items-center justify-center rounded-full bg-red-600 px-1 text-[10px] font-semibold text-white tabular-nums">
                    <span className="sr-only">, </span>
                    {errorCount}
                    <span className="sr-only"> {errorCount === 1 ? "problem" : "problems"}</span>
                  </span>
                )}
                {t.id === "sample" && node.sample !== undefined && <span aria-hidden="true" className="size-1.5 rounded-full bg-accent-500" />}
              </button>
            ))}
          </div>
        </header>

        <div className="min-h-0 flex-1 overflow-y-auto border-t border-zinc-200">
          {tab === "settings" ? (
            <div id={`${idPrefix}-panel-settings`} role="tabpanel" aria-labelledby={`${idPrefix}-tab-settings`} className="space-y-5 px-4 py-4">
              {generalIssues.length > 0 && <GeneralIssues issues={generalIssues} />}
              {hasUpstream && hasInsertableFields(form) && (
                <InputSection
                  tree={tree}
                  hasSample={upstreamSample !== undefined}
                  defaultOpen={upstreamSample !== undefined && hasCodeFields(form)}
                  targetLabel={readOnly ? null : (insertTarget?.label ?? null)}
                  readOnly={readOnly}
                  onPick={pickFromTree}
                />
              )}
              <form
                aria-label={`${definition.label} settings`}
                onSubmit={(event) => event.preventDefault()}
                onFocusCapture={() => setInsertTarget(null)}
                noValidate
              >
                <FormRoot root={form} value={node.config} />
              </form>
            </div>
          ) : (
            <div id={`${idPrefix}-panel-sample`} role="tabpanel" aria-labelledby={`${idPrefix}-tab-sample`} className="px-4 py-4">
              <SampleEditor
                title={sampleTitle}
                trigger={definition.trigger}
                value={node.sample}
                readOnly={readOnly}
                onChange={(sample) => onChange({ sample })}
              />
            </div>
          )}
        </div>
        <p role="status" aria-live="polite" className="sr-only">
          {announcement}
        </p>
      </div>
    </FormContext>
  );
}

function GeneralIssues({ issues }: { issues: readonly FlowIssue[] }) {
  const errors = issues.some((i) => i.severity === "error");
  return (
    <div className={clsx("rounded-lg px-3 py-2.5 ring-1 ring-inset", errors ? "bg-red-50 ring-red-200" : "bg-amber-50 ring-amber-200")}>
      <ul className="space-y-1">
        {issues.map((issue, i) => (
          <li key={i} className={clsx("flex gap-2 text-xs leading-[18px]", issue.severity === "error" ? "text-red-800" : "text-amber-900")}>
            {issue.severity === "error" ? (
              <CircleAlert aria-hidden="true" className="mt-px size-3.5 shrink-0 text-red-600" />
            ) : (
              <TriangleAlert aria-hidden="true" className="mt-px size-3.5 shrink-0 text-amber-600" />
            )}
            <span>
              <span className="sr-only">{issue.severity === "error" ? "Error: " : "Warning: "}</span>
              {issue.message}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Scripts and conditions are written against the input's shape: show it open beside them. */
function hasCodeFields(root: FormField): boolean {
  let found = false;
  walkFields(root, (field) => {
    if (field.kind === "code") found = true;
  });
  return found;
}

function InputSection({
  tree,
  hasSample,
  defaultOpen,
  targetLabel,
  readOnly,
  onPick,
}: {
  tree: ReturnType<typeof sampleTree>;
  hasSample: boolean;
  defaultOpen: boolean;
  targetLabel: string | null;
  readOnly: boolean;
  onPick: (path: string) => void;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const preview = tree.map((n) => n.key).join(", ");
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="rounded-lg bg-zinc-50/70 ring-1 ring-zinc-200 ring-inset">
      <h3 id={headingId} className="m-0">
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          className="flex h-9 w-full items-center gap-1.5 rounded-lg px-2.5 text-left text-[13px] font-medium text-zinc-800 hover:text-zinc-950"
        >
          <ChevronRight aria-hidden="true" className={clsx("size-4 text-zinc-400 transition-transform", open && "rotate-90")} />
          Input from previous step
          {hasSample ? (
            <span className="ml-auto min-w-0 truncate pl-3 font-mono text-[11px] font-normal text-zinc-400">{open ? "" : preview}</span>
          ) : (
            <span className="ml-auto text-xs font-normal text-zinc-400">no sample</span>
          )}
        </button>
      </h3>
      {open &&
        (hasSample && tree.length > 0 ? (
          <>
            <div className="max-h-52 overflow-y-auto border-t border-zinc-200 px-1.5 py-1.5">
              <SampleTree nodes={tree} onPick={onPick} label="Fields of the previous step" />
            </div>
            <p className="flex items-center gap-1.5 border-t border-zinc-200 px-3 py-1.5 text-[11px] leading-4 text-zinc-500">
              {targetLabel ? (
                <span>
                  Click a field to insert it into <span className="font-medium text-zinc-700">{targetLabel}</span>
                </span>
              ) : (
                <>
                  <Copy aria-hidden="true" className="size-3 shrink-0" />
                  {readOnly ? "Click a field to copy its path." : "Click a field to copy its path, or click into a template or script first to insert it there."}
                </>
              )}
            </p>
          </>
        ) : (
          <p className="border-t border-zinc-200 px-3 py-2.5 text-xs leading-5 text-zinc-500">
            {hasSample
              ? "The previous step's sample is empty."
              : "No sample data yet. Pin sample data on the previous step (its Sample data tab, or the trigger's Sample payload) to pick its fields here."}
          </p>
        ))}
    </section>
  );
}

function SampleEditor({ title, trigger, value, readOnly, onChange }: { title: string; trigger: boolean; value: unknown; readOnly: boolean; onChange: (sample: unknown) => void }) {
  const [text, setText] = useState(() => toJsonText(value));
  const [seen, setSeen] = useState<unknown>(value);
  if (!deepEqual(seen, value)) {
    setSeen(value);
    if (!sameJson(text, value)) setText(toJsonText(value));
  }
  const write = (next: string) => {
    setText(next);
    if (next.trim() === "") {
      setSeen(undefined);
      onChange(undefined);
      return;
    }
    try {
      const parsed = JSON.parse(next);
      setSeen(parsed);
      onChange(parsed);
    } catch {
      // Keep the text; the editor underlines the error and the last valid sample stays pinned.
    }
  };
  let formatted: string | null = null;
  try {
    formatted = text.trim() === "" ? null : JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    formatted = null;
  }
  return (
    <div className="space-y-3">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h3 className="text-[13px] leading-5 font-semibold text-zinc-900">{title}</h3>
          <p className="mt-0.5 text-xs leading-[18px] text-zinc-500">
            {trigger
              ? "An example of what this trigger receives. The next steps offer its fields in their pickers and script completions."
              : "Example output of this step, pinned by you. The next step picks its fields from it."}
          </p>
        </div>
        {!readOnly && (
          <div className="flex shrink-0 gap-1">
            <Button size="sm" variant="ghost" disabled={formatted === null || formatted === text} onClick={() => formatted !== null && write(formatted)}>
              Format
            </Button>
            <Button size="sm" variant="ghost" disabled={text === ""} onClick={() => write("")}>
              Clear
            </Button>
          </div>
        )}
      </div>
      <CodeEditor
        language="json"
        ariaLabel={title}
        value={text}
        onChange={write}
        readOnly={readOnly}
        minHeight="18rem"
        maxHeight="calc(100vh - 20rem)"
        placeholder={trigger ? '{\n  "workOrder": { "id": "WO-1042", "assetId": "PUMP-12" }\n}' : '{ "partnerId": 42 }'}
      />
      {text.trim() !== "" && formatted === null && <p className="text-xs text-zinc-500">The last valid sample stays pinned until this is valid JSON.</p>}
    </div>
  );
}
