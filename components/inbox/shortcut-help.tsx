"use client";

import { Keyboard } from "lucide-react";
import { useState } from "react";
import { Button } from "../ui/button.tsx";
import { Modal } from "../ui/modal.tsx";
import { SHORTCUTS, useShortcuts } from "./use-shortcuts.ts";

/** The "Shortcuts" button and the help it opens (also with ?). */
export function ShortcutHelp() {
  const [open, setOpen] = useState(false);
  useShortcuts({ "?": () => setOpen(true) });
  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)} aria-keyshortcuts="?">
        <Keyboard aria-hidden="true" />
        Shortcuts
      </Button>
      <Modal open={open} onClose={() => setOpen(false)} title="Keyboard shortcuts" description="They work anywhere in the inbox except while you type in a field." width="sm">
        <dl className="divide-y divide-zinc-100 px-6 py-2">
          {SHORTCUTS.map((shortcut) => (
            <div key={shortcut.does} className="flex items-center justify-between gap-4 py-2">
              <dt className="text-sm text-zinc-700">{shortcut.does}</dt>
              <dd className="flex gap-1">
                {shortcut.keys.map((key) => (
                  <kbd key={key} className="min-w-6 rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 text-center font-mono text-xs text-zinc-700 shadow-xs">
                    {key}
                  </kbd>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </Modal>
    </>
  );
}
