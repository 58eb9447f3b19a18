"use client";

// T opens and closes the test panel (listed in components/canvas/shortcuts.ts), with the same
// rules as the editor's other single-key shortcuts: not while typing, not over a dialog, and only
// when the editor has the keyboard. Ctrl+Enter (Cmd+Enter) inside the panel runs the test.
import { useEffect } from "react";
import { isEditableTarget } from "../../canvas/use-shortcuts.ts";
import type { TestRunStore } from "./test-run-store.ts";

export function useTestShortcut(store: TestRunStore) {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key !== "t" && event.key !== "T") return;
      if (isEditableTarget(event.target) || document.querySelector("dialog[open]")) return;
      const editor = document.querySelector("[data-flow-editor]");
      if (editor && event.target instanceof Node && !editor.contains(event.target) && !event.target.contains(editor)) return;
      event.preventDefault();
      const state = store.getState();
      state.setOpen(!state.open);
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [store]);
}
