"use client";

// The confirmations in front of every run action: cancel, discard (both destructive, red), and
// replay, which for one run can swap the step's original input for an edited JSON input.
import { useState } from "react";
import type { BulkOutcome } from "../../lib/runs/run-actions.ts";
import { CodeEditor } from "../code-editor/code-editor.tsx";
import { SubmitFooter } from "../flows/flow-dialogs.tsx";
import { JsonView } from "../flows/json-view.tsx";
import { failureOf } from "../flows/use-flow-action.ts";
import { FormAlert } from "../ui/form.tsx";
import { Modal, ModalBody } from "../ui/modal.tsx";
import { useRunAction, type RunActions } from "./use-run-actions.ts";

/** Which dialog is open, for which runs. `step` (one run): the step a replay starts at, and its input. */
export type RunDialogRequest =
  | { kind: "cancel"; runIds: string[] }
  | { kind: "discard"; runIds: string[] }
  | { kind: "replay"; runIds: string[]; from: "failed" | "start"; step?: { label: string; input: unknown } };

const runs = (n: number) => (n === 1 ? "this run" : `${n} runs`);

export function RunActionDialog({ request, onClose, actions, onDone }: { request: RunDialogRequest | null; onClose: () => void; actions: RunActions; onDone?: (outcome: BulkOutcome) => void }) {
  const title = !request
    ? ""
    : request.kind === "cancel"
      ? `Cancel ${runs(request.runIds.length)}?`
      : request.kind === "discard"
        ? `Discard ${runs(request.runIds.length)}?`
        : request.from === "failed"
          ? `Replay ${runs(request.runIds.length)} from the failed step`
          : `Replay ${runs(request.runIds.length)} from the start`;
  return (
    <Modal open={request !== null} onClose={onClose} width={request?.kind === "replay" && request.step ? "md" : "sm"} title={title}>
      {request?.kind === "replay" ? (
        <ReplayForm request={request} action={actions.replay} onCancel={onClose} onDone={(outcome) => { onClose(); onDone?.(outcome); }} />
      ) : request ? (
        <ConfirmForm request={request} actions={actions} onCancel={onClose} onDone={(outcome) => { onClose(); onDone?.(outcome); }} />
      ) : null}
    </Modal>
  );
}

function ConfirmForm({ request, actions, onCancel, onDone }: { request: Extract<RunDialogRequest, { kind: "cancel" | "discard" }>; actions: RunActions; onCancel: () => void; onDone: (outcome: BulkOutcome) => void }) {
  const cancel = request.kind === "cancel";
  const mutation = useRunAction(cancel ? actions.cancel : actions.discard, cancel ? "cancelled" : "discarded", onDone);
  const failure = failureOf(mutation.error);
  const many = request.runIds.length > 1;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate({ runIds: request.runIds });
      }}
      className="flex min-h-0 flex-1 flex-col"
    >
      <ModalBody>
        <FormAlert message={failure?.message} />
        <div className="space-y-3 text-sm leading-6 text-zinc-600">
          {cancel ? (
            <p>
              {many ? "The runs stop" : "The run stops"}: steps still queued or waiting will not run, and a step running right now finishes its current
              call first. <span className="font-medium text-zinc-900">A cancelled run cannot be resumed</span>, only replayed from the start.
            </p>
          ) : (
            <p>
              {many ? "The runs leave" : "The run leaves"} the dead letters and {many ? "are" : "is"} not retried.{" "}
              <span className="font-medium text-zinc-900">Nothing is undone in the systems the steps already called.</span>
            </p>
          )}
          <p>The audit trail records who did it.</p>
        </div>
      </ModalBody>
      <SubmitFooter
        onCancel={onCancel}
        pending={mutation.isPending}
        variant="danger"
        label={cancel ? (many ? "Cancel runs" : "Cancel run") : many ? `Discard ${request.runIds.length} runs` : "Discard run"}
        pendingLabel={cancel ? "Cancelling…" : "Discarding…"}
      />
    </form>
  );
}

function ReplayForm({ request, action, onCancel, onDone }: { request: Extract<RunDialogRequest, { kind: "replay" }>; action: RunActions["replay"]; onCancel: () => void; onDone: (outcome: BulkOutcome) => void }) {
  const mutation = useRunAction(action, "replayed", onDone);
  const [edit, setEdit] = useState(false);
  const original = request.step ? JSON.stringify(request.step.input ?? null, null, 2) : "";
  const [text, setText] = useState(original);
  const [invalid, setInvalid] = useState<string | null>(null);
  const failure = failureOf(mutation.error);
  const many = request.runIds.length > 1;
  const where = request.from === "failed" ? (many ? "each run's failed step" : request.step ? `“${request.step.label}”` : "the failed step") : "the trigger";

  function submit() {
    if (!edit || !request.step) {
      mutation.mutate({ runIds: request.runIds, from: request.from });
      return;
    }
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (error) {
      setInvalid(`The input is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    setInvalid(null);
    mutation.mutate({ runIds: request.runIds, from: request.from, input });
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      className="flex min-h-0 flex-1 flex-col"
    >
      <ModalBody>
        <FormAlert message={invalid ?? failure?.message} />
        <p className="text-sm leading-6 text-zinc-600">
          {many ? "The runs start again" : "The run starts again"} at {where}, on {many ? "their" : "its"} pinned version. Steps before it keep their
          results; steps after it run again.
        </p>
        {request.step && (
          <fieldset className="space-y-3">
            <legend className="text-sm font-medium text-zinc-800">Input of {request.step.label}</legend>
            <div className="flex gap-5 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" name="input" checked={!edit} onChange={() => setEdit(false)} className="accent-accent-600" />
                The original input
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="input" checked={edit} onChange={() => setEdit(true)} className="accent-accent-600" />
                An edited input
              </label>
            </div>
            {edit ? (
              <CodeEditor value={text} onChange={setText} language="json" ariaLabel="Replay input (JSON)" minHeight="12rem" maxHeight="22rem" />
            ) : (
              <JsonView value={request.step.input ?? null} className="max-h-72" />
            )}
          </fieldset>
        )}
      </ModalBody>
      <SubmitFooter onCancel={onCancel} pending={mutation.isPending} label={many ? `Replay ${request.runIds.length} runs` : "Replay run"} pendingLabel="Replaying…" />
    </form>
  );
}
