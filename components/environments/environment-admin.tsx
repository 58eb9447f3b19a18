"use client";

// Environment admin on the Environments page: add one, edit its name, protection and webhook base
// URL, move it along the promotion path. Every change is audited by the server.
import { SubmitFooter } from "../flows/flow-dialogs.tsx";
import { ArrowDown, ArrowUp, Pencil, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import type { ActionResult } from "../../lib/flows/action-result.ts";
import { failureOf, useFlowAction } from "../flows/use-flow-action.ts";
import { Button } from "../ui/button.tsx";
import { FormAlert, TextField } from "../ui/form.tsx";
import { Modal, ModalBody } from "../ui/modal.tsx";
import { useToast } from "../ui/toast.tsx";

export type EditableEnvironment = { id: string; key: string; name: string; protected: boolean; webhookBaseUrl: string | null };
type Fields = { name: string; protected: boolean; webhookBaseUrl: string };

export type EnvironmentAdminActions = {
  add: (input: Fields & { key: string }) => Promise<ActionResult<{ id: string }>>;
  update: (input: Fields & { environmentId: string }) => Promise<ActionResult<null>>;
  move: (input: { environmentId: string; direction: "earlier" | "later" }) => Promise<ActionResult<null>>;
};

export function AddEnvironmentButton({ actions }: { actions: EnvironmentAdminActions }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        <Plus aria-hidden="true" className="size-4" />
        Add environment
      </Button>
      <EnvironmentDialog open={open} onClose={() => setOpen(false)} actions={actions} environment={null} />
    </>
  );
}

export function EnvironmentControls({ actions, environment, first, last }: { actions: EnvironmentAdminActions; environment: EditableEnvironment; first: boolean; last: boolean }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const move = useFlowAction(actions.move, { toastErrors: true, onSuccess: () => router.refresh() });
  return (
    <div className="flex items-center gap-0.5">
      <Button size="sm" variant="ghost" aria-label={`Move ${environment.name} earlier`} title="Earlier in the path" disabled={first || move.isPending} onClick={() => move.mutate({ environmentId: environment.id, direction: "earlier" })}>
        <ArrowUp aria-hidden="true" className="size-3.5 lg:-rotate-90" />
      </Button>
      <Button size="sm" variant="ghost" aria-label={`Move ${environment.name} later`} title="Later in the path" disabled={last || move.isPending} onClick={() => move.mutate({ environmentId: environment.id, direction: "later" })}>
        <ArrowDown aria-hidden="true" className="size-3.5 lg:-rotate-90" />
      </Button>
      <Button size="sm" variant="ghost" aria-label={`Edit ${environment.name}`} title="Edit" onClick={() => setOpen(true)}>
        <Pencil aria-hidden="true" className="size-3.5" />
      </Button>
      <EnvironmentDialog open={open} onClose={() => setOpen(false)} actions={actions} environment={environment} />
    </div>
  );
}

function EnvironmentDialog({ open, onClose, actions, environment }: { open: boolean; onClose: () => void; actions: EnvironmentAdminActions; environment: EditableEnvironment | null }) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [key, setKey] = useState("");
  const [fields, setFields] = useState<Fields>({ name: environment?.name ?? "", protected: environment?.protected ?? false, webhookBaseUrl: environment?.webhookBaseUrl ?? "" });
  const done = (message: string) => {
    toast(message);
    router.refresh();
    onClose();
  };
  const add = useFlowAction(actions.add, { onSuccess: () => done(`${fields.name} added at the end of the promotion path`) });
  const update = useFlowAction(actions.update, { onSuccess: () => done(`${fields.name} saved`) });
  const mutation = environment ? update : add;
  const failure = failureOf(mutation.error);
  const fieldError = (path: string) => failure?.fields?.find((f) => f.path === path)?.message;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (environment) update.mutate({ environmentId: environment.id, ...fields });
    else add.mutate({ key, ...fields });
  };
  return (
    <Modal open={open} onClose={onClose} title={environment ? `Edit ${environment.name}` : "Add an environment"} description={environment ? `Key ${environment.key} (part of webhook URLs, cannot change).` : "It joins the end of the promotion path; move it where it belongs afterwards."}>
      <form onSubmit={submit} className="contents">
        <ModalBody>
          <FormAlert message={failure && !failure.fields?.length ? failure.message : null} />
          {!environment && (
            <TextField id={`${id}-key`} name="key" label="Key" value={key} onChange={(e) => setKey(e.target.value)} error={fieldError("key")} hint="Lowercase, as in /api/hooks/<key>/<flow>, e.g. staging" required autoFocus />
          )}
          <TextField id={`${id}-name`} name="name" label="Name" value={fields.name} onChange={(e) => setFields({ ...fields, name: e.target.value })} error={fieldError("name")} required />
          <TextField
            id={`${id}-url`} name="webhookBaseUrl" label="Webhook base URL" value={fields.webhookBaseUrl} onChange={(e) => setFields({ ...fields, webhookBaseUrl: e.target.value })}
            error={fieldError("webhookBaseUrl")} hint="Where callers reach this environment's webhooks, e.g. https://integrations.plant.example. Empty: this server's address." placeholder="https://"
          />
          <label className="flex items-start gap-2.5">
            <input type="checkbox" checked={fields.protected} onChange={(e) => setFields({ ...fields, protected: e.target.checked })} className="mt-0.5 size-4 rounded border-zinc-300 text-accent-600" />
            <span>
              <span className="block text-sm font-medium text-zinc-800">Protected</span>
              <span className="block text-xs text-zinc-500">Promotions into it need a second administrator, who neither requested them nor wrote the version.</span>
            </span>
          </label>
        </ModalBody>
        <SubmitFooter onCancel={onClose} cancelDisabled={mutation.isPending} pending={mutation.isPending} label={environment ? "Save" : "Add environment"} pendingLabel="Saving…" />
      </form>
    </Modal>
  );
}
