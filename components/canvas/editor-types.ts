// What the editor page hands the client editor: the flow, its draft, and the server actions
// (components never import app/, so the page passes the actions in as props).
import type { ActionResult } from "../../lib/flows/action-result.ts";
import type { TFlowDefinition } from "../../lib/flows/definition.ts";

export type SaveDraftFn = (input: { flowId: string; baseRevision: number; definition: TFlowDefinition }) => Promise<ActionResult<{ revision: number; updatedAt: string }>>;
export type PublishFn = (input: { flowId: string; baseRevision: number; note: string; release?: boolean }) => Promise<
  ActionResult<{ number: number; contentHash: string; released: { environmentKey: string; environmentName: string } | null; releaseProblem: string | null }>
>;
export type RenameFn = (input: { flowId: string; name: string; description?: string }) => Promise<ActionResult<Record<string, never>>>;

export type EditorServerActions = { saveDraft: SaveDraftFn; publish: PublishFn; rename: RenameFn };

export type EditorFlow = {
  id: string;
  slug: string;
  name: string;
  description: string;
  archivedAt: string | null;
  ownerName: string;
  /** Where publishing can release the new version at once (the first environment, unless protected). */
  releaseTarget?: { key: string; name: string } | null;
};

export type EditorDraft = {
  revision: number;
  definition: TFlowDefinition;
  updatedAt: string;
  editorName: string;
  /** The latest version's number when the draft has the same content, else null. */
  matchesVersion: number | null;
};

/** Why the editor is read-only (null: editable). */
export type ReadOnlyReason = "approver" | "archived" | null;
