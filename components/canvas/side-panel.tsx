"use client";

// The panel on the right: the selected step's settings (ConfigPanel), a note's text, a
// connection, several selected items, or, with nothing selected, the flow's own settings.
import clsx from "clsx";
import { ArrowRight, Cable, ChevronUp, Copy, CornerDownRight, Lock, MousePointerClick, Plus, StickyNote, Trash, X, Zap } from "lucide-react";
import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent, type ReactNode } from "react";
import type { FlowIssue, TFlowDefinition, TFlowNode } from "../../lib/flows/definition.ts";
import { Button } from "../ui/button.tsx";
import { inputClasses } from "../ui/form.tsx";
import { useToast } from "../ui/toast.tsx";
import { ConfigPanel } from "../config/config-panel.tsx";
import { Switch } from "../config/controls.tsx";
import { StepTestResult } from "../flows/test-run/step-test-result.tsx";
import { isNoteRfId, noteIdOf, useEditor, useEditorStoreApi } from "./editor-store.ts";
import type { EditorFlow, RenameFn } from "./editor-types.ts";
import { updateNode } from "./graph.ts";
import { NOTE_COLORS } from "./note-node.tsx";
import { returnToCanvas } from "./palette.tsx";
import { definitionOf, inputPortsOf, outputPortsOf } from "./ports.ts";
import { upstreamSample } from "./upstream-sample.ts";
import type { EditorCommands } from "./use-commands.ts";

const EMPTY_ISSUES: FlowIssue[] = [];
// Whether a mouse button (or finger) is down anywhere on the page.
let pointerPressed = false;
const pointerListeners = new Set<() => void>();
function onPointer(event: PointerEvent) {
  const pressed = event.type === "pointerdown";
  if (pressed === pointerPressed) return;
  pointerPressed = pressed;
  pointerListeners.forEach((listener) => listener());
}
function subscribePointer(listener: () => void) {
  if (pointerListeners.size === 0) {
    for (const type of ["pointerdown", "pointerup", "pointercancel"]) window.addEventListener(type, onPointer as EventListener, true);
  }
  pointerListeners.add(listener);
  return () => {
    pointerListeners.delete(listener);
    if (pointerListeners.size === 0) {
      for (const type of ["pointerdown", "pointerup", "pointercancel"]) window.removeEventListener(type, onPointer as EventListener, true);
      pointerPressed = false;
    }
  };
}
const pointerIsDown = () => pointerPressed;
const pointerIsUp = () => false;

export function SidePanel({ commands, flow, rename }: { commands: EditorCommands; flow: EditorFlow; rename: RenameFn }) {
  // The panel follows the selection once the mouse button is up, and not during a drag: mounting a
  // step's form (code editors and all) must not hold up the drag that selected the step.
  const liveNodes = useEditor((s) => s.selectedNodes);
  const liveEdges = useEditor((s) => s.selectedEdges);
  const dragging = useEditor((s) => s.gestureBase !== null);
  const pointerDown = useSyncExternalStore(subscribePointer, pointerIsDown, pointerIsUp);
  const [shown, setShown] = useState({ nodes: liveNodes, edges: liveEdges });
  if (!dragging && !pointerDown && (shown.nodes !== liveNodes || shown.edges !== liveEdges)) setShown({ nodes: liveNodes, edges: liveEdges });
  const selectedNodes = shown.nodes;
  const selectedEdges = shown.edges;
  const total = selectedNodes.size + selectedEdges.size;

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    if (event.target instanceof Element && event.target.closest(".cm-editor, dialog")) return;
    event.preventDefault();
    returnToCanvas();
  }

  let body: ReactNode;
  if (total === 0) body = <FlowSettingsPanel flow={flow} rename={rename} commands={commands} />;
  else if (total === 1 && selectedNodes.size === 1) {
    const [id] = selectedNodes as Set<string>;
    body = isNoteRfId(id!) ? <NotePanel noteId={noteIdOf(id!)} commands={commands} /> : <StepPanel key={id} nodeId={id!} commands={commands} />;
  } else if (total === 1) {
    const [id] = selectedEdges as Set<string>;
    body = <EdgePanel edgeId={id!} commands={commands} />;
  } else body = <MultiPanel commands={commands} />;

  return (
    <aside aria-label="Details" data-testid="side-panel" onKeyDown={onKeyDown} className="flex w-[380px] shrink-0 flex-col overflow-hidden border-l border-zinc-200 bg-white">
      {body}
    </aside>
  );
}

function PanelHeader({ icon, title, subtitle, children }: { icon: ReactNode; title: ReactNode; subtitle?: ReactNode; children?: ReactNode }) {
  return (
    <div className="shrink-0 border-b border-zinc-200 px-5 pt-4 pb-3.5">
      <div className="flex items-start gap-3">
        {icon}
        <div className="min-w-0 flex-1">
          <div className="text-[15px] font-semibold text-zinc-900">{title}</div>
          {subtitle && <div className="mt-0.5 text-xs leading-5 text-zinc-500">{subtitle}</div>}
        </div>
      </div>
      {children}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

function useNodePart<T>(nodeId: string, pick: (node: TFlowNode) => T): T | undefined {
  return useEditor((s) => {
    const node = s.definition.nodes.find((n) => n.id === nodeId);
    return node ? pick(node) : undefined;
  });
}

function StepPanel({ nodeId, commands }: { nodeId: string; commands: EditorCommands }) {
  const store = useEditorStoreApi();
  // Parts, not the node: a drag changes only the position, and the form must not re-render then.
  const kind = useNodePart(nodeId, (n) => n.kind);
  const kindVersion = useNodePart(nodeId, (n) => n.kindVersion);
  const label = useNodePart(nodeId, (n) => n.label);
  const config = useNodePart(nodeId, (n) => n.config);
  const sample = useNodePart(nodeId, (n) => n.sample);
  const readOnly = useEditor((s) => s.readOnly);
  const connectionNames = useEditor((s) => s.connectionNames);
  const issues = useEditor((s) => s.issues);
  const focusRequest = useEditor((s) => s.focusRequest);
  // The previous step's sample: the same object until that sample or the wiring changes.
  const upstream = useEditor((s) => upstreamSample(s.definition, nodeId));
  const panelRef = useRef<HTMLDivElement>(null);

  const node = useMemo<TFlowNode | null>(
    () => (kind === undefined || config === undefined ? null : { id: nodeId, kind, kindVersion: kindVersion ?? 1, label, position: { x: 0, y: 0 }, config, ...(sample !== undefined ? { sample } : {}) }),
    [nodeId, kind, kindVersion, label, config, sample],
  );
  const nodeIssues = useMemo(() => {
    const list = issues.filter((i) => i.nodeId === nodeId);
    return list.length ? list : EMPTY_ISSUES;
  }, [issues, nodeId]);
  // A problem clicked: a fresh array per request, so the same field can be focused twice.
  const focusPath = useMemo(
    () => (focusRequest && focusRequest.nodeId === nodeId && focusRequest.path?.length ? [...focusRequest.path] : null),
    [focusRequest, nodeId],
  );

  // "Open settings" (Enter, F2, double-click, a problem without a field) focuses the name.
  useEffect(() => {
    const wantsName = focusRequest?.nodeId === nodeId && !focusRequest.path?.length;
    if (!wantsName) return;
    const frame = requestAnimationFrame(() => {
      const input = panelRef.current?.querySelector<HTMLInputElement>('input[aria-label="Step name"]');
      input?.focus();
      input?.select();
    });
    return () => cancelAnimationFrame(frame);
  }, [focusRequest, nodeId]);

  if (!node || kind === undefined) return null;
  const definition = definitionOf(node);

  function change(patch: { label?: string; config?: Record<string, unknown>; sample?: unknown }) {
    const state = store.getState();
    const keys = Object.keys(patch).sort().join();
    state.commit(updateNode(state.definition, nodeId, patch as Parameters<typeof updateNode>[2]), { coalesce: `node:${nodeId}:${keys}` });
  }

  return (
    <div ref={panelRef} className="flex min-h-0 flex-1 flex-col" data-testid="step-panel" data-node-id={nodeId}>
      {!readOnly && (
        <div className="flex h-10 shrink-0 items-center gap-1 border-b border-zinc-100 bg-zinc-50/60 px-3">
          <span className="mr-auto truncate font-mono text-[11px] text-zinc-400" title="Step id">{nodeId}</span>
          {outputPortsOf(node).length > 0 && (
            <Button size="sm" variant="ghost" onClick={() => store.getState().setConnectFrom(nodeId)} title="Connect to… (C)">
              <Cable aria-hidden="true" /> Connect to…
            </Button>
          )}
          {!definition?.trigger && (
            <Button size="sm" variant="ghost" onClick={() => commands.duplicate()} title="Duplicate (Ctrl+D)">
              <Copy aria-hidden="true" /> Duplicate
            </Button>
          )}
          <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50 hover:text-red-800" onClick={() => commands.deleteSelection()} title="Delete (Delete)" aria-label="Delete step">
            <Trash aria-hidden="true" />
          </Button>
        </div>
      )}
      <StepTestResult nodeId={nodeId} />
      <div className="min-h-0 flex-1" data-testid="config-panel-slot">
        {definition ? (
          <ConfigPanel
            node={node}
            definition={definition}
            upstreamSample={upstream}
            connectionNames={connectionNames}
            readOnly={readOnly}
            issues={nodeIssues}
            onChange={change}
            focusPath={focusPath}
          />
        ) : (
          <p className="px-5 py-4 text-sm text-zinc-600">This step&apos;s kind ({kind}) is not known to this version of Millwright; it cannot be edited here.</p>
        )}
      </div>
      <Connections node={node} commands={commands} readOnly={readOnly} />
    </div>
  );
}

function neighbourNames(definition: TFlowDefinition, nodeId: string): string {
  const ids = new Set<string>();
  for (const edge of definition.edges) {
    if (edge.source === nodeId) ids.add(edge.target);
    if (edge.target === nodeId) ids.add(edge.source);
  }
  if (ids.size === 0) return "";
  return definition.nodes
    .filter((n) => ids.has(n.id))
    .map((n) => `${n.id}\u0000${n.label || definitionOf(n)?.label || n.kind}`)
    .join("\u0001");
}

function Connections({ node, commands, readOnly }: { node: TFlowNode; commands: EditorCommands; readOnly: boolean }) {
  const store = useEditorStoreApi();
  const edges = useEditor((s) => s.definition.edges);
  // The names of the neighbours as one string: stable while nodes are dragged around.
  const namesKey = useEditor((s) => neighbourNames(s.definition, node.id));
  const names = useMemo(() => new Map(namesKey ? namesKey.split("\u0001").map((entry) => entry.split("\u0000") as [string, string]) : []), [namesKey]);
  const outputs = outputPortsOf(node);
  const inputs = inputPortsOf(node);
  const nameOf = (id: string) => names.get(id) ?? id;
  const incoming = edges.filter((e) => e.target === node.id);
  const [open, setOpen] = useState(false);
  const listId = useId();
  if (outputs.length === 0 && inputs.length === 0) return null;
  const connectedOutputs = outputs.filter((p) => edges.some((e) => e.source === node.id && e.sourcePort === p.id)).length;
  const missing = outputs.some((p) => p.required && !edges.some((e) => e.source === node.id && e.sourcePort === p.id)) || (inputs.length > 0 && incoming.length === 0);
  return (
    <section aria-label="Connections" className="shrink-0 border-t border-zinc-200 bg-zinc-50/60">
      <button type="button" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)} className="flex h-9 w-full items-center gap-2 px-4 text-left text-xs hover:bg-zinc-100/70">
        <Cable aria-hidden="true" className="size-3.5 text-zinc-400" />
        <span className="font-semibold text-zinc-700">Connections</span>
        <span className={clsx(missing ? "text-red-700" : "text-zinc-500")}>
          {inputs.length > 0 && `${incoming.length} in`}
          {inputs.length > 0 && outputs.length > 0 && " · "}
          {outputs.length > 0 && `${connectedOutputs} of ${outputs.length} output${outputs.length === 1 ? "" : "s"} connected`}
        </span>
        <ChevronUp aria-hidden="true" className={clsx("ml-auto size-4 text-zinc-400 transition-transform", !open && "rotate-180")} />
      </button>
      <ul id={listId} hidden={!open} className="max-h-48 space-y-1.5 overflow-y-auto px-4 pt-0.5 pb-3 text-[13px]">
        {inputs.length > 0 && (
          <li className="flex items-start gap-2 text-zinc-600">
            <CornerDownRight aria-hidden="true" className="mt-0.5 size-3.5 shrink-0 text-zinc-400" />
            <span>
              From{" "}
              {incoming.length === 0 ? (
                <span className="text-zinc-400 italic">nothing yet</span>
              ) : (
                incoming.map((e, i) => (
                  <span key={e.id}>
                    {i > 0 && ", "}
                    <span className="font-medium text-zinc-800">{nameOf(e.source)}</span>
                  </span>
                ))
              )}
            </span>
          </li>
        )}
        {outputs.map((port) => {
          const out = edges.filter((e) => e.source === node.id && e.sourcePort === port.id);
          return (
            <li key={port.id} className="flex items-start gap-2">
              <ArrowRight aria-hidden="true" className="mt-0.5 size-3.5 shrink-0 text-zinc-400" />
              <div className="min-w-0 flex-1">
                <span className="text-zinc-600">{outputs.length > 1 ? <span className="font-medium text-zinc-700">{port.label}</span> : "Then"} → </span>
                {out.length === 0 && <span className={clsx("italic", port.required ? "text-red-700" : "text-zinc-400")}>{port.required ? "must be connected" : "not connected"}</span>}
                {out.map((e) => (
                  <span key={e.id} className="mr-1 inline-flex items-center gap-0.5 rounded bg-zinc-100 py-px pr-0.5 pl-1.5 text-xs font-medium text-zinc-800">
                    {nameOf(e.target)}
                    {!readOnly && (
                      <button type="button" aria-label={`Disconnect ${nameOf(e.target)} from ${port.label}`} onClick={() => commands.deleteEdge(e.id)} className="rounded p-0.5 text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700">
                        <X aria-hidden="true" className="size-3" />
                      </button>
                    )}
                  </span>
                ))}
              </div>
              {!readOnly && (
                <button
                  type="button"
                  aria-label={`Connect ${port.label} to…`}
                  title={`Connect ${port.label} to…`}
                  onClick={() => store.getState().setConnectFrom(`${node.id}\u0000${port.id}`)}
                  className="rounded p-0.5 text-zinc-400 hover:bg-zinc-100 hover:text-accent-700"
                >
                  <Plus aria-hidden="true" className="size-3.5" />
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------

function NotePanel({ noteId, commands }: { noteId: string; commands: EditorCommands }) {
  const note = useEditor((s) => s.definition.notes.find((n) => n.id === noteId));
  const readOnly = useEditor((s) => s.readOnly);
  const textareaId = useId();
  if (!note) return null;
  return (
    <>
      <PanelHeader
        icon={<span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-amber-50 text-amber-700 ring-1 ring-amber-200 ring-inset"><StickyNote aria-hidden="true" className="size-5" /></span>}
        title="Sticky note"
        subtitle="Notes explain the flow to the people who read it later. They do not run."
      />
      <div className="space-y-4 px-5 py-4">
        <div>
          <label htmlFor={textareaId} className="block text-sm font-medium text-zinc-800">Text</label>
          <textarea
            id={textareaId}
            data-testid="note-text"
            value={note.text}
            readOnly={readOnly}
            rows={6}
            maxLength={5000}
            onChange={(e) => commands.editNote(noteId, { text: e.target.value })}
            className={inputClasses(false, "mt-1.5 h-auto py-2 leading-5")}
            placeholder="Why this flow does what it does…"
          />
        </div>
        {!readOnly && (
          <fieldset>
            <legend className="text-sm font-medium text-zinc-800">Colour</legend>
            <div className="mt-1.5 flex gap-2">
              {NOTE_COLORS.map((c) => (
                <button
                  key={c.value}
                  type="button"
                  aria-label={c.label}
                  aria-pressed={note.color === c.value}
                  onClick={() => commands.editNote(noteId, { color: c.value })}
                  className={clsx("size-7 rounded-full ring-1 ring-zinc-900/10", c.swatch, note.color === c.value && "ring-2 ring-accent-600 ring-offset-2")}
                />
              ))}
            </div>
          </fieldset>
        )}
        {!readOnly && (
          <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" onClick={() => commands.deleteSelection()}>
            <Trash aria-hidden="true" /> Delete note
          </Button>
        )}
      </div>
    </>
  );
}

function EdgePanel({ edgeId, commands }: { edgeId: string; commands: EditorCommands }) {
  const edge = useEditor((s) => s.definition.edges.find((e) => e.id === edgeId));
  const nodes = useEditor((s) => s.definition.nodes);
  const readOnly = useEditor((s) => s.readOnly);
  if (!edge) return null;
  const source = nodes.find((n) => n.id === edge.source);
  const target = nodes.find((n) => n.id === edge.target);
  const port = source ? outputPortsOf(source).find((p) => p.id === edge.sourcePort) : undefined;
  const name = (n: TFlowNode | undefined) => (n ? n.label || definitionOf(n)?.label || n.kind : "?");
  return (
    <>
      <PanelHeader
        icon={<span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-zinc-100 text-zinc-600 ring-1 ring-zinc-200 ring-inset"><Cable aria-hidden="true" className="size-5" /></span>}
        title="Connection"
        subtitle={
          <>
            <span className="font-medium text-zinc-700">{name(source)}</span>
            {port && source && outputPortsOf(source).length > 1 && <> ({port.label})</>} → <span className="font-medium text-zinc-700">{name(target)}</span>
          </>
        }
      />
      {!readOnly && (
        <div className="px-5 py-4">
          <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" onClick={() => commands.deleteEdge(edgeId)}>
            <Trash aria-hidden="true" /> Delete connection
          </Button>
        </div>
      )}
    </>
  );
}

function MultiPanel({ commands }: { commands: EditorCommands }) {
  const store = useEditorStoreApi();
  const selectedNodes = useEditor((s) => s.selectedNodes);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const readOnly = useEditor((s) => s.readOnly);
  const steps = [...selectedNodes].filter((id) => !isNoteRfId(id)).length;
  const notes = selectedNodes.size - steps;
  const parts = [
    steps && `${steps} step${steps === 1 ? "" : "s"}`,
    notes && `${notes} note${notes === 1 ? "" : "s"}`,
    selectedEdges.size && `${selectedEdges.size} connection${selectedEdges.size === 1 ? "" : "s"}`,
  ].filter(Boolean);
  return (
    <>
      <PanelHeader
        icon={<span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-accent-50 text-accent-700 ring-1 ring-accent-200 ring-inset"><MousePointerClick aria-hidden="true" className="size-5" /></span>}
        title={`${parts.join(", ")} selected`}
        subtitle="Move them together, copy them into another flow, or tidy them up."
      />
      {!readOnly && (
        <div className="flex flex-wrap gap-1.5 px-5 py-4">
          <Button size="sm" onClick={() => commands.duplicate()}><Copy aria-hidden="true" /> Duplicate</Button>
          {steps > 1 && <Button size="sm" onClick={() => commands.tidyUp()}>Tidy up</Button>}
          <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" onClick={() => commands.deleteSelection()}>
            <Trash aria-hidden="true" /> Delete
          </Button>
          <Button size="sm" variant="ghost" onClick={() => store.getState().select([], [])}>Clear selection</Button>
        </div>
      )}
      <p className="px-5 text-xs leading-5 text-zinc-500">
        Copy with <Kbd>Ctrl</Kbd> <Kbd>C</Kbd> and paste with <Kbd>Ctrl</Kbd> <Kbd>V</Kbd>, in this flow or another one.
      </p>
    </>
  );
}

function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1 font-mono text-[11px] text-zinc-700">{children}</kbd>;
}

// ---------------------------------------------------------------------------------------------

function FlowSettingsPanel({ flow, rename, commands }: { flow: EditorFlow; rename: RenameFn; commands: EditorCommands }) {
  const store = useEditorStoreApi();
  const settings = useEditor((s) => s.definition.settings);
  const empty = useEditor((s) => s.definition.nodes.length === 0);
  const readOnly = useEditor((s) => s.readOnly);
  const toast = useToast();
  const [description, setDescription] = useState(flow.description);
  const [savedDescription, setSavedDescription] = useState(flow.description);
  const ids = { name: useId(), description: useId(), timeout: useId(), attempts: useId(), delay: useId(), concurrency: useId(), perKey: useId(), perKeyHint: useId() };

  async function saveDescription() {
    if (description === savedDescription || readOnly) return;
    const result = await rename({ flowId: flow.id, name: flow.name, description });
    if (result.ok) setSavedDescription(description);
    else toast(`Description not saved: ${result.message}`, "error");
  }

  function setSettings(patch: Partial<TFlowDefinition["settings"]>, key: string) {
    const state = store.getState();
    const next = { ...state.definition.settings, ...patch };
    for (const [k, v] of Object.entries(next)) if (v === undefined) delete (next as Record<string, unknown>)[k];
    state.commit({ ...state.definition, settings: next }, { coalesce: `settings:${key}` });
  }

  return (
    <>
      <PanelHeader
        icon={<span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-accent-50 text-accent-700 ring-1 ring-accent-200 ring-inset"><Zap aria-hidden="true" className="size-5" /></span>}
        title="Flow settings"
        subtitle="Select a step on the canvas to configure it."
      />
      <div className="min-h-0 flex-1 space-y-5 overflow-y-auto px-5 py-4">
        {empty && !readOnly && (
          <div className="rounded-lg bg-accent-50/70 p-4 ring-1 ring-accent-100">
            <p className="text-sm font-semibold text-accent-900">Getting started</p>
            <ol className="mt-2 list-decimal space-y-1 pl-4 text-[13px] leading-5 text-accent-900/80">
              <li>Add a trigger: what starts the flow.</li>
              <li>Add steps after it; each new step connects to the selected one.</li>
              <li>Fix what the Problems panel lists, then Publish.</li>
            </ol>
            <Button variant="primary" size="sm" className="mt-3" onClick={() => store.getState().openPalette("triggers")}>
              <Plus aria-hidden="true" /> Add a trigger
            </Button>
          </div>
        )}
        <div>
          <label htmlFor={ids.name} className="block text-sm font-medium text-zinc-800">Name</label>
          <div className="relative mt-1.5">
            <input id={ids.name} value={flow.name} readOnly className={inputClasses(false, "pr-8")} aria-describedby={`${ids.name}-hint`} />
            <Lock aria-hidden="true" className="absolute top-2.5 right-2.5 size-4 text-zinc-400" />
          </div>
          <p id={`${ids.name}-hint`} className="mt-1.5 text-xs text-zinc-500">Rename the flow from the Flows list. Its webhook key stays <span className="font-mono">{flow.slug}</span>.</p>
        </div>
        <div>
          <label htmlFor={ids.description} className="block text-sm font-medium text-zinc-800">Description</label>
          <textarea
            id={ids.description}
            value={description}
            readOnly={readOnly}
            rows={3}
            maxLength={2000}
            onChange={(e) => setDescription(e.target.value)}
            onBlur={() => void saveDescription()}
            placeholder="What this flow does, for whom, and why"
            className={inputClasses(false, "mt-1.5 h-auto py-2 leading-5")}
          />
        </div>

        <fieldset className="space-y-4 border-t border-zinc-100 pt-4">
          <legend className="sr-only">Run settings</legend>
          <p className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Runs</p>
          <NumberSetting
            id={ids.timeout}
            label="Run deadline"
            unit="minutes"
            hint="A run still going after this long fails. Empty: no deadline."
            value={settings.timeoutMs === undefined ? undefined : settings.timeoutMs / 60_000}
            min={1}
            max={7 * 24 * 60}
            readOnly={readOnly}
            onChange={(v) => setSettings({ timeoutMs: v === undefined ? undefined : Math.round(v * 60_000) }, "timeout")}
          />
          <div className="grid grid-cols-2 gap-3">
            <NumberSetting
              id={ids.attempts}
              label="Attempts"
              hint="For temporary errors"
              value={settings.retry?.maxAttempts}
              min={1}
              max={50}
              integer
              readOnly={readOnly}
              onChange={(v) => setSettings({ retry: v === undefined ? undefined : { maxAttempts: v, initialDelayMs: settings.retry?.initialDelayMs ?? 1000 } }, "retry")}
            />
            <NumberSetting
              id={ids.delay}
              label="First retry after"
              unit="s"
              hint="Doubles each time"
              value={settings.retry ? settings.retry.initialDelayMs / 1000 : undefined}
              min={0.1}
              max={3600}
              readOnly={readOnly || !settings.retry}
              onChange={(v) => settings.retry && v !== undefined && setSettings({ retry: { ...settings.retry, initialDelayMs: Math.round(v * 1000) } }, "retry-delay")}
            />
          </div>
          <NumberSetting
            id={ids.concurrency}
            label="Runs at once"
            hint="Per environment. Empty: no limit."
            value={settings.concurrency}
            min={1}
            max={1000}
            integer
            readOnly={readOnly}
            onChange={(v) => setSettings({ concurrency: v }, "concurrency")}
          />
          <div className="flex items-start justify-between gap-3">
            <div>
              <span id={`${ids.perKey}-label`} className="text-sm font-medium text-zinc-800">One at a time per business key</span>
              <p id={ids.perKeyHint} className="mt-0.5 text-xs leading-5 text-zinc-500">
                Runs with the same business key (an asset, a work order) wait for each other; others run side by side.
              </p>
            </div>
            <Switch
              id={ids.perKey}
              checked={settings.oneAtATimePerBusinessKey ?? false}
              disabled={readOnly}
              labelledBy={`${ids.perKey}-label`}
              describedBy={ids.perKeyHint}
              onChange={(on) => setSettings({ oneAtATimePerBusinessKey: on || undefined }, "per-key")}
            />
          </div>
        </fieldset>

        {!readOnly && (
          <div className="border-t border-zinc-100 pt-4 text-xs leading-5 text-zinc-500">
            <button type="button" onClick={() => store.getState().setHelpOpen(true)} className="font-medium text-accent-700 hover:underline">
              Keyboard shortcuts
            </button>{" "}
            · press <Kbd>?</Kbd> any time. {commands.hasMemoryClipboard() ? "Copied steps are ready to paste." : ""}
          </div>
        )}
      </div>
    </>
  );
}

function NumberSetting({
  id, label, hint, unit, value, min, max, integer, readOnly, onChange,
}: {
  id: string; label: string; hint?: string; unit?: string; value: number | undefined; min: number; max: number; integer?: boolean; readOnly?: boolean;
  onChange: (value: number | undefined) => void;
}) {
  const [text, setText] = useState(value === undefined ? "" : String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value === undefined ? "" : String(value));
  }
  const parsed = text.trim() === "" ? undefined : Number(text);
  const error =
    parsed === undefined ? null
    : !Number.isFinite(parsed) ? "Enter a number"
    : integer && !Number.isInteger(parsed) ? "Enter a whole number"
    : parsed < min || parsed > max ? `Between ${min} and ${max}`
    : null;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">{label}</label>
      <div className="mt-1.5 flex items-center gap-2">
        <input
          id={id}
          inputMode="decimal"
          value={text}
          readOnly={readOnly}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            const next = e.target.value;
            setText(next);
            const n = next.trim() === "" ? undefined : Number(next);
            if (n === undefined || (Number.isFinite(n) && (!integer || Number.isInteger(n)) && n >= min && n <= max)) {
              setShown(n);
              onChange(n);
            }
          }}
          className={inputClasses(Boolean(error), "tabular-nums")}
        />
        {unit && <span className="shrink-0 text-xs text-zinc-500">{unit}</span>}
      </div>
      <p id={`${id}-hint`} className={clsx("mt-1 text-xs", error ? "font-medium text-red-700" : "text-zinc-500")}>{error ?? hint}</p>
    </div>
  );
}
