"use client";

// Autosave: ~800 ms after the last change, one save at a time, each naming the revision it started
// from (optimistic concurrency). A conflict stops saving until the analyst chooses (reload theirs or
// keep mine); nothing is ever overwritten silently. Network or server failures retry with backoff.
import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import type { TFlowDefinition } from "../../lib/flows/definition.ts";
import type { EditorStore } from "./editor-store.ts";
import type { SaveDraftFn } from "./editor-types.ts";

export const AUTOSAVE_DELAY_MS = 800;

type SaveInput = { flowId: string; baseRevision: number; definition: TFlowDefinition };

export function useAutosave(store: EditorStore, saveDraft: SaveDraftFn, onError: (message: string) => void) {
  const mutation = useMutation({ mutationFn: (input: SaveInput) => saveDraft(input) });
  const mutateAsync = mutation.mutateAsync;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const failures = useRef(0);
  const onErrorRef = useRef(onError);
  const flushRef = useRef<() => Promise<boolean>>(async () => false);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);

  /** Saves now if anything is unsaved; resolves true when everything is saved. */
  const flush = useCallback(async (): Promise<boolean> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    // One save at a time: wait for the running one, then save what changed meanwhile.
    while (inFlight.current) await inFlight.current;
    const state = store.getState();
    if (state.readOnly || state.conflict) return false;
    if (state.changeVersion === state.savedVersion) return true;
    const version = state.changeVersion;
    state.saveStarted(version);
    const run = (async () => {
      try {
        const result = await mutateAsync({ flowId: state.flowId, baseRevision: state.revision, definition: state.definition });
        if (result.ok) {
          failures.current = 0;
          store.getState().saveSucceeded(version, result.data.revision, result.data.updatedAt);
          return true;
        }
        if (result.code === "CONFLICT" && result.conflict) {
          store.getState().saveConflicted(result.conflict);
          return false;
        }
        store.getState().saveFailed(result.message);
        onErrorRef.current(result.message);
        // Refusals that a retry cannot fix (an archived flow, a lost role) are not retried.
        if (result.code !== "CONFLICT" && result.code !== "FORBIDDEN" && result.code !== "UNAUTHENTICATED" && result.code !== "VALIDATION") retryLater();
        return false;
      } catch {
        store.getState().saveFailed("Could not reach the server. Your changes are kept here and saved when it answers.");
        retryLater();
        return false;
      }
    })();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }

    function retryLater() {
      failures.current += 1;
      const delay = Math.min(30_000, 2000 * 2 ** (failures.current - 1));
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flushRef.current(), delay);
    }
  }, [store, mutateAsync]);

  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  useEffect(() => {
    const schedule = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        // Never in the middle of a drag: the gesture ends with one more change anyway.
        if (store.getState().gestureBase) return schedule();
        void flushRef.current();
      }, AUTOSAVE_DELAY_MS);
    };
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.changeVersion !== previous.changeVersion && !state.readOnly) schedule();
      // "Keep mine": save at once on top of their revision.
      if (previous.conflict && !state.conflict && state.changeVersion !== state.savedVersion) void flushRef.current();
    });
    return () => {
      unsubscribe();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [store]);

  // Leaving the page with unsaved changes: the browser asks first.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      const s = store.getState();
      if (!s.readOnly && (s.changeVersion !== s.savedVersion || s.conflict)) {
        event.preventDefault();
        void flushRef.current();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [store]);

  // Navigating away inside the app (the editor unmounts): save what is left.
  useEffect(() => {
    return () => {
      const s = store.getState();
      if (!s.readOnly && !s.conflict && s.changeVersion !== s.savedVersion && !inFlight.current) {
        void saveDraft({ flowId: s.flowId, baseRevision: s.revision, definition: s.definition });
      }
    };
  }, [store, saveDraft]);

  return { flush, saving: mutation.isPending };
}
