"use client";

// "While I'm away, a colleague decides my tasks": hand over (from a day, until a day or until
// revoked) and revoke. Days are picked in the person's own time zone and sent as instants.
import { SubmitFooter } from "../flows/flow-dialogs.tsx";
import { CalendarClock } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { ZCreateDelegation, type DelegationPerson } from "../../lib/delegations/delegation-schemas.ts";
import { zodIssuesToFields } from "../../lib/flows/action-result.ts";
import { failureOf, useFlowAction, type FlowAction } from "../flows/use-flow-action.ts";
import { Button } from "../ui/button.tsx";
import { FieldError, FormAlert, inputClasses } from "../ui/form.tsx";
import { Modal, ModalBody } from "../ui/modal.tsx";
import { useToast } from "../ui/toast.tsx";
import { ConfirmButton } from "./confirm-button.tsx";

export type DelegationInput = { fromUserId?: string; toUserId: string; startsAt: string; endsAt: string | null; note: string };
export type DelegationActions = {
  create: FlowAction<DelegationInput, { id: string }>;
  revoke: FlowAction<{ delegationId: string }, null>;
};

export function NewDelegationButton({ create, people, me, isAdmin }: { create: DelegationActions["create"]; people: DelegationPerson[]; me: string; isAdmin: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        <CalendarClock aria-hidden="true" />
        Hand over tasks
      </Button>
      <Modal
        open={open}
        onClose={() => setOpen(false)}
        title="While you're away"
        description={`A colleague sees and decides the tasks addressed to ${isAdmin ? "the person who is away" : "you"}, on their behalf.`}
      >
        <DelegationForm create={create} people={people} me={me} isAdmin={isAdmin} onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}

/** yyyy-mm-dd of a local day -> the instant it starts in this browser's time zone. */
function startOfDay(day: string, plusDays = 0): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, (d ?? 1) + plusDays);
}

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

function DelegationForm({ create, people, me, isAdmin, onDone }: { create: DelegationActions["create"]; people: DelegationPerson[]; me: string; isAdmin: boolean; onDone: () => void }) {
  const id = useId();
  const toast = useToast();
  const router = useRouter();
  const [fromUserId, setFromUserId] = useState(me);
  const [toUserId, setToUserId] = useState("");
  const [from, setFrom] = useState(today);
  const [until, setUntil] = useState("");
  const [note, setNote] = useState("");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const colleague = people.find((p) => p.id === toUserId);
  const mutation = useFlowAction(create, {
    onSuccess: () => {
      toast(`${colleague?.name ?? "Your colleague"} will decide ${fromUserId === me ? "your" : "their"} tasks. They have been notified.`);
      router.refresh();
      onDone();
    },
  });
  const failure = failureOf(mutation.error);
  const errors: Record<string, string> = { ...clientErrors };
  for (const field of failure?.fields ?? []) errors[field.path] ??= field.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: DelegationInput = {
      ...(fromUserId !== me ? { fromUserId } : {}),
      toUserId,
      startsAt: from ? startOfDay(from).toISOString() : "",
      // Exclusive end: the start of the day after the last day away.
      endsAt: until ? startOfDay(until, 1).toISOString() : null,
      note,
    };
    const parsed = ZCreateDelegation.safeParse(input);
    if (!parsed.success) {
      setClientErrors(Object.fromEntries(zodIssuesToFields(parsed.error.issues).map((f) => [f.path, f.message])));
      return;
    }
    setClientErrors({});
    mutation.mutate(input);
  };

  return (
    <form onSubmit={submit} noValidate className="flex min-h-0 flex-1 flex-col">
      <ModalBody>
        <FormAlert message={failure && (!failure.fields?.length || failure.code === "CONFLICT") ? failure.message : null} />
        {isAdmin && (
          <Field id={`${id}-from`} label="Whose tasks" error={errors.fromUserId} hint="As an administrator you can hand over anyone's tasks.">
            <select id={`${id}-from`} value={fromUserId} onChange={(e) => setFromUserId(e.target.value)} className={inputClasses(Boolean(errors.fromUserId))}>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id === me ? `${p.name} (you)` : p.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id={`${id}-to`} label="Colleague who decides" error={errors.toUserId} hint="An approver or administrator.">
          <select id={`${id}-to`} value={toUserId} onChange={(e) => setToUserId(e.target.value)} className={inputClasses(Boolean(errors.toUserId))} aria-invalid={errors.toUserId ? true : undefined}>
            <option value="">Choose a colleague…</option>
            {people
              .filter((p) => p.id !== fromUserId)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} · {p.email}
                </option>
              ))}
          </select>
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={`${id}-starts`} label="From" error={errors.startsAt}>
            <input id={`${id}-starts`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} className={inputClasses(Boolean(errors.startsAt))} aria-invalid={errors.startsAt ? true : undefined} />
          </Field>
          <Field id={`${id}-ends`} label="Until (optional)" error={errors.endsAt} hint="The last day away. Empty: until you revoke it.">
            <input id={`${id}-ends`} type="date" value={until} min={from} onChange={(e) => setUntil(e.target.value)} className={inputClasses(Boolean(errors.endsAt))} aria-invalid={errors.endsAt ? true : undefined} />
          </Field>
        </div>
        <Field id={`${id}-note`} label="Note (optional)" error={errors.note} hint="Shown to your colleague, e.g. what to watch out for.">
          <textarea
            id={`${id}-note`} rows={2} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)}
            className={inputClasses(Boolean(errors.note), "h-auto py-2")} placeholder="Back on Monday. Orders above 20,000 EUR can wait for me."
          />
        </Field>
      </ModalBody>
      <SubmitFooter onCancel={onDone} cancelDisabled={mutation.isPending} pending={mutation.isPending} label="Hand over" pendingLabel="Saving…" />
    </form>
  );
}

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <div className="mt-1.5">{children}</div>
      {error ? <FieldError id={`${id}-error`} message={error} /> : hint ? <p className="mt-1.5 text-xs text-zinc-500">{hint}</p> : null}
    </div>
  );
}

export function RevokeDelegationButton({ delegation, revoke }: { delegation: { id: string; fromName: string; toName: string; active: boolean }; revoke: DelegationActions["revoke"] }) {
  return (
    <ConfirmButton
      label="Revoke" ariaLabel={`Revoke the delegation from ${delegation.fromName} to ${delegation.toName}`} title="Revoke this delegation?"
      confirmLabel="Revoke" done="Delegation revoked." action={revoke} input={{ delegationId: delegation.id }}
    >
      {delegation.active ? (
        <>
          Tasks addressed to <span className="font-medium text-zinc-900">{delegation.fromName}</span> leave {delegation.toName}&apos;s inbox at once;
          decisions already made stay.
        </>
      ) : (
        <>
          {delegation.toName} will not decide {delegation.fromName}&apos;s tasks in this period.
        </>
      )}
    </ConfirmButton>
  );
}
