"use client";

// The groups admin (/admin/groups): each group with its members, the flows that name it and its
// open tasks; create, rename, delete, and add or remove members. The server actions come in as
// props (components never import app/); after each change the page's data is refreshed.
import { SubmitFooter } from "../../flows/flow-dialogs.tsx";
import clsx from "clsx";
import { Pencil, Plus, Search, Trash2, TriangleAlert, UserMinus, UserPlus, UsersRound } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { ZCreateGroup, type FlowRef, type GroupView } from "../../../lib/groups/group-schemas.ts";
import { zodIssuesToFields } from "../../../lib/flows/action-result.ts";
import { failureOf, useFlowAction, type FlowAction } from "../../flows/use-flow-action.ts";
import { Badge } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import { EmptyState } from "../../ui/empty-state.tsx";
import { FormAlert, inputClasses, TextField } from "../../ui/form.tsx";
import { initials } from "../../ui/format.ts";
import { Modal, ModalBody, ModalFooter } from "../../ui/modal.tsx";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "../../ui/table.tsx";
import { useToast } from "../../ui/toast.tsx";

export type Person = { id: string; name: string; email: string };
type GroupFields = { name: string; description: string };
type Member = { groupId: string; userId: string };
export type GroupActions = {
  create: FlowAction<GroupFields, { id: string }>;
  update: FlowAction<GroupFields & { groupId: string }, null>;
  remove: FlowAction<{ groupId: string }, null>;
  addMember: FlowAction<Member, null>;
  removeMember: FlowAction<Member, null>;
};

type Dialog = { kind: "edit" | "members" | "delete"; groupId: string } | null;

export function GroupsManager({ groups, users, actions }: { groups: GroupView[]; users: Person[]; actions: GroupActions }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  // Looked up on each render so an open dialog shows the data refreshed after a change.
  const group = dialog ? groups.find((g) => g.id === dialog.groupId) : undefined;

  if (groups.length === 0) {
    return (
      <EmptyState icon={UsersRound} title="No groups yet" action={<NewGroupButton create={actions.create} />}>
        Create a group such as Purchasing, add its members, and name it in an Approve step: any member can then decide the
        step&apos;s tasks.
      </EmptyState>
    );
  }

  return (
    <>
      <Table label="Groups">
        <THead>
          <Th className="w-[34%]">Group</Th>
          <Th>Members</Th>
          <Th>Named by</Th>
          <Th className="text-right">Open tasks</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </THead>
        <TBody>
          {groups.map((g) => (
            <Tr key={g.id}>
              <RowHeader className="font-normal">
                <span className="block font-medium text-zinc-900">{g.name}</span>
                {g.description && <span className="block max-w-md truncate text-xs text-zinc-500" title={g.description}>{g.description}</span>}
              </RowHeader>
              <Td>
                <MemberStack members={g.members} onOpen={() => setDialog({ kind: "members", groupId: g.id })} />
              </Td>
              <Td>
                <FlowList flows={g.namedBy} />
              </Td>
              <Td className="text-right tabular-nums">{g.openTasks > 0 ? <Badge tone="amber">{g.openTasks}</Badge> : <span className="text-zinc-400">0</span>}</Td>
              <Td className="w-56 py-1.5 whitespace-nowrap">
                <div className="flex justify-end gap-0.5">
                  <Button variant="ghost" size="sm" onClick={() => setDialog({ kind: "members", groupId: g.id })}>
                    <UsersRound aria-hidden="true" />
                    Members
                  </Button>
                  <Button variant="ghost" size="sm" onClick={() => setDialog({ kind: "edit", groupId: g.id })} aria-label={`Edit ${g.name}`}>
                    <Pencil aria-hidden="true" />
                    Edit
                  </Button>
                  <Button variant="ghost" size="sm" className="hover:text-red-700" onClick={() => setDialog({ kind: "delete", groupId: g.id })} aria-label={`Delete ${g.name}`}>
                    <Trash2 aria-hidden="true" />
                  </Button>
                </div>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <p className="mt-3 text-xs text-zinc-500">
        Approve steps address groups by name; the name is resolved when a task is created, so open tasks keep their group after a rename.
      </p>

      {group && dialog?.kind === "edit" && (
        <Modal open onClose={close} title={`Edit ${group.name}`}>
          <GroupForm group={group} actions={actions} onDone={close} />
        </Modal>
      )}
      {group && dialog?.kind === "members" && (
        <Modal open onClose={close} title={`Members of ${group.name}`} description="Members see and decide the tasks addressed to the group.">
          <MembersEditor group={group} users={users} actions={actions} onClose={close} />
        </Modal>
      )}
      {group && dialog?.kind === "delete" && (
        <Modal open onClose={close} width="sm" title={`Delete ${group.name}?`}>
          <DeleteGroup group={group} remove={actions.remove} onDone={close} />
        </Modal>
      )}
    </>
  );
}

export function NewGroupButton({ create }: { create: GroupActions["create"] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        <Plus aria-hidden="true" />
        New group
      </Button>
      <Modal open={open} onClose={() => setOpen(false)} title="New group" description="Add members once it exists.">
        <GroupForm group={null} actions={{ create }} onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}

function MemberStack({ members, onOpen }: { members: GroupView["members"]; onOpen: () => void }) {
  if (members.length === 0) {
    return (
      <button type="button" onClick={onOpen} className="text-sm text-zinc-500 hover:text-accent-700 hover:underline">
        No members yet: add some
      </button>
    );
  }
  const shown = members.slice(0, 5);
  return (
    <button type="button" onClick={onOpen} className="group flex items-center gap-2" title={members.map((m) => m.name).join(", ")}>
      <span className="flex -space-x-1.5">
        {shown.map((m) => (
          <span
            key={m.id}
            aria-hidden="true"
            className={clsx(
              "flex size-6 items-center justify-center rounded-full text-[10px] font-semibold ring-2 ring-white",
              m.active ? "bg-accent-100 text-accent-800" : "bg-zinc-200 text-zinc-500",
            )}
          >
            {initials(m.name)}
          </span>
        ))}
      </span>
      <span className="text-sm text-zinc-600 tabular-nums group-hover:text-zinc-900">
        {members.length} {members.length === 1 ? "member" : "members"}
      </span>
    </button>
  );
}

function FlowList({ flows }: { flows: FlowRef[] }) {
  if (flows.length === 0) return <span className="text-zinc-400">—</span>;
  return (
    <span className="flex flex-wrap gap-x-2 gap-y-0.5">
      {flows.map((flow) => (
        <Link key={flow.id} href={`/flows/${flow.id}`} className="whitespace-nowrap text-accent-700 hover:underline">
          {flow.name}
        </Link>
      ))}
    </span>
  );
}

// ---- Create / edit --------------------------------------------------------------------------

function GroupForm({ group, actions, onDone }: { group: GroupView | null; actions: Partial<GroupActions>; onDone: () => void }) {
  const id = useId();
  const toast = useToast();
  const router = useRouter();
  const [name, setName] = useState(group?.name ?? "");
  const [description, setDescription] = useState(group?.description ?? "");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const done = (message: string) => {
    toast(message);
    router.refresh();
    onDone();
  };
  const create = useFlowAction(actions.create ?? unavailable, { onSuccess: () => done(`Created ${name.trim()}. Add its members next.`) });
  const update = useFlowAction(actions.update ?? unavailable, { onSuccess: () => done(`Saved ${name.trim()}.`) });
  const mutation = group ? update : create;
  const failure = failureOf(mutation.error);
  const errors: Record<string, string> = { ...clientErrors };
  for (const field of failure?.fields ?? []) errors[field.path] ??= field.message;
  const renamed = group !== null && name.trim() !== group.name;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZCreateGroup.safeParse({ name, description });
    if (!parsed.success) {
      setClientErrors(Object.fromEntries(zodIssuesToFields(parsed.error.issues).map((f) => [f.path, f.message])));
      return;
    }
    setClientErrors({});
    if (group) update.mutate({ groupId: group.id, ...parsed.data });
    else create.mutate(parsed.data);
  };

  return (
    <form onSubmit={submit} noValidate className="flex min-h-0 flex-1 flex-col">
      <ModalBody>
        <FormAlert message={failure && !failure.fields?.length ? failure.message : null} />
        <TextField
          id={`${id}-name`} name="name" label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name}
          autoComplete="off" maxLength={100} required placeholder="Purchasing"
          hint={group ? undefined : "Approve steps name the group exactly like this."}
        />
        {renamed && <RenameWarning oldName={group.name} flows={group.namedBy} />}
        <div>
          <label htmlFor={`${id}-description`} className="block text-sm font-medium text-zinc-800">
            Description <span className="font-normal text-zinc-500">(optional)</span>
          </label>
          <textarea
            id={`${id}-description`} name="description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500}
            aria-invalid={errors.description ? true : undefined}
            className={inputClasses(Boolean(errors.description), "mt-1.5 h-auto py-2")}
            placeholder="Approves purchases above 5,000 EUR for plant 1."
          />
          {errors.description && <p className="mt-1.5 text-xs font-medium text-red-700">{errors.description}</p>}
        </div>
      </ModalBody>
      <SubmitFooter onCancel={onDone} cancelDisabled={mutation.isPending} pending={mutation.isPending} label={group ? "Save changes" : "Create group"} pendingLabel="Saving…" />
    </form>
  );
}

function RenameWarning({ oldName, flows }: { oldName: string; flows: FlowRef[] }) {
  return (
    <div className="flex gap-2.5 rounded-md bg-amber-50 px-3 py-2.5 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
      <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-600" />
      <div>
        <p>
          Flows name groups by name: flows that name <span className="font-medium">{oldName}</span> will no longer find it. Open tasks keep
          the group.
        </p>
        {flows.length > 0 && (
          <p className="mt-1">
            Named in the latest version of {flows.map((f) => f.name).join(", ")}: update their Approve steps and publish.
          </p>
        )}
      </div>
    </div>
  );
}

async function unavailable(): Promise<never> {
  throw new Error("This action is not available here.");
}

// ---- Members ---------------------------------------------------------------------------------

function MembersEditor({ group, users, actions, onClose }: { group: GroupView; users: Person[]; actions: GroupActions; onClose: () => void }) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [query, setQuery] = useState("");
  const add = useFlowAction(actions.addMember, { toastErrors: true, onSuccess: () => router.refresh() });
  const remove = useFlowAction(actions.removeMember, {
    toastErrors: true,
    onSuccess: (_data, input) => {
      toast(`${group.members.find((m) => m.id === input.userId)?.name ?? "They"} left ${group.name}.`);
      router.refresh();
    },
  });
  const memberIds = new Set(group.members.map((m) => m.id));
  const needle = query.trim().toLowerCase();
  const candidates = users.filter((u) => !memberIds.has(u.id) && (!needle || u.name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle)));
  const busy = (userId: string) => (add.isPending && add.variables?.userId === userId) || (remove.isPending && remove.variables?.userId === userId);

  return (
    <>
      <ModalBody>
        <section aria-labelledby={`${id}-current`}>
          <h3 id={`${id}-current`} className="text-sm font-medium text-zinc-800">
            {group.members.length === 0 ? "No members yet" : `${group.members.length} ${group.members.length === 1 ? "member" : "members"}`}
          </h3>
          {group.members.length > 0 && (
            <ul className="mt-1.5 divide-y divide-zinc-100 rounded-md border border-zinc-200">
              {group.members.map((m) => (
                <li key={m.id} className="flex items-center gap-3 px-3 py-2">
                  <PersonLabel person={m} muted={!m.active} />
                  {!m.active && <Badge>Deactivated</Badge>}
                  <Button variant="ghost" size="sm" className="ml-auto hover:text-red-700" disabled={busy(m.id)} onClick={() => remove.mutate({ groupId: group.id, userId: m.id })} aria-label={`Remove ${m.name}`}>
                    <UserMinus aria-hidden="true" />
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby={`${id}-add`}>
          <label id={`${id}-add`} htmlFor={`${id}-search`} className="block text-sm font-medium text-zinc-800">
            Add people
          </label>
          <div className="relative mt-1.5">
            <Search aria-hidden="true" className="pointer-events-none absolute top-2.5 left-3 size-4 text-zinc-400" />
            <input
              id={`${id}-search`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off"
              placeholder="Search by name or e-mail" className={inputClasses(false, "pl-9")}
            />
          </div>
          {candidates.length === 0 ? (
            <p className="mt-2 text-sm text-zinc-500">{needle ? "Nobody else matches." : "Every active user is already a member."}</p>
          ) : (
            <ul className="mt-2 max-h-56 divide-y divide-zinc-100 overflow-y-auto rounded-md border border-zinc-200">
              {candidates.slice(0, 30).map((u) => (
                <li key={u.id} className="flex items-center gap-3 px-3 py-2">
                  <PersonLabel person={u} />
                  <Button size="sm" className="ml-auto" disabled={busy(u.id)} onClick={() => add.mutate({ groupId: group.id, userId: u.id })} aria-label={`Add ${u.name}`}>
                    <UserPlus aria-hidden="true" />
                    Add
                  </Button>
                </li>
              ))}
            </ul>
          )}
          {candidates.length > 30 && <p className="mt-1.5 text-xs text-zinc-500">{candidates.length - 30} more: narrow the search.</p>}
        </section>
      </ModalBody>
      <ModalFooter>
        <Button onClick={onClose}>Done</Button>
      </ModalFooter>
    </>
  );
}

function PersonLabel({ person, muted = false }: { person: Person; muted?: boolean }) {
  return (
    <span className="flex min-w-0 items-center gap-2.5">
      <span
        aria-hidden="true"
        className={clsx("flex size-7 shrink-0 items-center justify-center rounded-full text-[10px] font-semibold", muted ? "bg-zinc-200 text-zinc-500" : "bg-accent-100 text-accent-800")}
      >
        {initials(person.name)}
      </span>
      <span className="min-w-0">
        <span className={clsx("block truncate text-sm font-medium", muted ? "text-zinc-500" : "text-zinc-900")}>{person.name}</span>
        <span className="block truncate text-xs text-zinc-500">{person.email}</span>
      </span>
    </span>
  );
}

// ---- Delete ----------------------------------------------------------------------------------

function DeleteGroup({ group, remove, onDone }: { group: GroupView; remove: GroupActions["remove"]; onDone: () => void }) {
  const toast = useToast();
  const router = useRouter();
  const mutation = useFlowAction(remove, {
    onSuccess: () => {
      toast(`Deleted ${group.name}.`);
      router.refresh();
      onDone();
    },
  });
  const blocked = group.openTasks > 0;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate({ groupId: group.id });
      }}
      className="flex min-h-0 flex-1 flex-col"
    >
      <ModalBody>
        <FormAlert message={failureOf(mutation.error)?.message} />
        {blocked ? (
          <p className="text-sm leading-6 text-zinc-600">
            <span className="font-medium text-zinc-900">
              {group.openTasks === 1 ? "1 open task is" : `${group.openTasks} open tasks are`} addressed to {group.name}.
            </span>{" "}
            It can be deleted once they are decided, or their runs cancelled.
          </p>
        ) : (
          <p className="text-sm leading-6 text-zinc-600">
            Only the group is removed: {group.members.length === 0 ? "it has no members" : "its members keep their accounts and roles"}, and decided
            tasks keep their history.
            {group.namedBy.length > 0 && (
              <>
                {" "}
                <span className="font-medium text-zinc-900">{group.namedBy.map((f) => f.name).join(", ")}</span> still{" "}
                {group.namedBy.length === 1 ? "names" : "name"} it: their Approve steps will no longer find anyone through it.
              </>
            )}
          </p>
        )}
      </ModalBody>
      <ModalFooter>
        <Button onClick={onDone} disabled={mutation.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" disabled={blocked || mutation.isPending}>
          {mutation.isPending ? "Deleting…" : "Delete group"}
        </Button>
      </ModalFooter>
    </form>
  );
}
