"use client";

// Small controls of the config form: the field frame (label, help, errors), a switch, a
// segmented control and icon buttons. Generic enough for components/ui later; kept here while
// the config panel is their only user.
import clsx from "clsx";
import { CircleAlert, TriangleAlert } from "lucide-react";
import { useRef, type ButtonHTMLAttributes, type KeyboardEvent, type ReactNode } from "react";
import type { FlowIssue } from "../../lib/flows/definition.ts";
import { issueText, pathKey, type ConfigPath } from "../../lib/flows/json-schema-form.ts";

export const labelClass = "block text-[13px] font-medium leading-5 text-zinc-800";
export const helpClass = "text-xs leading-[18px] text-zinc-500";

/** Help text from a schema: `backticks` become inline code. */
export function Rich({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-zinc-100 px-1 py-px font-mono text-[11px] text-zinc-700">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** The ids a control lists in aria-describedby: help text first, then errors. */
export function describedBy(id: string, hasHelp: boolean, hasIssues: boolean): string | undefined {
  return [hasHelp ? `${id}-help` : null, hasIssues ? `${id}-issues` : null].filter(Boolean).join(" ") || undefined;
}

export function IssueMessages({ id, issues, path }: { id: string; issues: readonly FlowIssue[]; path: ConfigPath }) {
  if (issues.length === 0) return null;
  return (
    <ul id={`${id}-issues`} className="mt-1.5 space-y-1">
      {issues.map((issue, i) => (
        <li key={i} className={clsx("flex gap-1.5 text-xs leading-[18px] font-medium", issue.severity === "error" ? "text-red-700" : "text-amber-700")}>
          {issue.severity === "error" ? (
            <CircleAlert aria-hidden="true" className="mt-px size-3.5 shrink-0" />
          ) : (
            <TriangleAlert aria-hidden="true" className="mt-px size-3.5 shrink-0" />
          )}
          <span>
            <span className="sr-only">{issue.severity === "error" ? "Error: " : "Warning: "}</span>
            {issueText(issue, path)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Label above, help under the label, the control, then its problems. */
export function FieldFrame({
  id,
  path,
  label,
  help,
  optional,
  issues,
  trailing,
  children,
  labelAs = "label",
}: {
  id: string;
  path: ConfigPath;
  label: string;
  help?: ReactNode;
  optional?: boolean;
  issues: readonly FlowIssue[];
  /** Beside the label, right-aligned (e.g. "Insert field", a JSON toggle). */
  trailing?: ReactNode;
  children: ReactNode;
  /** "label" ties the label to the control `id`; "span" for groups labelled by aria-labelledby. */
  labelAs?: "label" | "span";
}) {
  const Label = labelAs;
  return (
    <div data-config-path={pathKey(path)} className="scroll-mt-4">
      <div className="flex min-h-5 items-end justify-between gap-3">
        <Label {...(labelAs === "label" ? { htmlFor: id } : {})} id={`${id}-label`} className={labelClass}>
          {label}
          {optional && <span className="ml-1.5 text-xs font-normal text-zinc-400">Optional</span>}
        </Label>
        {trailing}
      </div>
      {help && (
        <p id={`${id}-help`} className={clsx(helpClass, "mt-0.5")}>
          {typeof help === "string" ? <Rich text={help} /> : help}
        </p>
      )}
      <div className="mt-1.5">{children}</div>
      <IssueMessages id={id} issues={issues} path={path} />
    </div>
  );
}

export function Switch({
  id,
  checked,
  onChange,
  disabled,
  labelledBy,
  describedBy: described,
  invalid,
}: {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  labelledBy?: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  return (
    <button
      id={id}
      type="button"
      role="switch"
      aria-checked={checked}
      aria-labelledby={labelledBy}
      aria-describedby={described}
      aria-invalid={invalid || undefined}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className={clsx(
        "relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors disabled:cursor-not-allowed disabled:opacity-60",
        checked ? "bg-accent-600" : "bg-zinc-300",
        invalid && "ring-2 ring-red-400",
      )}
    >
      <span aria-hidden="true" className={clsx("inline-block size-4 rounded-full bg-white shadow-sm transition-transform", checked ? "translate-x-[18px]" : "translate-x-0.5")} />
    </button>
  );
}

export type SegmentOption = { value: string; label: string };

/** A radio group drawn as joined buttons; arrow keys move the choice, as radio groups do. */
export function SegmentedControl({
  options,
  value,
  onChange,
  labelledBy,
  describedBy: described,
  disabled,
  size = "md",
}: {
  options: readonly SegmentOption[];
  value: string | undefined;
  onChange: (value: string) => void;
  labelledBy: string;
  describedBy?: string;
  disabled?: boolean;
  size?: "sm" | "md";
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const selectedIndex = options.findIndex((o) => o.value === value);
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const delta = event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : event.key === "ArrowLeft" || event.key === "ArrowUp" ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = (index + delta + options.length) % options.length;
    onChange(options[next]!.value);
    refs.current[next]?.focus();
  };
  return (
    <div role="radiogroup" aria-labelledby={labelledBy} aria-describedby={described} className="flex w-full rounded-md bg-zinc-100 p-0.5 ring-1 ring-inset ring-zinc-200">
      {options.map((option, index) => {
        const selected = index === selectedIndex;
        return (
          <button
            key={option.value}
            ref={(el) => {
              refs.current[index] = el;
            }}
            type="button"
            role="radio"
            aria-checked={selected}
            tabIndex={selected || (selectedIndex === -1 && index === 0) ? 0 : -1}
            disabled={disabled}
            onClick={() => onChange(option.value)}
            onKeyDown={(event) => onKeyDown(event, index)}
            className={clsx(
              "flex-1 truncate rounded-[5px] px-2.5 font-medium transition-colors disabled:cursor-not-allowed",
              size === "sm" ? "h-6 text-xs" : "h-7 text-[13px]",
              selected ? "bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200" : "text-zinc-600 hover:text-zinc-900",
            )}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}

export function IconButton({ label, className, children, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { label: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className={clsx(
        "inline-flex size-7 shrink-0 items-center justify-center rounded-md text-zinc-500 transition-colors hover:bg-zinc-100 hover:text-zinc-900 disabled:pointer-events-none disabled:opacity-40 [&_svg]:size-3.5",
        className,
      )}
      {...props}
    >
      {children}
    </button>
  );
}

/** A quiet text button for "Add case", "Add condition". */
export function AddButton({ children, className, ...props }: ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="button"
      className={clsx(
        "inline-flex h-7 items-center gap-1 rounded-md px-2 text-xs font-medium text-accent-700 transition-colors hover:bg-accent-50 disabled:pointer-events-none disabled:opacity-50 [&_svg]:size-3.5",
        className,
      )}
      {...props}
    >
      {children}
    </button>
  );
}
