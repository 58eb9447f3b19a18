// Which version a rollback returns to, from an environment's release history of one flow (pure,
// shared by the rollback and the matrix). A rollback undoes the release before it, so walking the
// history newest first, each rollback entry also skips one earlier release; the first release left
// names what ran before it. So repeated rollbacks walk back (v3 -> v2 -> v1), never forth.
export type HistoryEntry = { action: string; previousVersionId: string | null };

export function rollbackVersionId(newestFirst: readonly HistoryEntry[]): string | null {
  let undone = 0;
  for (const entry of newestFirst) {
    if (entry.action === "rollback") {
      undone++;
      continue;
    }
    if (undone > 0) {
      undone--;
      continue;
    }
    return entry.previousVersionId;
  }
  return null;
}
