"use client";

// Public keys of other installations whose bundles this one accepts: add by pasting, remove.
import { KeyRound, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { keyFingerprint } from "../../lib/bundles/bundle.ts";
import type { ActionResult } from "../../lib/flows/action-result.ts";
import { failureOf, useFlowAction } from "../flows/use-flow-action.ts";
import { Button } from "../ui/button.tsx";
import { FormAlert, TextField } from "../ui/form.tsx";
import { useToast } from "../ui/toast.tsx";

export type TrustedKeyRow = { id: string; name: string; publicKey: string; addedBy: string; createdAt: string };
export type TrustedKeyActions = {
  trust: (input: { name: string; publicKey: string }) => Promise<ActionResult<{ id: string }>>;
  untrust: (input: { trustedKeyId: string }) => Promise<ActionResult<null>>;
};

export function TrustedKeys({ keys, actions }: { keys: TrustedKeyRow[]; actions: TrustedKeyActions }) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState("");
  const [publicKey, setPublicKey] = useState("");
  const trust = useFlowAction(actions.trust, {
    onSuccess: () => {
      toast(`Bundles signed by ${name} are accepted now`);
      setName("");
      setPublicKey("");
      router.refresh();
    },
  });
  const untrust = useFlowAction(actions.untrust, { toastErrors: true, onSuccess: () => router.refresh() });
  const failure = failureOf(trust.error);
  const fieldError = (path: string) => failure?.fields?.find((f) => f.path === path)?.message;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    trust.mutate({ name, publicKey });
  };
  return (
    <div className="space-y-4">
      {keys.length > 0 && (
        <ul aria-label="Trusted keys" className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white shadow-xs">
          {keys.map((key) => (
            <li key={key.id} className="flex items-center gap-3 px-4 py-3">
              <KeyRound aria-hidden="true" className="size-4 shrink-0 text-zinc-400" />
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-zinc-900">{key.name}</p>
                <p className="truncate font-mono text-xs text-zinc-500" title={key.publicKey}>
                  {keyFingerprint(key.publicKey)} · added by {key.addedBy}
                </p>
              </div>
              <Button size="sm" variant="ghost" aria-label={`Stop trusting ${key.name}`} disabled={untrust.isPending} onClick={() => untrust.mutate({ trustedKeyId: key.id })}>
                <Trash2 aria-hidden="true" className="size-3.5" />
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
        <FormAlert message={failure && !failure.fields?.length ? failure.message : null} />
        <TextField id={`${id}-name`} name="name" label="Installation" value={name} onChange={(e) => setName(e.target.value)} error={fieldError("name")} placeholder="e.g. Plant Lyon" required />
        <TextField id={`${id}-key`} name="publicKey" label="Its public key" value={publicKey} onChange={(e) => setPublicKey(e.target.value)} error={fieldError("publicKey")} hint="Shown on that installation's Bundles page." required spellCheck={false} autoComplete="off" />
        <Button type="submit" variant="secondary" disabled={trust.isPending}>
          {trust.isPending ? "Adding…" : "Trust this key"}
        </Button>
      </form>
    </div>
  );
}
