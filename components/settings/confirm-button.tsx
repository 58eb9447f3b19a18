"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { failureOf, useFlowAction, type FlowAction } from "../flows/use-flow-action.ts";
import { Button } from "../ui/button.tsx";
import { FormAlert } from "../ui/form.tsx";
import { Modal, ModalBody, ModalFooter } from "../ui/modal.tsx";
import { useToast } from "../ui/toast.tsx";

/** A row's destructive action (revoke) behind a confirmation that says what will happen. */
export function ConfirmButton<I>({
  label, ariaLabel, title, confirmLabel, done, action, input, children,
}: {
  label: string; ariaLabel?: string; title: string; confirmLabel: string; done: string; action: FlowAction<I, unknown>; input: I; children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const router = useRouter();
  const mutation = useFlowAction(action, {
    onSuccess: () => {
      setOpen(false);
      toast(done);
      router.refresh();
    },
  });
  return (
    <>
      <Button variant="ghost" size="sm" className="hover:text-red-700" onClick={() => setOpen(true)} aria-label={ariaLabel}>
        {label}
      </Button>
      <Modal open={open} onClose={() => setOpen(false)} width="sm" title={title}>
        <form
          className="flex min-h-0 flex-1 flex-col"
          onSubmit={(event) => {
            event.preventDefault();
            mutation.mutate(input);
          }}
        >
          <ModalBody>
            <FormAlert message={failureOf(mutation.error)?.message} />
            <div className="text-sm leading-6 text-zinc-600">{children}</div>
          </ModalBody>
          <ModalFooter>
            <Button onClick={() => setOpen(false)} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={mutation.isPending}>
              {mutation.isPending ? "Working…" : confirmLabel}
            </Button>
          </ModalFooter>
        </form>
      </Modal>
    </>
  );
}
