"use client";

import { Fragment } from "react";
import { Modal } from "../ui/modal.tsx";
import { useEditor, useEditorStoreApi } from "./editor-store.ts";
import { SHORTCUTS } from "./shortcuts.ts";

function isMac(): boolean {
  return typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
}

export function HelpOverlay() {
  const store = useEditorStoreApi();
  const open = useEditor((s) => s.helpOpen);
  const mod = isMac() ? "⌘" : "Ctrl";
  return (
    <Modal open={open} onClose={() => store.getState().setHelpOpen(false)} title="Keyboard shortcuts" description="Everything on the canvas works with the keyboard too." width="md">
      <div className="max-h-[65vh] space-y-5 overflow-y-auto px-6 py-5" data-testid="help-overlay">
        {SHORTCUTS.map((group) => (
          <section key={group.title} aria-label={group.title}>
            <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{group.title}</h3>
            <dl className="mt-2 divide-y divide-zinc-100">
              {group.items.map((item) => (
                <div key={item.does} className="flex items-start justify-between gap-4 py-1.5">
                  <dt className="order-last flex shrink-0 flex-wrap justify-end gap-1 text-xs">
                    {item.keys.map((combo, i) => (
                      <Fragment key={i}>
                        {i > 0 && <span className="px-0.5 text-zinc-400">or</span>}
                        <span className="inline-flex items-center gap-0.5">
                          {combo.map((key) => (
                            <kbd key={key} className="min-w-6 rounded border border-zinc-300 bg-zinc-50 px-1.5 py-px text-center font-mono text-[11px] text-zinc-700 shadow-[0_1px_0_rgb(0_0_0/0.06)]">
                              {key === "Mod" ? mod : key}
                            </kbd>
                          ))}
                        </span>
                      </Fragment>
                    ))}
                  </dt>
                  <dd className="text-[13px] leading-5 text-zinc-700">{item.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Modal>
  );
}
