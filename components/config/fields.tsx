"use client";

// The config form's fields: one component per FormField kind (lib/flows/json-schema-form.ts),
// plus the containers (objects, arrays, discriminated unions) and the "Advanced" fold. Every
// change goes through the form context's `update(path, value)`, which writes the whole config.
import clsx from "clsx";
import { ArrowDown, ArrowUp, ChevronRight, ClipboardPaste, Plus, Trash2, X } from "lucide-react";
import { Fragment, useId, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import {
  childFields,
  deepEqual,
  humanize,
  initialValue,
  isFieldVisible,
  isRecord,
  newArrayItem,
  pathKey,
  singular,
  unionFields,
  variantValue,
  type ConfigPath,
  type FormField,
} from "../../lib/flows/json-schema-form.ts";
import type { FlowIssue } from "../../lib/flows/definition.ts";
import { CodeEditor, type CodeEditorHandle } from "../code-editor/code-editor.tsx";
import { Button } from "../ui/button.tsx";
import { inputClasses } from "../ui/form.tsx";
import { AddButton, describedBy, FieldFrame, helpClass, IconButton, IssueMessages, labelClass, Rich, SegmentedControl, Switch } from "./controls.tsx";
import { DomainField, type DomainMode } from "./domain-field.tsx";
import { FieldPicker } from "./field-picker.tsx";
import { fieldId, useFormContext } from "./form-context.tsx";
import { sameJson, toJsonText } from "./json-text.ts";
import { relativePath } from "./insertable.ts";
import { KeyValueField } from "./keyvalue-field.tsx";
import { odooPicker } from "../../lib/odoo-meta/pickers.ts";
import { OdooFieldsTags, OdooModelInput, OdooValuesHelper } from "./odoo-pickers.tsx";
import { parseDomain } from "./odoo-domain.ts";
import { TagsField } from "./tags-field.tsx";
import { TemplateInput, type TemplateInputHandle } from "./template-input.tsx";
import { CronField, DurationField, TimeZoneField } from "./time-fields.tsx";

type Union = Extract<FormField, { kind: "union" }>;

// ---------------------------------------------------------------------------------------------
// Lists of fields

/**
 * The visible fields of one object, in declared order, advanced ones folded under "Advanced".
 * `control` is placed before the field at `control.index` (a union's variant switch).
 */
export function FieldList({
  fields,
  objectValue,
  basePath,
  level,
  control,
  dense = false,
}: {
  fields: readonly FormField[];
  objectValue: unknown;
  basePath: ConfigPath;
  level: number;
  control?: { index: number; node: ReactNode };
  /** Two short fields per row (list items). */
  dense?: boolean;
}) {
  const ctx = useFormContext();
  const visible = fields.filter((f) => f.kind !== "const" && isFieldVisible(f, fields, objectValue));
  const main = visible.filter((f) => !f.advanced);
  const advanced = visible.filter((f) => f.advanced);
  const key = pathKey(basePath);
  const open = ctx.isAdvancedOpen(key);
  const value = (f: FormField) => (isRecord(objectValue) ? objectValue[f.key] : undefined);

  const items: ReactNode[] = [];
  let placed = !control;
  for (const f of main) {
    if (!placed && fields.indexOf(f) >= control!.index) {
      items.push(<Fragment key="(control)">{control!.node}</Fragment>);
      placed = true;
    }
    const view = <FieldView key={f.key} field={f} path={[...basePath, f.key]} value={value(f)} siblings={fields} objectValue={objectValue} level={level} />;
    items.push(
      dense ? (
        <div key={f.key} className={clsx(!isShort(f) && "col-span-2")}>
          {view}
        </div>
      ) : (
        view
      ),
    );
  }
  if (!placed) items.push(<Fragment key="(control)">{control!.node}</Fragment>);

  return (
    <div className={level === 0 ? "space-y-5" : "space-y-4"}>
      {dense ? <div className="grid grid-cols-2 items-start gap-x-3 gap-y-4">{items}</div> : items}
      {advanced.length > 0 && (
        <div className={clsx(level === 0 ? "border-t border-zinc-200 pt-3" : "")}>
          <button
            type="button"
            aria-expanded={open}
            onClick={() => ctx.toggleAdvanced(key)}
            className="group -ml-1 inline-flex h-7 items-center gap-1 rounded-md px-1 text-[13px] font-medium text-zinc-600 hover:text-zinc-900"
          >
            <ChevronRight aria-hidden="true" className={clsx("size-4 text-zinc-400 transition-transform", open && "rotate-90")} />
            {level === 0 ? "Advanced" : "More options"}
            <span className="ml-0.5 text-xs font-normal text-zinc-400">{advanced.length}</span>
          </button>
          {open && (
            <div className={clsx("mt-3", level === 0 ? "space-y-5" : "space-y-4")}>
              {advanced.map((f) => (
                <FieldView key={f.key} field={f} path={[...basePath, f.key]} value={value(f)} siblings={fields} objectValue={objectValue} level={level} />
              ))}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/** Fields that fit half a row in a list item. */
function isShort(field: FormField): boolean {
  if (field.kind === "select") return field.options.length > 3 || field.options.some((o) => o.label.length > 18) || !(field.required || field.hasDefault);
  return ["text", "number", "scalar", "path", "timezone", "switch", "connection"].includes(field.kind);
}

/** The root of a form: an object's fields, a union's switch and fields, or a single field. */
export function FormRoot({ root, value }: { root: FormField; value: unknown }) {
  if (root.kind === "object") return <FieldList fields={root.fields} objectValue={value} basePath={[]} level={0} />;
  if (root.kind === "union") return <UnionView field={root} path={[]} value={value} level={0} />;
  return <FieldView field={root} path={[]} value={value} siblings={[]} objectValue={undefined} level={0} />;
}

// ---------------------------------------------------------------------------------------------
// One field

type FieldProps = { field: FormField; path: ConfigPath; value: unknown; siblings: readonly FormField[]; objectValue: unknown; level: number };

const NO_ISSUES: readonly FlowIssue[] = [];

/** "Insert a field" beside a field, when the previous step has sample data to pick from. */
function InsertFieldPicker({ field, onPick }: { field: FormField; onPick: (path: string) => void }) {
  const ctx = useFormContext();
  if (!ctx.hasUpstream) return null;
  return <FieldPicker paths={ctx.samplePaths} target={field.title} disabled={ctx.readOnly} onPick={onPick} />;
}

function useFieldBasics(field: FormField, path: ConfigPath) {
  const ctx = useFormContext();
  const id = fieldId(ctx.idPrefix, path);
  const issues = ctx.issues.byField.get(pathKey(path)) ?? NO_ISSUES;
  const invalid = issues.some((i) => i.severity === "error");
  return {
    ctx,
    id,
    issues,
    invalid,
    help: field.description,
    optional: !field.required && !field.hasDefault && field.kind !== "switch",
    described: describedBy(id, Boolean(field.description), issues.length > 0),
    set: (next: unknown) => ctx.update(path, next),
  };
}

function placeholderOf(field: FormField): string | undefined {
  if (field.placeholder) return field.placeholder;
  if (field.hasDefault && (typeof field.default === "string" || typeof field.default === "number") && field.default !== "") return String(field.default);
  return undefined;
}

export function FieldView(props: FieldProps) {
  const { field } = props;
  switch (field.kind) {
    case "const":
      return null;
    case "object":
      return <ObjectView {...props} field={field} />;
    case "array":
      return <ArrayView {...props} field={field} />;
    case "union":
      return <UnionView field={field} path={props.path} value={props.value} level={props.level} />;
    case "switch":
      return <SwitchView {...props} />;
    case "template":
    case "textarea":
      return <TemplateView {...props} multiline={field.kind === "textarea"} />;
    case "code":
      return <CodeView {...props} language={field.language} />;
    case "json":
    case "unsupported":
      return <JsonView {...props} />;
    case "domain":
      return <DomainView {...props} />;
    default:
      return <LeafView {...props} />;
  }
}

function LeafView({ field, path, value, objectValue, siblings }: FieldProps) {
  const { ctx, id, issues, invalid, help, optional, described, set } = useFieldBasics(field, path);
  const odoo = odooPicker(field, siblings, objectValue);
  const disabled = ctx.readOnly;
  const text = typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
  const setText = (next: string) => set(next === "" && !field.required ? undefined : next);
  let control: ReactNode;
  let trailing: ReactNode;
  let labelAs: "label" | "span" = "label";

  switch (field.kind) {
    case "text":
      control = odoo?.role === "model" ? (
        <OdooModelInput
          id={id}
          value={text}
          onChange={setText}
          connection={odoo.connection}
          placeholder={placeholderOf(field)}
          disabled={disabled}
          invalid={invalid}
          describedBy={described}
        />
      ) : (
        <input
          id={id}
          value={text}
          placeholder={placeholderOf(field)}
          disabled={disabled}
          aria-invalid={invalid || undefined}
          aria-describedby={described}
          onChange={(event) => setText(event.target.value)}
          className={inputClasses(invalid)}
        />
      );
      break;
    case "path": {
      const pick = (p: string) => set(relativePath(p) || undefined);
      control = (
        <input
          id={id}
          value={text}
          placeholder={placeholderOf(field)}
          disabled={disabled}
          spellCheck={false}
          aria-invalid={invalid || undefined}
          aria-describedby={described}
          onFocus={() => ctx.setInsertTarget({ id, label: field.title, mode: "path", insert: pick })}
          onChange={(event) => setText(event.target.value)}
          className={inputClasses(invalid, "font-mono text-[13px]")}
        />
      );
      trailing = <InsertFieldPicker field={field} onPick={pick} />;
      break;
    }
    case "timezone":
      control = <TimeZoneField id={id} value={text} onChange={setText} placeholder={placeholderOf(field)} disabled={disabled} invalid={invalid} describedBy={described} />;
      break;
    case "cron": {
      const zone = isRecord(objectValue) && typeof objectValue.timezone === "string" ? objectValue.timezone : undefined;
      control = (
        <CronField
          id={id}
          value={typeof value === "string" ? value : typeof field.default === "string" ? field.default : ""}
          onChange={(next) => set(next)}
          timeZone={zone}
          placeholder={field.placeholder}
          disabled={disabled}
          invalid={invalid}
          describedBy={described}
          showOwnError={issues.length === 0}
        />
      );
      break;
    }
    case "duration":
      control = (
        <DurationField
          id={id}
          value={value ?? field.default}
          onChange={(next) => set(next)}
          valueType={field.valueType}
          unit={field.unit}
          placeholder={field.placeholder}
          disabled={disabled}
          invalid={invalid}
          describedBy={described}
        />
      );
      break;
    case "number":
      control = <NumberInput id={id} field={field} value={value} onChange={set} disabled={disabled} invalid={invalid} describedBy={described} />;
      break;
    case "select": {
      const current = value === undefined ? field.default : value;
      const index = field.options.findIndex((o) => deepEqual(o.value, current));
      const segmented = field.options.length <= 3 && field.options.every((o) => o.label.length <= 18) && (field.required || field.hasDefault);
      if (segmented) {
        labelAs = "span";
        control = (
          <SegmentedControl
            options={field.options.map((o, i) => ({ value: String(i), label: o.label }))}
            value={index >= 0 ? String(index) : undefined}
            onChange={(i) => set(field.options[Number(i)]?.value)}
            labelledBy={`${id}-label`}
            describedBy={described}
            disabled={disabled}
          />
        );
      } else {
        control = (
          <select
            id={id}
            value={index >= 0 ? String(index) : current === undefined ? "" : "(current)"}
            disabled={disabled}
            aria-invalid={invalid || undefined}
            aria-describedby={described}
            onChange={(event) => set(event.target.value === "" ? undefined : field.options[Number(event.target.value)]?.value)}
            className={inputClasses(invalid, "pr-8")}
          >
            {(!field.required || current === undefined) && <option value="">{field.required ? "Choose…" : "—"}</option>}
            {index < 0 && current !== undefined && <option value="(current)">{String(current)} (not an option)</option>}
            {field.options.map((o, i) => (
              <option key={i} value={String(i)}>
                {o.label}
              </option>
            ))}
          </select>
        );
      }
      break;
    }
    case "multiselect": {
      labelAs = "span";
      const selected = Array.isArray(value) ? value : Array.isArray(field.default) ? field.default : [];
      control = (
        <div role="group" aria-labelledby={`${id}-label`} aria-describedby={described} className="flex flex-wrap gap-1.5">
          {field.options.map((o, i) => {
            const checked = selected.some((v) => deepEqual(v, o.value));
            return (
              <label
                key={i}
                className={clsx(
                  "inline-flex h-7 cursor-pointer items-center gap-1.5 rounded-md px-2.5 text-[13px] ring-1 ring-inset transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent-500",
                  checked ? "bg-accent-50 text-accent-800 ring-accent-300" : "bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50",
                  disabled && "cursor-not-allowed opacity-70",
                )}
              >
                <input
                  type="checkbox"
                  className="size-3.5 accent-accent-600"
                  checked={checked}
                  disabled={disabled}
                  onChange={(event) => set(event.target.checked ? [...selected, o.value] : selected.filter((v) => !deepEqual(v, o.value)))}
                />
                {o.label}
              </label>
            );
          })}
        </div>
      );
      break;
    }
    case "scalar":
      control = <ScalarInput id={id} types={field.types} value={value} onChange={set} disabled={disabled} invalid={invalid} describedBy={described} placeholder={field.placeholder} />;
      break;
    case "connection": {
      const names = ctx.connectionNames;
      const missing = text !== "" && !names.includes(text);
      control = (
        <>
          <select
            id={id}
            value={text}
            disabled={disabled}
            aria-invalid={invalid || missing || undefined}
            aria-describedby={[described, `${id}-connections`].filter(Boolean).join(" ")}
            onChange={(event) => setText(event.target.value)}
            className={inputClasses(invalid || missing, "pr-8")}
          >
            <option value="">{names.length === 0 ? "No connections yet" : field.required ? "Choose a connection…" : "None"}</option>
            {missing && <option value={text}>{text} (not found)</option>}
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          {names.length === 0 ? (
            <p id={`${id}-connections`} className="mt-1.5 text-xs text-zinc-500">
              An administrator adds connections per environment.
            </p>
          ) : missing && issues.length === 0 ? (
            <p id={`${id}-connections`} className="mt-1.5 text-xs text-amber-700">
              No environment has a connection named “{text}” yet.
            </p>
          ) : null}
        </>
      );
      break;
    }
    case "tags": {
      const tags = {
        id, label: field.title, value: value ?? field.default, onChange: (next: unknown) => set(next), itemType: field.itemType,
        placeholder: field.placeholder, disabled, invalid, describedBy: described,
      };
      control = odoo?.role === "fields" ? <OdooFieldsTags connection={odoo.connection} model={odoo.model} {...tags} /> : <TagsField {...tags} />;
      break;
    }
    case "keyvalue":
      labelAs = "span";
      control = (
        <KeyValueField
          id={id}
          field={field}
          value={value ?? field.default ?? {}}
          onChange={(next) => set(next)}
          invalid={issues.some((i) => i.severity === "error" && (i.path?.length ?? 0) <= path.length)}
          invalidKeys={new Set(issues.filter((i) => i.severity === "error").map((i) => i.path?.[path.length]).filter((k): k is string => typeof k === "string"))}
          describedBy={described}
        />
      );
      break;
    default:
      control = null;
  }

  return (
    <FieldFrame id={id} path={path} label={field.title} help={help} optional={optional} issues={issues} trailing={trailing} labelAs={labelAs}>
      {control}
    </FieldFrame>
  );
}

function NumberInput({
  id,
  field,
  value,
  onChange,
  disabled,
  invalid,
  describedBy: described,
}: {
  id: string;
  field: Extract<FormField, { kind: "number" }>;
  value: unknown;
  onChange: (next: unknown) => void;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  // The text typed so far ("-", "1.") is kept while it is not a number yet.
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? (typeof value === "number" ? String(value) : "");
  return (
    <input
      id={id}
      type="number"
      inputMode={field.integer ? "numeric" : "decimal"}
      step={field.integer ? 1 : "any"}
      min={field.minimum}
      max={field.maximum}
      value={shown}
      placeholder={placeholderOf(field)}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      aria-describedby={described}
      onChange={(event) => {
        const raw = event.target.value;
        if (raw === "") {
          setDraft(null);
          onChange(undefined);
          return;
        }
        const n = Number(raw);
        if (Number.isFinite(n)) {
          setDraft(null);
          onChange(n);
        } else setDraft(raw);
      }}
      onBlur={() => setDraft(null)}
      className={inputClasses(Boolean(invalid), "tabular-nums")}
    />
  );
}

const SCALAR_LABELS = { string: "Text", number: "Number", boolean: "Yes/no" } as const;

/** A value of one of several scalar types: the box, and the type beside it inside one frame. */
function ScalarInput({
  id,
  types,
  value,
  onChange,
  disabled,
  invalid,
  describedBy: described,
  placeholder,
}: {
  id: string;
  types: readonly ("string" | "number" | "boolean")[];
  value: unknown;
  onChange: (next: unknown) => void;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
  placeholder?: string;
}) {
  const current = typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string";
  const [numberDraft, setNumberDraft] = useState<string | null>(null);
  const convert = (to: "string" | "number" | "boolean") => {
    if (to === current) return;
    if (to === "string") onChange(value === undefined ? "" : String(value));
    else if (to === "number") onChange(Number.isFinite(Number(value)) && value !== "" ? Number(value) : 0);
    else onChange(value === "true" || value === 1 || value === true);
  };
  const box = "h-full min-w-0 flex-1 rounded-l-md border-0 bg-transparent px-3 font-mono text-[13px] text-zinc-900 placeholder:text-zinc-400 focus:ring-0 focus:outline-none disabled:cursor-not-allowed";
  return (
    <div
      className={clsx(
        "flex h-9 rounded-md bg-white shadow-xs ring-1 ring-inset focus-within:ring-2",
        invalid ? "ring-red-400 focus-within:ring-red-500" : "ring-zinc-300 focus-within:ring-accent-500",
        disabled && "bg-zinc-50",
      )}
    >
      {current === "boolean" ? (
        <select id={id} value={String(value === true)} disabled={disabled} aria-describedby={described} onChange={(event) => onChange(event.target.value === "true")} className={clsx(box, "pr-8")}>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      ) : current === "number" ? (
        <input
          id={id}
          type="number"
          step="any"
          value={numberDraft ?? String(value)}
          disabled={disabled}
          aria-invalid={invalid || undefined}
          aria-describedby={described}
          onChange={(event) => {
            const n = Number(event.target.value);
            if (event.target.value !== "" && Number.isFinite(n)) {
              setNumberDraft(null);
              onChange(n);
            } else setNumberDraft(event.target.value);
          }}
          onBlur={() => setNumberDraft(null)}
          className={clsx(box, "text-sky-800")}
        />
      ) : (
        <input
          id={id}
          value={typeof value === "string" ? value : ""}
          placeholder={placeholder}
          disabled={disabled}
          aria-invalid={invalid || undefined}
          aria-describedby={described}
          onChange={(event) => onChange(event.target.value)}
          className={box}
        />
      )}
      <select
        aria-label="Value type"
        value={current}
        disabled={disabled}
        onChange={(event) => convert(event.target.value as "string" | "number" | "boolean")}
        className="my-1 mr-1 h-7 shrink-0 rounded border-0 bg-zinc-100 py-0 pr-6 pl-2 text-xs text-zinc-600 focus:ring-2 focus:ring-accent-500 focus:outline-none disabled:cursor-not-allowed"
      >
        {types.map((t) => (
          <option key={t} value={t}>
            {SCALAR_LABELS[t]}
          </option>
        ))}
      </select>
    </div>
  );
}

function SwitchView({ field, path, value }: FieldProps) {
  const { ctx, id, issues, invalid, help, described, set } = useFieldBasics(field, path);
  const checked = value === undefined ? field.default === true : value === true;
  return (
    <div data-config-path={pathKey(path)} className="scroll-mt-4">
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <span id={`${id}-label`} className={labelClass} onClick={() => !ctx.readOnly && set(!checked)}>
            {field.title}
          </span>
          {help && (
            <p id={`${id}-help`} className={clsx(helpClass, "mt-0.5")}>
              <Rich text={help} />
            </p>
          )}
        </div>
        <div className="pt-0.5">
          <Switch id={id} checked={checked} onChange={set} disabled={ctx.readOnly} labelledBy={`${id}-label`} describedBy={described} invalid={invalid} />
        </div>
      </div>
      <IssueMessages id={id} issues={issues} path={path} />
    </div>
  );
}

function TemplateView({ field, path, value, multiline }: FieldProps & { multiline: boolean }) {
  const { ctx, id, issues, invalid, help, optional, described, set } = useFieldBasics(field, path);
  const handle = useRef<TemplateInputHandle>(null);
  const text = typeof value === "string" ? value : value === undefined ? "" : String(value);
  const register = () => ctx.setInsertTarget({ id, label: field.title, mode: "template", insert: (t) => handle.current?.insert(t) });
  return (
    <FieldFrame
      id={id}
      path={path}
      label={field.title}
      help={help}
      optional={optional}
      issues={issues}
      trailing={
        <InsertFieldPicker
          field={field}
          onPick={(p) => {
            register();
            handle.current?.insert(`{{ ${p} }}`);
          }}
        />
      }
    >
      <TemplateInput
        ref={handle}
        id={id}
        value={text}
        multiline={multiline}
        placeholder={placeholderOf(field)}
        disabled={ctx.readOnly}
        invalid={invalid}
        describedBy={described}
        onFocus={register}
        onChange={(next) => set(next === "" && !field.required && !field.hasDefault ? undefined : next)}
      />
    </FieldFrame>
  );
}

function CodeView({ field, path, value, level, language }: FieldProps & { language: "javascript" | "json" }) {
  const { ctx, id, issues, help, optional, described, set } = useFieldBasics(field, path);
  const handle = useRef<CodeEditorHandle>(null);
  const text = typeof value === "string" ? value : value === undefined ? (typeof field.default === "string" ? field.default : "") : JSON.stringify(value, null, 2);
  // Scripts (function bodies that `return`) get room; one-line conditions and expressions start small.
  const script = field.key === "script" || (field.description ?? "").includes("`return`");
  // Syntax errors the validator found are underlined in the editor and summarised under it, once.
  const { diagnostics, otherIssues } = useMemo(() => {
    const found: { line: number; column: number; message: string }[] = [];
    const rest: FlowIssue[] = [];
    for (const issue of issues) {
      const match = /^Line (\d+), column (\d+): (.+)$/s.exec(issue.message);
      if (match) found.push({ line: Number(match[1]), column: Number(match[2]), message: match[3]! });
      else rest.push(issue);
    }
    return { diagnostics: found, otherIssues: rest };
  }, [issues]);
  const register = () => ctx.setInsertTarget({ id, label: field.title, mode: "code", insert: (t) => handle.current?.insert(t) });
  return (
    <FieldFrame
      id={id}
      path={path}
      label={field.title}
      help={help}
      optional={optional}
      issues={otherIssues}
      labelAs="span"
      trailing={
        language === "javascript" ? (
          <InsertFieldPicker
            field={field}
            onPick={(p) => {
              register();
              handle.current?.insert(p);
            }}
          />
        ) : undefined
      }
    >
      <CodeEditor
        id={id}
        language={language}
        ariaLabel={field.title}
        value={text}
        onChange={(next) => set(next)}
        readOnly={ctx.readOnly}
        invalid={otherIssues.some((issue) => issue.severity === "error")}
        diagnostics={diagnostics}
        describedBy={[`${id}-label`, described].filter(Boolean).join(" ")}
        placeholder={field.placeholder}
        completions={ctx.completions}
        minHeight={script ? (level === 0 ? "10rem" : "8rem") : "2.3rem"}
        maxHeight={script ? "28rem" : "12rem"}
        handleRef={handle}
        onFocus={register}
      />
    </FieldFrame>
  );
}

/** JSON edited as text: written when it parses; while it does not, the editor shows the error. */
function JsonView({ field, path, value, level, siblings, objectValue }: FieldProps) {
  const { ctx, id, issues, invalid, help, optional, described, set } = useFieldBasics(field, path);
  const shown = value === undefined ? field.default : value;
  const [text, setText] = useState(() => toJsonText(shown));
  const handle = useRef<CodeEditorHandle>(null);
  // Strings in JSON values may hold {{ placeholders }}: picked fields go in as one.
  const insertTemplate = (p: string) => {
    const editor = handle.current;
    if (!editor) return;
    editor.insert(editor.inString() ? `{{ ${p} }}` : `"{{ ${p} }}"`);
  };
  const register = () => ctx.setInsertTarget({ id, label: field.title, mode: "code", insert: insertTemplate });
  const odoo = odooPicker(field, siblings, objectValue);
  const [seen, setSeen] = useState<unknown>(shown);
  if (!deepEqual(seen, shown)) {
    setSeen(shown);
    if (!sameJson(text, shown)) setText(toJsonText(shown));
  }
  return (
    <FieldFrame
      id={id}
      path={path}
      label={field.title}
      help={help}
      optional={optional}
      issues={issues}
      labelAs="span"
      trailing={
        <InsertFieldPicker
          field={field}
          onPick={(p) => {
            register();
            insertTemplate(p);
          }}
        />
      }
    >
      {field.kind === "unsupported" && <p className="mb-1.5 text-xs text-amber-700">This setting has no form yet ({field.reason}); edit it as JSON.</p>}
      <CodeEditor
        id={id}
        language="json"
        ariaLabel={field.title}
        value={text}
        readOnly={ctx.readOnly}
        invalid={invalid}
        describedBy={[`${id}-label`, described].filter(Boolean).join(" ")}
        placeholder={field.placeholder}
        minHeight={level === 0 ? "5rem" : "4rem"}
        handleRef={handle}
        onFocus={register}
        maxHeight="20rem"
        onChange={(next) => {
          setText(next);
          if (next.trim() === "") {
            if (!field.required) {
              setSeen(undefined);
              set(undefined);
            }
            return;
          }
          try {
            const parsed = JSON.parse(next);
            setSeen(parsed);
            set(parsed);
          } catch {
            // Not JSON yet: the editor underlines the error; the config keeps its last valid value.
          }
        }}
      />
      {!sameJson(text, shown) && text.trim() !== "" && <p className="mt-1 text-xs text-zinc-500">Not applied until this is valid JSON.</p>}
      {odoo?.role === "values" && (
        <OdooValuesHelper
          connection={odoo.connection}
          model={odoo.model}
          disabled={ctx.readOnly}
          value={shown}
          onSetKey={(key, next) => set({ ...(isRecord(shown) ? shown : {}), [key]: next })}
        />
      )}
    </FieldFrame>
  );
}

function DomainView({ field, path, value, siblings, objectValue }: FieldProps) {
  const { ctx, id, issues, invalid, help, optional, described, set } = useFieldBasics(field, path);
  const odoo = odooPicker(field, siblings, objectValue);
  const domain = value === undefined ? (field.default ?? []) : value;
  const buildable = parseDomain(domain).ok;
  const [mode, setMode] = useState<DomainMode>("builder");
  const effective: DomainMode = buildable ? mode : "json";
  return (
    <FieldFrame
      id={id}
      path={path}
      label={field.title}
      help={help}
      optional={optional}
      issues={issues}
      labelAs="span"
      trailing={
        <div className="w-36">
          <SegmentedControl
            size="sm"
            options={[
              { value: "builder", label: "Builder" },
              { value: "json", label: "JSON" },
            ]}
            value={effective}
            onChange={(m) => setMode(m as DomainMode)}
            labelledBy={`${id}-label`}
            disabled={!buildable}
          />
        </div>
      }
    >
      <DomainField id={id} value={domain} onChange={set} mode={effective} disabled={ctx.readOnly} invalid={invalid} describedBy={described} label={field.title} odoo={odoo} />
    </FieldFrame>
  );
}

// ---------------------------------------------------------------------------------------------
// Containers

function ObjectView({ field, path, value, level }: FieldProps & { field: Extract<FormField, { kind: "object" }> }) {
  const { ctx, id, issues, help, described } = useFieldBasics(field, path);
  const optional = !field.required && !field.hasDefault;
  if (optional && value === undefined) {
    return (
      <div data-config-path={pathKey(path)} className="flex scroll-mt-4 items-start justify-between gap-3 rounded-lg border border-dashed border-zinc-300 px-3.5 py-2.5">
        <div className="min-w-0">
          <p id={`${id}-label`} className={labelClass}>
            {field.title}
          </p>
          {help && (
            <p className={clsx(helpClass, "mt-0.5")}>
              <Rich text={help} />
            </p>
          )}
          <IssueMessages id={id} issues={issues} path={path} />
        </div>
        {!ctx.readOnly && (
          <AddButton
            aria-label={`Add ${field.title.toLowerCase()}`}
            className="shrink-0"
            onClick={() => ctx.update(path, initialValue({ ...field, required: true }))}
          >
            <Plus aria-hidden="true" />
            Add
          </AddButton>
        )}
      </div>
    );
  }
  return (
    <section
      data-config-path={pathKey(path)}
      aria-labelledby={`${id}-label`}
      aria-describedby={described}
      className={clsx("scroll-mt-4", level === 0 ? "rounded-lg bg-zinc-50/70 ring-1 ring-zinc-200 ring-inset" : "border-l-2 border-zinc-200 pl-3.5")}
    >
      <div className={clsx("flex items-start justify-between gap-3", level === 0 && "px-3.5 pt-3")}>
        <div className="min-w-0">
          <h3 id={`${id}-label`} className="text-[13px] leading-5 font-semibold text-zinc-900">
            {field.title}
          </h3>
          {help && (
            <p id={`${id}-help`} className={clsx(helpClass, "mt-0.5")}>
              <Rich text={help} />
            </p>
          )}
        </div>
        {optional && !ctx.readOnly && (
          <IconButton label={`Remove ${field.title.toLowerCase()}`} onClick={() => ctx.update(path, undefined)}>
            <Trash2 aria-hidden="true" />
          </IconButton>
        )}
      </div>
      <IssueMessages id={id} issues={issues} path={path} />
      <div className={clsx(level === 0 ? "px-3.5 pt-3.5 pb-3.5" : "pt-3")}>
        <FieldList fields={field.fields} objectValue={value} basePath={path} level={level + 1} />
      </div>
    </section>
  );
}

function itemSummary(item: unknown): string | undefined {
  if (!isRecord(item)) return typeof item === "string" ? item : undefined;
  for (const key of ["label", "name", "title", "key", "from"]) {
    const v = item[key];
    if (typeof v === "string" && v.trim() !== "") return v;
  }
  return undefined;
}

/** "Case" for "Cases"; a singular title ("Table") names items by the key instead ("rows" -> "Row"). */
function itemNoun(field: FormField): string {
  const fromTitle = singular(field.title);
  if (fromTitle !== field.title) return fromTitle;
  const fromKey = singular(humanize(field.key));
  return fromKey || "Item";
}

/** Items shown before "Show all" (a lookup table may hold thousands of rows). */
const PAGE = 100;

function ArrayView({ field, path, value, level }: FieldProps & { field: Extract<FormField, { kind: "array" }> }) {
  const { ctx, id, issues, help, optional } = useFieldBasics(field, path);
  const items = Array.isArray(value) ? value : Array.isArray(field.default) ? (field.default as unknown[]) : [];
  const [showAll, setShowAll] = useState(false);
  const noun = itemNoun(field);
  const lowerNoun = noun.charAt(0).toLowerCase() + noun.slice(1);
  const headingId = `${id}-label`;
  const write = (next: unknown[]) => ctx.update(path, next);
  const move = (from: number, to: number) => {
    const next = [...items];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved);
    write(next);
  };
  const canRemove = items.length > (field.minItems ?? 0);
  const canAdd = field.maxItems === undefined || items.length < field.maxItems;
  const item = field.item;
  const itemFields = item.kind === "object" ? item.fields : null;
  // Flat rows of up to three simple fields (a lookup table) read best as a table.
  const tabular =
    itemFields !== null &&
    itemFields.length <= 3 &&
    itemFields.every((f) => !f.advanced && !f.showWhen && !f.description && ["text", "template", "number", "path"].includes(f.kind));
  const shown = showAll ? items : items.slice(0, PAGE);
  const listRef = useRef<HTMLOListElement>(null);
  const addItem = () => {
    write([...items, newArrayItem(field, items)]);
    requestAnimationFrame(() => {
      const last = listRef.current?.lastElementChild;
      last?.querySelector<HTMLElement>("input, textarea, select, [contenteditable=true]")?.focus();
    });
  };

  return (
    <div data-config-path={pathKey(path)} role="group" aria-labelledby={headingId} className="scroll-mt-4">
      <div className="flex items-end justify-between gap-3">
        <span id={headingId} className={labelClass}>
          {field.title}
          <span className="ml-1.5 text-xs font-normal text-zinc-400 tabular-nums">{items.length}</span>
          {optional && <span className="ml-1.5 text-xs font-normal text-zinc-400">Optional</span>}
        </span>
      </div>
      {help && (
        <p className={clsx(helpClass, "mt-0.5")}>
          <Rich text={help} />
        </p>
      )}
      {/* Item fields are explained once here rather than in every card. */}
      {!tabular &&
        itemFields
          ?.filter((f) => f.description)
          .map((f) => (
            <p key={f.key} className={clsx(helpClass, "mt-0.5")}>
              <span className="font-medium text-zinc-600">{f.title}:</span> <Rich text={f.description!} />
            </p>
          ))}
      <IssueMessages id={id} issues={issues} path={path} />
      {items.length === 0 ? (
        <p className="mt-1.5 rounded-md border border-dashed border-zinc-200 px-3 py-2 text-xs text-zinc-500">No {field.title.toLowerCase()} yet.</p>
      ) : tabular && itemFields ? (
        <TableRows field={field} itemFields={itemFields} items={shown} path={path} listRef={listRef} canRemove={canRemove} noun={noun} write={write} all={items} />
      ) : (
        <ol ref={listRef} className="mt-1.5 space-y-2">
          {shown.map((entry, index) => {
            const summary = itemSummary(entry);
            const itemPath = [...path, index];
            const itemIssues = ctx.issues.byField.get(pathKey(itemPath)) ?? [];
            const itemId = fieldId(ctx.idPrefix, itemPath);
            const label = `${noun} ${index + 1}`;
            return (
              <li key={index} data-config-path={pathKey(itemPath)} aria-label={summary ? `${label}: ${summary}` : label} className="rounded-lg bg-white shadow-xs ring-1 ring-zinc-200">
                <div className="flex h-9 items-center gap-2 border-b border-zinc-100 pr-1 pl-3">
                  <span className="flex size-5 shrink-0 items-center justify-center rounded bg-zinc-100 text-[11px] font-semibold text-zinc-600 tabular-nums">{index + 1}</span>
                  <span className={clsx("min-w-0 flex-1 truncate text-[13px]", summary ? "font-medium text-zinc-900" : "text-zinc-400")}>{summary ?? `New ${lowerNoun}`}</span>
                  {isRecord(entry) && typeof entry.id === "string" && entry.id !== "" && (
                    <span title="Output id" className="max-w-24 shrink-0 truncate rounded bg-zinc-50 px-1.5 font-mono text-[11px] text-zinc-500 ring-1 ring-zinc-200 ring-inset">
                      {entry.id}
                    </span>
                  )}
                  {!ctx.readOnly && (
                    <div className="flex shrink-0 items-center">
                      <IconButton label={`Move ${lowerNoun} ${index + 1} up`} disabled={index === 0} onClick={() => move(index, index - 1)}>
                        <ArrowUp aria-hidden="true" />
                      </IconButton>
                      <IconButton label={`Move ${lowerNoun} ${index + 1} down`} disabled={index === items.length - 1} onClick={() => move(index, index + 1)}>
                        <ArrowDown aria-hidden="true" />
                      </IconButton>
                      <IconButton label={`Remove ${lowerNoun} ${index + 1}`} disabled={!canRemove} onClick={() => write(items.filter((_, i) => i !== index))}>
                        <Trash2 aria-hidden="true" />
                      </IconButton>
                    </div>
                  )}
                </div>
                <div className="p-3">
                  <IssueMessages id={itemId} issues={itemIssues} path={itemPath} />
                  {itemFields ? (
                    <FieldList
                      fields={itemFields.map((f) => ({ ...f, description: undefined }))}
                      objectValue={entry}
                      basePath={itemPath}
                      level={level + 1}
                      dense
                    />
                  ) : (
                    <FieldView field={{ ...item, title: label }} path={itemPath} value={entry} siblings={[]} objectValue={undefined} level={level + 1} />
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {!showAll && items.length > PAGE && (
        <button type="button" onClick={() => setShowAll(true)} className="mt-1.5 text-xs font-medium text-accent-700 hover:underline">
          Show all {items.length} {field.title.toLowerCase()}
        </button>
      )}
      {!ctx.readOnly && canAdd && (
        <div className="mt-1 flex flex-wrap items-center gap-1">
          <AddButton className="-ml-2" onClick={addItem}>
            <Plus aria-hidden="true" />
            Add {lowerNoun}
          </AddButton>
          {tabular && itemFields && <PasteRows fields={itemFields} noun={lowerNoun} onAdd={(rows) => write([...items, ...rows])} />}
        </div>
      )}
    </div>
  );
}

/** Rows pasted from a spreadsheet (tab-separated) or CSV, one per line, columns in field order. */
export function parsePastedRows(text: string, fields: readonly FormField[]): Record<string, unknown>[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const separator = lines.some((l) => l.includes("\t")) ? "\t" : lines.some((l) => l.includes(";")) ? ";" : ",";
  const rows = lines.map((line) => line.split(separator).map((cell) => cell.trim().replace(/^"(.*)"$/, "$1")));
  // A header row naming the columns is skipped.
  if (rows[0] && rows[0].every((cell, i) => fields[i] && [fields[i]!.key.toLowerCase(), fields[i]!.title.toLowerCase()].includes(cell.toLowerCase()))) rows.shift();
  return rows.map((cells) =>
    Object.fromEntries(
      fields.map((f, i) => {
        const cell = cells[i] ?? "";
        return [f.key, f.kind === "number" && cell !== "" && Number.isFinite(Number(cell)) ? Number(cell) : cell];
      }),
    ),
  );
}

function PasteRows({ fields, noun, onAdd }: { fields: readonly FormField[]; noun: string; onAdd: (rows: Record<string, unknown>[]) => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const id = useId();
  const rows = text.trim() === "" ? [] : parsePastedRows(text, fields);
  if (!open) {
    return (
      <AddButton onClick={() => setOpen(true)}>
        <ClipboardPaste aria-hidden="true" />
        Paste {noun}s
      </AddButton>
    );
  }
  return (
    <div className="mt-1 w-full rounded-md bg-zinc-50 p-2.5 ring-1 ring-zinc-200 ring-inset">
      <label htmlFor={id} className="text-xs font-medium text-zinc-700">
        Paste from a spreadsheet or CSV: {fields.map((f) => f.title).join(", ")}, one {noun} per line
      </label>
      <textarea
        id={id}
        rows={4}
        value={text}
        autoFocus
        onChange={(event) => setText(event.target.value)}
        className="mt-1.5 block w-full rounded-md border-0 bg-white px-2.5 py-2 font-mono text-xs shadow-xs ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-accent-500 focus:outline-none"
      />
      <div className="mt-2 flex justify-end gap-1.5">
        <Button size="sm" variant="ghost" onClick={() => {
            setOpen(false);
            setText("");
          }}>
          Cancel
        </Button>
        <Button
          size="sm"
          variant="primary"
          disabled={rows.length === 0}
          onClick={() => {
            onAdd(rows);
            setText("");
            setOpen(false);
          }}
        >
          Add {rows.length} {rows.length === 1 ? noun : `${noun}s`}
        </Button>
      </div>
    </div>
  );
}

function TableRows({
  field,
  itemFields,
  items,
  all,
  path,
  listRef,
  canRemove,
  noun,
  write,
}: {
  field: Extract<FormField, { kind: "array" }>;
  itemFields: readonly FormField[];
  items: readonly unknown[];
  all: readonly unknown[];
  path: ConfigPath;
  listRef: RefObject<HTMLOListElement | null>;
  canRemove: boolean;
  noun: string;
  write: (next: unknown[]) => void;
}) {
  const ctx = useFormContext();
  const columns = `repeat(${itemFields.length}, minmax(0, 1fr)) 1.75rem`;
  return (
    <div className="mt-1.5">
      <div aria-hidden="true" className="grid gap-1.5 px-0.5 pb-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase" style={{ gridTemplateColumns: columns }}>
        {itemFields.map((f) => (
          <span key={f.key}>{f.title}</span>
        ))}
      </div>
      <ol ref={listRef} aria-label={field.title} className="space-y-1.5">
        {items.map((entry, index) => {
          const rowPath = [...path, index];
          const ownIssues = ctx.issues.byField.get(pathKey(rowPath)) ?? [];
          return (
            <li key={index} data-config-path={pathKey(rowPath)}>
              <div className="grid items-start gap-1.5" style={{ gridTemplateColumns: columns }}>
                {itemFields.map((f) => {
                  const cellPath = [...rowPath, f.key];
                  const cellIssues = ctx.issues.byField.get(pathKey(cellPath)) ?? [];
                  const v = isRecord(entry) ? entry[f.key] : undefined;
                  const cellId = fieldId(ctx.idPrefix, cellPath);
                  return (
                    <div key={f.key} data-config-path={pathKey(cellPath)}>
                      <input
                        id={cellId}
                        aria-label={`${f.title}, ${noun.toLowerCase()} ${index + 1}`}
                        value={typeof v === "string" || typeof v === "number" ? String(v) : ""}
                        placeholder={f.placeholder}
                        disabled={ctx.readOnly}
                        spellCheck={false}
                        type={f.kind === "number" ? "number" : "text"}
                        aria-invalid={cellIssues.length > 0 || undefined}
                        aria-describedby={cellIssues.length > 0 ? `${cellId}-issues` : undefined}
                        onChange={(event) =>
                          ctx.update(cellPath, f.kind === "number" ? (event.target.value === "" ? undefined : Number(event.target.value)) : event.target.value)
                        }
                        className={inputClasses(cellIssues.length > 0, "h-8 font-mono text-[13px]")}
                      />
                    </div>
                  );
                })}
                {!ctx.readOnly && (
                  <IconButton label={`Remove ${noun.toLowerCase()} ${index + 1}`} disabled={!canRemove} className="mt-0.5" onClick={() => write(all.filter((_, i) => i !== index))}>
                    <X aria-hidden="true" />
                  </IconButton>
                )}
              </div>
              <IssueMessages id={fieldId(ctx.idPrefix, rowPath)} issues={ownIssues} path={rowPath} />
              {itemFields.map((f) => (
                <IssueMessages
                  key={f.key}
                  id={fieldId(ctx.idPrefix, [...rowPath, f.key])}
                  issues={ctx.issues.byField.get(pathKey([...rowPath, f.key])) ?? []}
                  path={[...rowPath, f.key]}
                />
              ))}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function UnionView({ field, path, value, level }: { field: Union; path: ConfigPath; value: unknown; level: number }) {
  const ctx = useFormContext();
  const id = fieldId(ctx.idPrefix, path);
  const controlPath = [...path, field.discriminator];
  const controlId = fieldId(ctx.idPrefix, controlPath);
  const controlIssues = ctx.issues.byField.get(pathKey(controlPath)) ?? [];
  const ownIssues = ctx.issues.byField.get(pathKey(path)) ?? [];
  const { variant, fields } = unionFields(field, value ?? field.default);
  const objectValue = value ?? field.default;
  // What each variant held when the analyst left it, so If -> Switch -> If gives the condition back.
  const [stash] = useState(() => new Map<string, Record<string, unknown>>());
  const choose = (raw: string) => {
    const next = field.variants[Number(raw)];
    if (!next || next === variant) return;
    const previous = ctx.read(path) ?? field.default;
    if (variant && isRecord(previous)) stash.set(String(variant.value), previous);
    const fresh = variantValue(field, next, previous);
    const saved = stash.get(String(next.value));
    if (!saved) return ctx.update(path, fresh);
    // Fields both variants share keep the current value; the variant's own come back from the stash.
    const shared = new Set(next.fields.filter((f) => variant?.fields.some((g) => g.key === f.key && g.kind === f.kind)).map((f) => f.key));
    const restored: Record<string, unknown> = { ...saved, [field.discriminator]: next.value };
    for (const key of shared) {
      if (isRecord(previous) && previous[key] !== undefined) restored[key] = previous[key];
    }
    ctx.update(path, restored);
  };
  const index = variant ? field.variants.indexOf(variant) : -1;
  const segmented = field.variants.length <= 3 && field.variants.every((v) => v.title.length <= 18);
  const nested = level > 0 || path.length > 0;
  const labelId = `${controlId}-label`;
  const helpId = `${controlId}-help`;

  const control = (
    <div data-config-path={pathKey(controlPath)} className="scroll-mt-4">
      {!nested && (
        <span id={labelId} className={labelClass}>
          {field.title}
        </span>
      )}
      <div className={clsx(!nested && "mt-1.5")}>
        {segmented ? (
          <SegmentedControl
            options={field.variants.map((v, i) => ({ value: String(i), label: v.title }))}
            value={index >= 0 ? String(index) : undefined}
            onChange={choose}
            labelledBy={nested ? `${id}-label` : labelId}
            describedBy={variant?.description ? helpId : undefined}
            disabled={ctx.readOnly}
          />
        ) : (
          <select
            id={controlId}
            aria-labelledby={nested ? `${id}-label` : labelId}
            aria-describedby={variant?.description ? helpId : undefined}
            value={index >= 0 ? String(index) : ""}
            disabled={ctx.readOnly}
            onChange={(event) => choose(event.target.value)}
            className={inputClasses(controlIssues.length > 0, "pr-8")}
          >
            {index < 0 && <option value="">Choose…</option>}
            {field.variants.map((v, i) => (
              <option key={String(v.value)} value={String(i)}>
                {v.title}
              </option>
            ))}
          </select>
        )}
      </div>
      {variant?.description && (
        <p id={helpId} className={clsx(helpClass, "mt-1.5")}>
          <Rich text={variant.description} />
        </p>
      )}
      <IssueMessages id={controlId} issues={controlIssues} path={controlPath} />
    </div>
  );

  const body = (
    <>
      <IssueMessages id={id} issues={ownIssues} path={path} />
      <FieldList fields={fields} objectValue={objectValue} basePath={path} level={nested ? level + 1 : level} control={{ index: variant?.discriminatorIndex ?? 0, node: control }} />
    </>
  );
  if (!nested) return body;
  return (
    <section data-config-path={pathKey(path)} aria-labelledby={`${id}-label`} className={clsx("scroll-mt-4", level === 0 ? "rounded-lg bg-zinc-50/70 p-3.5 ring-1 ring-zinc-200 ring-inset" : "border-l-2 border-zinc-200 pl-3.5")}>
      <h3 id={`${id}-label`} className="mb-2 text-[13px] leading-5 font-semibold text-zinc-900">
        {field.title}
      </h3>
      {field.description && (
        <p className={clsx(helpClass, "-mt-1.5 mb-2")}>
          <Rich text={field.description} />
        </p>
      )}
      {body}
    </section>
  );
}

/** Whether a form has any field the sample tree can insert into. */
export function hasInsertableFields(root: FormField): boolean {
  let found = false;
  const visit = (f: FormField) => {
    if (["template", "textarea", "code", "path", "keyvalue", "json", "domain"].includes(f.kind)) found = true;
    for (const child of childFields(f, undefined)) visit(child);
    if (f.kind === "union") for (const v of f.variants) v.fields.forEach(visit);
    if (f.kind === "array") visit(f.item);
  };
  visit(root);
  return found;
}
