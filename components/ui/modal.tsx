"use client";

import { X } from "lucide-react";
import { useEffect, useId, useRef, type ReactNode } from "react";

/**
 * A modal on the native <dialog>: the browser traps focus, makes the page behind it inert and
 * closes it on Escape. The content mounts only while open, so every opening starts fresh.
 */
export function Modal({
  open, onClose, title, description, children, width = "md",
}: {
  open: boolean; onClose: () => void; title: string; description?: ReactNode; children: ReactNode; width?: "sm" | "md";
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={onClose}
      className={
        // Reset what a dialog would otherwise inherit from where it sits in the DOM (e.g. a table cell).
        "m-auto max-h-[calc(100dvh-4rem)] w-[calc(100vw-2rem)] overflow-visible rounded-xl bg-transparent p-0 text-left text-sm font-normal whitespace-normal text-zinc-900 open:animate-slide-up " +
        (width === "sm" ? "max-w-md" : "max-w-lg")
      }
    >
      {open && (
        <div className="flex max-h-[calc(100dvh-4rem)] flex-col overflow-hidden rounded-xl bg-white shadow-2xl ring-1 ring-zinc-900/10">
          <div className="flex items-start justify-between gap-4 border-b border-zinc-100 px-6 pt-5 pb-4">
            <div>
              <h2 id={titleId} className="text-base font-semibold text-zinc-900">
                {title}
              </h2>
              {description && (
                <p id={descriptionId} className="mt-1 text-sm text-zinc-500">
                  {description}
                </p>
              )}
            </div>
            <button
              type="button"
              onClick={onClose}
              aria-label="Close"
              className="-mt-1 -mr-2 rounded-md p-1.5 text-zinc-400 transition-colors hover:bg-zinc-100 hover:text-zinc-700"
            >
              <X aria-hidden="true" className="size-4" />
            </button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}

/** Scrollable body and a footer that stays put; put both inside the <form>. */
export function ModalBody({ children }: { children: ReactNode }) {
  return <div className="flex-1 space-y-5 overflow-y-auto px-6 py-5">{children}</div>;
}

export function ModalFooter({ children }: { children: ReactNode }) {
  return <div className="flex justify-end gap-2 border-t border-zinc-100 bg-zinc-50/70 px-6 py-3.5">{children}</div>;
}
