"use client";

import { LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { ActionFailure } from "../../lib/flows/action-result.ts";
import { zodIssuesToFields } from "../../lib/flows/action-result.ts";
import { ZCreateFlow, ZRenameFlow } from "../../lib/flows/flow-schemas.ts";
import { Button } from "../ui/button.tsx";
import { FormAlert, TextField } from "../ui/form.tsx";
import { Modal, ModalBody, ModalFooter } from "../ui/modal.tsx";
import { failureField, TextAreaField } from "./fields.tsx";
import { failureOf, useFlowAction, type FlowAction } from "./use-flow-action.ts";

export type CreateFlowAction = FlowAction<{ name: string; description?: string }, { id: string; slug: string }>;
export type RenameFlowAction = FlowAction<{ flowId: string; name: string; description?: string }, unknown>;
export type FlowRefAction = FlowAction<{ flowId: string }, unknown>;

const CHECK_FIELDS = "Check the highlighted fields.";

function clientFailure(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ActionFailure {
  return { ok: false, code: "VALIDATION", message: CHECK_FIELDS, fields: zodIssuesToFields(issues) };
}

/** The top-of-form message, unless the only problems are field errors shown beside their fields. */
function formMessage(failure: ActionFailure | null): string | null {
  if (!failure) return null;
  if (failure.fields?.length && failure.message === CHECK_FIELDS) return null;
  return failure.message;
}

/** Focus the first field in error after a failed submit, so it is announced. */
function useFocusFirstError(failure: ActionFailure | null) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!failure) return;
    const form = formRef.current;
    (form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('[role="alert"]'))?.focus();
  }, [failure]);
  return formRef;
}

export function SubmitFooter({ onCancel, pending, label, pendingLabel, variant = "primary", disabled, cancelDisabled }: {
  onCancel: () => void; pending: boolean; label: string; pendingLabel?: string; variant?: "primary" | "danger"; disabled?: boolean; cancelDisabled?: boolean;
}) {
  return (
    <ModalFooter>
      <Button onClick={onCancel} disabled={cancelDisabled}>Cancel</Button>
      <Button type="submit" variant={variant} disabled={pending || disabled}>
        {pending && <LoaderCircle aria-hidden="true" className="animate-spin" />}
        {pending && pendingLabel ? pendingLabel : label}
      </Button>
    </ModalFooter>
  );
}

// ---- New flow ---------------------------------------------------------------------------------

/** "New flow": name and description; creates the flow, then opens it in the editor. */
export function NewFlowDialog({ open, onClose, action }: { open: boolean; onClose: () => void; action: CreateFlowAction }) {
  return (
    <Modal open={open} onClose={onClose} title="New flow" description="Start from an empty canvas; you add the trigger first.">
      <NewFlowForm action={action} onCancel={onClose} />
    </Modal>
  );
}

function NewFlowForm({ action, onCancel }: { action: CreateFlowAction; onCancel: () => void }) {
  const router = useRouter();
  const [clientError, setClientError] = useState<ActionFailure | null>(null);
  const [navigating, setNavigating] = useState(false);
  const create = useFlowAction(action, {
    onSuccess: (data) => {
      setNavigating(true);
      router.push(`/flows/${data.id}`);
    },
  });
  const failure = clientError ?? failureOf(create.error);
  const formRef = useFocusFirstError(failure);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") };
    const parsed = ZCreateFlow.safeParse(input);
    if (!parsed.success) return setClientError(clientFailure(parsed.error.issues));
    setClientError(null);
    create.mutate(parsed.data);
  }

  const pending = create.isPending || navigating;
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="flex min-h-0 flex-1 flex-col">
      <ModalBody>
        <FormAlert message={formMessage(failure)} />
        <TextField
          id="new-flow-name"
          name="name"
          label="Name"
          autoComplete="off"
          required
          autoFocus
          placeholder="e.g. Maintenance parts reservation"
          error={failureField(failure, "name")}
          hint="Shown in lists and approvals. The URL key is made from it once and never changes."
        />
        <TextAreaField
          id="new-flow-description"
          name="description"
          label="Description"
          placeholder="What starts it, what it changes in Odoo, who relies on it."
          error={failureField(failure, "description")}
        />
      </ModalBody>
      <SubmitFooter onCancel={onCancel} pending={pending} label="Create flow" pendingLabel="Creating…" />
    </form>
  );
}

// ---- Rename -----------------------------------------------------------------------------------

export type RenameValues = { name: string; description: string };

/** Rename (and re-describe) a flow. The list applies it optimistically; a refusal reopens this with the reason. */
export function RenameFlowDialog({
  open, onClose, flowName, initial, failure, onSubmit,
}: {
  open: boolean; onClose: () => void; flowName: string; initial: RenameValues; failure: ActionFailure | null; onSubmit: (values: RenameValues) => void;
}) {
  return (
    <Modal open={open} onClose={onClose} title={`Rename ${flowName}`} description="The URL key and webhook paths stay the same.">
      <RenameForm initial={initial} serverFailure={failure} onCancel={onClose} onSubmit={onSubmit} />
    </Modal>
  );
}

function RenameForm({ initial, serverFailure, onCancel, onSubmit }: { initial: RenameValues; serverFailure: ActionFailure | null; onCancel: () => void; onSubmit: (values: RenameValues) => void }) {
  const [clientError, setClientError] = useState<ActionFailure | null>(null);
  const failure = clientError ?? serverFailure;
  const formRef = useFocusFirstError(failure);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = { name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") };
    const parsed = ZRenameFlow.omit({ flowId: true }).safeParse(values);
    if (!parsed.success) return setClientError(clientFailure(parsed.error.issues));
    setClientError(null);
    onSubmit({ name: parsed.data.name, description: parsed.data.description ?? "" });
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex min-h-0 flex-1 flex-col">
      <ModalBody>
        <FormAlert message={formMessage(failure)} />
        <TextField id="rename-flow-name" name="name" label="Name" defaultValue={initial.name} autoComplete="off" required autoFocus error={failureField(failure, "name")} />
        <TextAreaField id="rename-flow-description" name="description" label="Description" defaultValue={initial.description} error={failureField(failure, "description")} />
      </ModalBody>
      <SubmitFooter onCancel={onCancel} pending={false} label="Save" />
    </form>
  );
}

// ---- Archive ----------------------------------------------------------------------------------

/** Confirmation before archiving: what happens to versions, releases and runs. */
export function ArchiveFlowDialog({
  open, onClose, flowId, flowName, releasedTo, action, onDone,
}: {
  open: boolean; onClose: () => void; flowId: string; flowName: string; releasedTo: string[]; action: FlowRefAction; onDone: () => void;
}) {
  return (
    <Modal open={open} onClose={onClose} width="sm" title={`Archive ${flowName}?`}>
      <ArchiveForm flowId={flowId} releasedTo={releasedTo} action={action} onCancel={onClose} onDone={onDone} />
    </Modal>
  );
}

function ArchiveForm({ flowId, releasedTo, action, onCancel, onDone }: { flowId: string; releasedTo: string[]; action: FlowRefAction; onCancel: () => void; onDone: () => void }) {
  const archive = useFlowAction(action, { onSuccess: onDone });
  const failure = failureOf(archive.error);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        archive.mutate({ flowId });
      }}
      className="flex min-h-0 flex-1 flex-col"
    >
      <ModalBody>
        <FormAlert message={failure?.message} />
        <div className="space-y-3 text-sm leading-6 text-zinc-600">
          <p>
            The flow leaves the list and becomes read-only. <span className="font-medium text-zinc-900">Its versions and runs are kept</span>, and the
            audit trail records who archived it.
          </p>
          {releasedTo.length > 0 && (
            <p>
              It is still released to <span className="font-medium text-zinc-900">{releasedTo.join(", ")}</span>; archiving does not change those
              releases.
            </p>
          )}
          <p>You can unarchive it at any time from the archived flows.</p>
        </div>
      </ModalBody>
      <SubmitFooter onCancel={onCancel} pending={archive.isPending} variant="danger" label="Archive flow" pendingLabel="Archiving…" />
    </form>
  );
}
