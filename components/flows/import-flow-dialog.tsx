"use client";

import clsx from "clsx";
import { CircleCheck, CircleX, FileJson, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import type { ActionFailure } from "../../lib/flows/action-result.ts";
import { ZFlowName } from "../../lib/flows/flow-schemas.ts";
import { parseFlowFile, type ParsedFlowFile } from "../../lib/flows/import-export.ts";
import { FormAlert, TextField } from "../ui/form.tsx";
import { Modal, ModalBody } from "../ui/modal.tsx";
import { useToast } from "../ui/toast.tsx";
import { SubmitFooter } from "./flow-dialogs.tsx";
import { failureField } from "./fields.tsx";
import { displayIssues, IssueList } from "./issue-list.tsx";
import { failureOf, useFlowAction, type FlowAction } from "./use-flow-action.ts";

export type ImportFlowAction = FlowAction<{ json: string; name?: string }, { id: string; slug: string; name?: string; warnings?: unknown[] }>;

type Picked = { fileName: string; size: number; json: string; parsed: ParsedFlowFile };

/**
 * Import a flow file (what Export writes, or a bare definition). The file is checked here with the
 * same parser the server uses, so its problems show with their exact place before anything is
 * sent; the server checks again and its answer shows the same way.
 */
export function ImportFlowDialog({ open, onClose, action }: { open: boolean; onClose: () => void; action: ImportFlowAction }) {
  return (
    <Modal open={open} onClose={onClose} title="Import flow" description="A flow file exported from Millwright. It becomes a new flow with its own draft.">
      <ImportForm action={action} onCancel={onClose} />
    </Modal>
  );
}

function ImportForm({ action, onCancel }: { action: ImportFlowAction; onCancel: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const fileId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [reading, setReading] = useState(false);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const [navigating, setNavigating] = useState(false);
  const importFlow = useFlowAction(action, {
    onSuccess: (data) => {
      setNavigating(true);
      const problems = data.warnings?.length ?? 0;
      toast(`Imported ${data.name ? `"${data.name}"` : "the flow"}${problems ? `, with ${plural(problems, "problem")} to fix before publishing` : ""}.`);
      router.push(`/flows/${data.id}`);
    },
  });
  const serverFailure: ActionFailure | null = failureOf(importFlow.error);
  const nameProblem = nameError ?? failureField(serverFailure, "name");

  // A taken name is the usual refusal: put the cursor where it is fixed.
  useEffect(() => {
    if (nameProblem) document.getElementById("import-flow-name")?.focus();
  }, [nameProblem]);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    importFlow.reset();
    if (!file) return setPicked(null);
    setReading(true);
    try {
      const json = await file.text();
      const parsed = parseFlowFile(json);
      setPicked({ fileName: file.name, size: file.size, json, parsed });
      setName(parsed.ok ? (parsed.meta.name ?? "") : "");
      setNameError(undefined);
    } finally {
      setReading(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!picked || !picked.parsed.ok) {
      fileInput.current?.focus();
      return;
    }
    const chosen = name.trim() || picked.parsed.meta.name;
    if (chosen !== undefined) {
      const checked = ZFlowName.safeParse(chosen);
      if (!checked.success) return setNameError(checked.error.issues[0]?.message);
    }
    setNameError(undefined);
    importFlow.mutate({ json: picked.json, ...(chosen ? { name: chosen } : {}) });
  }

  const parsed = picked?.parsed;
  const warnings = parsed?.ok ? displayIssues(parsed.warnings) : [];
  const refusal = parsed && !parsed.ok ? displayIssues(parsed.issues, parsed.fields) : [];
  const serverIssues = serverFailure ? displayIssues(serverFailure.issues, serverFailure.fields?.filter((f) => f.path !== "name")) : [];

  return (
    <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-1 flex-col">
      <ModalBody>
        {serverFailure && (
          <div className="space-y-2">
            <FormAlert message={`Not imported. ${serverFailure.message}`} />
            <IssueList issues={serverIssues} label="Import problems" />
          </div>
        )}

        <div>
          <p aria-hidden="true" className="block text-sm font-medium text-zinc-800">
            Flow file
          </p>
          <input
            ref={fileInput}
            id={fileId}
            name="file"
            type="file"
            accept=".json,application/json"
            onChange={onFile}
            aria-label="Flow file"
            aria-describedby={`${fileId}-status`}
            aria-invalid={parsed && !parsed.ok ? true : undefined}
            className="peer sr-only"
          />
          <label
            htmlFor={fileId}
            className={clsx(
              "mt-1.5 flex cursor-pointer items-center gap-3 rounded-md border border-dashed px-4 py-3.5 transition-colors hover:bg-zinc-50",
              "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-accent-500 peer-focus-visible:outline-solid",
              parsed && !parsed.ok ? "border-red-300 bg-red-50/40" : "border-zinc-300 bg-white",
            )}
          >
            <span className="flex size-9 shrink-0 items-center justify-center rounded-md bg-accent-50 text-accent-600 ring-1 ring-accent-100">
              <FileJson aria-hidden="true" className="size-4.5" />
            </span>
            <span className="min-w-0 flex-1">
              {picked ? (
                <>
                  <span className="block truncate font-medium text-zinc-900">{picked.fileName}</span>
                  <span className="block text-xs text-zinc-500">{formatBytes(picked.size)} · choose another file to replace it</span>
                </>
              ) : (
                <>
                  <span className="block font-medium text-zinc-900">Choose a .json file</span>
                  <span className="block text-xs text-zinc-500">Written by Export on the flows list or the version history</span>
                </>
              )}
            </span>
          </label>
          <div id={`${fileId}-status`} aria-live="polite" className="mt-2 space-y-2">
            {reading && <p className="text-xs text-zinc-500">Checking the file…</p>}
            {parsed && !parsed.ok && (
              <>
                <p className="flex gap-2 text-sm text-red-800">
                  <CircleX aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-red-600" />
                  <span>{parsed.message}</span>
                </p>
                {!(refusal.length === 1 && refusal[0]?.message === parsed.message) && <IssueList issues={refusal} label="Problems in the file" />}
              </>
            )}
            {parsed?.ok && (
              <>
                <p className="flex gap-2 text-sm text-zinc-700">
                  <CircleCheck aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-emerald-600" />
                  <span>
                    <span className="font-medium text-zinc-900">{parsed.meta.name ?? "A flow definition"}</span>
                    {parsed.meta.versionNumber ? `, exported from v${parsed.meta.versionNumber}` : ""}: {plural(parsed.definition.nodes.length, "step")},{" "}
                    {plural(parsed.definition.edges.length, "connection")}.
                  </span>
                </p>
                {warnings.length > 0 && (
                  <>
                    <p className="flex gap-2 text-sm text-amber-900">
                      <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-600" />
                      <span>
                        {plural(warnings.length, "problem")} to fix in the editor before it can be published. It imports as a draft anyway.
                      </span>
                    </p>
                    <IssueList issues={warnings} label="Problems to fix after import" tone="warning" />
                  </>
                )}
              </>
            )}
          </div>
        </div>

        <TextField
          id="import-flow-name"
          name="name"
          label="Name"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Name of the new flow"
          hint="Taken from the file; change it if another flow already has it."
          error={nameProblem}
        />
      </ModalBody>
      <SubmitFooter
        onCancel={onCancel}
        pending={importFlow.isPending || navigating}
        disabled={!parsed?.ok}
        label="Import flow"
        pendingLabel="Importing…"
      />
    </form>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
