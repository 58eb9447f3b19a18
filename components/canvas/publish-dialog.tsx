"use client";

// Publish: saves what is left, then snapshots the draft into the next numbered version. Blocking
// problems are listed instead of a Publish button; each one leads to its step.
import { useMutation } from "@tanstack/react-query";
import { CircleAlert, Rocket, TriangleAlert } from "lucide-react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { FlowIssue } from "../../lib/flows/definition.ts";
import { Button } from "../ui/button.tsx";
import { FormAlert, inputClasses } from "../ui/form.tsx";
import { Modal, ModalBody, ModalFooter } from "../ui/modal.tsx";
import { useToast } from "../ui/toast.tsx";
import { useEditor, useEditorStoreApi } from "./editor-store.ts";
import type { PublishFn } from "./editor-types.ts";
import { definitionOf } from "./ports.ts";
import { issueCounts, sortIssues, useIssueActivation } from "./problems-panel.tsx";
import type { EditorCommands } from "./use-commands.ts";

export type ReleaseTarget = { key: string; name: string };

export function PublishDialog({
  flowId, releaseTarget, publish, flush, commands, latestVersion, onPublished,
}: {
  flowId: string; releaseTarget: ReleaseTarget | null; publish: PublishFn; flush: () => Promise<boolean>; commands: EditorCommands; latestVersion: number | null; onPublished: (number: number) => void;
}) {
  const store = useEditorStoreApi();
  const open = useEditor((s) => s.publishOpen);
  return (
    <Modal
      open={open}
      onClose={() => store.getState().setPublishOpen(false)}
      title={`Publish v${(latestVersion ?? 0) + 1}`}
      description="A version is an immutable snapshot of the draft. Admins promote versions to test and production."
    >
      <PublishBody flowId={flowId} releaseTarget={releaseTarget} publish={publish} flush={flush} commands={commands} onPublished={onPublished} nextNumber={(latestVersion ?? 0) + 1} />
    </Modal>
  );
}

function PublishBody({
  flowId, releaseTarget, publish, flush, commands, onPublished, nextNumber,
}: {
  flowId: string; releaseTarget: ReleaseTarget | null; publish: PublishFn; flush: () => Promise<boolean>; commands: EditorCommands; onPublished: (number: number) => void; nextNumber: number;
}) {
  const store = useEditorStoreApi();
  const toast = useToast();
  const localIssues = useEditor((s) => s.issues);
  const nodes = useEditor((s) => s.definition.nodes);
  const [serverIssues, setServerIssues] = useState<FlowIssue[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [release, setRelease] = useState(true);
  const noteId = useId();
  const releaseId = useId();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const frame = requestAnimationFrame(() => noteRef.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, []);
  const issues = serverIssues ?? localIssues;
  const { errors, warnings } = issueCounts(issues);
  const blocking = useMemo(() => sortIssues(issues).filter((i) => i.severity === "error"), [issues]);
  const activate = useIssueActivation(commands);
  const nameOf = (id: string | undefined) => {
    const n = id ? nodes.find((x) => x.id === id) : undefined;
    return n ? n.label || definitionOf(n)?.label || n.kind : null;
  };

  const mutation = useMutation({
    mutationFn: async () => {
      // Publish exactly what the analyst sees: save first, then name that revision.
      const saved = await flush();
      const state = store.getState();
      if (!saved) {
        if (state.conflict) return { ok: false as const, code: "CONFLICT" as const, message: "" };
        return { ok: false as const, code: "INTERNAL" as const, message: state.saveError ?? "The draft could not be saved; try again." };
      }
      return publish({ flowId, baseRevision: state.revision, note: note.trim(), release: Boolean(releaseTarget) && release });
    },
    onSuccess: (result) => {
      const state = store.getState();
      if (result.ok) {
        state.setPublishOpen(false);
        const { released, releaseProblem } = result.data;
        if (released) toast(`Published v${result.data.number} and released it to ${released.environmentName}`);
        else if (releaseProblem) toast(`Published v${result.data.number}, not released: ${releaseProblem}`, "error");
        else toast(`Published v${result.data.number}`);
        onPublished(result.data.number);
        return;
      }
      if (result.code === "CONFLICT" && "conflict" in result && result.conflict) {
        state.saveConflicted(result.conflict);
        state.setPublishOpen(false);
        return;
      }
      if (result.code === "CONFLICT" && state.conflict) {
        state.setPublishOpen(false);
        return;
      }
      if (result.code === "INVALID" && "issues" in result && result.issues) setServerIssues(result.issues);
      setMessage(result.message);
    },
    onError: () => setMessage("Could not reach the server. Try again in a moment."),
  });

  function goTo(issue: FlowIssue) {
    store.getState().setPublishOpen(false);
    activate(issue);
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (errors === 0 && !mutation.isPending) {
          setMessage(null);
          mutation.mutate();
        }
      }}
    >
      <ModalBody>
        <FormAlert message={message} />
        {errors > 0 ? (
          <div data-testid="publish-blocked">
            <p className="flex items-center gap-2 text-sm font-medium text-red-800">
              <CircleAlert aria-hidden="true" className="size-4 text-red-600" />
              Fix {errors} {errors === 1 ? "problem" : "problems"} before publishing:
            </p>
            <ul className="mt-2 divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200">
              {blocking.slice(0, 8).map((issue, i) => (
                <li key={i}>
                  <button type="button" onClick={() => goTo(issue)} className="flex w-full items-start gap-2 px-3 py-2 text-left text-[13px] leading-5 hover:bg-zinc-50">
                    <span className="min-w-0 flex-1 text-zinc-800">{issue.message}</span>
                    {nameOf(issue.nodeId) && <span className="shrink-0 rounded bg-zinc-100 px-1.5 text-xs font-medium text-zinc-600">{nameOf(issue.nodeId)}</span>}
                  </button>
                </li>
              ))}
            </ul>
            {blocking.length > 8 && <p className="mt-2 text-xs text-zinc-500">and {blocking.length - 8} more in the Problems panel.</p>}
          </div>
        ) : (
          <>
            <div>
              <label htmlFor={noteId} className="block text-sm font-medium text-zinc-800">What changed?</label>
              <textarea
                id={noteId}
                ref={noteRef}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={500}
                rows={3}
                placeholder="e.g. Route urgent work orders to an approver first"
                className={inputClasses(false, "mt-1.5 h-auto py-2 leading-5")}
              />
              <p className="mt-1.5 text-xs text-zinc-500">Shown in the version history and to the admin who promotes it.</p>
            </div>
            {releaseTarget && (
              <label htmlFor={releaseId} className="flex items-start gap-2.5 rounded-md px-3 py-2.5 ring-1 ring-zinc-200 ring-inset">
                <input id={releaseId} type="checkbox" checked={release} onChange={(e) => setRelease(e.target.checked)} className="mt-0.5 size-4 accent-accent-600" />
                <span>
                  <span className="block text-sm font-medium text-zinc-800">Release to {releaseTarget.name} ({releaseTarget.key}) after publishing</span>
                  <span className="mt-0.5 block text-xs leading-5 text-zinc-500">Its triggers (webhook, schedule, Odoo) then start runs of this version there. Later environments get it by promotion.</span>
                </span>
              </label>
            )}
            {warnings > 0 && (
              <p className="flex items-start gap-2 rounded-md bg-amber-50 px-3 py-2 text-xs leading-5 text-amber-900 ring-1 ring-amber-200 ring-inset">
                <TriangleAlert aria-hidden="true" className="mt-0.5 size-3.5 shrink-0 text-amber-600" />
                {warnings} {warnings === 1 ? "warning does" : "warnings do"} not block publishing; see the Problems panel.
              </p>
            )}
          </>
        )}
      </ModalBody>
      <ModalFooter>
        <Button onClick={() => store.getState().setPublishOpen(false)}>{errors > 0 ? "Close" : "Cancel"}</Button>
        {errors === 0 && (
          <Button type="submit" variant="primary" disabled={mutation.isPending}>
            <Rocket aria-hidden="true" />
            {mutation.isPending ? "Publishing…" : `Publish v${nextNumber}`}
          </Button>
        )}
      </ModalFooter>
    </form>
  );
}
