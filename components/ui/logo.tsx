import clsx from "clsx";

/** The Millwright mark: an "M" drawn as a flow line between two nodes. Decorative; pair it with text. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className={clsx("shrink-0", className)}>
      <rect width="32" height="32" rx="8" className="fill-accent-600" />
      <path d="M9 22.5V10.5l7 7 7-7v12" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
      <circle cx="9" cy="22.5" r="2.4" className="fill-accent-200" />
      <circle cx="23" cy="22.5" r="2.4" className="fill-accent-200" />
    </svg>
  );
}

export function Wordmark({ className, size = "md" }: { className?: string; size?: "md" | "lg" }) {
  return (
    <span className={clsx("inline-flex items-center gap-2.5", className)}>
      <LogoMark className={size === "lg" ? "size-9" : "size-7"} />
      <span className={clsx("font-semibold tracking-tight text-zinc-900", size === "lg" ? "text-xl" : "text-[15px]")}>Millwright</span>
    </span>
  );
}
