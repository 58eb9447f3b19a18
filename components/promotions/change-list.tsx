// The diff as a reviewer reads it, without opening the canvas: steps added, removed and changed,
// each changed field with its before and after, scripts and templates as line diffs.
import type { TFlowDefinition } from "../../lib/flows/definition.ts";
import { diffDefinitions, type FieldChange } from "../../lib/flows/diff.ts";
import { fieldTitle, nodeTitle } from "../flows/node-meta.tsx";
import { TextDiffView } from "../flows/text-diff.tsx";
import { Badge } from "../ui/badge.tsx";

export function ChangeList({ from, to }: { from: TFlowDefinition; to: TFlowDefinition }) {
  const diff = diffDefinitions(from, to);
  const fromNodes = new Map(from.nodes.map((n) => [n.id, n]));
  const toNodes = new Map(to.nodes.map((n) => [n.id, n]));
  if (diff.nodes.added.length + diff.nodes.removed.length + diff.nodes.changed.length === 0) return null;
  return (
    <ul aria-label="Changed steps" className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white shadow-xs">
      {diff.nodes.added.map((id) => (
        <li key={`added-${id}`} className="flex items-center gap-2 px-4 py-3 text-sm">
          <Badge tone="green">Added</Badge>
          <span className="font-medium text-zinc-900">{nodeTitle(toNodes.get(id)!)}</span>
        </li>
      ))}
      {diff.nodes.removed.map((id) => (
        <li key={`removed-${id}`} className="flex items-center gap-2 px-4 py-3 text-sm">
          <Badge tone="red">Removed</Badge>
          <span className="font-medium text-zinc-900">{nodeTitle(fromNodes.get(id)!)}</span>
        </li>
      ))}
      {diff.nodes.changed.map((change) => (
        <li key={`changed-${change.id}`} className="space-y-2 px-4 py-3 text-sm">
          <p className="flex items-center gap-2">
            <Badge tone="amber">Changed</Badge>
            <span className="font-medium text-zinc-900">{nodeTitle(change.after)}</span>
            {change.label && <span className="text-xs text-zinc-500">renamed from “{change.label.before ?? nodeTitle({ kind: change.before.kind })}”</span>}
          </p>
          {change.fields.map((field) => (
            <Field key={field.path} field={field} title={fieldTitle(change.after, field.segments)} />
          ))}
        </li>
      ))}
    </ul>
  );
}

function Field({ field, title }: { field: FieldChange; title: string }) {
  if (field.text) {
    return (
      <div className="space-y-1">
        <p className="text-xs font-medium text-zinc-600">{title}</p>
        <TextDiffView diff={field.text} label={`${title}: line changes`} />
      </div>
    );
  }
  return (
    <p className="text-xs text-zinc-600">
      <span className="font-medium">{title}</span>: <code className="rounded bg-red-50 px-1 text-red-800">{short(field.before)}</code> →{" "}
      <code className="rounded bg-emerald-50 px-1 text-emerald-800">{short(field.after)}</code>
    </p>
  );
}

function short(value: unknown): string {
  if (value === undefined) return "(not set)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
