import clsx from "clsx";
import { CircleExclamationPoint } from "lucide-react";
import type { InputHTMLAttributes, ReactNode } from "react";

export function inputClasses(invalid = false, className?: string): string {
  return clsx(
    "block h-9 w-full rounded-md border-0 bg-white px-3 text-sm text-zinc-900 shadow-xs ring-1 ring-inset placeholder:text-zinc-400",
    "focus:ring-2 focus:outline-none read-only:bg-zinc-50 read-only:text-zinc-600",
    invalid ? "ring-red-400 focus:ring-red-500" : "ring-zinc-300 focus:ring-accent-500",
    className,
  );
}

/** The message at the top of a form: what went wrong as a whole. */
export function FormAlert({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="flex gap-2.5 rounded-md bg-red-50 px-3 py-2.5 text-sm text-red-800 ring-1 ring-inset ring-red-200">
      <CircleExclamationPoint aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-red-600" />
      <p>{message}</p>
    </div>
  );
}

/** Under a field: its error when there is one, otherwise its hint. */
function FieldFootnote({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  if (error) return <FieldError id={`${id}-error`} message={error} />;
  if (!hint) return null;
  return (
    <p id={`${id}-hint`} className="mt-1.5 text-xs text-zinc-500">
      {hint}
    </p>
  );
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1.5 text-xs font-medium text-red-700">
      {message}
    </p>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> & {
  id: string;
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  trailing?: ReactNode;
};

/** A labelled input whose hint and error are tied to it for screen readers. */
export function TextField({ id, name, label, error, hint, trailing, className, ...input }: TextFieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <div className="mt-1.5 flex gap-2">
        <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={inputClasses(Boolean(error))} {...input} />
        {trailing}
      </div>
      <FieldFootnote id={id} hint={hint} error={error} />
    </div>
  );
}

export type CheckboxOption = { value: string; label: string; description?: string };

/** A set of checkboxes sharing one name (FormData.getAll(name)); the legend names the group. */
export function CheckboxGroup({
  id, name, legend, options, defaultValues = [], error, empty, hint,
}: {
  id: string; name: string; legend: string; options: CheckboxOption[]; defaultValues?: string[]; error?: string; empty?: string; hint?: string;
}) {
  return (
    <fieldset aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined} aria-invalid={error ? true : undefined}>
      <legend className="text-sm font-medium text-zinc-800">{legend}</legend>
      {options.length === 0 ? (
        <p className="mt-1.5 text-sm text-zinc-500">{empty}</p>
      ) : (
        <div className={clsx("mt-1.5 divide-y divide-zinc-100 rounded-md border", error ? "border-red-400" : "border-zinc-200")}>
          {options.map((option) => {
            const optionId = `${id}-${option.value}`;
            return (
              <div key={option.value} className="flex items-start gap-3 px-3 py-2.5">
                <input
                  id={optionId}
                  type="checkbox"
                  name={name}
                  value={option.value}
                  defaultChecked={defaultValues.includes(option.value)}
                  aria-describedby={option.description ? `${optionId}-description` : undefined}
                  className="mt-0.5 size-4 shrink-0 rounded border-zinc-300 accent-accent-600"
                />
                <div className="min-w-0 text-sm leading-5">
                  <label htmlFor={optionId} className="font-medium text-zinc-800">
                    {option.label}
                  </label>
                  {option.description && (
                    <p id={`${optionId}-description`} className="text-xs text-zinc-500">
                      {option.description}
                    </p>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      )}
      <FieldFootnote id={id} hint={hint} error={error} />
    </fieldset>
  );
}
