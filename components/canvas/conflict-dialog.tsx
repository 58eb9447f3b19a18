"use client";

// Someone else saved the draft after this editor loaded it. Nothing is overwritten until the
// analyst chooses: take their version (and lose the unsaved edits here) or save this one over it.
import { Users } from "lucide-react";
import { useState } from "react";
import { Button } from "../ui/button.tsx";
import { ModalBody, ModalFooter, Modal } from "../ui/modal.tsx";
import { formatDateTime, formatRelative } from "../ui/format.ts";
import { useToast } from "../ui/toast.tsx";
import { useEditor, useEditorStoreApi, type SaveConflict } from "./editor-store.ts";

export function ConflictDialog() {
  const store = useEditorStoreApi();
  const conflict = useEditor((s) => s.conflict);
  const [dismissed, setDismissed] = useState<SaveConflict | null>(null);
  const open = conflict !== null && dismissed !== conflict;
  const toast = useToast();

  return (
    <Modal open={open} onClose={() => setDismissed(conflict)} title="Someone else saved this flow" width="sm">
      {conflict && (
        <>
          <ModalBody>
            <div className="flex gap-3" data-testid="conflict-dialog">
              <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-amber-50 text-amber-700 ring-1 ring-amber-200">
                <Users aria-hidden="true" className="size-4" />
              </span>
              <div className="text-sm leading-6 text-zinc-700">
                <p>
                  <span className="font-medium text-zinc-900">{conflict.editorName}</span> saved it{" "}
                  <time dateTime={conflict.updatedAt} title={formatDateTime(new Date(conflict.updatedAt))}>{formatRelative(new Date(conflict.updatedAt))}</time>{" "}
                  (revision {conflict.revision}), after you opened it. Your latest changes are not saved yet.
                </p>
                <p className="mt-2 text-zinc-500">Reload theirs to continue from their version, or keep yours to save it over theirs.</p>
              </div>
            </div>
          </ModalBody>
          <ModalFooter>
            <Button
              onClick={() => {
                store.getState().replaceDefinition(conflict.definition, conflict.revision);
                toast(`Loaded ${conflict.editorName}'s version.`);
              }}
            >
              Reload theirs
            </Button>
            <Button variant="primary" onClick={() => store.getState().keepMine()}>
              Keep mine
            </Button>
          </ModalFooter>
        </>
      )}
    </Modal>
  );
}

/** Reopens the conflict dialog after it was dismissed (from the toolbar's "Conflict" status). */
export function useReopenConflict() {
  const store = useEditorStoreApi();
  return () => {
    const conflict = store.getState().conflict;
    if (conflict) store.setState({ conflict: { ...conflict } });
  };
}
