"use client";

// The flow editor: toolbar, palette, canvas, problems panel and side panel around one editor store.
// It takes the whole window (like n8n or the Camunda Modeler): a canvas needs the room, and the
// toolbar leads back to the flows list.
import { ReactFlowProvider } from "@xyflow/react";
import { Archive, Eye } from "lucide-react";
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { emptyDefinition, type TFlowDefinition } from "../../lib/flows/definition.ts";
import { TestPanel } from "../flows/test-run/test-panel.tsx";
import { TestRunStoreProvider } from "../flows/test-run/test-run-store.ts";
import type { TestRunActions } from "../flows/test-run/test-run-types.ts";
import { useToast } from "../ui/toast.tsx";
import { ConflictDialog } from "./conflict-dialog.tsx";
import { ConnectMenu } from "./connect-menu.tsx";
import { EditorCanvas } from "./editor-canvas.tsx";
import { EditorStoreProvider, useEditorStoreApi } from "./editor-store.ts";
import type { EditorDraft, EditorFlow, EditorServerActions, ReadOnlyReason } from "./editor-types.ts";
import { HelpOverlay } from "./help-overlay.tsx";
import { CollapsedPalette, Palette } from "./palette.tsx";
import { ProblemsPanel } from "./problems-panel.tsx";
import { PublishDialog } from "./publish-dialog.tsx";
import { SidePanel } from "./side-panel.tsx";
import { Toolbar } from "./toolbar.tsx";
import { useAutosave } from "./use-autosave.ts";
import { useCommands } from "./use-commands.ts";
import { useShortcuts } from "./use-shortcuts.ts";
import { useValidation } from "./use-validation.ts";

const PALETTE_KEY = "millwright.editor.palette";

/**
 * A stored draft that no longer parses reaches the editor as it is (the validator then says what
 * is wrong); make sure the lists the canvas walks are lists, so it opens instead of crashing.
 */
function normalise(definition: TFlowDefinition): TFlowDefinition {
  const raw = (definition ?? {}) as Partial<TFlowDefinition>;
  const list = <T,>(value: T[] | undefined): T[] => (Array.isArray(value) ? value.filter((item) => item && typeof item === "object") : []);
  return {
    ...emptyDefinition(),
    ...raw,
    // Nothing is dropped (the next save would lose it); what cannot be drawn gets a place.
    nodes: list(raw.nodes).map((n) => (n.position && typeof n.position.x === "number" && typeof n.position.y === "number" ? n : { ...n, position: { x: 0, y: 0 } })),
    edges: list(raw.edges),
    notes: list(raw.notes).map((n) => ({ ...n, position: n.position ?? { x: 0, y: 0 }, size: n.size ?? { width: 240, height: 120 } })),
    settings: raw.settings && typeof raw.settings === "object" ? raw.settings : {},
  } as TFlowDefinition;
}

export type FlowEditorProps = {
  flow: EditorFlow;
  draft: EditorDraft;
  latestVersion: number | null;
  connectionNames: string[];
  readOnlyReason: ReadOnlyReason;
  actions: EditorServerActions;
  /** Test runs and test cases (components/flows/test-run); offered only on an editable flow. */
  testActions?: TestRunActions;
};

export function FlowEditor(props: FlowEditorProps) {
  const { flow, draft, readOnlyReason, connectionNames } = props;
  return (
    <EditorStoreProvider
      init={{ flowId: flow.id, definition: normalise(draft.definition), revision: draft.revision, readOnly: readOnlyReason !== null, connectionNames, lastSavedAt: draft.updatedAt }}
    >
      <ReactFlowProvider>
        {props.testActions && readOnlyReason === null ? (
          <TestRunStoreProvider flowId={flow.id} actions={props.testActions}>
            <EditorShell {...props} />
          </TestRunStoreProvider>
        ) : (
          <EditorShell {...props} />
        )}
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}

function EditorShell({ flow, draft, latestVersion: initialLatest, readOnlyReason, actions }: FlowEditorProps) {
  const store = useEditorStoreApi();
  const rootRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const toast = useToast();
  const commands = useCommands(store, canvasRef);
  const onSaveError = useCallback((message: string) => toast(`Not saved: ${message}`, "error"), [toast]);
  const { flush } = useAutosave(store, actions.saveDraft, onSaveError);
  useValidation(store);
  useShortcuts(store, commands, { flush });
  useInertAppShell(rootRef);

  const [latestVersion, setLatestVersion] = useState(initialLatest);
  const [publishedAtChange, setPublishedAtChange] = useState<number | null>(draft.matchesVersion !== null ? 0 : null);
  // Open for a new flow (where to start); folded for a built one (room for the canvas) unless the
  // analyst chose otherwise before. "/" or the + button unfold it any time.
  const [paletteOpen, setPaletteOpenState] = useState(() => draft.definition.nodes.length < 3);
  useEffect(() => {
    const saved = window.localStorage.getItem(PALETTE_KEY);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a stored preference, read after hydration
    if (saved !== null) setPaletteOpenState(saved === "open");
  }, []);
  const setPaletteOpen = useCallback((open: boolean) => {
    setPaletteOpenState(open);
    window.localStorage.setItem(PALETTE_KEY, open ? "open" : "closed");
  }, []);
  const readOnly = readOnlyReason !== null;

  // "/", "A" or "Add a trigger" while the palette is folded away: unfold it (it focuses itself).
  useEffect(() => store.subscribe((s, prev) => {
    if (s.paletteRequest.seq !== prev.paletteRequest.seq) setPaletteOpenState(true);
  }), [store]);

  return (
    <div ref={rootRef} data-flow-editor className="fixed inset-0 z-30 flex flex-col bg-zinc-50 text-zinc-900">
      <Toolbar flow={flow} commands={commands} latestVersion={latestVersion} publishedAtChange={publishedAtChange} />
      {readOnlyReason && <ReadOnlyBanner reason={readOnlyReason} />}
      <div className="flex min-h-0 flex-1">
        {!readOnly && (
          <>
            <div className={paletteOpen ? "contents" : "hidden"}>
              <Palette commands={commands} onClose={() => setPaletteOpen(false)} />
            </div>
            {!paletteOpen && <CollapsedPalette onOpen={() => store.getState().openPalette(null)} />}
          </>
        )}
        <section className="flex min-w-0 flex-1 flex-col" aria-label="Canvas">
          <div className="relative min-h-0 flex-1">
            <EditorCanvas commands={commands} canvasRef={canvasRef} />
          </div>
          <TestPanel commands={commands} />
          <ProblemsPanel commands={commands} />
        </section>
        <SidePanel commands={commands} flow={flow} rename={actions.rename} />
      </div>
      <HelpOverlay />
      <ConnectMenu commands={commands} />
      <ConflictDialog />
      {!readOnly && (
        <PublishDialog
          flowId={flow.id}
          releaseTarget={flow.releaseTarget ?? null}
          publish={actions.publish}
          flush={flush}
          commands={commands}
          latestVersion={latestVersion}
          onPublished={(number) => {
            setLatestVersion(number);
            setPublishedAtChange(store.getState().changeVersion);
          }}
        />
      )}
    </div>
  );
}

function ReadOnlyBanner({ reason }: { reason: Exclude<ReadOnlyReason, null> }) {
  const Icon = reason === "archived" ? Archive : Eye;
  return (
    <div role="note" data-testid="read-only-banner" className="flex shrink-0 items-center gap-2 border-b border-amber-200 bg-amber-50 px-4 py-2 text-[13px] text-amber-900">
      <Icon aria-hidden="true" className="size-4 shrink-0 text-amber-700" />
      {reason === "archived" ? (
        <span><span className="font-semibold">Archived flow: read-only.</span> Its versions and runs stay; restore it from the Flows list to edit it again.</span>
      ) : (
        <span><span className="font-semibold">Read-only.</span> Approvers can look at flows and their versions; integration analysts edit them.</span>
      )}
    </div>
  );
}

/**
 * The editor covers the app's sidebar; make what it covers unreachable for the keyboard and screen
 * readers while it is open (the sidebar's links would otherwise be tabbed to, invisibly).
 */
function useInertAppShell(rootRef: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    const changed: Element[] = [];
    for (let node: Element | null = root; node && node !== document.body; node = node.parentElement) {
      for (const sibling of node.parentElement?.children ?? []) {
        if (sibling === node || sibling.hasAttribute("inert")) continue;
        // Only the app's frame (sidebar, skip link); live regions such as toasts stay reachable.
        if (sibling.matches("aside, nav, header, a[href='#content']")) {
          sibling.setAttribute("inert", "");
          changed.push(sibling);
        }
      }
    }
    return () => changed.forEach((el) => el.removeAttribute("inert"));
  }, [rootRef]);
}
