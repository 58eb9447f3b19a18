// Secrets at rest: AES-256-GCM with the installation's key (MILLWRIGHT_SECRET_KEY, 32 bytes in
// base64; `./millwright start` generates one into .data/secrets.json). A value is JSON
// encrypted to "v1.<iv>.<tag>.<data>" (base64url parts), so a later key or algorithm can be told
// apart by its prefix. GCM authenticates: a changed byte, a wrong key or a value encrypted for another
// purpose (`context`, bound as additional authenticated data) fails to open instead of decrypting
// to garbage. Server-only: the key and the plain secrets never reach the browser.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const KEY_VARIABLE = "MILLWRIGHT_SECRET_KEY";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The secret key is missing or unusable, or a sealed value cannot be opened. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretKeyError";
  }
}

/** The 32-byte key from MILLWRIGHT_SECRET_KEY (or the text given), checked. */
export function secretKey(encoded: string | undefined = process.env[KEY_VARIABLE]): Buffer {
  if (!encoded || encoded.trim() === "") {
    throw new SecretKeyError(`${KEY_VARIABLE} is not set: it must hold 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`); ./millwright start generates one into .data/secrets.json.`);
  }
  const text = encoded.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw new SecretKeyError(`${KEY_VARIABLE} is not base64: it must hold 32 random bytes in base64.`);
  const key = Buffer.from(text, "base64");
  if (key.length !== 32) throw new SecretKeyError(`${KEY_VARIABLE} must decode to 32 bytes (AES-256); it decodes to ${key.length}.`);
  return key;
}

/** Encrypts a JSON value. `context` (e.g. "trigger:<env>:<flow>:<node>") must be given again to open it. */
export function encryptSecret(value: unknown, options: { context?: string; key?: Buffer } = {}): string {
  const key = options.key ?? secretKey();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  if (options.context) cipher.setAAD(Buffer.from(options.context, "utf8"));
  const data = Buffer.concat([cipher.update(JSON.stringify(value) ?? "null", "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/** Decrypts what encryptSecret produced; throws SecretKeyError if it was altered or sealed with another key or context. */
export function decryptSecret<T = unknown>(sealed: string, options: { context?: string; key?: Buffer } = {}): T {
  const key = options.key ?? secretKey();
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretKeyError("The stored secret is not in the v1 format.");
  const [iv, tag, data] = parts.slice(1).map((part) => Buffer.from(part, "base64url"));
  if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !data) throw new SecretKeyError("The stored secret is truncated.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    if (options.context) decipher.setAAD(Buffer.from(options.context, "utf8"));
    decipher.setAuthTag(tag);
    const text = Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
    return JSON.parse(text) as T;
  } catch {
    throw new SecretKeyError(`The stored secret cannot be decrypted: it was altered, or ${KEY_VARIABLE} is not the key it was encrypted with.`);
  }
}
