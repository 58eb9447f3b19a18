"use client";

// Editor-wide keyboard shortcuts (listed in shortcuts.ts and the help overlay) and the clipboard.
// Keys typed into a field, a code editor or an open dialog are left alone. Copy, cut and paste use
// the browser's clipboard events: they need no permission and carry plain JSON text, so steps paste
// into another flow or another tab; an in-memory copy covers browsers without clipboard access.
import { useEffect } from "react";
import { useToast } from "../ui/toast.tsx";
import type { EditorStore } from "./editor-store.ts";
import { isNoteRfId } from "./editor-store.ts";
import type { EditorCommands } from "./use-commands.ts";

export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .cm-editor') !== null;
}

/**
 * The editor has the keyboard when focus is inside it, or on something around it (the page body,
 * the app's <main>, which takes focus when a non-focusable part of the editor is clicked).
 */
function editorHasKeyboard(target: EventTarget | null): boolean {
  const editor = document.querySelector("[data-flow-editor]");
  if (!editor || !(target instanceof Node)) return true;
  return editor.contains(target) || target.contains(editor);
}

function dialogOpen(): boolean {
  return document.querySelector("dialog[open]") !== null;
}

function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return Boolean(selection && !selection.isCollapsed && selection.toString().trim());
}

export function useShortcuts(store: EditorStore, commands: EditorCommands, options: { flush: () => Promise<boolean> }) {
  const toast = useToast();
  const { flush } = options;

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return;
      const state = store.getState();
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key;
      const lower = key.toLowerCase();

      if (mod && lower === "s") {
        event.preventDefault();
        void flush();
        return;
      }
      if (dialogOpen() || isEditableTarget(event.target)) return;
      if (!editorHasKeyboard(event.target)) return;

      if (mod && !event.altKey) {
        if (lower === "z" && !event.shiftKey) { event.preventDefault(); commands.undo(); }
        else if ((lower === "z" && event.shiftKey) || lower === "y") { event.preventDefault(); commands.redo(); }
        else if (lower === "d") { event.preventDefault(); commands.duplicate(); }
        else if (lower === "a") { event.preventDefault(); commands.selectAll(); }
        return;
      }
      if (event.altKey) return;

      const insideNode = event.target instanceof Element && event.target.closest(".react-flow__node") !== null;
      // Buttons, links and list options keep their own Enter, Space and arrow keys.
      const onControl = event.target instanceof Element && event.target.closest("button, a[href], [role=button], [role=option], [role=menuitem], [role=tab], summary") !== null;
      if (onControl && ["Enter", " ", "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(key)) return;
      const selectedSteps = [...state.selectedNodes].filter((id) => !isNoteRfId(id));

      switch (key) {
        case "Tab": {
          // Focus lost (a deleted step, a click on empty space): Tab goes back into the canvas.
          const target = event.target as Element | null;
          if (target && target !== document.body && target.id !== "content") return;
          const steps = [...document.querySelectorAll<HTMLElement>(".mw-canvas .react-flow__node")];
          const selected = steps.find((el) => el.classList.contains("selected"));
          const next = selected ?? (event.shiftKey ? steps[steps.length - 1] : steps[0]);
          if (next) {
            event.preventDefault();
            next.focus();
          }
          return;
        }
        case "Delete":
        case "Backspace":
          if (commands.deleteSelection() > 0) event.preventDefault();
          return;
        case "/":
          event.preventDefault();
          if (!state.readOnly) state.openPalette(null);
          return;
        case "a":
        case "A":
          if (event.shiftKey && key === "A") return;
          event.preventDefault();
          if (!state.readOnly) state.openPalette(null);
          return;
        case "?":
          event.preventDefault();
          state.setHelpOpen(true);
          return;
        case "c":
        case "C":
          if (!state.readOnly && selectedSteps.length === 1) {
            event.preventDefault();
            state.setConnectFrom(selectedSteps[0]!);
          }
          return;
        case "n":
        case "N":
          if (!state.readOnly) {
            event.preventDefault();
            commands.addNote();
          }
          return;
        case "L":
          if (event.shiftKey) {
            event.preventDefault();
            commands.tidyUp();
          }
          return;
        case "1":
        case "!":
          event.preventDefault();
          commands.fitView();
          return;
        case "0":
          event.preventDefault();
          commands.zoomReset();
          return;
        case "+":
        case "=":
          event.preventDefault();
          commands.zoomIn();
          return;
        case "-":
        case "_":
          event.preventDefault();
          commands.zoomOut();
          return;
        case "p":
        case "P":
          event.preventDefault();
          state.setProblemsOpen(!state.problemsOpen);
          return;
        case "F2":
          if (selectedSteps.length === 1) {
            event.preventDefault();
            state.requestFocus(selectedSteps[0]!);
          }
          return;
        case "Enter":
          // On a focused node React Flow selects it first (same key press); then open its settings.
          if (selectedSteps.length === 1 && state.selectedNodes.size === 1) {
            event.preventDefault();
            state.requestFocus(selectedSteps[0]!);
          }
          return;
        case "Escape":
          if (state.selectedNodes.size + state.selectedEdges.size > 0) state.select([], []);
          return;
        case "ArrowLeft":
        case "ArrowRight":
        case "ArrowUp":
        case "ArrowDown": {
          // A focused node moves itself (React Flow); elsewhere the selection moves from here.
          if (insideNode || state.selectedNodes.size === 0) return;
          event.preventDefault();
          const step = event.shiftKey ? 80 : 20;
          const dx = key === "ArrowLeft" ? -step : key === "ArrowRight" ? step : 0;
          const dy = key === "ArrowUp" ? -step : key === "ArrowDown" ? step : 0;
          commands.nudge(dx, dy);
          return;
        }
      }
    }

    function clipboardTarget(event: ClipboardEvent): boolean {
      if (dialogOpen() || isEditableTarget(event.target) || isEditableTarget(document.activeElement)) return false;
      return editorHasKeyboard(document.activeElement);
    }

    function onCopy(event: ClipboardEvent, cut: boolean) {
      if (!clipboardTarget(event) || hasTextSelection()) return;
      const text = commands.copyText();
      if (!text) return;
      event.preventDefault();
      event.clipboardData?.setData("text/plain", text);
      const count = store.getState().selectedNodes.size;
      if (cut) {
        commands.deleteSelection();
        toast(`Cut ${count} item${count === 1 ? "" : "s"}: paste with Ctrl+V, here or in another flow.`);
      }
    }

    function onPaste(event: ClipboardEvent) {
      if (!clipboardTarget(event) || store.getState().readOnly) return;
      event.preventDefault();
      commands.paste(event.clipboardData?.getData("text/plain") ?? null);
    }

    const copy = (e: ClipboardEvent) => onCopy(e, false);
    const cut = (e: ClipboardEvent) => {
      if (store.getState().readOnly) return onCopy(e, false);
      onCopy(e, true);
    };
    window.addEventListener("keydown", onKeyDown);
    document.addEventListener("copy", copy);
    document.addEventListener("cut", cut);
    document.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("copy", copy);
      document.removeEventListener("cut", cut);
      document.removeEventListener("paste", onPaste);
    };
  }, [store, commands, flush, toast]);
}
