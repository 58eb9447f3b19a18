"use client";

// "Save as test case": keeps the run's payload under a name, and the outputs of the steps the
// analyst ticks as what the flow must produce (by default the last step's). Nothing ticked: the
// case only expects the run to succeed. A taken name can be replaced on purpose.
import { useState, type FormEvent } from "react";
import type { TFlowNode } from "../../../lib/flows/definition.ts";
import { lastSucceededStep, ZTestCaseName, type TestRunView } from "../../../lib/flows/test-cases.ts";
import { FormAlert, TextField } from "../../ui/form.tsx";
import { Modal, ModalBody } from "../../ui/modal.tsx";
import { SubmitFooter } from "../flow-dialogs.tsx";
import { failureField } from "../fields.tsx";
import { shortValue } from "../json-view.tsx";
import { failureOf, useFlowAction } from "../use-flow-action.ts";
import { stepName } from "./step-detail.tsx";
import type { TestRunStore } from "./test-run-store.ts";

export function SaveTestCaseDialog({ store, run, nodes, existing, onClose, onSaved }: {
  store: TestRunStore;
  run: TestRunView;
  nodes: readonly TFlowNode[];
  existing: readonly string[];
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const { flowId, actions } = store.getState();
  const succeeded = run.steps.filter((s) => s.status === "SUCCEEDED");
  const [name, setName] = useState(() => suggestName(existing));
  const [expect, setExpect] = useState<ReadonlySet<string>>(() => new Set(lastSucceededStep(run)?.nodeId ? [lastSucceededStep(run)!.nodeId] : []));
  const [replace, setReplace] = useState(false);
  const [clientError, setClientError] = useState<string | null>(null);
  const save = useFlowAction(actions.saveFromRun, { onSuccess: (data) => onSaved(data.name) });
  const failure = failureOf(save.error);
  const taken = existing.some((n) => n.toLowerCase() === name.trim().toLowerCase());

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = ZTestCaseName.safeParse(name);
    if (!parsed.success) return setClientError(parsed.error.issues[0]?.message ?? "Enter a name");
    setClientError(null);
    save.mutate({ flowId, runId: run.id, name: parsed.data, expectNodeIds: [...expect], replace });
  }

  const nameError = clientError ?? failureField(failure, "name");
  return (
    <Modal open onClose={onClose} title="Save as test case" description="Keep this run's payload and what it should produce. Saved test cases must pass before a version is promoted.">
      <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-1 flex-col" data-testid="save-test-case-dialog">
        <ModalBody>
          <FormAlert message={failure && !failureField(failure, "name") ? failure.message : null} />
          <TextField
            id="test-case-name"
            name="name"
            label="Name"
            autoComplete="off"
            autoFocus
            value={name}
            onChange={(event) => setName(event.target.value)}
            error={nameError}
            hint={taken ? "A test case has this name: tick Replace below to overwrite it." : "What this case covers, e.g. Three parts, one unknown."}
          />
          {taken && (
            <label className="-mt-3 flex items-center gap-2 text-sm text-zinc-800">
              <input type="checkbox" checked={replace} onChange={(event) => setReplace(event.target.checked)} className="size-4 rounded border-zinc-300 accent-accent-600" />
              Replace the existing test case of this name
            </label>
          )}
          {/* min-w-0: a fieldset is as wide as its widest line otherwise. */}
          <fieldset className="min-w-0">
            <legend className="text-sm font-medium text-zinc-800">Expected outputs</legend>
            <p className="mt-0.5 text-xs text-zinc-500">The case fails when a ticked step produces anything else. Tick none to only expect the run to succeed.</p>
            {succeeded.length === 0 ? (
              <p className="mt-2 text-sm text-zinc-500">No step succeeded in this run, so there is no output to expect; the case will expect the run to succeed.</p>
            ) : (
              <ul className="mt-2 max-h-64 min-w-0 divide-y divide-zinc-100 overflow-y-auto rounded-md border border-zinc-200">
                {succeeded.map((step) => {
                  const id = `expect-${step.nodeId}`;
                  return (
                    <li key={step.nodeId} className="flex items-start gap-3 px-3 py-2">
                      <input
                        id={id}
                        type="checkbox"
                        checked={expect.has(step.nodeId)}
                        onChange={(event) => {
                          const next = new Set(expect);
                          if (event.target.checked) next.add(step.nodeId);
                          else next.delete(step.nodeId);
                          setExpect(next);
                        }}
                        className="mt-0.5 size-4 shrink-0 rounded border-zinc-300 accent-accent-600"
                      />
                      <label htmlFor={id} className="block min-w-0 flex-1 text-sm leading-5">
                        <span className="font-medium text-zinc-800">{stepName(nodes.find((n) => n.id === step.nodeId), step.nodeId)}</span>
                        <span className="block truncate font-mono text-xs text-zinc-500">{shortValue(step.output, 70)}</span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            )}
          </fieldset>
        </ModalBody>
        <SubmitFooter onCancel={onClose} pending={save.isPending} label={taken && replace ? "Replace test case" : "Save test case"} pendingLabel="Saving…" disabled={taken && !replace} />
      </form>
    </Modal>
  );
}

function suggestName(existing: readonly string[]): string {
  const taken = new Set(existing.map((n) => n.toLowerCase()));
  for (let n = existing.length + 1; ; n++) if (!taken.has(`test case ${n}`)) return `Test case ${n}`;
}
