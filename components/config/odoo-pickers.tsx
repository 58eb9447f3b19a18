"use client";

// Odoo pickers of the config form, fed by /api/odoo-meta (fields_get and ir.model of the step's
// connection, cached on the server): the Model combobox, field suggestions for the Fields tags and
// the domain builder, and the "Fields" reference and x2many helper under the Values editor of
// create / write / upsert. Every picker reads the `connection` (and `model`) of the same form, and
// free text always stays possible: when Odoo cannot be reached, a short hint says why.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { ChevronRight, LoaderCircle, RefreshCw } from "lucide-react";
import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import {
  X2MANY_COMMANDS,
  X2MANY_TYPES,
  fieldSnippet,
  sampleValue,
  searchItems,
  typeLabel,
  type OdooFieldInfo,
  type OdooFieldsAnswer,
  type OdooModelInfo,
  type OdooModelsAnswer,
} from "../../lib/odoo-meta/meta.ts";
import { isModelName } from "../../lib/odoo-meta/pickers.ts";
import { inputClasses } from "../ui/form.tsx";
import { TagsField } from "./tags-field.tsx";

// ---------------------------------------------------------------------------------------------
// Data

/** A message ending with a full stop, so a hint can follow it. */
function sentence(message: string): string {
  return /[.!?]$/.test(message.trim()) ? message.trim() : `${message.trim()}.`;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new Error(body?.error?.message ?? `the server answered ${response.status}`);
  return body as T;
}

/** The models of the connection's Odoo database (kept for five minutes in the browser too). */
export function useOdooModels(connection: string) {
  return useQuery({
    queryKey: ["odoo-meta", "models", connection],
    queryFn: () => getJson<OdooModelsAnswer>(`/api/odoo-meta/models?connection=${encodeURIComponent(connection)}`),
    enabled: connection !== "",
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/**
 * The fields of `model`; `refresh()` asks Odoo again (the server cache is overwritten). While the
 * analyst is still typing a model name ("maint"), nothing is asked: once the model list is known,
 * only its models are; when the list cannot be loaded, any well-formed name is.
 */
export function useOdooFields(connection: string, model: string) {
  const client = useQueryClient();
  const models = useOdooModels(connection);
  const listed = models.data ? models.data.models.some((m) => m.model === model) : null;
  const unknownModel = listed === false;
  const key = ["odoo-meta", "fields", connection, model];
  const url = `/api/odoo-meta/fields?connection=${encodeURIComponent(connection)}&model=${encodeURIComponent(model)}`;
  const query = useQuery({
    queryKey: key,
    queryFn: () => getJson<OdooFieldsAnswer>(url),
    enabled: connection !== "" && isModelName(model) && (listed === true || models.isError),
    staleTime: 10 * 60_000,
    retry: false,
  });
  const [refreshing, setRefreshing] = useState(false);
  const refresh = async () => {
    setRefreshing(true);
    try {
      await client.fetchQuery({ queryKey: key, queryFn: () => getJson<OdooFieldsAnswer>(`${url}&refresh=1`), staleTime: 0 });
    } catch {
      // The query shows the error.
    } finally {
      setRefreshing(false);
    }
  };
  return { ...query, refresh, refreshing, unknownModel, waitingForModels: models.isPending && connection !== "" };
}

// ---------------------------------------------------------------------------------------------
// Suggestions under an input (a listbox popup of a combobox)

export type Suggestion = { value: string; label: string; detail?: string };

/**
 * Keyboard and ARIA for a list of suggestions under an input: ArrowDown opens and moves, Enter picks
 * the highlighted one (nothing is highlighted until the arrows are used, so Enter keeps free text),
 * Escape closes. `onKeyDown` answers true when it handled the key.
 */
export function useSuggestions({
  id,
  items,
  onPick,
  wide = false,
}: {
  id: string;
  items: readonly Suggestion[];
  onPick: (item: Suggestion) => void;
  /** Wider than a narrow input (the domain builder's field box). */
  wide?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = `${id}-suggestions`;
  const shown = open && items.length > 0;
  const current = active < items.length ? active : -1;
  const pick = (item: Suggestion) => {
    onPick(item);
    setActive(-1);
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent): boolean => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (items.length === 0) return false;
      event.preventDefault();
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      const from = current < 0 ? (step > 0 ? -1 : items.length) : current;
      setActive((from + step + items.length) % items.length);
      return true;
    }
    if (event.key === "Enter" && shown && current >= 0) {
      event.preventDefault();
      pick(items[current]!);
      return true;
    }
    if (event.key === "Escape" && shown) {
      event.preventDefault();
      setOpen(false);
      return true;
    }
    return false;
  };
  const inputProps = {
    role: "combobox" as const,
    "aria-expanded": shown,
    "aria-controls": listId,
    "aria-autocomplete": "list" as const,
    "aria-activedescendant": shown && current >= 0 ? `${listId}-${current}` : undefined,
    onFocus: () => setOpen(true),
    onBlur: () => {
      setOpen(false);
      setActive(-1);
    },
  };
  const list = shown ? (
    <ul
      id={listId}
      role="listbox"
      className={clsx("absolute top-full left-0 z-30 mt-1 max-h-64 overflow-y-auto rounded-md bg-white py-1 shadow-lg ring-1 ring-zinc-200", wide ? "w-[19rem]" : "right-0")}
    >
      {items.map((item, index) => (
        <li
          key={item.value}
          id={`${listId}-${index}`}
          role="option"
          aria-selected={index === current}
          onMouseDown={(event) => event.preventDefault()}
          onMouseEnter={() => setActive(index)}
          onClick={() => pick(item)}
          className={clsx("flex cursor-pointer items-baseline gap-2 px-2.5 py-1.5 text-xs", index === current ? "bg-accent-50" : "hover:bg-zinc-50")}
        >
          <span className="shrink-0 font-mono text-zinc-900">{item.value}</span>
          <span className="min-w-0 flex-1 truncate text-zinc-500">{item.label}</span>
          {item.detail && <span className="shrink-0 font-mono text-[10px] text-zinc-400">{item.detail}</span>}
        </li>
      ))}
    </ul>
  ) : null;
  return { onKeyDown, inputProps, list, setOpen };
}

/** Fields as suggestions: technical name, label, type. */
export function fieldSuggestions(fields: readonly OdooFieldInfo[], query: string, exclude: readonly unknown[] = []): Suggestion[] {
  const left = fields.filter((f) => !exclude.includes(f.name));
  return searchItems(left, query, (f) => [f.name, f.string]).map((f) => ({ value: f.name, label: f.string, detail: typeLabel(f) }));
}

function Hint({ id, tone = "muted", children }: { id?: string; tone?: "muted" | "warn"; children: ReactNode }) {
  return (
    <p id={id} className={clsx("mt-1.5 flex items-center gap-1 text-xs", tone === "warn" ? "text-amber-700" : "text-zinc-500")}>
      {children}
    </p>
  );
}

// ---------------------------------------------------------------------------------------------
// Model

export function OdooModelInput({
  id,
  value,
  onChange,
  connection,
  placeholder,
  disabled,
  invalid,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (next: string) => void;
  connection: string;
  placeholder?: string;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  const models = useOdooModels(connection);
  const list: readonly OdooModelInfo[] = models.data?.models ?? [];
  const exact = list.find((m) => m.model === value);
  const matches = searchItems(list, exact ? "" : value, (m) => [m.model, m.name]).map((m) => ({ value: m.model, label: m.name }));
  const suggestions = useSuggestions({ id, items: matches, onPick: (item) => onChange(item.value) });
  const hintId = `${id}-models`;
  let hint: ReactNode = null;
  if (connection === "") hint = <Hint id={hintId}>Choose a connection to list its models.</Hint>;
  else if (models.isPending) hint = <Hint id={hintId}><LoaderCircle aria-hidden="true" className="size-3 animate-spin" />Loading models…</Hint>;
  else if (models.isError)
    hint = (
      <Hint id={hintId} tone="warn">
        <span>
          Could not load models: {sentence(models.error.message)} Type the technical name.{" "}
          <button type="button" onClick={() => void models.refetch()} className="font-medium text-accent-700 underline-offset-2 hover:underline">
            Try again
          </button>
        </span>
      </Hint>
    );
  else if (exact) hint = <Hint id={hintId}>{exact.name}</Hint>;
  else if (value !== "" && list.length > 0) hint = <Hint id={hintId} tone="warn">“{value}” is not a model of this database.</Hint>;
  return (
    <div>
      <div className="relative">
        <input
          id={id}
          value={value}
          placeholder={placeholder}
          disabled={disabled}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={invalid || undefined}
          aria-describedby={[describedBy, hint ? hintId : null].filter(Boolean).join(" ") || undefined}
          {...suggestions.inputProps}
          onKeyDown={(event) => suggestions.onKeyDown(event)}
          onChange={(event) => {
            suggestions.setOpen(true);
            onChange(event.target.value);
          }}
          className={inputClasses(Boolean(invalid), "font-mono text-[13px]")}
        />
        {!disabled && suggestions.list}
      </div>
      {hint}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Fields: the status line with "Refresh fields"

/** "12 fields of res.partner", loading, or why they could not be loaded; and the refresh button. */
export function OdooFieldsStatus({ connection, model, fields }: { connection: string; model: string; fields: ReturnType<typeof useOdooFields> }) {
  if (connection === "" || !isModelName(model)) return <Hint>Choose a connection and a model to pick fields from Odoo.</Hint>;
  if (fields.unknownModel) return <Hint>Choose a model of this database to pick its fields.</Hint>;
  return (
    <div className="mt-1.5 flex items-center gap-2 text-xs">
      {fields.isPending && (fields.fetchStatus === "fetching" || fields.waitingForModels) ? (
        <span className="flex items-center gap-1 text-zinc-500">
          <LoaderCircle aria-hidden="true" className="size-3 animate-spin" />
          Loading the fields of {model}…
        </span>
      ) : fields.isError ? (
        <span className="text-amber-700">Could not load fields: {fields.error.message}</span>
      ) : fields.isPending ? (
        <span className="text-zinc-500">Fields are not loaded.</span>
      ) : (
        <span className="text-zinc-500">
          {fields.data.fields.length} fields of <span className="font-mono">{model}</span>
        </span>
      )}
      <button
        type="button"
        onClick={() => void fields.refresh()}
        disabled={fields.refreshing}
        className="ml-auto inline-flex h-6 shrink-0 items-center gap-1 rounded px-1.5 font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 disabled:opacity-60"
      >
        <RefreshCw aria-hidden="true" className={clsx("size-3", fields.refreshing && "animate-spin")} />
        Refresh fields
      </button>
    </div>
  );
}

/** The Fields tags with suggestions from fields_get, and the status line with "Refresh fields". */
export function OdooFieldsTags({ connection, model, ...props }: Omit<Parameters<typeof TagsField>[0], "suggestionsFor" | "footer"> & { connection: string; model: string }) {
  const fields = useOdooFields(connection, model);
  const list = fields.data?.fields ?? [];
  return (
    <TagsField
      {...props}
      suggestionsFor={(draft, tags) => fieldSuggestions(list, draft, tags)}
      footer={props.disabled ? null : <OdooFieldsStatus connection={connection} model={model} fields={fields} />}
    />
  );
}

// ---------------------------------------------------------------------------------------------
// Values of create / write / upsert: fields reference and x2many helper

function Fold({ title, count, children }: { title: string; count?: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="rounded-md ring-1 ring-zinc-200 ring-inset">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex h-8 w-full items-center gap-1.5 px-2 text-left text-xs font-medium text-zinc-700 hover:text-zinc-950"
      >
        <ChevronRight aria-hidden="true" className={clsx("size-3.5 text-zinc-400 transition-transform", open && "rotate-90")} />
        {title}
        {count !== undefined && <span className="ml-auto font-normal text-zinc-400">{count}</span>}
      </button>
      {open && (
        <div id={panelId} className="border-t border-zinc-200">
          {children}
        </div>
      )}
    </div>
  );
}

/**
 * Under the Values editor: the model's fields (Add sets the key with a sample value of its type),
 * and the x2many command syntax (sets a one2many / many2many field to the chosen command).
 */
export function OdooValuesHelper({
  connection,
  model,
  disabled,
  value,
  onSetKey,
}: {
  connection: string;
  model: string;
  disabled?: boolean;
  /** The Values object as it is now (keys already set show as added). */
  value: unknown;
  onSetKey: (name: string, value: unknown) => void;
}) {
  const fields = useOdooFields(connection, model);
  const [query, setQuery] = useState("");
  const list = fields.data?.fields ?? [];
  const shown = searchItems(list, query, (f) => [f.name, f.string], 200);
  const x2many = list.filter((f) => X2MANY_TYPES.has(f.type));
  const present = new Set(value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : []);
  const [target, setTarget] = useState("");
  const x2manyField = target || x2many[0]?.name || "";
  const targetId = useId();
  return (
    <div className="mt-2 space-y-1.5">
      <Fold title="Fields" count={fields.data ? `${list.length} of ${model}` : undefined}>
        <div className="px-2 pb-2">
          <OdooFieldsStatus connection={connection} model={model} fields={fields} />
          {list.length > 0 && (
            <>
              <input
                aria-label="Filter fields"
                value={query}
                placeholder="Filter by name or label"
                onChange={(event) => setQuery(event.target.value)}
                className="mt-1.5 block h-7 w-full rounded-md border-0 px-2 text-xs ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-accent-500"
              />
              <div className="mt-1.5 max-h-60 overflow-y-auto">
                <table className="w-full text-left text-xs">
                  <thead className="sticky top-0 bg-white text-[11px] text-zinc-500">
                    <tr>
                      <th className="py-1 font-medium">Field</th>
                      <th className="py-1 font-medium">Type</th>
                      <th className="py-1 font-medium">
                        <span className="sr-only">Add</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((f) => (
                      <tr key={f.name} className="border-t border-zinc-100 align-top">
                        <td className="py-1 pr-2">
                          <span className="font-mono text-zinc-900">{f.name}</span>
                          {f.required && <span className="ml-1 rounded bg-red-50 px-1 text-[10px] font-medium text-red-700 ring-1 ring-red-200 ring-inset">required</span>}
                          <span className="block text-zinc-500">{f.string}</span>
                        </td>
                        <td className="py-1 pr-2 font-mono text-[11px] text-zinc-500">{typeLabel(f)}</td>
                        <td className="py-1 text-right">
                          {present.has(f.name) ? (
                            <span className="px-1.5 text-zinc-400">Added</span>
                          ) : (
                            !disabled && (
                              <button
                                type="button"
                                aria-label={`Add ${f.name} to Values`}
                                title={fieldSnippet(f)}
                                onClick={() => onSetKey(f.name, JSON.parse(sampleValue(f)))}
                                className="rounded px-1.5 py-0.5 font-medium text-accent-700 hover:bg-accent-50"
                              >
                                Add
                              </button>
                            )
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      </Fold>
      <Fold title="x2many values (one2many, many2many)">
        <div className="space-y-2 px-2 py-2 text-xs text-zinc-600">
          <p>Lines and tags are written as a list of commands. Choose the field, then the command: it is set in Values, ready to edit.</p>
          <div className="flex items-center gap-2">
            <label htmlFor={targetId} className="shrink-0 font-medium text-zinc-700">
              Field
            </label>
            <input
              id={targetId}
              list={`${targetId}-list`}
              value={x2manyField}
              placeholder="order_line"
              spellCheck={false}
              onChange={(event) => setTarget(event.target.value)}
              className="block h-7 min-w-0 flex-1 rounded-md border-0 px-2 font-mono text-xs ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-accent-500"
            />
            <datalist id={`${targetId}-list`}>
              {x2many.map((f) => (
                <option key={f.name} value={f.name} label={`${f.string} (${typeLabel(f)})`} />
              ))}
            </datalist>
          </div>
          <ul className="space-y-1.5">
            {X2MANY_COMMANDS.map((c) => (
              <li key={c.command} className="flex items-start gap-2">
                <button
                  type="button"
                  disabled={disabled || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(x2manyField)}
                  onClick={() => onSetKey(x2manyField, JSON.parse(c.snippet))}
                  className="w-28 shrink-0 rounded px-1.5 py-0.5 text-left font-medium text-accent-700 ring-1 ring-zinc-200 ring-inset hover:bg-accent-50 disabled:opacity-60"
                >
                  {c.label}
                </button>
                <span className="min-w-0">
                  <code className="font-mono break-all text-zinc-900">{c.snippet}</code>
                  <span className="block text-zinc-500">{c.explanation}</span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      </Fold>
    </div>
  );
}
