import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.ts";

describe("canonicalJson", () => {
  it("gives the same text whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }));
  });

  it("drops undefined and writes dates as ISO text", () => {
    expect(canonicalJson({ a: undefined, at: new Date("2026-01-02T03:04:05.006Z") })).toBe('{"at":"2026-01-02T03:04:05.006Z"}');
  });
});
