import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, SecretKeyError, secretKey } from "./crypto.server.ts";

const key = randomBytes(32);
const saved = process.env.MILLWRIGHT_SECRET_KEY;
afterEach(() => {
  if (saved === undefined) delete process.env.MILLWRIGHT_SECRET_KEY;
  else process.env.MILLWRIGHT_SECRET_KEY = saved;
});

describe("secrets at rest", () => {
  it("round-trips JSON in the v1 format, with a fresh IV each time", () => {
    const value = { token: "s3cr3t", nested: [1, "two", null] };
    const a = encryptSecret(value, { key });
    const b = encryptSecret(value, { key });
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3cr3t");
    expect(decryptSecret(a, { key })).toEqual(value);
  });

  it("reads the key from MILLWRIGHT_SECRET_KEY", () => {
    process.env.MILLWRIGHT_SECRET_KEY = key.toString("base64");
    expect(decryptSecret(encryptSecret("x"))).toBe("x");
    expect(decryptSecret(encryptSecret("x"), { key })).toBe("x");
  });

  it("refuses a tampered value, another key and another context", () => {
    const sealed = encryptSecret({ a: 1 }, { key, context: "trigger:dev:flow:n1" });
    const parts = sealed.split(".");
    const data = Buffer.from(parts[3]!, "base64url");
    data[0] = data[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), data.toString("base64url")].join(".");
    expect(() => decryptSecret(tampered, { key, context: "trigger:dev:flow:n1" })).toThrow(/altered/);
    expect(() => decryptSecret(sealed, { key: randomBytes(32), context: "trigger:dev:flow:n1" })).toThrow(SecretKeyError);
    expect(() => decryptSecret(sealed, { key, context: "trigger:prod:flow:n1" })).toThrow(SecretKeyError);
    expect(() => decryptSecret("v0.a.b.c", { key })).toThrow(/v1 format/);
    expect(() => decryptSecret("v1.AAAA.BBBB.CCCC", { key })).toThrow(/truncated/);
  });

  it("names the variable when the key is missing or malformed", () => {
    expect(() => secretKey(undefined)).toThrow(/MILLWRIGHT_SECRET_KEY is not set/);
    expect(() => secretKey("")).toThrow(/MILLWRIGHT_SECRET_KEY is not set/);
    expect(() => secretKey("not base64 at all!")).toThrow(/MILLWRIGHT_SECRET_KEY is not base64/);
    expect(() => secretKey(randomBytes(16).toString("base64"))).toThrow(/MILLWRIGHT_SECRET_KEY must decode to 32 bytes.*decodes to 16/);
    delete process.env.MILLWRIGHT_SECRET_KEY;
    expect(() => encryptSecret("x")).toThrow(/MILLWRIGHT_SECRET_KEY/);
    expect(secretKey(key.toString("base64url")).equals(key)).toBe(true);
  });
});
