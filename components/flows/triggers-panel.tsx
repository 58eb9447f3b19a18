"use client";

// The flow page's triggers panel: how the flow is started in each environment it is released to.
// A button over the canvas opens a drawer with, per environment, the webhook URL and how to
// authenticate (admins rotate the secret: shown once, with a ready-to-use curl example), the
// schedule in words with its next runs and last tick, or "Run now" for a manual start
// (analysts and admins; the input is checked against the trigger's input schema on the server).
import clsx from "clsx";
import { CalendarClock, Check, Copy, ExternalLink, KeyRound, Lock, Play, TriangleAlert, Webhook, X, Zap } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type ReactNode } from "react";
import type { FieldIssue } from "../../lib/flows/action-result.ts";
import { curlExample } from "../../lib/triggers/curl-example.ts";
import type {
  ManualTriggerView, RotatedSecret, ScheduleTriggerView, TriggerEnvironmentView, TriggerView, WebhookTriggerView,
} from "../../lib/triggers/panel-types.ts";
import { CodeEditor } from "../code-editor/code-editor.tsx";
import { MessageTriggerDetails } from "../subscribers/message-trigger-details.tsx";
import { Badge } from "../ui/badge.tsx";
import { Button, buttonClasses } from "../ui/button.tsx";
import { FormAlert } from "../ui/form.tsx";
import { formatDateTime, formatRelative } from "../ui/format.ts";
import { Modal, ModalBody, ModalFooter } from "../ui/modal.tsx";
import { useToast } from "../ui/toast.tsx";
import { failureOf, useFlowAction, type FlowAction } from "./use-flow-action.ts";

type TriggerRef = { flowId: string; environmentId: string };

export type TriggersPanelProps = {
  flowId: string;
  environments: TriggerEnvironmentView[];
  /** ADMIN: rotate webhook secrets. */
  canRotate: boolean;
  /** ANALYST or ADMIN, flow not archived: start manual runs. */
  canRun: boolean;
  /** The editor shows a read-only banner under its toolbar: sit below it. */
  belowBanner?: boolean;
  actions: {
    rotateSecret: FlowAction<TriggerRef, RotatedSecret>;
    runNow: FlowAction<TriggerRef & { input: unknown }, { runId: string }>;
  };
};

type Dialog = { kind: "rotate"; env: TriggerEnvironmentView; trigger: WebhookTriggerView } | { kind: "run"; env: TriggerEnvironmentView; trigger: ManualTriggerView } | null;

export function TriggersPanel(props: TriggersPanelProps) {
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const drawerId = useId();
  const released = props.environments.map((env) => env.environment.key);

  return (
    <div data-testid="triggers">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={drawerId}
        onClick={() => setOpen(!open)}
        data-testid="triggers-button"
        className={clsx(props.belowBanner ? "top-[6.75rem]" : "top-[4.25rem]", "fixed left-1/2 z-40 inline-flex h-8 -translate-x-1/2 items-center gap-1.5 rounded-full bg-white px-3 text-xs font-medium text-zinc-700 shadow-md ring-1 ring-zinc-200 transition-colors hover:bg-zinc-50 hover:text-zinc-900")}
      >
        <Zap aria-hidden="true" className="size-3.5 text-accent-600" />
        Triggers
        <span className="font-normal text-zinc-500">{released.length === 0 ? "· not released" : `· ${released.join(", ")}`}</span>
      </button>
      {open && (
        <section
          id={drawerId}
          aria-labelledby={`${drawerId}-title`}
          onKeyDown={(event) => {
            if (event.key === "Escape") setOpen(false);
          }}
          className="fixed top-14 right-0 bottom-0 z-40 flex w-[28rem] max-w-full animate-slide-up flex-col border-l border-zinc-200 bg-white shadow-2xl"
        >
          <header className="flex items-start justify-between gap-4 border-b border-zinc-100 px-5 pt-4 pb-3">
            <div>
              <h2 id={`${drawerId}-title`} className="text-[15px] font-semibold text-zinc-900">Triggers</h2>
              <p className="mt-0.5 text-xs text-zinc-500">How this flow starts in each environment it is released to.</p>
            </div>
            <button type="button" onClick={() => setOpen(false)} aria-label="Close triggers" className="-mr-2 rounded-md p-1.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700">
              <X aria-hidden="true" className="size-4" />
            </button>
          </header>
          <div className="flex-1 space-y-4 overflow-y-auto px-5 py-4">
            {props.environments.length === 0 ? (
              <NotReleased />
            ) : (
              props.environments.map((env) => (
                <EnvironmentCard key={env.environment.id} env={env} canRotate={props.canRotate} canRun={props.canRun} onDialog={setDialog} />
              ))
            )}
          </div>
        </section>
      )}
      {dialog?.kind === "rotate" && (
        <RotateDialog flowId={props.flowId} env={dialog.env} trigger={dialog.trigger} rotate={props.actions.rotateSecret} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === "run" && <RunNowDialog flowId={props.flowId} env={dialog.env} trigger={dialog.trigger} runNow={props.actions.runNow} onClose={() => setDialog(null)} />}
    </div>
  );
}

function NotReleased() {
  return (
    <div className="rounded-lg border border-dashed border-zinc-300 px-5 py-8 text-center">
      <span className="mx-auto flex size-10 items-center justify-center rounded-full bg-accent-50 text-accent-600 ring-1 ring-accent-100">
        <Zap aria-hidden="true" className="size-5" />
      </span>
      <h3 className="mt-3 text-sm font-semibold text-zinc-900">Not released yet</h3>
      <p className="mt-1 text-sm leading-6 text-zinc-500">
        Publish a version and release it to an environment: its webhook address, schedule or Run now button then appear here.
      </p>
    </div>
  );
}

function EnvironmentCard({ env, canRotate, canRun, onDialog }: { env: TriggerEnvironmentView; canRotate: boolean; canRun: boolean; onDialog: (dialog: Dialog) => void }) {
  const trigger = env.trigger;
  return (
    <article data-testid={`triggers-${env.environment.key}`} className="rounded-lg border border-zinc-200 bg-white shadow-xs">
      <header className="flex flex-wrap items-center gap-2 border-b border-zinc-100 px-4 py-2.5">
        <h3 className="text-sm font-semibold text-zinc-900">{env.environment.name}</h3>
        <span className="font-mono text-xs text-zinc-500">{env.environment.key}</span>
        {env.environment.protected && (
          <Badge tone="amber">
            <Lock aria-hidden="true" /> Protected
          </Badge>
        )}
        <span className="ml-auto text-xs text-zinc-500" title={`Released ${formatDateTime(new Date(env.releasedAt))}`}>
          v{env.versionNumber} · released {formatRelative(new Date(env.releasedAt))}
        </span>
      </header>
      <div className="space-y-3 px-4 py-3 text-[13px] text-zinc-700">
        {!trigger ? (
          <p className="text-zinc-500">This version has no trigger.</p>
        ) : (
          <TriggerBody env={env} trigger={trigger} canRotate={canRotate} canRun={canRun} onDialog={onDialog} />
        )}
      </div>
    </article>
  );
}

function TriggerBody({ env, trigger, canRotate, canRun, onDialog }: { env: TriggerEnvironmentView; trigger: TriggerView; canRotate: boolean; canRun: boolean; onDialog: (dialog: Dialog) => void }) {
  switch (trigger.kind) {
    case "webhook":
      return <WebhookDetails trigger={trigger} canRotate={canRotate} onRotate={() => onDialog({ kind: "rotate", env, trigger })} />;
    case "schedule":
      return <ScheduleDetails trigger={trigger} />;
    case "manual":
      return <ManualDetails trigger={trigger} canRun={canRun} onRun={() => onDialog({ kind: "run", env, trigger })} />;
    case "message":
      return <MessageTriggerDetails trigger={trigger} />;
    default:
      return (
        <p className="text-zinc-500">
          Started by {trigger.label ? `“${trigger.label}” ` : ""}({trigger.nodeKind}).
          {trigger.problem ? <span className="mt-1 block text-red-700">Its settings are invalid: {trigger.problem}</span> : " It is not controlled from here."}
        </p>
      );
  }
}

function TriggerTitle({ icon: Icon, children }: { icon: typeof Webhook; children: ReactNode }) {
  return (
    <p className="flex items-center gap-1.5 font-medium text-zinc-900">
      <Icon aria-hidden="true" className="size-4 text-zinc-500" />
      {children}
    </p>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[6.5rem_1fr] gap-2">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

const AUTH_WORDS = { hmac: "HMAC signature", bearer: "Bearer token", none: "None (anyone who can reach the URL)" } as const;

function WebhookDetails({ trigger, canRotate, onRotate }: { trigger: WebhookTriggerView; canRotate: boolean; onRotate: () => void }) {
  const idempotency =
    trigger.idempotency.source === "none"
      ? "None: every request starts a run"
      : `${trigger.idempotency.source === "header" ? `${trigger.idempotency.header} header` : `payload field ${trigger.idempotency.path}`}${trigger.idempotency.required ? " (required)" : ""}`;
  return (
    <>
      <TriggerTitle icon={Webhook}>Webhook{trigger.label ? ` · ${trigger.label}` : ""}</TriggerTitle>
      <CopyField label="Webhook URL" value={trigger.url} prefix={trigger.method} />
      <dl className="space-y-1.5">
        <Row label="Authentication">{AUTH_WORDS[trigger.auth]}</Row>
        {trigger.auth !== "none" && (
          <Row label="Secret">
            {trigger.secret ? (
              <span title={formatDateTime(new Date(trigger.secret.rotatedAt ?? trigger.secret.createdAt))}>
                {trigger.secret.rotatedAt ? "Rotated" : "Created"} {formatRelative(new Date(trigger.secret.rotatedAt ?? trigger.secret.createdAt))}
                <span className="text-zinc-500"> · only the calling system knows it</span>
              </span>
            ) : (
              <span className="text-amber-800">None yet: requests are refused until an administrator creates one.</span>
            )}
          </Row>
        )}
        <Row label="Idempotency">{idempotency}</Row>
        <Row label="Answer">{trigger.responseMode === "wait" ? "Waits for the End step's response" : "202 with the run id, at once"}</Row>
      </dl>
      {trigger.auth === "hmac" && (
        <details className="group rounded-md bg-zinc-50 px-3 py-2 ring-1 ring-zinc-200 ring-inset">
          <summary className="cursor-pointer text-xs font-medium text-zinc-700 select-none">How to sign a request</summary>
          <ol className="mt-2 list-decimal space-y-1 pl-4 text-xs leading-5 text-zinc-600">
            <li>
              Take the unix time in seconds, e.g. <code className="font-mono">1764000000</code>, and send it in <code className="font-mono">{trigger.timestampHeader}</code>.
            </li>
            <li>
              Compute the hex HMAC-SHA256 of <code className="font-mono">&lt;timestamp&gt;.&lt;raw body&gt;</code> with the secret; send it in{" "}
              <code className="font-mono">{trigger.signatureHeader}</code> (a <code className="font-mono">sha256=</code> prefix is allowed).
            </li>
            <li>Requests signed more than {trigger.toleranceSeconds} seconds away from the server&apos;s clock are refused (401).</li>
          </ol>
        </details>
      )}
      {trigger.auth === "bearer" && (
        <p className="text-xs text-zinc-500">
          Send <code className="font-mono">Authorization: Bearer &lt;secret&gt;</code> with each request.
        </p>
      )}
      {trigger.auth !== "none" &&
        (canRotate ? (
          <Button size="sm" onClick={onRotate} data-testid="rotate-secret">
            <KeyRound aria-hidden="true" /> {trigger.secret ? "Rotate secret" : "Create secret"}
          </Button>
        ) : (
          <p className="text-xs text-zinc-500">Administrators create and rotate the secret; it is shown only to them, once.</p>
        ))}
    </>
  );
}

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

function ScheduleDetails({ trigger }: { trigger: ScheduleTriggerView }) {
  const format = zoneFormat(trigger.timezone);
  const now = new Date();
  const lastTick = trigger.lastTickAt ? new Date(trigger.lastTickAt) : null;
  return (
    <>
      <TriggerTitle icon={CalendarClock}>{trigger.words ?? "Schedule"}</TriggerTitle>
      <dl className="space-y-1.5">
        <Row label="Cron">
          <code className="font-mono text-xs">{trigger.cron}</code> <span className="text-zinc-500">({trigger.timezone})</span>
        </Row>
        <Row label="Next runs">
          {trigger.next.length === 0 ? (
            <span className="text-zinc-500">Never (the schedule has no future time)</span>
          ) : (
            <ol className="space-y-0.5">
              {trigger.next.map((iso) => (
                <li key={iso} className="flex justify-between gap-3">
                  <time dateTime={iso} className="tabular-nums">{format.format(new Date(iso))}</time>
                  <span className="text-zinc-500">{formatRelative(new Date(iso), now)}</span>
                </li>
              ))}
            </ol>
          )}
        </Row>
        <Row label="Last tick">
          {lastTick ? (
            <time dateTime={trigger.lastTickAt!}>
              {format.format(lastTick)} <span className="text-zinc-500">{lastTick > now ? "(queued)" : `· ${formatRelative(lastTick, now)}`}</span>
            </time>
          ) : (
            <span className="text-zinc-500">None yet</span>
          )}
        </Row>
        <Row label="Missed runs">{trigger.missedTicks === "skip" ? "Skipped (more than a minute late)" : "One catch-up run for the latest"}</Row>
      </dl>
    </>
  );
}

function ManualDetails({ trigger, canRun, onRun }: { trigger: ManualTriggerView; canRun: boolean; onRun: () => void }) {
  return (
    <>
      <TriggerTitle icon={Play}>Manual start{trigger.label ? ` · ${trigger.label}` : ""}</TriggerTitle>
      {trigger.instructions && <p className="whitespace-pre-line text-zinc-600">{trigger.instructions}</p>}
      {canRun ? (
        <Button size="sm" variant="primary" onClick={onRun} data-testid="run-now">
          <Play aria-hidden="true" /> Run now
        </Button>
      ) : (
        <p className="text-xs text-zinc-500">Integration analysts and administrators start it here.</p>
      )}
    </>
  );
}

/** A read-only value with a copy button (URLs, secrets, snippets); a click selects all of it. */
function CopyField({ label, value, prefix, multiline, secret }: { label: string; value: string; prefix?: string; multiline?: boolean; secret?: boolean }) {
  const [copied, setCopied] = useState(false);
  const id = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard (plain http): select the text for Ctrl+C.
      const node = document.getElementById(id);
      if (node) window.getSelection()?.selectAllChildren(node);
    }
  };
  return (
    <div>
      <div className="mb-1 flex items-center justify-between">
        <span id={`${id}-label`} className="text-xs font-medium text-zinc-600">{label}</span>
        <button type="button" onClick={copy} className={buttonClasses("ghost", "sm", "-mr-1.5 h-6")} aria-label={`Copy ${label.toLowerCase()}`}>
          {copied ? <Check aria-hidden="true" className="text-emerald-600" /> : <Copy aria-hidden="true" />}
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <div className="flex items-stretch overflow-hidden rounded-md ring-1 ring-zinc-200 ring-inset">
        {prefix && <span className="flex items-center border-r border-zinc-200 bg-zinc-50 px-2 font-mono text-[11px] font-semibold text-zinc-600">{prefix}</span>}
        <pre
          id={id}
          aria-labelledby={`${id}-label`}
          data-testid={`copy-${label.toLowerCase().replaceAll(/[^a-z]+/g, "-")}`}
          className={clsx(
            "max-h-72 min-w-0 flex-1 overflow-auto px-2.5 py-1.5 font-mono text-xs leading-5 text-zinc-800 select-all",
            multiline ? "bg-zinc-50 text-[11px] whitespace-pre" : "break-all whitespace-pre-wrap",
            secret && "bg-amber-50/60 font-semibold",
          )}
        >
          {value}
        </pre>
      </div>
    </div>
  );
}

const CONTENT_TYPES = { json: "application/json", form: "application/x-www-form-urlencoded", text: "text/plain" } as const;

function RotateDialog({ flowId, env, trigger, rotate, onClose }: { flowId: string; env: TriggerEnvironmentView; trigger: WebhookTriggerView; rotate: TriggersPanelProps["actions"]["rotateSecret"]; onClose: () => void }) {
  const router = useRouter();
  // The secret lives only in this dialog's state: closing it drops it for good.
  const [rotated, setRotated] = useState<RotatedSecret | null>(null);
  const mutation = useFlowAction(rotate, { onSuccess: setRotated });
  const failure = failureOf(mutation.error);
  const close = () => {
    if (rotated) router.refresh();
    onClose();
  };
  const replacing = trigger.secret !== null;
  return (
    <Modal open onClose={close} title={rotated ? "Copy the new secret now" : replacing ? "Rotate the webhook secret?" : "Create the webhook secret?"} description={`${env.environment.name} (${env.environment.key}) · v${env.versionNumber}`}>
      {rotated ? (
        <>
          <ModalBody>
            <p role="alert" className="flex gap-2 rounded-md bg-amber-50 px-3 py-2 text-[13px] text-amber-900 ring-1 ring-amber-200 ring-inset">
              <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-700" />
              This is the only time the secret is shown. Store it in the calling system now; Millwright keeps it encrypted and never shows it again.
            </p>
            <CopyField label="Secret" value={rotated.secret} secret />
            <CopyField label="Webhook URL" value={rotated.url} prefix={rotated.method} />
            <CopyField label={rotated.auth === "hmac" ? "Example: a signed request (bash, curl, openssl)" : "Example: a request with the token (bash, curl)"} value={curlExample(rotated, CONTENT_TYPES[trigger.bodyFormat])} multiline />
          </ModalBody>
          <ModalFooter>
            <Button variant="primary" onClick={close}>I have stored it</Button>
          </ModalFooter>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            mutation.mutate({ flowId, environmentId: env.environment.id });
          }}
        >
          <ModalBody>
            <FormAlert message={failure?.message} />
            <p className="text-[13px] leading-6 text-zinc-600">
              {replacing
                ? "A new secret replaces the current one at once: requests signed with the old secret are refused (401) until the calling system uses the new one."
                : "Requests to this webhook are refused until it has a secret. The secret is shown once, right after it is created."}
            </p>
          </ModalBody>
          <ModalFooter>
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant={replacing ? "danger" : "primary"} disabled={mutation.isPending} data-testid="confirm-rotate">
              <KeyRound aria-hidden="true" /> {mutation.isPending ? "Working…" : replacing ? "Rotate secret" : "Create secret"}
            </Button>
          </ModalFooter>
        </form>
      )}
    </Modal>
  );
}

function RunNowDialog({ flowId, env, trigger, runNow, onClose }: { flowId: string; env: TriggerEnvironmentView; trigger: ManualTriggerView; runNow: TriggersPanelProps["actions"]["runNow"]; onClose: () => void }) {
  const toast = useToast();
  const [text, setText] = useState(() => JSON.stringify(trigger.sampleInput ?? {}, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const mutation = useFlowAction(runNow, {
    onSuccess: (data) => {
      setRunId(data.runId);
      toast(`Run started in ${env.environment.name}.`);
    },
  });
  const failure = failureOf(mutation.error);
  const fields: FieldIssue[] = failure?.code === "VALIDATION" ? (failure.fields ?? []) : [];
  const submit = () => {
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (error) {
      setParseError(`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    setParseError(null);
    mutation.mutate({ flowId, environmentId: env.environment.id, input });
  };
  return (
    <Modal open onClose={onClose} title={runId ? "Run started" : `Run now in ${env.environment.name}`} description={`v${env.versionNumber} · a live run, with ${env.environment.name}'s connections`}>
      {runId ? (
        <>
          <ModalBody>
            <p className="flex items-center gap-2 text-[13px] text-zinc-700">
              <Check aria-hidden="true" className="size-4 text-emerald-600" /> The run is queued: <code className="font-mono text-xs">{runId}</code>
            </p>
          </ModalBody>
          <ModalFooter>
            <Button onClick={() => { setRunId(null); mutation.reset(); }}>Start another</Button>
            <Link href={`/runs/${runId}`} className={buttonClasses("primary")} data-testid="open-run">
              <ExternalLink aria-hidden="true" /> Open the run
            </Link>
          </ModalFooter>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <ModalBody>
            {env.environment.protected && (
              <p className="flex gap-2 rounded-md bg-amber-50 px-3 py-2 text-[13px] text-amber-900 ring-1 ring-amber-200 ring-inset">
                <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-700" />
                {env.environment.name} is protected: this run changes real data.
              </p>
            )}
            {trigger.instructions && <p className="whitespace-pre-line text-[13px] text-zinc-600">{trigger.instructions}</p>}
            <FormAlert message={failure && fields.length === 0 ? failure.message : null} />
            <div>
              <p className="mb-1 text-xs font-medium text-zinc-600">Input (JSON){trigger.inputSchema ? " · checked against the trigger's input schema" : ""}</p>
              <CodeEditor value={text} onChange={setText} language="json" ariaLabel="Input (JSON)" minHeight="9rem" maxHeight="18rem" invalid={Boolean(parseError) || fields.length > 0} />
              {parseError && <p className="mt-1.5 text-xs font-medium text-red-700">{parseError}</p>}
              {fields.length > 0 && (
                <ul aria-label="Problems with the input" className="mt-2 space-y-1 rounded-md bg-red-50 px-3 py-2 text-xs text-red-800 ring-1 ring-red-200 ring-inset">
                  {fields.map((field) => (
                    <li key={`${field.path}:${field.message}`}>
                      <code className="font-mono font-semibold">{field.path}</code> {field.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </ModalBody>
          <ModalFooter>
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={mutation.isPending} data-testid="confirm-run-now">
              <Play aria-hidden="true" /> {mutation.isPending ? "Starting…" : "Start run"}
            </Button>
          </ModalFooter>
        </form>
      )}
    </Modal>
  );
}
