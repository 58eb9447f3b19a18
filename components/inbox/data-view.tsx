// A step input or trigger payload as people read it: one row per top-level key, plain values as
// text, nested ones as formatted JSON. Keys an approver may correct are marked.
import { Badge } from "../ui/badge.tsx";

export function DataView({ value, label, marked = [] }: { value: unknown; label: string; marked?: string[] }) {
  if (value === null || value === undefined) return <p className="text-sm text-zinc-500">Nothing recorded.</p>;
  if (typeof value !== "object" || Array.isArray(value)) return <JsonBlock value={value} />;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return <p className="text-sm text-zinc-500">Empty.</p>;
  return (
    <dl aria-label={label} className="divide-y divide-zinc-100 text-sm">
      {entries.map(([key, item]) => (
        <div key={key} className="grid gap-1 py-2 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4">
          <dt className="flex items-center gap-2 font-mono text-xs text-zinc-500">
            <span className="truncate" title={key}>{key}</span>
            {marked.some((path) => path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`)) && <Badge tone="accent">correctable</Badge>}
          </dt>
          <dd className="min-w-0 text-zinc-900">{isPlain(item) ? <span className="break-words">{plainText(item)}</span> : <JsonBlock value={item} />}</dd>
        </div>
      ))}
    </dl>
  );
}

function isPlain(value: unknown): boolean {
  return value === null || typeof value !== "object";
}

function plainText(value: unknown): string {
  if (value === null) return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return value.toLocaleString("en-GB", { maximumFractionDigits: 6 });
  return String(value) || "—";
}

export function JsonBlock({ value }: { value: unknown }) {
  return (
    <pre className="max-h-72 overflow-auto rounded-md bg-zinc-50 px-3 py-2 font-mono text-xs leading-5 text-zinc-800 ring-1 ring-zinc-200 ring-inset">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
