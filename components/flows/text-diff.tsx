import clsx from "clsx";
import type { TextDiff } from "../../lib/flows/diff.ts";

/**
 * A unified line diff (scripts, templates): old and new line numbers, removed lines red with "-",
 * added lines green with "+", a little unchanged context, hunks separated by their @@ header.
 */
export function TextDiffView({ diff, label }: { diff: TextDiff; label: string }) {
  if (diff.hunks.length === 0) return <p className="text-xs text-zinc-500">Only whitespace at the end of the text changed.</p>;
  return (
    <div role="group" aria-label={label} className="overflow-hidden rounded-md ring-1 ring-zinc-200">
      <div className="flex items-center gap-3 border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 text-[11px] font-medium text-zinc-500">
        <span className="text-emerald-700">+{diff.added}</span>
        <span className="text-red-700">−{diff.removed}</span>
        <span>{diff.added + diff.removed === 1 ? "line" : "lines"}</span>
      </div>
      <div className="overflow-x-auto bg-white">
        <table className="w-full table-fixed border-collapse font-mono text-xs leading-5">
          <colgroup>
            <col className="w-9" />
            <col className="w-10" />
            <col className="w-5" />
            <col />
          </colgroup>
          {diff.hunks.map((hunk, h) => (
            <tbody key={h}>
              <tr className="bg-sky-50/70 text-sky-800">
                <td colSpan={4} className="px-3 py-0.5 text-[11px] select-none">
                  @@ −{hunk.oldStart},{hunk.oldLines} +{hunk.newStart},{hunk.newLines} @@
                </td>
              </tr>
              {hunk.lines.map((line, i) => (
                <tr
                  key={i}
                  className={clsx(line.type === "added" && "bg-emerald-50", line.type === "removed" && "bg-red-50")}
                >
                  <td aria-hidden="true" className="w-9 pr-2 pl-2 text-right text-zinc-400 tabular-nums select-none">
                    {line.oldLine ?? ""}
                  </td>
                  <td aria-hidden="true" className="w-9 border-r border-zinc-200/70 pr-2 text-right text-zinc-400 tabular-nums select-none">
                    {line.newLine ?? ""}
                  </td>
                  <td
                    className={clsx(
                      "w-5 pl-1 text-center select-none",
                      line.type === "added" ? "text-emerald-700" : line.type === "removed" ? "text-red-700" : "text-zinc-300",
                    )}
                  >
                    <span aria-hidden="true">{line.type === "added" ? "+" : line.type === "removed" ? "−" : " "}</span>
                    <span className="sr-only">{line.type === "added" ? "added" : line.type === "removed" ? "removed" : ""}</span>
                  </td>
                  <td
                    className={clsx(
                      "pr-3 whitespace-pre-wrap [overflow-wrap:anywhere]",
                      line.type === "added" ? "text-emerald-900" : line.type === "removed" ? "text-red-900" : "text-zinc-600",
                    )}
                  >
                    {line.text || " "}
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </div>
  );
}
