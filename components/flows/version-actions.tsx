"use client";

import clsx from "clsx";
import { ArrowLeftRight, GitCompareArrows, History, LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { TFlowDefinition } from "../../lib/flows/definition.ts";
import { Button } from "../ui/button.tsx";
import { FormAlert } from "../ui/form.tsx";
import { Modal, ModalBody, ModalFooter } from "../ui/modal.tsx";
import { useToast } from "../ui/toast.tsx";
import { failureOf, useFlowAction, type FlowAction } from "./use-flow-action.ts";

export type RestoreVersionAction = FlowAction<{ flowId: string; number: number; baseRevision: number }, { revision: number; definition: TFlowDefinition }>;

/** What the restore dialog needs to know about the draft it will overwrite. */
export type DraftState = {
  revision: number;
  /** The latest version's number when the draft equals it (nothing unpublished), else null. */
  matchesVersion: number | null;
  latestVersion: number | null;
};

/**
 * "Restore" on a version: asks first (the draft is overwritten; versions never change), then
 * copies the version into the draft and opens the editor. If someone saved the draft since this
 * page loaded, it says who and offers to restore anyway.
 */
export function RestoreVersionButton({
  flowId, number, draft, action, size = "sm", variant = "ghost",
}: {
  flowId: string; number: number; draft: DraftState; action: RestoreVersionAction; size?: "sm" | "md"; variant?: "ghost" | "secondary";
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size={size} variant={variant} onClick={() => setOpen(true)} aria-label={`Restore v${number} into the draft`}>
        <History aria-hidden="true" />
        Restore
      </Button>
      <Modal open={open} onClose={() => setOpen(false)} width="sm" title={`Restore v${number} into the draft?`}>
        <RestoreForm flowId={flowId} number={number} draft={draft} action={action} onCancel={() => setOpen(false)} />
      </Modal>
    </>
  );
}

function RestoreForm({ flowId, number, draft, action, onCancel }: { flowId: string; number: number; draft: DraftState; action: RestoreVersionAction; onCancel: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const [navigating, setNavigating] = useState(false);
  const restore = useFlowAction(action, {
    onSuccess: () => {
      setNavigating(true);
      toast(`v${number} is in the draft now. Publish it to make it the latest version.`);
      router.push(`/flows/${flowId}`);
    },
  });
  const failure = failureOf(restore.error);
  const conflict = failure?.code === "CONFLICT" ? failure.conflict : undefined;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    restore.mutate({ flowId, number, baseRevision: conflict?.revision ?? draft.revision });
  }

  const unpublished = draft.matchesVersion === null && draft.latestVersion !== null;
  return (
    <form onSubmit={onSubmit} className="flex min-h-0 flex-1 flex-col">
      <ModalBody>
        {conflict ? (
          <FormAlert message={`${conflict.editorName} saved the draft after you opened this page. Restoring now replaces their changes too.`} />
        ) : (
          <FormAlert message={failure?.message} />
        )}
        <div className="space-y-3 text-sm leading-6 text-zinc-600">
          <p>
            The current draft will be <span className="font-medium text-zinc-900">overwritten</span> with the content of v{number}.{" "}
            {conflict
              ? ""
              : unpublished
                ? "The draft has changes that were never published; they will be lost."
                : draft.matchesVersion !== null
                  ? `The draft has no unpublished changes (it is the same as v${draft.matchesVersion}), so nothing is lost.`
                  : ""}
          </p>
          <p>
            Versions never change:{" "}
            {draft.latestVersion !== null && draft.latestVersion !== number ? `v${number} and v${draft.latestVersion} stay` : `v${number} stays`} exactly as
            published. Publish the draft afterwards to make this content the newest version.
          </p>
        </div>
      </ModalBody>
      <ModalFooter>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={restore.isPending || navigating}>
          {(restore.isPending || navigating) && <LoaderCircle aria-hidden="true" className="animate-spin" />}
          {conflict ? "Restore anyway" : `Restore v${number}`}
        </Button>
      </ModalFooter>
    </form>
  );
}

// ---- Compare picker ------------------------------------------------------------------------------

export type CompareOption = { value: string; label: string };

/** Two selects (from, to) and Compare: opens the visual diff. "draft" is a valid side. */
export function ComparePicker({
  flowId, options, defaultFrom, defaultTo, compact = false,
}: {
  flowId: string; options: CompareOption[]; defaultFrom: string; defaultTo: string; compact?: boolean;
}) {
  const router = useRouter();
  const [from, setFrom] = useState(defaultFrom);
  const [to, setTo] = useState(defaultTo);
  const [navigating, setNavigating] = useState(false);
  const same = from === to;
  const selectClasses = clsx(
    "min-w-0 truncate rounded-md border-0 bg-white pr-8 pl-3 text-sm text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-accent-500 focus:outline-none",
    compact ? "h-8 w-36" : "h-9 w-56",
  );
  const labelClasses = compact ? "flex items-center gap-2 text-xs font-medium text-zinc-600" : "flex flex-col gap-1 text-xs font-medium text-zinc-600";

  return (
    <form
      aria-label="Compare versions"
      onSubmit={(event) => {
        event.preventDefault();
        if (same) return;
        setNavigating(true);
        router.push(`/flows/${flowId}/versions/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      }}
      className={clsx("flex flex-wrap gap-2", compact ? "items-center" : "items-end")}
    >
      <label className={labelClasses}>
        From
        <select aria-label="Compare from" value={from} onChange={(e) => setFrom(e.target.value)} className={selectClasses}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <Button
        variant="ghost"
        size={compact ? "sm" : "md"}
        aria-label="Swap from and to"
        title="Swap"
        className="px-2"
        onClick={() => {
          setFrom(to);
          setTo(from);
        }}
      >
        <ArrowLeftRight aria-hidden="true" />
      </Button>
      <label className={labelClasses}>
        To
        <select aria-label="Compare to" value={to} onChange={(e) => setTo(e.target.value)} className={selectClasses}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <Button type="submit" variant={compact ? "secondary" : "primary"} size={compact ? "sm" : "md"} disabled={same || navigating} title={same ? "Pick two different versions" : undefined}>
        {navigating ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <GitCompareArrows aria-hidden="true" />}
        Compare
      </Button>
    </form>
  );
}
