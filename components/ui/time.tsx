import { formatDateTime, formatRelative } from "./format.ts";

/** A relative time ("5 minutes ago") with the exact instant in the tooltip and the markup. */
export function RelativeTime({ date, now }: { date: Date; now?: Date }) {
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)} className="whitespace-nowrap">
      {formatRelative(date, now)}
    </time>
  );
}
