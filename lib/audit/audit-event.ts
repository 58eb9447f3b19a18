import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.ts";

// Terminology: an audit event records who (actor) did what (action) to which thing (subject),
// with the state before and after. Each event's hash covers its content and the previous
// event's hash, so changing or removing any past event breaks every hash after it.

export const GENESIS_HASH = "0".repeat(64);

export type AuditInput = {
  actorId?: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  ip?: string | null;
  before?: unknown;
  after?: unknown;
};

export type ChainedFields = {
  createdAt: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
};

export function hashAuditEvent(fields: ChainedFields): string {
  const content = canonicalJson({
    createdAt: fields.createdAt.toISOString(),
    actorId: fields.actorId,
    actorLabel: fields.actorLabel,
    action: fields.action,
    subjectType: fields.subjectType,
    subjectId: fields.subjectId,
    ip: fields.ip,
    before: fields.before ?? null,
    after: fields.after ?? null,
  });
  return createHash("sha256").update(fields.prevHash).update("\n").update(content).digest("hex");
}
