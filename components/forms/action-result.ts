// What every form-backed server action returns: success, or a message for the top of the form plus
// per-field messages (paths as in the zod schema: "email", "roles", "groupIds.0").
export type FieldIssue = { path: string; message: string };
export type ActionResult = { ok: true } | { ok: false; message: string; fields: FieldIssue[] };
export type FormAction = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

/** The first message for a field, matching nested paths ("groupIds.0" belongs to "groupIds"). */
export function fieldError(result: ActionResult | null, field: string): string | undefined {
  if (!result || result.ok) return undefined;
  return result.fields.find((f) => f.path === field || f.path.startsWith(`${field}.`))?.message;
}

/** zod issues -> our field list (kept structural so this file needs no zod import). */
export function issuesToFields(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}
