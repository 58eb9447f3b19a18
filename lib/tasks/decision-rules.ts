// The rules of a decision that need no database: the approver's form answers, their corrections
// to the step input, and the output the run continues with. Shared by the inbox/API (decide.server.ts)
// and the engine (automatic decisions on a deadline). Browser-safe, so forms can check early too.
import type { FieldIssue } from "../errors.ts";
import { valueAtPath, withValueAtPath } from "../triggers/paths.ts";
import type { ApproveOutput, Decision, TaskFormField } from "./types.ts";

export type Checked = { form: Record<string, unknown>; corrections: Record<string, unknown>; issues: FieldIssue[] };

/** The form answers and corrections as they will be stored, or the issues to show per field. */
export function checkDecision(task: { form: TaskFormField[]; correctable: string[]; rejectionCommentRequired: boolean }, input: unknown, decision: Decision): Checked {
  const issues: FieldIssue[] = [];
  if (decision.decision === "rejected" && task.rejectionCommentRequired && !decision.comment?.trim())
    issues.push({ path: "comment", message: "Say why you reject: a comment is required" });
  const form = checkForm(task.form, decision, issues);
  const corrections = checkCorrections(task.correctable, input, decision.corrections, issues);
  return { form, corrections, issues };
}

function checkForm(fields: TaskFormField[], decision: Decision, issues: FieldIssue[]): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const key of Object.keys(decision.form)) {
    if (!fields.some((field) => field.key === key)) issues.push({ path: `form.${key}`, message: `The task has no form field "${key}"` });
  }
  for (const field of fields) {
    const raw = decision.form[field.key];
    const empty = raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "");
    // A rejection does not need the approval's answers (e.g. "approved quantity").
    if (empty) {
      if (field.required && decision.decision === "approved" && field.type !== "boolean") issues.push({ path: `form.${field.key}`, message: `${field.label} is required` });
      if (field.type === "boolean") answers[field.key] = raw === undefined || raw === null ? false : raw;
      continue;
    }
    const value = fieldValue(field, raw);
    if (value.ok) answers[field.key] = value.value;
    else issues.push({ path: `form.${field.key}`, message: value.message });
  }
  return answers;
}

function fieldValue(field: TaskFormField, raw: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (field.type) {
    case "number": {
      const number = typeof raw === "string" ? Number(raw.trim()) : raw;
      return typeof number === "number" && Number.isFinite(number) ? { ok: true, value: number } : { ok: false, message: `${field.label} must be a number` };
    }
    case "boolean":
      return typeof raw === "boolean" ? { ok: true, value: raw } : { ok: false, message: `${field.label} must be yes or no` };
    case "select":
      return typeof raw === "string" && (field.options ?? []).includes(raw)
        ? { ok: true, value: raw }
        : { ok: false, message: `${field.label} must be one of: ${(field.options ?? []).join(", ")}` };
    case "text":
      return typeof raw === "string" && raw.length <= 5000 ? { ok: true, value: raw.trim() } : { ok: false, message: `${field.label} must be text of at most 5,000 characters` };
  }
}

/** A correction keeps the kind of value it corrects: a number stays a number, text stays text. */
function checkCorrections(correctable: string[], input: unknown, corrections: Record<string, unknown>, issues: FieldIssue[]): Record<string, unknown> {
  const accepted: Record<string, unknown> = {};
  for (const [path, raw] of Object.entries(corrections)) {
    const issuePath = `corrections.${path}`;
    if (!correctable.includes(path)) {
      issues.push({ path: issuePath, message: `"${path}" may not be corrected in this task` });
      continue;
    }
    const current = valueAtPath(input, path);
    if (current === undefined) {
      issues.push({ path: issuePath, message: `The request has no "${path}" to correct` });
      continue;
    }
    const value = sameKind(current, raw);
    if (value === undefined) issues.push({ path: issuePath, message: `"${path}" must stay ${kindOf(current)}` });
    else if (!Object.is(value, current)) accepted[path] = value;
  }
  return accepted;
}

function sameKind(current: unknown, raw: unknown): unknown {
  if (typeof current === "number") {
    const number = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
    return typeof number === "number" && Number.isFinite(number) ? number : undefined;
  }
  if (typeof current === "boolean") return typeof raw === "boolean" ? raw : undefined;
  if (typeof current === "string") return typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : undefined;
  if (current === null) return raw;
  return typeof raw === typeof current && Array.isArray(raw) === Array.isArray(current) ? raw : undefined;
}

function kindOf(value: unknown): string {
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "yes or no";
  if (typeof value === "string") return "text";
  return Array.isArray(value) ? "a list" : "an object";
}

/** The step input with every approver's corrections applied, in the order they decided. */
export function correctedInput(input: unknown, corrections: Record<string, unknown>[]): unknown {
  let result = input;
  for (const set of corrections) {
    for (const [path, value] of Object.entries(set)) result = withValueAtPath(result, path, value) ?? result;
  }
  return result;
}

export type Vote = { by: string; onBehalfOf?: string | null; decision: string; comment?: string | null; form: Record<string, unknown>; corrections: Record<string, unknown>; at: Date };

/** What the Approve step outputs: the final decision, merged form answers, corrected input, every vote. */
export function approveOutput(decision: ApproveOutput["decision"], input: unknown, votes: Vote[], at: Date, automatic = false): ApproveOutput {
  const last = votes.at(-1);
  const approving = votes.filter((vote) => vote.decision === "approved");
  return {
    decision,
    ...(last && !automatic ? { decidedBy: last.by } : {}),
    decidedAt: at.toISOString(),
    ...(last?.comment && !automatic ? { comment: last.comment } : {}),
    form: Object.assign({}, ...votes.map((vote) => vote.form)),
    input: correctedInput(input, approving.map((vote) => vote.corrections)),
    approvals: votes.map((vote) => ({
      by: vote.by,
      at: vote.at.toISOString(),
      decision: vote.decision,
      ...(vote.comment ? { comment: vote.comment } : {}),
      ...(vote.onBehalfOf ? { onBehalfOf: vote.onBehalfOf } : {}),
    })),
    ...(automatic ? { automatic: true } : {}),
  };
}
