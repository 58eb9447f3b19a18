"use client";

// Approve or reject one task: the task's form fields, the input fields the approver may correct
// (pre-filled with the current values), and a comment (required to reject when the step says so).
// Server refusals come back per field ("form.quantity", "corrections.quantity", "comment"). After a
// decision: a toast, then the next task. a approves, r goes to the comment to reject.
import { Check, X } from "lucide-react";
import { useId, useRef, useState, type FormEvent } from "react";
import type { FieldIssue } from "../../lib/flows/action-result.ts";
import type { TaskDetail } from "../../lib/tasks/queries.server.ts";
import type { DecideResult, TaskFormField } from "../../lib/tasks/types.ts";
import { valueAtPath } from "../../lib/triggers/paths.ts";
import { Button } from "../ui/button.tsx";
import { FieldError, FormAlert, inputClasses } from "../ui/form.tsx";
import { useToast } from "../ui/toast.tsx";
import type { InboxActions } from "./inbox-types.ts";
import { useShortcuts } from "./use-shortcuts.ts";

type Decision = "approved" | "rejected";

type Props = {
  task: Pick<TaskDetail, "id" | "form" | "correctable" | "rejectionCommentRequired" | "input">;
  decide: InboxActions["decide"];
  /** Where to go after deciding (the next task, or the list). */
  onDecided: (result: DecideResult) => void;
  /** A decision that lost the race: the page shows who decided. */
  onConflict: () => void;
};

export function DecisionForm({ task, decide, onDecided, onConflict }: Props) {
  const toast = useToast();
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const [pending, setPending] = useState<Decision | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function submit(decision: Decision) {
    const form = formRef.current;
    if (!form || pending) return;
    setPending(decision);
    setMessage(null);
    setErrors({});
    const values = new FormData(form);
    const comment = String(values.get("comment") ?? "").trim();
    try {
      const result = await decide({
        taskId: task.id, decision, comment: comment || undefined,
        form: formAnswers(task.form, values), corrections: corrections(task.correctable, task.input, values),
      });
      if (result.ok) {
        toast(successMessage(result.data));
        onDecided(result.data);
        return;
      }
      setErrors(byPath(result.fields ?? []));
      setMessage(result.message);
      if (result.code === "CONFLICT" && /^Already /.test(result.message)) {
        toast(result.message, "error");
        onConflict();
      }
      if (result.fields?.some((field) => field.path === "comment")) commentRef.current?.focus();
    } catch {
      setMessage("Millwright could not be reached. Check your connection and try again.");
    } finally {
      setPending(null);
    }
  }

  useShortcuts({
    a: () => void submit("approved"),
    // Rejecting is never one keystroke: r goes to the comment, Ctrl+Enter there rejects.
    r: () => commentRef.current?.focus(),
  });

  const commentId = `${formId}-comment`;
  const correctables = task.correctable.filter((path) => valueAtPath(task.input, path) !== undefined);

  return (
    <form
      ref={formRef}
      aria-label="Decision"
      noValidate
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void submit("approved");
      }}
      className="space-y-4"
    >
      <FormAlert message={message} />
      {correctables.length > 0 && (
        <fieldset className="space-y-3">
          <legend className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Correct the request</legend>
          {correctables.map((path) => (
            <CorrectionInput key={path} formId={formId} path={path} current={valueAtPath(task.input, path)} error={errors[`corrections.${path}`]} />
          ))}
        </fieldset>
      )}
      {task.form.length > 0 && (
        <fieldset className="space-y-3">
          <legend className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Your answers</legend>
          {task.form.map((field) => (
            <FormFieldInput key={field.key} formId={formId} field={field} error={errors[`form.${field.key}`]} />
          ))}
        </fieldset>
      )}
      <div>
        <label htmlFor={commentId} className="block text-sm font-medium text-zinc-800">
          Comment {task.rejectionCommentRequired ? <span className="font-normal text-zinc-500">(required to reject)</span> : <span className="font-normal text-zinc-500">(optional)</span>}
        </label>
        <textarea
          ref={commentRef}
          id={commentId}
          name="comment"
          rows={3}
          maxLength={5000}
          aria-invalid={errors.comment ? true : undefined}
          aria-describedby={errors.comment ? `${commentId}-error` : `${commentId}-hint`}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
              event.preventDefault();
              void submit("rejected");
            }
          }}
          className={inputClasses(Boolean(errors.comment), "mt-1.5 h-auto py-2")}
          placeholder="What the requester and later readers should know"
        />
        {errors.comment ? (
          <FieldError id={`${commentId}-error`} message={errors.comment} />
        ) : (
          <p id={`${commentId}-hint`} className="mt-1.5 text-xs text-zinc-500">
            Ctrl+Enter in the comment rejects.
          </p>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2 border-t border-zinc-100 pt-4">
        <Button type="submit" variant="primary" disabled={pending !== null} aria-keyshortcuts="a" className="bg-emerald-600 hover:bg-emerald-700 active:bg-emerald-800">
          <Check aria-hidden="true" />
          {pending === "approved" ? "Approving…" : "Approve"}
          <Kbd>a</Kbd>
        </Button>
        <Button variant="secondary" disabled={pending !== null} aria-keyshortcuts="r" onClick={() => void submit("rejected")} className="text-red-700">
          <X aria-hidden="true" />
          {pending === "rejected" ? "Rejecting…" : "Reject"}
          <Kbd>r</Kbd>
        </Button>
      </div>
    </form>
  );
}

function Kbd({ children }: { children: string }) {
  return <kbd className="ml-1 rounded bg-black/10 px-1 font-mono text-[10px] leading-4 opacity-80">{children}</kbd>;
}

function byPath(fields: FieldIssue[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field.path, field.message]));
}

function successMessage(result: DecideResult): string {
  if (result.outcome === "vote-recorded") return `Your approval is recorded: ${result.approvals} of ${result.needed}. The task waits for the others.`;
  return result.status === "APPROVED" ? "Approved. The run continues." : "Rejected. The run continues on its rejected path.";
}

/** Form answers as the server reads them: strings (it parses numbers), booleans for checkboxes. */
function formAnswers(fields: TaskFormField[], values: FormData): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const field of fields) {
    const name = `form.${field.key}`;
    if (field.type === "boolean") answers[field.key] = values.get(name) === "on";
    else {
      const raw = String(values.get(name) ?? "");
      if (raw.trim() !== "") answers[field.key] = raw;
    }
  }
  return answers;
}

/** Only the values the approver changed (the server keeps the kind: "3" for a number becomes 3). */
function corrections(paths: string[], input: unknown, values: FormData): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const path of paths) {
    const current = valueAtPath(input, path);
    const name = `corrections.${path}`;
    if (typeof current === "boolean") {
      const next = values.get(name) === "on";
      if (next !== current) changed[path] = next;
      continue;
    }
    const raw = values.get(name);
    if (raw === null) continue;
    const text = String(raw);
    if (isEditable(current) && text !== String(current ?? "")) changed[path] = typeof current === "number" ? text.trim() : text;
  }
  return changed;
}

function isEditable(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

function CorrectionInput({ formId, path, current, error }: { formId: string; path: string; current: unknown; error?: string }) {
  const id = `${formId}-c-${path}`;
  const name = `corrections.${path}`;
  const errorId = `${id}-error`;
  if (typeof current === "boolean")
    return (
      <div>
        <label className="flex items-center gap-2 text-sm font-medium text-zinc-800">
          <input type="checkbox" name={name} defaultChecked={current} className="size-4 accent-accent-600" />
          {path}
        </label>
        <FieldError id={errorId} message={error} />
      </div>
    );
  if (!isEditable(current)) return null;
  return (
    <div>
      <label htmlFor={id} className="flex items-baseline justify-between gap-2 text-sm font-medium text-zinc-800">
        <span className="font-mono text-[13px]">{path}</span>
        <span className="text-xs font-normal text-zinc-500">requested: {String(current ?? "—")}</span>
      </label>
      <input
        id={id}
        name={name}
        type={typeof current === "number" ? "number" : "text"}
        step={typeof current === "number" ? "any" : undefined}
        inputMode={typeof current === "number" ? "decimal" : undefined}
        defaultValue={current === null ? "" : String(current)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={inputClasses(Boolean(error), "mt-1.5")}
      />
      <FieldError id={errorId} message={error} />
    </div>
  );
}

function FormFieldInput({ formId, field, error }: { formId: string; field: TaskFormField; error?: string }) {
  const id = `${formId}-f-${field.key}`;
  const name = `form.${field.key}`;
  const errorId = `${id}-error`;
  const described = { "aria-invalid": error ? true : undefined, "aria-describedby": error ? errorId : undefined } as const;
  const label = (
    <>
      {field.label}
      {field.required && (
        <span className="ml-0.5 text-red-600" aria-hidden="true">
          *
        </span>
      )}
      {field.required && <span className="sr-only"> (required)</span>}
    </>
  );
  if (field.type === "boolean")
    return (
      <div>
        <label className="flex items-center gap-2 text-sm font-medium text-zinc-800">
          <input type="checkbox" name={name} className="size-4 accent-accent-600" {...described} />
          {label}
        </label>
        <FieldError id={errorId} message={error} />
      </div>
    );
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      {field.type === "select" ? (
        <select id={id} name={name} defaultValue="" className={inputClasses(Boolean(error), "mt-1.5")} {...described}>
          <option value="">Choose…</option>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          name={name}
          type={field.type === "number" ? "number" : "text"}
          step={field.type === "number" ? "any" : undefined}
          required={field.required}
          className={inputClasses(Boolean(error), "mt-1.5")}
          {...described}
        />
      )}
      <FieldError id={errorId} message={error} />
    </div>
  );
}
