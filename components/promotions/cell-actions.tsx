"use client";

// The actions of one matrix cell: promote what runs here to the next environment (through the
// gates; into a protected one it becomes a request), roll back to the previous release, history.
import { ArrowRight, History, Undo2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { ActionResult } from "../../lib/flows/action-result.ts";
import type { PromoteOutcome } from "../../lib/promotion/promote.server.ts";
import { failureOf, useFlowAction } from "../flows/use-flow-action.ts";
import { Button, buttonClasses } from "../ui/button.tsx";
import { FormAlert, inputClasses } from "../ui/form.tsx";
import { Modal, ModalBody, ModalFooter } from "../ui/modal.tsx";
import { useToast } from "../ui/toast.tsx";
import { GateResultsList } from "./gate-results.tsx";

type Env = { id: string; name: string; protected: boolean };

export type CellActionsProps = {
  actions: {
    promote: (input: { flowId: string; versionId: string; environmentId: string; note: string }) => Promise<ActionResult<PromoteOutcome>>;
    rollback: (input: { flowId: string; environmentId: string; reason: string }) => Promise<ActionResult<{ versionNumber: number; environmentName: string }>>;
  };
  flow: { id: string; name: string; slug: string };
  environment: Env;
  release: { versionId: string; number: number; rollbackTo: number | null } | null;
  next: Env | null;
};

export function CellActions({ actions, flow, environment, release, next }: CellActionsProps) {
  // What a dialog acts on is kept from when it opened: the page refreshes under an open dialog
  // (a request makes the "next" cell pending), and the dialog must stay to show the outcome.
  const [promoting, setPromoting] = useState<{ to: Env; version: { versionId: string; number: number } } | null>(null);
  const [rollingBack, setRollingBack] = useState<{ from: number; to: number } | null>(null);
  if (!release && !promoting && !rollingBack) return null;
  return (
    <div className="mt-2 flex flex-wrap items-center gap-1">
      {release && next && (
        <Button
          size="sm"
          variant="secondary"
          onClick={() => setPromoting({ to: next, version: release })}
          aria-label={next.protected ? `Request ${flow.name} v${release.number} for ${next.name}` : `Promote ${flow.name} v${release.number} to ${next.name}`}
        >
          <ArrowRight aria-hidden="true" className="size-3.5" />
          {next.protected ? "Request" : "Promote"}
        </Button>
      )}
      {release && release.rollbackTo !== null && (
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setRollingBack({ from: release.number, to: release.rollbackTo! })}
          aria-label={`Roll back ${flow.name} in ${environment.name} to v${release.rollbackTo}`}
        >
          <Undo2 aria-hidden="true" className="size-3.5" />
          Roll back
        </Button>
      )}
      {release && (
        <Link
          href={`/environments/history?flow=${flow.id}&environment=${environment.id}`}
          className={buttonClasses("ghost", "sm")}
          aria-label={`Release history of ${flow.name} in ${environment.name}`}
          title="Release history"
        >
          <History aria-hidden="true" className="size-3.5" />
        </Link>
      )}
      {promoting && <PromoteDialog open onClose={() => setPromoting(null)} action={actions.promote} flow={flow} from={environment} to={promoting.to} version={promoting.version} />}
      {rollingBack && (
        <RollbackDialog open onClose={() => setRollingBack(null)} action={actions.rollback} flow={flow} environment={environment} from={rollingBack.from} to={rollingBack.to} />
      )}
    </div>
  );
}

function PromoteDialog({ open, onClose, action, flow, from, to, version }: {
  open: boolean; onClose: () => void; action: CellActionsProps["actions"]["promote"]; flow: CellActionsProps["flow"]; from: Env; to: Env; version: { versionId: string; number: number };
}) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [note, setNote] = useState("");
  const [outcome, setOutcome] = useState<PromoteOutcome | null>(null);
  const mutation = useFlowAction(action, {
    onSuccess: (data) => {
      router.refresh();
      if (data.outcome === "released") {
        toast(`${flow.name} v${data.versionNumber} now runs in ${data.environmentName}`);
        close();
      } else setOutcome(data);
    },
  });
  const close = () => {
    setOutcome(null);
    setNote("");
    mutation.reset();
    onClose();
  };
  const title = to.protected ? `Request ${flow.name} v${version.number} for ${to.name}` : `Promote ${flow.name} v${version.number} to ${to.name}`;
  return (
    <Modal open={open} onClose={close} title={title} description={`v${version.number} runs in ${from.name} now.`}>
      <ModalBody>
        {outcome?.outcome === "requested" ? (
          <div role="status" className="space-y-3">
            <p>
              The gates passed. <strong>{to.name}</strong> is protected, so the promotion waits for a second administrator, who neither requested it nor
              wrote v{version.number}. It is in their inbox.
            </p>
            <GateResultsList gates={outcome.gates} />
          </div>
        ) : outcome?.outcome === "blocked" ? (
          <div role="alert" className="space-y-3">
            <p className="font-medium text-red-800">Not promoted: a gate blocked it. {to.name} still runs what it ran.</p>
            <GateResultsList gates={outcome.gates} />
          </div>
        ) : (
          <>
            <FormAlert message={failureOf(mutation.error)?.message} />
            <p className="text-zinc-600">
              Before anything changes, Millwright checks that every connection v{version.number} names exists in {to.name} and runs the flow&apos;s saved test
              cases against v{version.number} (test runs with {from.name}&apos;s connections).{" "}
              {to.protected
                ? `${to.name} is protected: if the gates pass, this becomes a request that a second administrator approves.`
                : `If they pass, ${to.name}'s webhooks, schedules and polling switch to v${version.number} at once; runs already going finish on their version.`}
            </p>
            <div>
              <label htmlFor={`${id}-note`} className="block text-sm font-medium text-zinc-800">
                Note <span className="font-normal text-zinc-500">(optional)</span>
              </label>
              <textarea id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={500} className={inputClasses(false, "mt-1.5 h-auto py-2")} placeholder="What changes, and why now" />
            </div>
            {mutation.isPending && (
              <p role="status" className="text-zinc-500">
                Checking connections and running test cases… this can take up to a minute.
              </p>
            )}
          </>
        )}
      </ModalBody>
      <ModalFooter>
        {outcome ? (
          <>
            {outcome.outcome === "requested" && (
              <Link href={`/environments/requests/${outcome.requestId}`} className={buttonClasses("secondary")}>
                Open the request
              </Link>
            )}
            <Button variant="primary" onClick={close}>
              Done
            </Button>
          </>
        ) : (
          <>
            <Button onClick={close} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button variant="primary" disabled={mutation.isPending} onClick={() => mutation.mutate({ flowId: flow.id, versionId: version.versionId, environmentId: to.id, note })}>
              {mutation.isPending ? "Checking gates…" : to.protected ? "Request approval" : `Promote to ${to.name}`}
            </Button>
          </>
        )}
      </ModalFooter>
    </Modal>
  );
}

function RollbackDialog({ open, onClose, action, flow, environment, from, to }: {
  open: boolean; onClose: () => void; action: CellActionsProps["actions"]["rollback"]; flow: CellActionsProps["flow"]; environment: Env; from: number; to: number;
}) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [reason, setReason] = useState("");
  const mutation = useFlowAction(action, {
    onSuccess: (data) => {
      toast(`${environment.name} runs ${flow.name} v${data.versionNumber} again`);
      router.refresh();
      onClose();
    },
  });
  const failure = failureOf(mutation.error);
  return (
    <Modal open={open} onClose={onClose} width="sm" title={`Roll back ${flow.name} in ${environment.name}?`} description={`From v${from} to v${to}, the version it ran before.`}>
      <ModalBody>
        <FormAlert message={failure?.message} />
        <p className="text-zinc-600">New runs start on v{to} at once; runs already going finish on v{from}.</p>
        {environment.protected && (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200 ring-inset">
            {environment.name} is protected, but a rollback is an emergency exit: it does not wait for a second administrator. It is recorded in the audit
            log as an emergency rollback, with your name and reason.
          </p>
        )}
        <div>
          <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-zinc-800">
            Reason {environment.protected ? "" : <span className="font-normal text-zinc-500">(optional)</span>}
          </label>
          <textarea
            id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={500}
            aria-invalid={failure?.fields?.some((f) => f.path === "reason") || undefined}
            className={inputClasses(Boolean(failure?.fields?.some((f) => f.path === "reason")), "mt-1.5 h-auto py-2")} placeholder="What went wrong"
          />
        </div>
      </ModalBody>
      <ModalFooter>
        <Button onClick={onClose} disabled={mutation.isPending}>
          Cancel
        </Button>
        <Button variant="danger" disabled={mutation.isPending} onClick={() => mutation.mutate({ flowId: flow.id, environmentId: environment.id, reason })}>
          {mutation.isPending ? "Rolling back…" : `Roll back to v${to}`}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
