// A version's content hash: sha256 of the canonical JSON (sorted keys) of its parsed definition, so
// the same flow hashes the same whether it comes from the editor, the database or an import file.
// Server-side (node:crypto); the browser gets hashes from the server.
import { createHash } from "node:crypto";
import { canonicalJson } from "../audit/canonical-json.ts";
import type { TFlowDefinition } from "./definition.ts";
import { validateFlow } from "./validate.ts";

/** Hash of a definition as validateFlow returned it (publish stores and hashes exactly that). */
export function definitionHash(definition: TFlowDefinition): string {
  return createHash("sha256").update(canonicalJson(definition)).digest("hex");
}

/** The hash a stored or imported definition would get if published as it is; null when it is not
 *  even a flow definition. Compared with a version's hash: "nothing changed since v3". */
export function draftContentHash(raw: unknown): string | null {
  const { definition } = validateFlow(raw, { connectionNames: null });
  return definition ? definitionHash(definition) : null;
}
