import clsx from "clsx";
import type { TextareaHTMLAttributes } from "react";
import type { ActionFailure } from "../../lib/flows/action-result.ts";

/** The first message for a field in an action's answer ("name" also matches "name.0"). */
export function failureField(failure: ActionFailure | null | undefined, field: string): string | undefined {
  return failure?.fields?.find((f) => f.path === field || f.path.startsWith(`${field}.`))?.message;
}

/** A labelled multi-line input matching TextField (components/ui/form.tsx). */
export function TextAreaField({
  id, name, label, error, hint, className, ...props
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name"> & { id: string; name: string; label: string; error?: string; hint?: string }) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={clsx(
          "mt-1.5 block w-full resize-y rounded-md border-0 bg-white px-3 py-2 text-sm leading-6 text-zinc-900 shadow-xs ring-1 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:outline-none",
          error ? "ring-red-400 focus:ring-red-500" : "ring-zinc-300 focus:ring-accent-500",
        )}
        {...props}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1.5 text-xs font-medium text-red-700">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="mt-1.5 text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
