"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { requireRole } from "../../../lib/auth/guard.server.ts";
import { getDb } from "../../../lib/db/client.ts";
import { isAppError } from "../../../lib/errors.ts";
import { logger } from "../../../lib/log.ts";
import { createUser, setUserActive, updateUser } from "../../../lib/users/users.server.ts";
import { ZCreateUser, ZSetActive, ZUpdateUser } from "../../../lib/users/user-schemas.ts";
import { issuesToFields, type ActionResult } from "../../../components/forms/action-result.ts";
import { createUserInput, setActiveInput, updateUserInput } from "../../../components/admin/user-form-data.ts";

// Server actions are public POST endpoints: each one checks the role on its first line, then
// validates its input with the same zod schema the form uses, whatever the browser sent.

const CHECK_FIELDS = "Check the highlighted fields.";

/** New user from the "New user" form: email, name, password, roles[], groupIds[]. */
export async function createUserAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const actor = await requireRole("ADMIN");
  const parsed = ZCreateUser.safeParse(createUserInput(formData));
  if (!parsed.success) return { ok: false, message: CHECK_FIELDS, fields: issuesToFields(parsed.error.issues) };
  return settle("createUser", actor.id, () => createUser(getDb(), actor, parsed.data));
}

/** Edit form: userId, name, roles[], groupIds[]. */
export async function updateUserAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const actor = await requireRole("ADMIN");
  const parsed = ZUpdateUser.safeParse(updateUserInput(formData));
  if (!parsed.success) return { ok: false, message: CHECK_FIELDS, fields: issuesToFields(parsed.error.issues) };
  return settle("updateUser", actor.id, () => updateUser(getDb(), actor, parsed.data));
}

/** Deactivate / reactivate confirmation: userId, active ("true" | "false"). */
export async function setUserActiveAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const actor = await requireRole("ADMIN");
  const parsed = ZSetActive.safeParse(setActiveInput(formData));
  if (!parsed.success) return { ok: false, message: "This request was not understood. Reload the page and try again.", fields: issuesToFields(parsed.error.issues) };
  return settle("setUserActive", actor.id, () => setUserActive(getDb(), actor, parsed.data.userId, parsed.data.active));
}

// Expected failures (AppError) show their own message; anything else is logged with an id the
// admin can quote, and the browser only gets a generic message.
async function settle(action: string, actorId: string, run: () => Promise<unknown>): Promise<ActionResult> {
  try {
    await run();
  } catch (error) {
    if (isAppError(error)) return { ok: false, message: error.userMessage, fields: error.fields };
    const eventId = randomUUID().slice(0, 8);
    logger.error({ err: error, eventId, action, actorId }, "admin action failed");
    return { ok: false, message: `Something went wrong on our side. Try again in a moment (reference ${eventId}).`, fields: [] };
  }
  revalidatePath("/admin");
  return { ok: true };
}
