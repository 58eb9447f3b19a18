"use client";

// Approve or reject a promotion request (or cancel it, for the requester). Whoever may not decide
// sees why, instead of buttons that would fail.
import { Check, Info, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { ActionResult } from "../../lib/flows/action-result.ts";
import { failureOf, useFlowAction } from "../flows/use-flow-action.ts";
import { Button } from "../ui/button.tsx";
import { FormAlert, inputClasses } from "../ui/form.tsx";
import { useToast } from "../ui/toast.tsx";

export type DecisionActions = {
  approve: (input: { requestId: string; comment: string }) => Promise<ActionResult<{ versionNumber: number; environmentName: string }>>;
  reject: (input: { requestId: string; comment: string }) => Promise<ActionResult<null>>;
  cancel: (input: { requestId: string }) => Promise<ActionResult<null>>;
};

export function DecisionPanel({ requestId, cannotDecide, isRequester, target, actions }: {
  requestId: string; cannotDecide: string | null; isRequester: boolean; target: string; actions: DecisionActions;
}) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [comment, setComment] = useState("");
  const approve = useFlowAction(actions.approve, {
    onSuccess: (data) => {
      toast(`Approved: v${data.versionNumber} now runs in ${data.environmentName}`);
      router.refresh();
    },
  });
  const reject = useFlowAction(actions.reject, {
    onSuccess: () => {
      toast("Rejected: the requester sees your comment");
      router.refresh();
    },
  });
  const cancel = useFlowAction(actions.cancel, {
    onSuccess: () => {
      toast("Request cancelled");
      router.refresh();
    },
  });
  const pending = approve.isPending || reject.isPending || cancel.isPending;
  const failure = failureOf(approve.error ?? reject.error ?? cancel.error);

  if (cannotDecide) {
    return (
      <div className="space-y-3">
        <FormAlert message={failure?.message} />
        <p className="flex gap-2 rounded-md bg-zinc-50 px-3 py-2.5 text-sm text-zinc-700 ring-1 ring-zinc-200 ring-inset">
          <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-zinc-400" />
          {cannotDecide}
        </p>
        {isRequester && (
          <Button variant="secondary" disabled={pending} onClick={() => cancel.mutate({ requestId })}>
            {cancel.isPending ? "Cancelling…" : "Cancel the request"}
          </Button>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <FormAlert message={failure?.message} />
      <div>
        <label htmlFor={`${id}-comment`} className="block text-sm font-medium text-zinc-800">
          Comment <span className="font-normal text-zinc-500">(required to reject)</span>
        </label>
        <textarea
          id={`${id}-comment`} value={comment} onChange={(e) => setComment(e.target.value)} rows={3} maxLength={1000}
          className={inputClasses(Boolean(failure?.fields?.some((f) => f.path === "comment")), "mt-1.5 h-auto py-2")} placeholder="What you checked, or what must change"
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" disabled={pending} onClick={() => approve.mutate({ requestId, comment })}>
          <Check aria-hidden="true" className="size-4" />
          {approve.isPending ? "Approving…" : `Approve and release to ${target}`}
        </Button>
        <Button variant="danger" disabled={pending} onClick={() => reject.mutate({ requestId, comment })}>
          <X aria-hidden="true" className="size-4" />
          {reject.isPending ? "Rejecting…" : "Reject"}
        </Button>
      </div>
      <p className="text-xs text-zinc-500">Approving checks the connections again and switches {target} to this version in one step. Both are recorded in the audit log.</p>
    </div>
  );
}
