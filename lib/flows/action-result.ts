// What every flow server action answers (browser-safe). The editor calls the actions from React
// Query mutations with plain objects, so failures come back as values the UI can switch on, never
// as thrown errors (a thrown error reaches the browser as an anonymous "server error").
//
// Codes:
//   UNAUTHENTICATED, FORBIDDEN  the guard refused (signed out / wrong role)
//   VALIDATION                  the input is malformed; `fields` lists each path and reason
//   NOT_FOUND                   the flow or version does not exist
//   CONFLICT                    someone else changed it first (`conflict` carries their draft when it
//                               was a draft save/restore), a name is taken (`fields`), or the flow is
//                               archived (read-only)
//   INVALID                     the definition breaks graph/config rules; `issues` says where
//   UNCHANGED                   publish refused: the draft equals the latest version
//   INTERNAL                    a bug; the message carries a reference to the server log
import { AppError, type FieldIssue } from "../errors.ts";
import type { FlowIssue, TFlowDefinition } from "./definition.ts";

export type { FieldIssue };

export type ActionCode = "UNAUTHENTICATED" | "FORBIDDEN" | "VALIDATION" | "NOT_FOUND" | "CONFLICT" | "INVALID" | "UNCHANGED" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";

/** The draft as someone else left it, for the editor's "reload theirs / keep mine" choice. */
export type DraftConflict = {
  revision: number;
  definition: TFlowDefinition;
  editorName: string;
  /** ISO 8601 */
  updatedAt: string;
};

export type ActionFailure = {
  ok: false;
  code: ActionCode;
  /** A sentence to show in a toast or above the form. */
  message: string;
  /** Input fields in error; paths like "name" or "definition.nodes[3].config.script". */
  fields?: FieldIssue[];
  /** Graph/config problems (publish, import), located by node, edge and path. */
  issues?: FlowIssue[];
  conflict?: DraftConflict;
};

export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

/** The draft changed since the caller loaded it (optimistic concurrency). */
export class DraftConflictError extends AppError {
  readonly conflict: DraftConflict;
  constructor(userMessage: string, conflict: DraftConflict) {
    super("CONFLICT", userMessage);
    this.name = "DraftConflictError";
    this.conflict = conflict;
  }
}

/** The definition breaks rules that block publishing (or, for import, its shape is malformed). */
export class FlowInvalidError extends AppError {
  readonly issues: FlowIssue[];
  constructor(userMessage: string, issues: FlowIssue[], fields: FieldIssue[] = []) {
    super("VALIDATION", userMessage, fields);
    this.name = "FlowInvalidError";
    this.issues = issues;
  }
}

/** Publish refused because the draft is the same as the latest version. */
export class NothingToPublishError extends AppError {
  readonly latestNumber: number;
  constructor(latestNumber: number) {
    super("CONFLICT", `Nothing changed since v${latestNumber}: the draft is the same as the latest version.`);
    this.name = "NothingToPublishError";
    this.latestNumber = latestNumber;
  }
}

/** An expected error as an action answer. */
export function appErrorToResult(error: AppError): ActionFailure {
  const fields = error.fields.length > 0 ? { fields: error.fields } : {};
  if (error instanceof DraftConflictError) return { ok: false, code: "CONFLICT", message: error.userMessage, conflict: error.conflict };
  if (error instanceof FlowInvalidError) return { ok: false, code: "INVALID", message: error.userMessage, issues: error.issues, ...fields };
  if (error instanceof NothingToPublishError) return { ok: false, code: "UNCHANGED", message: error.userMessage };
  return { ok: false, code: error.code, message: error.userMessage, ...fields };
}

/** zod-style path -> "definition.nodes[3].config.script". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** zod issues -> field list with readable paths (structural, so this file needs no zod import). */
export function zodIssuesToFields(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return issues.map((issue) => ({ path: formatPath([...prefix, ...issue.path]) || "(input)", message: issue.message }));
}
