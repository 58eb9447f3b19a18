import { formatDateTime, formatRelative } from "../ui/format.ts";

/**
 * A relative time ("5 minutes ago") against the console's clock, which moves with each refresh;
 * the exact instant in the tooltip. The tooltip may read differently in a browser in another time
 * zone than the server's: that difference is expected, not a hydration error.
 */
export function RunTime({ iso, now }: { iso: string; now: number }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={formatDateTime(date)} className="whitespace-nowrap" suppressHydrationWarning>
      {formatRelative(date, new Date(now))}
    </time>
  );
}

/** An exact instant ("22 Nov 2026, 14:03"), for headers and the step inspector. */
export function ExactTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} className="whitespace-nowrap tabular-nums" suppressHydrationWarning>
      {formatDateTime(new Date(iso))}
    </time>
  );
}
