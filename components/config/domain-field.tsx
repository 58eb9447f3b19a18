"use client";

// The Odoo domain builder: conditions [field, operator, value] in AND/OR groups, each of which
// can be negated (NOT), stored as an Odoo domain in prefix notation. A raw JSON mode edits the
// domain as written; a domain the builder cannot show opens in JSON mode. With the step's Odoo
// connection and model known, the field box suggests the model's fields (and selection values).
import clsx from "clsx";
import { ListPlus, Plus, X } from "lucide-react";
import { useId, useRef, useState } from "react";
import { deepEqual } from "../../lib/flows/json-schema-form.ts";
import type { OdooFieldInfo } from "../../lib/odoo-meta/meta.ts";
import { CodeEditor } from "../code-editor/code-editor.tsx";
import { AddButton, IconButton } from "./controls.tsx";
import { useFormContext } from "./form-context.tsx";
import { sameJson } from "./json-text.ts";
import { fieldSuggestions, OdooFieldsStatus, useOdooFields, useSuggestions } from "./odoo-pickers.tsx";
import {
  ODOO_OPERATORS,
  appendChild,
  formatDomainJson,
  newGroup,
  newLeaf,
  parseDomain,
  parseDomainValue,
  removeNode,
  serializeDomain,
  updateNode,
  valueKind,
  type DomainGroup,
  type DomainLeaf,
  type DomainNode,
} from "./odoo-domain.ts";

const OPERATOR_LABELS: Record<string, string> = {
  "=": "=",
  "!=": "≠",
  ">": ">",
  ">=": "≥",
  "<": "<",
  "<=": "≤",
  "=?": "=? (unset or =)",
  like: "like",
  "not like": "not like",
  ilike: "ilike",
  "not ilike": "not ilike",
  "=like": "=like",
  "=ilike": "=ilike",
  in: "in",
  "not in": "not in",
  child_of: "child of",
  parent_of: "parent of",
  any: "any",
  "not any": "not any",
};

/** How a value reads in its box: lists of plain values as "a, b, 3", the rest as text or JSON. */
export function valueText(value: unknown, operator: string): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  if (valueKind(operator) === "list" && Array.isArray(value) && value.every((v) => typeof v === "number" || (typeof v === "string" && !v.includes(",") && v.trim() === v))) {
    return value.map((v) => (typeof v === "string" && /^-?\d+(\.\d+)?$|^(true|false|null)$/.test(v) ? JSON.stringify(v) : String(v))).join(", ");
  }
  return JSON.stringify(value);
}

type LeafState = DomainLeaf & { text?: string };

const compactInput =
  "block h-8 w-full rounded-md border-0 bg-white px-2 font-mono text-xs shadow-xs ring-1 ring-inset ring-zinc-300 placeholder:font-sans placeholder:text-zinc-400 focus:ring-2 focus:ring-accent-500 focus:outline-none disabled:bg-zinc-50";

export type DomainMode = "builder" | "json";

const NO_FIELDS: readonly OdooFieldInfo[] = [];

export function DomainField({
  id,
  value,
  onChange,
  mode,
  disabled,
  invalid,
  describedBy,
  label,
  odoo,
}: {
  id: string;
  value: unknown;
  onChange: (next: unknown) => void;
  /** The step's Odoo connection and model, for field suggestions. */
  odoo?: { connection: string; model: string } | null;
  mode: DomainMode;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
  label: string;
}) {
  const domain = value === undefined ? [] : value;
  const odooFields = useOdooFields(odoo?.connection ?? "", odoo?.model ?? "");
  const fieldList = odooFields.data?.fields ?? NO_FIELDS;
  const [parsed, setParsed] = useState(() => parseDomain(domain));
  const [seen, setSeen] = useState<unknown>(domain);
  const [jsonText, setJsonText] = useState(() => formatDomainJson(domain));
  if (!deepEqual(seen, domain)) {
    setSeen(domain);
    const current = parsed.ok ? serializeDomain(parsed.root) : undefined;
    if (!deepEqual(current, domain)) setParsed(parseDomain(domain));
    if (!sameJson(jsonText, domain)) setJsonText(formatDomainJson(domain));
  }

  const emit = (root: DomainGroup) => {
    setParsed({ ok: true, root });
    const next = serializeDomain(root);
    setSeen(next);
    setJsonText(formatDomainJson(next));
    onChange(next);
  };

  if (mode === "json" || !parsed.ok) {
    return (
      <div>
        {!parsed.ok && mode === "builder" && (
          <p className="mb-1.5 text-xs text-amber-700">The builder cannot show this domain ({parsed.error}); edit it as JSON.</p>
        )}
        <CodeEditor
          language="json"
          ariaLabel={`${label} (JSON)`}
          value={jsonText}
          readOnly={disabled}
          invalid={invalid}
          describedBy={describedBy}
          minHeight="4.5rem"
          maxHeight="18rem"
          onChange={(text) => {
            setJsonText(text);
            try {
              const next = JSON.parse(text);
              if (Array.isArray(next)) {
                setSeen(next);
                setParsed(parseDomain(next));
                onChange(next);
              }
            } catch {
              // Keep the text; the editor underlines the error.
            }
          }}
        />
      </div>
    );
  }

  const root = parsed.root;
  // Conditions are numbered through the whole tree, so every control has a unique name.
  const numbers = new Map<string, number>();
  const number = (node: DomainNode) => {
    if (node.type === "leaf") numbers.set(node.id, numbers.size + 1);
    else node.children.forEach(number);
  };
  number(root);
  return (
    <div id={id} role="group" aria-labelledby={`${id}-label`} aria-describedby={describedBy}>
      <GroupView group={root} root={root} depth={0} emit={emit} disabled={disabled} invalid={invalid} numbers={numbers} fields={fieldList} />
      {odoo && !disabled && <OdooFieldsStatus connection={odoo.connection} model={odoo.model} fields={odooFields} />}
      <p className="mt-1.5 text-[11px] leading-4 text-zinc-500">
        Numbers and true/false are typed values; quote text to keep it text (&quot;42&quot;). For <span className="font-mono">in</span>, separate values with commas.
      </p>
    </div>
  );
}

function GroupView({
  group,
  root,
  depth,
  emit,
  disabled,
  invalid,
  numbers,
  fields,
}: {
  group: DomainGroup;
  root: DomainGroup;
  depth: number;
  emit: (root: DomainGroup) => void;
  disabled?: boolean;
  invalid?: boolean;
  numbers: ReadonlyMap<string, number>;
  fields: readonly OdooFieldInfo[];
}) {
  const fieldRefs = useRef(new Map<string, HTMLInputElement | null>());
  const set = (patch: Partial<DomainGroup>) => emit(updateNode(root, group.id, (node) => ({ ...node, ...patch }) as DomainNode));
  const isRoot = depth === 0;
  const addLeaf = () => {
    const leaf = newLeaf();
    emit(appendChild(root, group.id, leaf));
    requestAnimationFrame(() => fieldRefs.current.get(leaf.id)?.focus());
  };
  const firstNumber = [...numbers.entries()].find(([id]) => group.children.some((c) => c.id === id))?.[1];
  const groupLabel = isRoot ? "Conditions" : `Group${firstNumber ? ` from condition ${firstNumber}` : ""}`;
  return (
    <div
      role={isRoot ? undefined : "group"}
      aria-label={isRoot ? undefined : groupLabel}
      className={clsx(isRoot ? "rounded-md bg-zinc-50 p-2 ring-1 ring-zinc-200 ring-inset" : "rounded-md border-l-2 border-accent-300 bg-white py-2 pr-2 pl-2.5 ring-1 ring-zinc-200 ring-inset", invalid && isRoot && "ring-red-300")}
    >
      <div className="flex items-center gap-1.5 text-xs text-zinc-600">
        {group.negate && <span className="rounded bg-red-50 px-1 font-mono text-[10px] font-semibold text-red-700 ring-1 ring-red-200 ring-inset">NOT</span>}
        <span>Match</span>
        <select
          aria-label={isRoot ? "Match all or any condition" : `Match all or any condition of ${groupLabel.toLowerCase()}`}
          value={group.op}
          disabled={disabled}
          onChange={(event) => set({ op: event.target.value as "&" | "|" })}
          className="h-6 rounded border-0 bg-white py-0 pr-6 pl-1.5 text-xs font-medium text-zinc-800 ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-accent-500"
        >
          <option value="&">all (AND)</option>
          <option value="|">any (OR)</option>
        </select>
        <span>{isRoot ? "of these conditions" : "of"}</span>
        <span className="flex-1" />
        {!disabled && (
          <>
            <NotToggle pressed={group.negate} label={isRoot ? "Negate the whole domain" : `Negate ${groupLabel.toLowerCase()}`} onChange={(negate) => set({ negate })} />
            {!isRoot && (
              <IconButton label={`Remove ${groupLabel.toLowerCase()}`} className="size-6" onClick={() => emit(removeNode(root, group.id))}>
                <X aria-hidden="true" />
              </IconButton>
            )}
          </>
        )}
      </div>
      <div className="mt-2 space-y-1.5">
        {group.children.length === 0 && <p className="px-0.5 py-1 text-xs text-zinc-500">No conditions: every record matches.</p>}
        {group.children.map((child, index) =>
          child.type === "group" ? (
            <GroupView key={child.id} group={child} root={root} depth={depth + 1} emit={emit} disabled={disabled} invalid={invalid} numbers={numbers} fields={fields} />
          ) : (
            <LeafRow
              key={child.id}
              leaf={child}
              n={numbers.get(child.id) ?? index + 1}
              root={root}
              emit={emit}
              disabled={disabled}
              fields={fields}
              fieldRef={(el) => {
                fieldRefs.current.set(child.id, el);
              }}
            />
          ),
        )}
      </div>
      {!disabled && (
        <div className="mt-1.5 flex gap-1">
          <AddButton onClick={addLeaf} className="-ml-1" aria-label={isRoot ? "Add condition" : `Add condition to ${groupLabel.toLowerCase()}`}>
            <Plus aria-hidden="true" />
            Condition
          </AddButton>
          {depth < 3 && (
            <AddButton
              aria-label={isRoot ? "Add group" : `Add group to ${groupLabel.toLowerCase()}`}
              onClick={() => emit(appendChild(root, group.id, newGroup(group.op === "&" ? "|" : "&")))}
            >
              <ListPlus aria-hidden="true" />
              Group
            </AddButton>
          )}
        </div>
      )}
    </div>
  );
}

function NotToggle({ pressed, onChange, label }: { pressed: boolean; onChange: (pressed: boolean) => void; label: string }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      aria-label={label}
      title={label}
      onClick={() => onChange(!pressed)}
      className={clsx(
        "inline-flex h-6 shrink-0 items-center rounded px-1.5 font-mono text-[10px] font-semibold transition-colors",
        pressed ? "bg-red-50 text-red-700 ring-1 ring-red-200 ring-inset" : "text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700",
      )}
    >
      NOT
    </button>
  );
}

function LeafRow({
  leaf,
  n,
  root,
  emit,
  disabled,
  fields,
  fieldRef,
}: {
  leaf: LeafState;
  n: number;
  root: DomainGroup;
  emit: (root: DomainGroup) => void;
  disabled?: boolean;
  fields: readonly OdooFieldInfo[];
  fieldRef: (el: HTMLInputElement | null) => void;
}) {
  const ctx = useFormContext();
  const fieldBoxId = useId();
  const known = fields.find((f) => f.name === leaf.field);
  const suggestions = useSuggestions({
    id: fieldBoxId,
    wide: true,
    items: fieldSuggestions(fields, known ? "" : leaf.field),
    onPick: (item) => emit(updateNode(root, leaf.id, (node) => ({ ...node, field: item.value }) as DomainNode)),
  });
  const valueRef = useRef<HTMLInputElement>(null);
  const set = (patch: Partial<LeafState>) => emit(updateNode(root, leaf.id, (node) => ({ ...node, ...patch }) as DomainNode));
  const text = leaf.text ?? valueText(leaf.value, leaf.operator);
  const valueId = useId();
  const knownOperator = (ODOO_OPERATORS as readonly string[]).includes(leaf.operator);
  return (
    <div className={clsx("rounded-md p-1.5 ring-1 ring-inset", leaf.negate ? "bg-red-50/50 ring-red-200" : "bg-white ring-zinc-200")}>
      <div className="flex items-center gap-1">
        <div className="relative min-w-0 flex-1">
          <input
            ref={fieldRef}
            aria-label={`Condition ${n} field`}
            value={leaf.field}
            placeholder="field, e.g. state"
            disabled={disabled}
            spellCheck={false}
            autoComplete="off"
            title={known ? `${known.string} (${known.type})` : undefined}
            {...(fields.length > 0 ? suggestions.inputProps : {})}
            onKeyDown={(event) => {
              if (fields.length > 0) suggestions.onKeyDown(event);
            }}
            onChange={(event) => {
              suggestions.setOpen(true);
              set({ field: event.target.value });
            }}
            className={clsx(compactInput, "text-zinc-900")}
          />
          {!disabled && fields.length > 0 && suggestions.list}
        </div>
        <select
          aria-label={`Condition ${n} operator`}
          value={leaf.operator}
          disabled={disabled}
          onChange={(event) => {
            const operator = event.target.value;
            set({ operator, value: parseDomainValue(text, operator) });
          }}
          className="h-8 w-[6.75rem] shrink-0 rounded-md border-0 bg-white py-0 pr-6 pl-2 font-mono text-xs text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-accent-500"
        >
          {!knownOperator && <option value={leaf.operator}>{leaf.operator}</option>}
          {ODOO_OPERATORS.map((op) => (
            <option key={op} value={op}>
              {OPERATOR_LABELS[op] ?? op}
            </option>
          ))}
        </select>
        {!disabled && (
          <>
            <NotToggle pressed={leaf.negate} label={`Negate condition ${n}`} onChange={(negate) => set({ negate })} />
            <IconButton label={`Remove condition ${n}`} className="size-6" onClick={() => emit(removeNode(root, leaf.id))}>
              <X aria-hidden="true" />
            </IconButton>
          </>
        )}
      </div>
      <input
        ref={valueRef}
        id={valueId}
        aria-label={`Condition ${n} value`}
        onFocus={() =>
          ctx.setInsertTarget({
            id: valueId,
            label: `condition ${n} value`,
            mode: "template",
            // Through the DOM, so React sees an ordinary edit with the latest tree.
            insert: (inserted) => {
              const el = valueRef.current;
              if (!el) return;
              el.focus();
              el.setRangeText(inserted, el.selectionStart ?? el.value.length, el.selectionEnd ?? el.value.length, "end");
              el.dispatchEvent(new Event("input", { bubbles: true }));
            },
          })
        }
        value={text}
        placeholder={valueKind(leaf.operator) === "list" ? "values, separated by commas" : valueKind(leaf.operator) === "domain" ? '[["active", "=", true]]' : "value, or {{ input.field }}"}
        disabled={disabled}
        spellCheck={false}
        title={typeof leaf.value === "string" ? "Text" : Array.isArray(leaf.value) ? "List" : typeof leaf.value === "number" ? "Number" : typeof leaf.value === "boolean" ? "True/false" : undefined}
        onChange={(event) => set({ text: event.target.value, value: parseDomainValue(event.target.value, leaf.operator) })}
        className={clsx(compactInput, "mt-1", typeof leaf.value === "number" || typeof leaf.value === "boolean" || leaf.value === null ? "text-sky-700" : "text-zinc-900")}
      />
      {known?.selection && known.selection.length > 0 && !disabled && (
        <p className="mt-1 flex flex-wrap items-center gap-1 text-[11px] text-zinc-500">
          <span>{known.string} is a selection:</span>
          {known.selection.map(([key, label]) => (
            <button
              key={key}
              type="button"
              title={label}
              onClick={() => {
                const next = valueKind(leaf.operator) === "list" && text.trim() !== "" ? `${text}, ${key}` : key;
                set({ text: next, value: parseDomainValue(next, leaf.operator) });
              }}
              className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-zinc-700 ring-1 ring-zinc-200 ring-inset hover:bg-accent-50 hover:text-accent-800"
            >
              {key}
            </button>
          ))}
        </p>
      )}
    </div>
  );
}
