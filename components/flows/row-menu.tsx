"use client";

import clsx from "clsx";
import { Ellipsis } from "lucide-react";
import Link from "next/link";
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

/**
 * An actions menu (WAI-ARIA menu button) on the native popover: the browser puts it in the top
 * layer (no clipping by the table's scroll box), closes it on Escape and on a click outside.
 * Arrow keys, Home and End move between items; Tab closes it.
 */
export function RowMenu({ label, children }: { label: string; children: ReactNode }) {
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);

  function items(): HTMLElement[] {
    return Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? []);
  }

  function place() {
    const button = buttonRef.current;
    const menu = menuRef.current;
    if (!button || !menu) return;
    const rect = button.getBoundingClientRect();
    const height = menu.offsetHeight;
    const below = rect.bottom + 4 + height <= window.innerHeight - 8;
    menu.style.top = `${below ? rect.bottom + 4 : Math.max(8, rect.top - 4 - height)}px`;
    menu.style.left = `${Math.max(8, rect.right - menu.offsetWidth)}px`;
  }

  function show(focus: "first" | "last" = "first") {
    const menu = menuRef.current;
    if (!menu) return;
    if (!menu.matches(":popover-open")) menu.showPopover();
    place();
    const list = items();
    (focus === "first" ? list[0] : list[list.length - 1])?.focus();
  }

  function hide(returnFocus = true) {
    const menu = menuRef.current;
    if (menu?.matches(":popover-open")) menu.hidePopover();
    if (returnFocus) buttonRef.current?.focus();
  }

  function onButtonKeyDown(event: KeyboardEvent) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      show(event.key === "ArrowDown" ? "first" : "last");
    }
  }

  function onMenuKeyDown(event: KeyboardEvent) {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => list[(to + list.length) % list.length]?.focus();
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(list.length - 1);
    else if (event.key === "Escape") hide();
    else if (event.key === "Tab") {
      hide(false);
      return;
    } else return;
    event.preventDefault();
  }

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => (open ? hide() : show())}
        onKeyDown={onButtonKeyDown}
        className={clsx(
          "inline-flex size-8 items-center justify-center rounded-md text-zinc-500 transition-colors hover:bg-zinc-100 hover:text-zinc-900",
          open && "bg-zinc-100 text-zinc-900",
        )}
      >
        <Ellipsis aria-hidden="true" className="size-4" />
      </button>
      <div
        ref={menuRef}
        id={menuId}
        popover="auto"
        role="menu"
        aria-label={label}
        onToggle={(event) => setOpen((event.nativeEvent as ToggleEvent).newState === "open")}
        onKeyDown={onMenuKeyDown}
        onClick={(event) => {
          // Any item closes the menu; dialogs opened by an item take the focus themselves.
          if ((event.target as HTMLElement).closest('[role="menuitem"]')) hide(false);
        }}
        className="fixed inset-auto m-0 min-w-48 rounded-lg border-0 bg-white p-1 text-sm text-zinc-800 shadow-lg ring-1 ring-zinc-900/10"
      >
        {children}
      </div>
    </>
  );
}

const itemClasses = (danger?: boolean) =>
  clsx(
    "flex w-full items-center gap-2.5 rounded-md px-2.5 py-1.5 text-left whitespace-nowrap outline-none [&_svg]:size-4 [&_svg]:shrink-0",
    danger ? "text-red-700 hover:bg-red-50 focus:bg-red-50" : "hover:bg-zinc-100 focus:bg-zinc-100 [&_svg]:text-zinc-500",
  );

export function MenuItem({ onSelect, danger, children }: { onSelect: () => void; danger?: boolean; children: ReactNode }) {
  return (
    <button type="button" role="menuitem" tabIndex={-1} onClick={onSelect} className={itemClasses(danger)}>
      {children}
    </button>
  );
}

/** A menu item that navigates (Open, Versions) or downloads (Export). */
export function MenuLink({ href, download, children }: { href: string; download?: boolean; children: ReactNode }) {
  if (download) {
    return (
      <a role="menuitem" tabIndex={-1} href={href} download className={itemClasses()}>
        {children}
      </a>
    );
  }
  return (
    <Link role="menuitem" tabIndex={-1} href={href} className={itemClasses()}>
      {children}
    </Link>
  );
}

export function MenuSeparator() {
  return <div role="separator" className="my-1 h-px bg-zinc-100" />;
}
