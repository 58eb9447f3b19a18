// Signed bundles between installations. This installation signs with its own Ed25519 key, created
// on first use and kept with the private half encrypted (lib/secrets/crypto.server.ts). An import
// is accepted only when the content hash matches, the signature verifies, and the signer is this
// installation or a TrustedKey an admin pasted in; each version's definition must also match its
// own content hash. Connection names are mapped (the admin picks, for each name in the bundle, a
// name here); the mapped definitions get their hashes recomputed.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { z } from "zod";
import { appendAudit } from "../audit/audit.server.ts";
import { canonicalJson } from "../audit/canonical-json.ts";
import type { Db, DbTx } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { definitionHash } from "../flows/content-hash.ts";
import type { TFlowDefinition } from "../flows/definition.ts";
import { definitionConnections } from "../flows/definition-connections.ts";
import { readDefinition } from "../flows/drafts.server.ts";
import { auditActor, insertFlow, lockFlow, lockFlowNames, freeName, withSuffix, type Actor } from "../flows/flows.server.ts";
import { redactSecrets } from "../flows/import-export.ts";
import { validateFlow } from "../flows/validate.ts";
import { decryptSecret, encryptSecret } from "../secrets/crypto.server.ts";
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, ZBundle, type Bundle, type BundleBody, type BundlePreview } from "./bundle.ts";

const KEY_CONTEXT = "bundle-signing-key";

// ---- keys ---------------------------------------------------------------------------------------

/** This installation's signing key (created on first use; concurrent first uses agree on one). */
export async function signingKey(db: Db): Promise<{ publicKey: string; privateKeyEncrypted: string }> {
  const existing = await db.signingKey.findFirst({ orderBy: { createdAt: "asc" }, select: { publicKey: true, privateKeyEncrypted: true } });
  if (existing) return existing;
  const pair = generateKeyPairSync("ed25519");
  const publicKey = pair.publicKey.export({ format: "der", type: "spki" }).toString("base64");
  const privateKeyEncrypted = encryptSecret(pair.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"), { context: KEY_CONTEXT });
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(4242008)`;
    const raced = await tx.signingKey.findFirst({ orderBy: { createdAt: "asc" }, select: { publicKey: true, privateKeyEncrypted: true } });
    if (raced) return raced;
    await tx.signingKey.create({ data: { publicKey, privateKeyEncrypted } });
    await appendAudit(tx, { actorId: null, actorLabel: "system", action: "bundle.signing_key_created", subjectType: "installation", subjectId: null, after: { publicKey } });
    return { publicKey, privateKeyEncrypted };
  });
}

export const ZTrustKey = z.object({
  name: z.string().trim().min(1, "Name the installation this key belongs to").max(80, "Keep the name under 80 characters"),
  publicKey: z
    .string()
    .trim()
    .refine((value) => parsePublicKey(value) !== null, "Paste the public key exactly as the other installation shows it (base64)"),
});

export async function trustKey(db: Db, actor: Actor, input: z.output<typeof ZTrustKey>): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const clash = await tx.trustedKey.findFirst({ where: { OR: [{ name: input.name }, { publicKey: input.publicKey }] }, select: { name: true, publicKey: true } });
    if (clash?.publicKey === input.publicKey) throw new AppError("CONFLICT", `This key is trusted already, as "${clash.name}".`, [{ path: "publicKey", message: "Already trusted" }]);
    if (clash) throw new AppError("CONFLICT", `A trusted key named "${input.name}" exists already.`, [{ path: "name", message: "Already in use" }]);
    const row = await tx.trustedKey.create({ data: { name: input.name, publicKey: input.publicKey, addedById: actor.id } });
    await appendAudit(tx, { ...auditActor(actor), action: "bundle.key_trusted", subjectType: "trusted_key", subjectId: row.id, after: { name: row.name, publicKey: row.publicKey } });
    return { id: row.id };
  });
}

export async function untrustKey(db: Db, actor: Actor, input: { trustedKeyId: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.trustedKey.findUnique({ where: { id: input.trustedKeyId } });
    if (!row) throw new AppError("NOT_FOUND", "This trusted key was removed already.");
    await tx.trustedKey.delete({ where: { id: row.id } });
    await appendAudit(tx, { ...auditActor(actor), action: "bundle.key_untrusted", subjectType: "trusted_key", subjectId: row.id, before: { name: row.name, publicKey: row.publicKey } });
  });
}

function parsePublicKey(base64: string) {
  try {
    const key = createPublicKey({ key: Buffer.from(base64, "base64"), format: "der", type: "spki" });
    return key.asymmetricKeyType === "ed25519" ? key : null;
  } catch {
    return null;
  }
}

// ---- export -------------------------------------------------------------------------------------

export async function exportBundle(db: Db, actor: Actor, flowId: string): Promise<Bundle> {
  const flow = await db.flow.findUnique({
    where: { id: flowId },
    select: { slug: true, name: true, description: true, versions: { orderBy: { number: "asc" }, select: { number: true, note: true, definition: true, createdAt: true } } },
  });
  if (!flow) throw new AppError("NOT_FOUND", "This flow does not exist (any more).");
  if (flow.versions.length === 0) throw new AppError("CONFLICT", "This flow has no published version to export yet.");
  const connections = new Set<string>();
  const versions = flow.versions.map((version) => {
    const { definition } = redactSecrets(readDefinition(version.definition, flowId));
    for (const name of definitionConnections(definition)) connections.add(name);
    return { number: version.number, note: version.note, contentHash: definitionHash(definition), createdAt: version.createdAt.toISOString(), definition };
  });
  const body: BundleBody = {
    format: BUNDLE_FORMAT, formatVersion: BUNDLE_FORMAT_VERSION, exportedAt: new Date().toISOString(),
    flow: { slug: flow.slug, name: flow.name, description: flow.description }, versions, connections: [...connections].sort(),
  };
  const bundle = await signBundle(db, body);
  await db.$transaction((tx) =>
    appendAudit(tx, { ...auditActor(actor), action: "bundle.exported", subjectType: "flow", subjectId: flowId, after: { versions: versions.map((v) => v.number), contentHash: bundle.contentHash } }),
  );
  return bundle;
}

export async function signBundle(db: Db, body: BundleBody): Promise<Bundle> {
  const key = await signingKey(db);
  const contentHash = bodyHash(body);
  const privateKey = createPrivateKey({ key: Buffer.from(decryptSecret<string>(key.privateKeyEncrypted, { context: KEY_CONTEXT }), "base64"), format: "der", type: "pkcs8" });
  const value = sign(null, Buffer.from(contentHash, "utf8"), privateKey).toString("base64");
  return { ...body, contentHash, signature: { algorithm: "ed25519", publicKey: key.publicKey, value } };
}

export function bodyHash(body: BundleBody): string {
  const { format, formatVersion, exportedAt, flow, versions, connections } = body;
  return createHash("sha256").update(canonicalJson({ format, formatVersion, exportedAt, flow, versions, connections })).digest("hex");
}

// ---- verify and import --------------------------------------------------------------------------

type Verified = { bundle: Bundle; signerName: string; definitions: TFlowDefinition[] };

/** Parses and checks a bundle; a tampered, unsigned-by-a-trusted-key or malformed one is VALIDATION with the reason. */
export async function verifyBundle(db: Db, json: string): Promise<Verified> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw refuse("This file is not JSON: it is not a Millwright bundle.");
  }
  const parsed = ZBundle.safeParse(raw);
  if (!parsed.success) throw refuse("This file is not a Millwright bundle (or was made by a newer version of Millwright).");
  const bundle = parsed.data;
  if (bodyHash(bundle) !== bundle.contentHash) throw refuse("The bundle was changed after it was exported: its content does not match its hash. Ask for a fresh export.");
  const publicKey = parsePublicKey(bundle.signature.publicKey);
  if (!publicKey || !verify(null, Buffer.from(bundle.contentHash, "utf8"), publicKey, Buffer.from(bundle.signature.value, "base64"))) {
    throw refuse("The bundle's signature does not verify: it was altered or not signed by the key it names.");
  }
  const signerName = await signerNameOf(db, bundle.signature.publicKey);
  if (!signerName) {
    throw refuse("The bundle is signed by an installation this one does not trust. An admin can add its public key (shown on its Bundles page) under Trusted keys.");
  }
  const definitions = bundle.versions.map((version) => {
    if (definitionHash(version.definition as TFlowDefinition) !== version.contentHash) throw refuse(`Version ${version.number} in the bundle does not match its content hash.`);
    const { definition } = validateFlow(version.definition, { connectionNames: null });
    if (!definition) throw refuse(`Version ${version.number} in the bundle is not a flow this installation can read.`);
    return definition;
  });
  return { bundle, signerName, definitions };
}

export async function previewBundle(db: Db, json: string): Promise<BundlePreview> {
  const { bundle, signerName } = await verifyBundle(db, json);
  const existing = await db.flow.findFirst({ where: { slug: bundle.flow.slug, archivedAt: null }, select: { id: true, name: true, versions: { orderBy: { number: "desc" }, take: 1, select: { number: true } } } });
  return {
    flow: { slug: bundle.flow.slug, name: bundle.flow.name },
    versions: bundle.versions.map((v) => ({ number: v.number, note: v.note })),
    connections: bundle.connections,
    signer: { publicKey: bundle.signature.publicKey, name: signerName },
    existingFlow: existing ? { id: existing.id, name: existing.name, latestNumber: existing.versions[0]?.number ?? 0 } : null,
  };
}

export const ZImportBundle = z.object({
  json: z.string().min(1, "Choose a bundle file").max(20 * 1024 * 1024, "The bundle is larger than 20 MB"),
  connectionMap: z.record(z.string(), z.string().trim().min(1, "Pick a connection").max(200)).default({}),
});

/**
 * Imports the bundle: a new flow keeps the bundle's version numbers and notes; a flow with the same
 * slug here gets them appended as new versions (notes say which version they were). -> the flow.
 */
export async function importBundle(db: Db, actor: Actor, input: z.output<typeof ZImportBundle>): Promise<{ flowId: string; slug: string; created: boolean; numbers: number[] }> {
  const { bundle, signerName, definitions } = await verifyBundle(db, input.json);
  const mapped = definitions.map((definition) => mapConnections(definition, input.connectionMap));
  return db.$transaction(async (tx) => {
    await lockFlowNames(tx);
    const existing = await tx.flow.findFirst({ where: { slug: bundle.flow.slug, archivedAt: null }, select: { id: true } });
    let flowId: string;
    let slug: string;
    let numbers: number[];
    if (existing) {
      await lockFlow(tx, existing.id);
      const latest = await tx.flowVersion.findFirst({ where: { flowId: existing.id }, orderBy: { number: "desc" }, select: { number: true } });
      const start = latest?.number ?? 0;
      numbers = bundle.versions.map((_, index) => start + index + 1);
      await createVersions(tx, actor, existing.id, mapped, numbers, bundle.versions.map((v) => `Imported v${v.number}${v.note ? `: ${v.note}` : ""}`));
      flowId = existing.id;
      slug = bundle.flow.slug;
    } else {
      const name = await freeName(tx, (n) => (n === 1 ? bundle.flow.name : withSuffix(bundle.flow.name, ` (imported ${n - 1})`)));
      const flow = await insertFlow(tx, actor, { name, description: bundle.flow.description, definition: mapped[mapped.length - 1]!, slugBase: bundle.flow.slug });
      numbers = bundle.versions.map((v) => v.number);
      await createVersions(tx, actor, flow.id, mapped, numbers, bundle.versions.map((v) => v.note));
      flowId = flow.id;
      slug = flow.slug;
    }
    await appendAudit(tx, {
      ...auditActor(actor), action: "bundle.imported", subjectType: "flow", subjectId: flowId,
      after: { created: !existing, signer: signerName, signerKey: bundle.signature.publicKey, contentHash: bundle.contentHash, versions: numbers, connectionMap: input.connectionMap },
    });
    return { flowId, slug, created: !existing, numbers };
  });
}

async function createVersions(tx: DbTx, actor: Actor, flowId: string, definitions: TFlowDefinition[], numbers: number[], notes: string[]): Promise<void> {
  for (const [index, definition] of definitions.entries()) {
    await tx.flowVersion.create({
      data: { flowId, number: numbers[index]!, definition: definition as object, contentHash: definitionHash(definition), note: notes[index] ?? "", authorId: actor.id },
    });
  }
}

/** The definition with every node's `connection` values renamed per the map (names not in the map stay). */
export function mapConnections(definition: TFlowDefinition, map: Record<string, string>): TFlowDefinition {
  if (Object.entries(map).every(([from, to]) => from === to)) return definition;
  const rename = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rename);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, key === "connection" && typeof inner === "string" && map[inner] ? map[inner] : rename(inner)]),
    );
  };
  return { ...definition, nodes: definition.nodes.map((node) => (definitionConnections({ nodes: [node] }).size > 0 ? { ...node, config: rename(node.config) as Record<string, unknown> } : node)) };
}

async function signerNameOf(db: Db, publicKey: string): Promise<string | null> {
  const own = await db.signingKey.findUnique({ where: { publicKey }, select: { id: true } });
  if (own) return "This installation";
  return (await db.trustedKey.findUnique({ where: { publicKey }, select: { name: true } }))?.name ?? null;
}

function refuse(message: string): AppError {
  return new AppError("VALIDATION", message, [{ path: "json", message }]);
}
