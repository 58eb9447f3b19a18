"use client";

// "New connection" and "Edit connection": a form of the kind's fields. The secret is write-only:
// a stored one shows as "•••••• (set)" with Replace (type a new one) and Clear (remove it on save);
// saving without either keeps it. Field errors from the server land under their fields.
import { SubmitFooter } from "../flows/flow-dialogs.tsx";
import { KeyRound } from "lucide-react";
import { useId, useState, type ReactNode } from "react";
import type { ConnectionKind, ConnectionTestResult, ConnectionView } from "../../lib/connections/connection-types.ts";
import { CONNECTION_KIND_LABELS } from "../../lib/connections/connection-types.ts";
import { failureOf, useFlowAction, type FlowAction } from "../flows/use-flow-action.ts";
import { Button } from "../ui/button.tsx";
import { FieldError, FormAlert, inputClasses, TextField } from "../ui/form.tsx";
import { Modal, ModalBody } from "../ui/modal.tsx";
import { useToast } from "../ui/toast.tsx";
import {
  configFromForm, emptyForm, formFieldOf, formFromConnection, isBrokerKind, secretField, secretFromForm, type ConnectionFormState,
} from "./connection-form.ts";

/** Per kind: the name's placeholder, and the address field's label, placeholder and hint. */
const KIND_TEXT: Record<ConnectionKind, { name: string; urlLabel: string; url: string; urlHint: string }> = {
  odoo: { name: "odoo-main", urlLabel: "Base URL", url: "https://mycompany.odoo.com", urlHint: "The address of the Odoo server, without /jsonrpc or /web." },
  http: { name: "cmms-api", urlLabel: "Base URL", url: "https://api.example.com/v1", urlHint: "Paths in HTTP request steps are added to this." },
  mqtt: { name: "plant-broker", urlLabel: "Broker URL", url: "mqtts://broker.plant.local:8883", urlHint: "mqtt://, mqtts:// (TLS), ws:// or wss://, with the port." },
  amqp: { name: "rabbit", urlLabel: "Broker URL", url: "amqps://rabbit.plant.local:5671/production", urlHint: "amqp:// or amqps:// (TLS); the path is the virtual host." },
};

export type CreateConnectionInput = { environmentId: string; name: string; kind: ConnectionKind; config: Record<string, unknown>; secret: Record<string, string> | null };
export type UpdateConnectionInput = { connectionId: string; name: string; config: Record<string, unknown>; secret?: Record<string, string> | null; clearSecret?: boolean };
export type ConnectionActions = {
  create: FlowAction<CreateConnectionInput, ConnectionView>;
  update: FlowAction<UpdateConnectionInput, ConnectionView>;
  remove: FlowAction<{ connectionId: string }, { id: string }>;
  test: FlowAction<{ connectionId: string }, ConnectionTestResult>;
};

type Props = {
  open: boolean;
  onClose: () => void;
  onSaved: (view: ConnectionView) => void;
  environment: { id: string; name: string };
  /** null: a new connection. */
  connection: ConnectionView | null;
  actions: Pick<ConnectionActions, "create" | "update">;
};

export function ConnectionDialog(props: Props) {
  const title = props.connection ? `Edit ${props.connection.name}` : "New connection";
  return (
    <Modal open={props.open} onClose={props.onClose} title={title} description={`In ${props.environment.name}. Flows refer to it by name.`}>
      <ConnectionFormBody {...props} />
    </Modal>
  );
}

function ConnectionFormBody({ onClose, onSaved, environment, connection, actions }: Props) {
  const id = useId();
  const toast = useToast();
  const [form, setForm] = useState<ConnectionFormState>(() => (connection ? formFromConnection(connection) : emptyForm()));
  const [secretMode, setSecretMode] = useState<"keep" | "replace" | "clear">(connection?.hasSecret ? "keep" : "replace");
  const set = <K extends keyof ConnectionFormState>(key: K, value: ConnectionFormState[K]) => setForm((previous) => ({ ...previous, [key]: value }));

  const done = (view: ConnectionView) => {
    toast(connection ? `Saved ${view.name}` : `Created ${view.name} in ${environment.name}`);
    onSaved(view);
  };
  const create = useFlowAction(actions.create, { onSuccess: done });
  const update = useFlowAction(actions.update, { onSuccess: done });
  const mutation = connection ? update : create;
  const failure = failureOf(mutation.error);
  const errors: Record<string, string> = {};
  for (const field of failure?.fields ?? []) errors[formFieldOf(field.path)] ??= field.message;
  const shownFields = new Set([
    "name", "secret", "baseUrl", "database", "login", "protocol", "username", "keyName", "headers", "auth", "placement",
    "companyIds", "lang", "tz", "timeoutMs", "maxConcurrent", "callsPerSecond", "clientIdPrefix", "prefetch", "ca",
  ]);
  const unplaced = Object.keys(errors).some((key) => !shownFields.has(key));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const config = configFromForm(form, connection?.config);
    const secret = secretMode === "replace" ? secretFromForm(form) : null;
    if (connection) update.mutate({ connectionId: connection.id, name: form.name.trim(), config, ...(secret ? { secret } : {}), ...(secretMode === "clear" ? { clearSecret: true } : {}) });
    else create.mutate({ environmentId: environment.id, name: form.name.trim(), kind: form.kind, config, secret });
  };

  const secret = secretField(form);
  const kindText = KIND_TEXT[form.kind];
  return (
    <form onSubmit={submit} noValidate className="flex min-h-0 flex-1 flex-col">
      <ModalBody>
        <FormAlert message={failure && (failure.code !== "VALIDATION" || unplaced || Object.keys(errors).length === 0) ? failure.message : null} />
        {!connection && (
          <Select id={`${id}-kind`} label="Kind" value={form.kind} onChange={(value) => set("kind", value as ConnectionKind)}>
            {Object.entries(CONNECTION_KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        )}
        <TextField
          id={`${id}-name`} name="name" label="Name" value={form.name} onChange={(e) => set("name", e.target.value)} error={errors.name}
          placeholder={kindText.name} autoComplete="off" spellCheck={false}
          hint={connection?.usedBy.length ? `Used by ${connection.usedBy.join(", ")}: the name cannot change while a released version uses it.` : "Letters, digits, - and _."}
          readOnly={Boolean(connection?.usedBy.length)}
        />
        <TextField
          id={`${id}-baseUrl`} name="baseUrl" label={kindText.urlLabel} value={form.baseUrl} onChange={(e) => set("baseUrl", e.target.value)} error={errors.baseUrl}
          placeholder={kindText.url} autoComplete="off" spellCheck={false} inputMode="url" hint={kindText.urlHint}
        />
        {form.kind === "odoo" && <OdooFields id={id} form={form} set={set} errors={errors} />}
        {form.kind === "http" && <HttpFields id={id} form={form} set={set} errors={errors} />}
        {isBrokerKind(form.kind) && <BrokerFields id={id} form={form} set={set} errors={errors} />}
        {secret && (
          <SecretInput
            id={`${id}-secret`} label={secret.label} hint={secret.hint} value={form.secretValue} onChange={(value) => set("secretValue", value)}
            error={errors.secret} mode={secretMode} setMode={setSecretMode} storedHint={connection?.hasSecret ? connection.secretHint : null}
          />
        )}
      </ModalBody>
      <SubmitFooter onCancel={onClose} cancelDisabled={mutation.isPending} pending={mutation.isPending} label={connection ? "Save" : "Create connection"} pendingLabel="Saving…" />
    </form>
  );
}

type FieldsProps = {
  id: string;
  form: ConnectionFormState;
  set: <K extends keyof ConnectionFormState>(key: K, value: ConnectionFormState[K]) => void;
  errors: Record<string, string>;
};

function OdooFields({ id, form, set, errors }: FieldsProps) {
  return (
    <>
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField id={`${id}-database`} name="database" label="Database" value={form.database} onChange={(e) => set("database", e.target.value)} error={errors.database} placeholder="mycompany" autoComplete="off" spellCheck={false} />
        <TextField id={`${id}-login`} name="login" label="Login" value={form.login} onChange={(e) => set("login", e.target.value)} error={errors.login} placeholder="integration@mycompany.com" autoComplete="off" spellCheck={false} />
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <Select id={`${id}-protocol`} label="Protocol" value={form.protocol} error={errors.protocol} onChange={(value) => set("protocol", value === "json2" ? "json2" : "jsonrpc")}>
          <option value="jsonrpc">JSON-RPC</option>
          <option value="json2">JSON-2 (Odoo 19+)</option>
        </Select>
        <Select id={`${id}-credential`} label="Sign in with" value={form.odooSecretType} onChange={(value) => set("odooSecretType", value === "password" ? "password" : "apiKey")}>
          <option value="apiKey">API key</option>
          <option value="password">Password</option>
        </Select>
      </div>
      <details className="group rounded-lg border border-zinc-200 px-4 py-3" open={ODOO_ADVANCED_KEYS.some((key) => errors[key])}>
        <summary className="cursor-pointer text-sm font-medium text-zinc-700">Advanced: companies, language, time zone, limits</summary>
        <div className="mt-4 grid gap-5 sm:grid-cols-2">
          <TextField id={`${id}-companies`} name="companyIds" label="Company ids" value={form.companyIds} onChange={(e) => set("companyIds", e.target.value)} error={errors.companyIds} placeholder="1, 3" autoComplete="off" />
          <TextField id={`${id}-lang`} name="lang" label="Language" value={form.lang} onChange={(e) => set("lang", e.target.value)} error={errors.lang} placeholder="en_US" autoComplete="off" spellCheck={false} />
          <TextField id={`${id}-tz`} name="tz" label="Time zone" value={form.tz} onChange={(e) => set("tz", e.target.value)} error={errors.tz} placeholder="Europe/Brussels" autoComplete="off" spellCheck={false} />
          <TextField id={`${id}-timeout`} name="timeoutMs" label="Timeout (ms)" value={form.timeoutMs} onChange={(e) => set("timeoutMs", e.target.value)} error={errors.timeoutMs} placeholder="30000" inputMode="numeric" />
          <TextField id={`${id}-concurrent`} name="maxConcurrent" label="Calls at once (per worker)" value={form.maxConcurrent} onChange={(e) => set("maxConcurrent", e.target.value)} error={errors.maxConcurrent} placeholder="4" inputMode="numeric" />
          <TextField id={`${id}-rate`} name="callsPerSecond" label="Calls per second (per worker)" value={form.callsPerSecond} onChange={(e) => set("callsPerSecond", e.target.value)} error={errors.callsPerSecond} placeholder="10" inputMode="numeric" />
        </div>
      </details>
    </>
  );
}

const ODOO_ADVANCED_KEYS = ["companyIds", "lang", "tz", "timeoutMs", "maxConcurrent", "callsPerSecond"];

function HttpFields({ id, form, set, errors }: FieldsProps) {
  return (
    <>
      <Select id={`${id}-auth`} label="Authentication" value={form.authType} error={errors.auth} onChange={(value) => set("authType", value as ConnectionFormState["authType"])}>
        <option value="none">None</option>
        <option value="bearer">Bearer token</option>
        <option value="basic">Basic (user name and password)</option>
        <option value="api-key">API key</option>
      </Select>
      {form.authType === "basic" && (
        <TextField id={`${id}-username`} name="username" label="User name" value={form.username} onChange={(e) => set("username", e.target.value)} error={errors.username} autoComplete="off" />
      )}
      {form.authType === "api-key" && (
        <div className="grid gap-5 sm:grid-cols-2">
          <Select id={`${id}-placement`} label="Send the key as" value={form.placement} onChange={(value) => set("placement", value === "query" ? "query" : "header")}>
            <option value="header">A header</option>
            <option value="query">A query parameter</option>
          </Select>
          <TextField id={`${id}-keyName`} name="keyName" label="Header or parameter name" value={form.keyName} onChange={(e) => set("keyName", e.target.value)} error={errors.keyName} autoComplete="off" spellCheck={false} />
        </div>
      )}
      <div>
        <label htmlFor={`${id}-headers`} className="block text-sm font-medium text-zinc-800">
          Headers <span className="font-normal text-zinc-500">(optional)</span>
        </label>
        <textarea
          id={`${id}-headers`} value={form.headers} onChange={(e) => set("headers", e.target.value)} rows={3} spellCheck={false}
          placeholder={"Accept: application/json"} aria-invalid={errors.headers ? true : undefined}
          className={inputClasses(Boolean(errors.headers), "mt-1.5 h-auto py-2 font-mono text-xs")}
        />
        {errors.headers ? <FieldError id={`${id}-headers-error`} message={errors.headers} /> : <p className="mt-1.5 text-xs text-zinc-500">One &quot;Name: value&quot; per line, sent with every request. Not secret: credentials go in the authentication.</p>}
      </div>
    </>
  );
}

function BrokerFields({ id, form, set, errors }: FieldsProps) {
  return (
    <>
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField id={`${id}-username`} name="username" label="User name" value={form.username} onChange={(e) => set("username", e.target.value)} error={errors.username} autoComplete="off" spellCheck={false} hint="Empty for anonymous access." />
        {form.kind === "mqtt" ? (
          <TextField
            id={`${id}-clientIdPrefix`} name="clientIdPrefix" label="Client id prefix" value={form.clientIdPrefix} onChange={(e) => set("clientIdPrefix", e.target.value)}
            error={errors.clientIdPrefix} placeholder="millwright" autoComplete="off" spellCheck={false} hint="Each trigger's session is <prefix>-<environment>-<flow>-<node>."
          />
        ) : (
          <TextField
            id={`${id}-prefetch`} name="prefetch" label="Prefetch" value={form.prefetch} onChange={(e) => set("prefetch", e.target.value)} error={errors.prefetch}
            placeholder="200" inputMode="numeric" hint="Unacknowledged messages per trigger at most."
          />
        )}
      </div>
      <details className="group rounded-lg border border-zinc-200 px-4 py-3" open={Boolean(errors.ca) || !form.verifyTls || form.ca !== ""}>
        <summary className="cursor-pointer text-sm font-medium text-zinc-700">TLS: certificate checks and a private CA</summary>
        <div className="mt-4 space-y-4">
          <label className="flex items-start gap-2 text-sm text-zinc-800">
            <input type="checkbox" checked={form.verifyTls} onChange={(e) => set("verifyTls", e.target.checked)} className="mt-0.5 size-4 rounded border-zinc-300" />
            <span>
              Verify the broker&apos;s certificate
              <span className="block text-xs text-zinc-500">Turn off only for a test broker with a self-signed certificate.</span>
            </span>
          </label>
          <div>
            <label htmlFor={`${id}-ca`} className="block text-sm font-medium text-zinc-800">
              CA certificate (PEM) <span className="font-normal text-zinc-500">(optional)</span>
            </label>
            <textarea
              id={`${id}-ca`} value={form.ca} onChange={(e) => set("ca", e.target.value)} rows={4} spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----"
              aria-invalid={errors.ca ? true : undefined} className={inputClasses(Boolean(errors.ca), "mt-1.5 h-auto py-2 font-mono text-xs")}
            />
            {errors.ca ? <FieldError id={`${id}-ca-error`} message={errors.ca} /> : <p className="mt-1.5 text-xs text-zinc-500">The authority that signed the broker&apos;s certificate, when it is not a public one.</p>}
          </div>
        </div>
      </details>
    </>
  );
}

function Select({ id, label, value, onChange, error, children }: { id: string; label: string; value: string; onChange: (value: string) => void; error?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} className={inputClasses(Boolean(error), "mt-1.5 pr-8")}>
        {children}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function SecretInput({
  id, label, hint, value, onChange, error, mode, setMode, storedHint,
}: {
  id: string; label: string; hint: string; value: string; onChange: (value: string) => void; error?: string;
  mode: "keep" | "replace" | "clear"; setMode: (mode: "keep" | "replace" | "clear") => void; storedHint: string | null;
}) {
  if (storedHint && mode !== "replace") {
    return (
      <div>
        <p className="block text-sm font-medium text-zinc-800">{label}</p>
        <div className="mt-1.5 flex items-center gap-2 rounded-md bg-zinc-50 px-3 py-2 ring-1 ring-inset ring-zinc-200">
          <KeyRound aria-hidden="true" className="size-4 shrink-0 text-zinc-400" />
          <div className="min-w-0 flex-1">
            {mode === "clear" ? (
              <p className="text-sm text-red-700">Removed when you save: the connection will have no {label.toLowerCase()}.</p>
            ) : (
              <p className="text-sm text-zinc-700">
                <span className="font-mono tracking-widest">••••••</span> (set) <span className="text-xs text-zinc-500">{storedHint.replace(/^•+ /, "")}</span>
              </p>
            )}
          </div>
          {mode === "clear" ? (
            <Button size="sm" variant="ghost" onClick={() => setMode("keep")}>
              Undo
            </Button>
          ) : (
            <>
              <Button size="sm" onClick={() => setMode("replace")}>
                Replace
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setMode("clear")}>
                Clear
              </Button>
            </>
          )}
        </div>
        <p className="mt-1.5 text-xs text-zinc-500">Stored encrypted and never shown again. Replace it to change it.</p>
        <FieldError id={`${id}-error`} message={error} />
      </div>
    );
  }
  return (
    <TextField
      id={id} name="secret" label={label} type="password" value={value} onChange={(e) => onChange(e.target.value)} error={error}
      autoComplete="new-password" spellCheck={false} hint={storedHint ? "The new value replaces the stored one when you save." : hint}
      trailing={
        storedHint ? (
          <Button onClick={() => { onChange(""); setMode("keep"); }}>
            Keep current
          </Button>
        ) : undefined
      }
    />
  );
}
