"use client";

// Import a signed bundle: read the file, let the server verify it (hash, signature, trusted signer)
// and show what it holds, map each connection name to one of this installation, then import.
import { FileUp } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type ChangeEvent } from "react";
import type { BundlePreview } from "../../lib/bundles/bundle.ts";
import type { ActionResult } from "../../lib/flows/action-result.ts";
import { failureOf, useFlowAction } from "../flows/use-flow-action.ts";
import { Button } from "../ui/button.tsx";
import { FormAlert, inputClasses } from "../ui/form.tsx";
import { useToast } from "../ui/toast.tsx";

type Imported = { flowId: string; slug: string; created: boolean; numbers: number[] };

export type BundleImportActions = {
  preview: (input: { json: string }) => Promise<ActionResult<BundlePreview>>;
  import: (input: { json: string; connectionMap: Record<string, string> }) => Promise<ActionResult<Imported>>;
};

export function BundleImport({ actions, connectionNames }: { actions: BundleImportActions; connectionNames: string[] }) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [json, setJson] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [map, setMap] = useState<Record<string, string>>({});
  const [done, setDone] = useState<Imported | null>(null);
  const preview = useFlowAction(actions.preview, {
    onSuccess: (data) => setMap(Object.fromEntries(data.connections.map((name) => [name, connectionNames.includes(name) ? name : (connectionNames[0] ?? name)]))),
  });
  const importing = useFlowAction(actions.import, {
    onSuccess: (data) => {
      setDone(data);
      toast(data.created ? "Bundle imported as a new flow" : `Bundle imported as v${data.numbers.join(", v")}`);
      router.refresh();
    },
  });

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setDone(null);
    importing.reset();
    if (!file) return;
    const text = await file.text();
    setFileName(file.name);
    setJson(text);
    preview.mutate({ json: text });
  };
  const failure = failureOf(preview.error ?? importing.error);
  const data = preview.data;

  return (
    <div className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
      <div>
        <label htmlFor={`${id}-file`} className="block text-sm font-medium text-zinc-800">
          Bundle file
        </label>
        <input id={`${id}-file`} type="file" accept=".json,application/json" onChange={choose} className="mt-1.5 block text-sm text-zinc-700 file:mr-3 file:rounded-md file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-zinc-800 hover:file:bg-zinc-200" />
        <p className="mt-1.5 text-xs text-zinc-500">A .bundle.json exported by Millwright. It is checked before anything is imported.</p>
      </div>
      {preview.isPending && <p role="status" className="text-sm text-zinc-500">Verifying {fileName}…</p>}
      <FormAlert message={failure?.message} />
      {data && json && !done && (
        <div className="space-y-4 border-t border-zinc-100 pt-4 text-sm">
          <p className="text-zinc-700">
            <strong>{data.flow.name}</strong> ({data.versions.length} {data.versions.length === 1 ? "version" : "versions"}), signed by <strong>{data.signer.name}</strong>.{" "}
            {data.existingFlow
              ? `A flow with the slug ${data.flow.slug} exists here (${data.existingFlow.name}): the versions are added after its v${data.existingFlow.latestNumber}.`
              : "It becomes a new flow, keeping its version numbers and notes."}
          </p>
          {data.connections.length > 0 && (
            <fieldset>
              <legend className="text-sm font-medium text-zinc-800">Connections</legend>
              <p className="text-xs text-zinc-500">For each connection the bundle names, pick the one to use here.</p>
              <ul className="mt-2 space-y-2">
                {data.connections.map((name) => (
                  <li key={name} className="flex items-center gap-3">
                    <label htmlFor={`${id}-map-${name}`} className="w-48 truncate font-mono text-xs text-zinc-700">
                      {name}
                    </label>
                    <span aria-hidden="true" className="text-zinc-400">→</span>
                    <select id={`${id}-map-${name}`} value={map[name] ?? name} onChange={(e) => setMap({ ...map, [name]: e.target.value })} className={inputClasses(false, "w-56")}>
                      {!connectionNames.includes(name) && <option value={name}>{name} (not set up here)</option>}
                      {connectionNames.map((option) => (
                        <option key={option} value={option}>
                          {option}
                        </option>
                      ))}
                    </select>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          <Button variant="primary" disabled={importing.isPending} onClick={() => importing.mutate({ json, connectionMap: map })}>
            <FileUp aria-hidden="true" className="size-4" />
            {importing.isPending ? "Importing…" : "Import bundle"}
          </Button>
        </div>
      )}
      {done && (
        <p role="status" className="border-t border-zinc-100 pt-4 text-sm text-zinc-700">
          Imported v{done.numbers.join(", v")}.{" "}
          <Link href={`/flows/${done.flowId}`} className="font-medium text-accent-700 hover:underline">
            Open the flow
          </Link>
        </p>
      )}
    </div>
  );
}
