"use client";

// Personal API tokens: create one (shown once, with a ready-to-run example), revoke one.
import { SubmitFooter } from "../flows/flow-dialogs.tsx";
import { Check, Copy, KeyRound, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { ZCreateApiToken, type CreatedApiToken } from "../../lib/api-tokens/api-token-schemas.ts";
import { failureOf, useFlowAction, type FlowAction } from "../flows/use-flow-action.ts";
import { Button } from "../ui/button.tsx";
import { FormAlert, TextField } from "../ui/form.tsx";
import { Modal, ModalBody, ModalFooter } from "../ui/modal.tsx";
import { ConfirmButton } from "./confirm-button.tsx";

export type TokenActions = {
  create: FlowAction<{ name: string }, CreatedApiToken>;
  revoke: FlowAction<{ tokenId: string }, null>;
};

export function NewTokenButton({ create, origin }: { create: TokenActions["create"]; origin: string }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const router = useRouter();
  const close = () => {
    setOpen(false);
    setCreated(null);
    router.refresh();
  };
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        <Plus aria-hidden="true" />
        New token
      </Button>
      <Modal
        open={open}
        onClose={close}
        title={created ? `Token ${created.name} created` : "New API token"}
        description={created ? "Copy it now: it is shown only once." : "It acts as you, with your roles, until you revoke it."}
      >
        {created ? <ShowToken created={created} origin={origin} onClose={close} /> : <TokenForm create={create} onCreated={setCreated} onCancel={close} />}
      </Modal>
    </>
  );
}

function TokenForm({ create, onCreated, onCancel }: { create: TokenActions["create"]; onCreated: (token: CreatedApiToken) => void; onCancel: () => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const [clientError, setClientError] = useState<string | undefined>();
  const mutation = useFlowAction(create, { onSuccess: onCreated });
  const failure = failureOf(mutation.error);
  const error = clientError ?? failure?.fields?.find((f) => f.path === "name")?.message;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZCreateApiToken.safeParse({ name });
    setClientError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    if (parsed.success) mutation.mutate(parsed.data);
  };
  return (
    <form onSubmit={submit} noValidate className="flex min-h-0 flex-1 flex-col">
      <ModalBody>
        <FormAlert message={failure && !failure.fields?.length ? failure.message : null} />
        <TextField
          id={`${id}-name`} name="name" label="Name" value={name} onChange={(e) => setName(e.target.value)} error={error} maxLength={100}
          autoComplete="off" placeholder="Teams approvals bot" hint="Where it is used, so you know which one to revoke later."
        />
      </ModalBody>
      <SubmitFooter onCancel={onCancel} cancelDisabled={mutation.isPending} pending={mutation.isPending} label="Create token" pendingLabel="Creating…" />
    </form>
  );
}

function ShowToken({ created, origin, onClose }: { created: CreatedApiToken; origin: string; onClose: () => void }) {
  const example = `curl -H "Authorization: Bearer ${created.token}" ${origin}/api/v1/tasks`;
  return (
    <>
      <ModalBody>
        <CopyField label="Token" value={created.token} />
        <CopyField label="Try it" value={example} multiline />
        <p className="flex gap-2 text-xs leading-5 text-zinc-500">
          <KeyRound aria-hidden="true" className="mt-0.5 size-3.5 shrink-0" />
          Millwright keeps only a fingerprint of the token. If you lose it, revoke it and create a new one.
        </p>
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" onClick={onClose}>
          I have copied it
        </Button>
      </ModalFooter>
    </>
  );
}

function CopyField({ label, value, multiline = false }: { label: string; value: string; multiline?: boolean }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(value);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div>
      <div className="flex items-center justify-between">
        <label htmlFor={id} className="text-sm font-medium text-zinc-800">
          {label}
        </label>
        <Button variant="ghost" size="sm" onClick={copy}>
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <textarea
        id={id} readOnly value={value} rows={multiline ? 3 : 1} onFocus={(e) => e.currentTarget.select()}
        className="mt-1.5 block w-full resize-none rounded-md border-0 bg-zinc-50 px-3 py-2 font-mono text-xs break-all text-zinc-900 ring-1 ring-zinc-200 ring-inset focus:ring-2 focus:ring-accent-500 focus:outline-none"
      />
    </div>
  );
}

export function RevokeTokenButton({ token, revoke }: { token: { id: string; name: string }; revoke: TokenActions["revoke"] }) {
  return (
    <ConfirmButton label="Revoke" ariaLabel={`Revoke ${token.name}`} title={`Revoke ${token.name}?`} confirmLabel="Revoke token" done={`${token.name} was revoked.`} action={revoke} input={{ tokenId: token.id }}>
      Anything using this token gets <span className="font-medium text-zinc-900">401 Unauthorized</span> from its next request. This cannot be undone.
    </ConfirmButton>
  );
}
