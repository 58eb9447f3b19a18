// A bundle: a flow's versions as a signed JSON file, moved between Millwright installations
// (browser-safe shapes; signing and verifying are in bundles.server.ts).
//
//   { "format": "millwright.bundle", "formatVersion": 1, "exportedAt": "...",
//     "flow": { "slug", "name", "description" },
//     "versions": [{ "number", "note", "contentHash", "createdAt", "definition" }],
//     "connections": ["odoo-main"],            // names only: never configs or secrets
//     "contentHash": "<sha256 of the canonical JSON of everything above>",
//     "signature": { "algorithm": "ed25519", "publicKey": "<base64 SPKI DER>", "value": "<base64 signature of contentHash>" } }
//
// Definitions go through the same secret redaction as a single flow export.
import { z } from "zod";

export const BUNDLE_FORMAT = "millwright.bundle";
export const BUNDLE_FORMAT_VERSION = 1;

export const ZBundleVersion = z.object({
  number: z.number().int().positive(),
  note: z.string().max(2000),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string().max(64),
  definition: z.unknown(),
});

export const ZBundleBody = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  exportedAt: z.string().max(64),
  flow: z.object({ slug: z.string().min(1).max(200), name: z.string().min(1).max(200), description: z.string().max(5000) }),
  versions: z.array(ZBundleVersion).min(1).max(500),
  connections: z.array(z.string().max(200)).max(500),
});

export const ZBundle = ZBundleBody.extend({
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.object({ algorithm: z.literal("ed25519"), publicKey: z.string().min(1).max(200), value: z.string().min(1).max(200) }),
});

export type BundleBody = z.output<typeof ZBundleBody>;
export type Bundle = z.output<typeof ZBundle>;

/** What the import page shows before the admin confirms. */
export type BundlePreview = {
  flow: { slug: string; name: string };
  versions: { number: number; note: string }[];
  connections: string[];
  signer: { publicKey: string; name: string };
  /** The flow exists here already: versions are appended after its latest. */
  existingFlow: { id: string; name: string; latestNumber: number } | null;
};

/** "maintenance-parts-reservation.bundle.json" */
export function bundleFileName(slug: string): string {
  return `${slug}.bundle.json`;
}

/** A short, readable fingerprint of a public key (for the page and for comparing by eye). */
export function keyFingerprint(publicKey: string): string {
  const tail = publicKey.replace(/=+$/, "").slice(-16);
  return tail.match(/.{1,4}/g)?.join(" ") ?? tail;
}
