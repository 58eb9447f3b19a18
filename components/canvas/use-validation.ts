"use client";

// Validation runs in the browser with the same validator publish uses, ~150 ms after the last
// structural change (moving a node cannot change the verdict, so drags never trigger it).
import { useEffect } from "react";
import { validateFlow } from "../../lib/flows/validate.ts";
import type { EditorStore } from "./editor-store.ts";

export const VALIDATE_DELAY_MS = 150;

export function useValidation(store: EditorStore) {
  useEffect(() => {
    const connectionNames = new Set(store.getState().connectionNames);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const run = () => {
      timer = null;
      const state = store.getState();
      const { issues } = validateFlow(state.definition, { connectionNames });
      state.setIssues(issues, state.structureVersion);
    };
    // The first verdict right after the first paint, not before it (large flows take ~50 ms).
    timer = setTimeout(run, 0);
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.structureVersion === previous.structureVersion) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, VALIDATE_DELAY_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store]);
}
