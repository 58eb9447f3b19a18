"use client";

// Key/value rows (headers, query parameters, form fields). Rows live locally while edited, so a
// half-typed or repeated name does not collapse rows; the object is written on every change.
import { Plus, X } from "lucide-react";
import { useId, useRef, useState } from "react";
import { deepEqual, singular, type FormField } from "../../lib/flows/json-schema-form.ts";
import { inputClasses } from "../ui/form.tsx";
import { AddButton, IconButton } from "./controls.tsx";
import { useFormContext } from "./form-context.tsx";
import { TemplateInput, type TemplateInputHandle } from "./template-input.tsx";

type Row = { rid: number; key: string; value: unknown };

let rowCounter = 0;
function toRows(value: unknown): Row[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return Object.entries(value).map(([key, v]) => ({ rid: ++rowCounter, key, value: v }));
}

function fromRows(rows: readonly Row[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of rows) if (row.key !== "") out[row.key] = row.value;
  return out;
}

export function KeyValueField({
  id,
  field,
  value,
  onChange,
  invalid,
  invalidKeys,
  describedBy,
}: {
  id: string;
  field: Extract<FormField, { kind: "keyvalue" }>;
  value: unknown;
  onChange: (next: Record<string, unknown>) => void;
  /** A problem with the whole list. */
  invalid: boolean;
  /** Rows (by name) with a problem of their own. */
  invalidKeys: ReadonlySet<string>;
  describedBy?: string;
}) {
  const ctx = useFormContext();
  const [rows, setRows] = useState<Row[]>(() => toRows(value));
  const [seen, setSeen] = useState<unknown>(value);
  // A change from outside (undo, another tab's draft) replaces the rows.
  if (!deepEqual(seen, value)) {
    setSeen(value);
    if (!deepEqual(fromRows(rows), value)) setRows(toRows(value));
  }
  const noun = singular(field.title).toLowerCase();
  const headingId = useId();
  const valueRefs = useRef(new Map<number, TemplateInputHandle | null>());
  const keyRefs = useRef(new Map<number, HTMLInputElement | null>());

  const emit = (next: Row[]) => {
    setRows(next);
    const object = fromRows(next);
    setSeen(object);
    onChange(object);
  };
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.key, (counts.get(row.key) ?? 0) + 1);

  const valueKind = field.value.kind;
  return (
    <div id={id} role="group" aria-labelledby={`${id}-label`} aria-describedby={describedBy} className="space-y-1.5">
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-200 px-3 py-2 text-xs text-zinc-500">No {field.title.toLowerCase()} yet.</p>
      ) : (
        <div className="space-y-1.5">
          <div id={headingId} aria-hidden="true" className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_1.75rem] gap-1.5 px-0.5 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
            <span>Name</span>
            <span>Value</span>
          </div>
          {rows.map((row, index) => {
            const duplicate = row.key !== "" && (counts.get(row.key) ?? 0) > 1;
            const rowInvalid = invalid || invalidKeys.has(row.key);
            const rowLabel = `${singular(field.title)} ${index + 1}`;
            return (
              <div key={row.rid}>
                <div className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_1.75rem] items-start gap-1.5">
                  <input
                    ref={(el) => {
                      keyRefs.current.set(row.rid, el);
                    }}
                    aria-label={`${rowLabel} name`}
                    value={row.key}
                    disabled={ctx.readOnly}
                    placeholder="Name"
                    spellCheck={false}
                    aria-invalid={duplicate || rowInvalid || undefined}
                    onChange={(event) => emit(rows.map((r) => (r.rid === row.rid ? { ...r, key: event.target.value } : r)))}
                    className={inputClasses(duplicate || rowInvalid, "font-mono text-[13px]")}
                  />
                  {valueKind === "template" || valueKind === "text" ? (
                    <TemplateInput
                      ref={(handle) => {
                        valueRefs.current.set(row.rid, handle);
                      }}
                      id={`${id}-v${index}`}
                      ariaLabel={`${rowLabel} value`}
                      value={typeof row.value === "string" ? row.value : row.value === undefined ? "" : JSON.stringify(row.value)}
                      disabled={ctx.readOnly}
                      invalid={rowInvalid}
                      placeholder="Value"
                      onFocus={() =>
                        ctx.setInsertTarget({
                          id: `${id}-v${index}`,
                          label: `${field.title}: ${row.key || rowLabel}`,
                          mode: "template",
                          insert: (text) => valueRefs.current.get(row.rid)?.insert(text),
                        })
                      }
                      onChange={(next) => emit(rows.map((r) => (r.rid === row.rid ? { ...r, value: next } : r)))}
                    />
                  ) : valueKind === "number" ? (
                    <input
                      type="number"
                      aria-label={`${rowLabel} value`}
                      value={typeof row.value === "number" ? row.value : ""}
                      disabled={ctx.readOnly}
                      onChange={(event) => emit(rows.map((r) => (r.rid === row.rid ? { ...r, value: event.target.value === "" ? undefined : Number(event.target.value) } : r)))}
                      className={inputClasses(rowInvalid)}
                    />
                  ) : (
                    <label className="flex h-9 items-center gap-2 text-sm text-zinc-700">
                      <input
                        type="checkbox"
                        checked={row.value === true}
                        disabled={ctx.readOnly}
                        onChange={(event) => emit(rows.map((r) => (r.rid === row.rid ? { ...r, value: event.target.checked } : r)))}
                        className="size-4 accent-accent-600"
                      />
                      <span className="sr-only">{rowLabel} value</span>
                      {row.value === true ? "Yes" : "No"}
                    </label>
                  )}
                  {!ctx.readOnly && (
                    <IconButton label={`Remove ${rowLabel.toLowerCase()}`} className="mt-1" onClick={() => emit(rows.filter((r) => r.rid !== row.rid))}>
                      <X aria-hidden="true" />
                    </IconButton>
                  )}
                </div>
                {duplicate && <p className="mt-1 text-xs font-medium text-red-700">“{row.key}” is listed twice; the last row wins.</p>}
              </div>
            );
          })}
        </div>
      )}
      {!ctx.readOnly && (
        <AddButton
          className="-ml-2"
          onClick={() => {
            const rid = ++rowCounter;
            const initial = valueKind === "number" ? undefined : valueKind === "switch" ? false : "";
            emit([...rows, { rid, key: "", value: initial }]);
            requestAnimationFrame(() => keyRefs.current.get(rid)?.focus());
          }}
        >
          <Plus aria-hidden="true" />
          Add {noun}
        </AddButton>
      )}
    </div>
  );
}
