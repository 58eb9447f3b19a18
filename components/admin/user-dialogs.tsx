"use client";

import { LoaderCircle, Plus } from "lucide-react";
import { useState } from "react";
import { ROLE_LABELS, ROLES, type Role } from "../../lib/auth/roles.ts";
import { ZCreateUser, ZUpdateUser } from "../../lib/users/user-schemas.ts";
import { fieldError, issuesToFields, type ActionResult, type FormAction } from "../forms/action-result.ts";
import { useFormAction } from "../forms/use-form-action.ts";
import { Button } from "../ui/button.tsx";
import { CheckboxGroup, FormAlert, TextField, type CheckboxOption } from "../ui/form.tsx";
import { Modal, ModalBody, ModalFooter } from "../ui/modal.tsx";
import { useToast } from "../ui/toast.tsx";
import { createUserInput, updateUserInput } from "./user-form-data.ts";

export type GroupOption = { id: string; name: string; description: string };
export type EditableUser = { id: string; name: string; email: string; roles: Role[]; groupIds: string[]; active: boolean };

const ROLE_DESCRIPTIONS: Record<Role, string> = {
  ANALYST: "Designs, tests and publishes flows; watches runs.",
  APPROVER: "Decides approval tasks in the inbox.",
  ADMIN: "Promotes releases, manages environments, connections and users.",
};

const ROLE_OPTIONS: CheckboxOption[] = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role], description: ROLE_DESCRIPTIONS[role] }));
const CHECK_FIELDS = "Check the highlighted fields.";

function groupOptions(groups: GroupOption[]): CheckboxOption[] {
  return groups.map((g) => ({ value: g.id, label: g.name, description: g.description || undefined }));
}

function validateWith(schema: typeof ZCreateUser | typeof ZUpdateUser, toInput: (fd: FormData) => unknown) {
  return (formData: FormData): ActionResult | null => {
    const parsed = schema.safeParse(toInput(formData));
    return parsed.success ? null : { ok: false, message: CHECK_FIELDS, fields: issuesToFields(parsed.error.issues) };
  };
}

// ---- New user ---------------------------------------------------------------------------------

export function NewUserButton({ groups, action }: { groups: GroupOption[]; action: FormAction }) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        <Plus aria-hidden="true" />
        New user
      </Button>
      <Modal open={open} onClose={() => setOpen(false)} title="New user" description="They sign in with this e-mail and the initial password you set.">
        <CreateUserForm
          groups={groups}
          action={action}
          onCancel={() => setOpen(false)}
          onDone={(name) => {
            setOpen(false);
            toast(`${name} can now sign in.`);
          }}
        />
      </Modal>
    </>
  );
}

function CreateUserForm({ groups, action, onCancel, onDone }: { groups: GroupOption[]; action: FormAction; onCancel: () => void; onDone: (name: string) => void }) {
  const [name, setName] = useState("");
  const [showPassword, setShowPassword] = useState(false);
  const { result, pending, onSubmit, formRef } = useFormAction(action, validateWith(ZCreateUser, createUserInput), () => onDone(name.trim()));

  function generatePassword() {
    const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const value = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
    const input = formRef.current?.elements.namedItem("password");
    if (input instanceof HTMLInputElement) input.value = value;
    setShowPassword(true);
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="flex min-h-0 flex-1 flex-col">
      <ModalBody>
        <FormAlert message={result && !result.ok ? result.message : null} />
        <TextField id="new-user-name" name="name" label="Name" autoComplete="off" required error={fieldError(result, "name")} onChange={(e) => setName(e.target.value)} />
        <TextField id="new-user-email" name="email" label="E-mail" type="email" autoComplete="off" spellCheck={false} required error={fieldError(result, "email")} />
        <TextField
          id="new-user-password"
          name="password"
          label="Initial password"
          type={showPassword ? "text" : "password"}
          autoComplete="new-password"
          spellCheck={false}
          required
          error={fieldError(result, "password")}
          hint="At least 12 characters. Hand it over securely."
          className="[&_input]:font-mono"
          trailing={
            <Button variant="secondary" onClick={generatePassword}>
              Generate
            </Button>
          }
        />
        <CheckboxGroup id="new-user-roles" name="roles" legend="Roles" options={ROLE_OPTIONS} error={fieldError(result, "roles")} />
        <CheckboxGroup id="new-user-groups" name="groupIds" legend="Groups" options={groupOptions(groups)} error={fieldError(result, "groupIds")} empty="No groups exist yet." />
      </ModalBody>
      <SubmitFooter onCancel={onCancel} pending={pending} variant="primary" label="Create user" />
    </form>
  );
}

// ---- Per-row actions: edit, deactivate / reactivate -------------------------------------------

export function UserRowActions({
  user, groups, isSelf, updateAction, setActiveAction,
}: {
  user: EditableUser; groups: GroupOption[]; isSelf: boolean; updateAction: FormAction; setActiveAction: FormAction;
}) {
  const [dialog, setDialog] = useState<"edit" | "active" | null>(null);
  const toast = useToast();
  const close = () => setDialog(null);
  return (
    <div className="flex gap-0.5">
      <Button variant="ghost" size="sm" onClick={() => setDialog("edit")}>
        Edit
      </Button>
      {!isSelf && (
        <Button variant="ghost" size="sm" onClick={() => setDialog("active")} className={user.active ? "hover:text-red-700" : undefined}>
          {user.active ? "Deactivate" : "Reactivate"}
        </Button>
      )}
      <Modal open={dialog === "edit"} onClose={close} title={`Edit ${user.name}`} description={user.email}>
        <EditUserForm
          user={user}
          groups={groups}
          action={updateAction}
          isSelf={isSelf}
          onCancel={close}
          onDone={() => {
            close();
            toast(`Changes to ${user.name} saved.`);
          }}
        />
      </Modal>
      <Modal open={dialog === "active"} onClose={close} width="sm" title={user.active ? `Deactivate ${user.name}?` : `Reactivate ${user.name}?`}>
        <SetActiveForm
          user={user}
          action={setActiveAction}
          onCancel={close}
          onDone={() => {
            close();
            toast(user.active ? `${user.name} was deactivated.` : `${user.name} was reactivated.`);
          }}
        />
      </Modal>
    </div>
  );
}

function EditUserForm({
  user, groups, action, isSelf, onCancel, onDone,
}: {
  user: EditableUser; groups: GroupOption[]; action: FormAction; isSelf: boolean; onCancel: () => void; onDone: () => void;
}) {
  const { result, pending, onSubmit, formRef } = useFormAction(action, validateWith(ZUpdateUser, updateUserInput), onDone);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="flex min-h-0 flex-1 flex-col">
      <input type="hidden" name="userId" value={user.id} />
      <ModalBody>
        <FormAlert message={result && !result.ok ? result.message : null} />
        <TextField id={`edit-${user.id}-name`} name="name" label="Name" defaultValue={user.name} autoComplete="off" required error={fieldError(result, "name")} />
        <CheckboxGroup
          id={`edit-${user.id}-roles`}
          name="roles"
          legend="Roles"
          options={ROLE_OPTIONS}
          defaultValues={user.roles}
          error={fieldError(result, "roles")}
          hint={isSelf && user.roles.includes("ADMIN") ? "You cannot remove the Administrator role from your own account." : undefined}
        />
        <CheckboxGroup
          id={`edit-${user.id}-groups`}
          name="groupIds"
          legend="Groups"
          options={groupOptions(groups)}
          defaultValues={user.groupIds}
          error={fieldError(result, "groupIds")}
          empty="No groups exist yet."
        />
      </ModalBody>
      <SubmitFooter onCancel={onCancel} pending={pending} variant="primary" label="Save changes" />
    </form>
  );
}

function SetActiveForm({ user, action, onCancel, onDone }: { user: EditableUser; action: FormAction; onCancel: () => void; onDone: () => void }) {
  const { result, pending, onSubmit, formRef } = useFormAction(action, () => null, onDone);
  const deactivate = user.active;
  return (
    <form ref={formRef} onSubmit={onSubmit} className="flex min-h-0 flex-1 flex-col">
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="active" value={deactivate ? "false" : "true"} />
      <ModalBody>
        <FormAlert message={result && !result.ok ? result.message : null} />
        <p className="text-sm leading-6 text-zinc-600">
          {deactivate ? (
            <>
              <span className="font-medium text-zinc-900">{user.email}</span> will be signed out on their next request and cannot sign in
              until an administrator reactivates the account. Their flows, versions and audit history stay as they are.
            </>
          ) : (
            <>
              <span className="font-medium text-zinc-900">{user.email}</span> will be able to sign in again with their existing password
              and the roles they had.
            </>
          )}
        </p>
      </ModalBody>
      <SubmitFooter onCancel={onCancel} pending={pending} variant={deactivate ? "danger" : "primary"} label={deactivate ? "Deactivate user" : "Reactivate user"} />
    </form>
  );
}

/** Cancel and the form's submit button, with a spinner while the action runs. */
function SubmitFooter({ onCancel, pending, variant, label }: { onCancel: () => void; pending: boolean; variant: "primary" | "danger"; label: string }) {
  return (
    <ModalFooter>
      <Button onClick={onCancel}>Cancel</Button>
      <Button type="submit" variant={variant} disabled={pending}>
        {pending && <LoaderCircle aria-hidden="true" className="animate-spin" />}
        {label}
      </Button>
    </ModalFooter>
  );
}
