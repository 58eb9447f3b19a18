"use client";

// Single-key shortcuts for the inbox (j/k, Enter, a, r, c, ?). They never fire while someone types
// in a field, holds a modifier, or has a dialog open, so "a" in a comment stays a letter.
import { useEffect, useRef } from "react";

export type ShortcutMap = Partial<Record<string, (event: KeyboardEvent) => void>>;

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function useShortcuts(map: ShortcutMap, enabled = true): void {
  const latest = useRef(map);
  useEffect(() => {
    latest.current = map;
  });
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || typing(event.target)) return;
      if (document.querySelector("dialog[open]")) return;
      // Enter on a focused link or button is theirs.
      if (event.key === "Enter" && event.target instanceof HTMLElement && event.target.closest("a, button, summary, [role=button]")) return;
      const handler = latest.current[event.key];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}

/** Focus moves here with j/k; links inside rows keep working with Tab as usual. */
export const SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ["j", "↓"], does: "Next task" },
  { keys: ["k", "↑"], does: "Previous task" },
  { keys: ["Enter"], does: "Open the highlighted task" },
  { keys: ["x"], does: "Select the highlighted task for a bulk approval" },
  { keys: ["a"], does: "Approve the open task" },
  { keys: ["r"], does: "Reject the open task (writes the comment first)" },
  { keys: ["c"], does: "Claim the open task (or release it)" },
  { keys: ["?"], does: "Show these shortcuts" },
];
