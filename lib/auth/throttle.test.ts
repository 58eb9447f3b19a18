import { describe, expect, it } from "vitest";
import { clientAddress, THROTTLE, verdictFor } from "./throttle.server.ts";

describe("sign-in throttle", () => {
  it("lets the first few failures through without delay", () => {
    for (let n = 0; n < THROTTLE.freeAttempts; n++) expect(verdictFor(n)).toEqual({ blocked: false, delayMs: 0 });
  });

  it("slows each further attempt down more, up to a ceiling", () => {
    const delays = [5, 6, 7, 8, 20].map((n) => verdictFor(n)).map((v) => (v.blocked ? -1 : v.delayMs));
    expect(delays).toEqual([500, 1000, 2000, 4000, THROTTLE.maxDelayMs]);
  });

  it("blocks the address after many failures", () => {
    expect(verdictFor(THROTTLE.blockAfter)).toEqual({ blocked: true });
  });

  it("takes the address our own server saw, not one a client claims", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.7" }))).toBe("10.0.0.7");
    expect(clientAddress({ "x-forwarded-for": "10.0.0.8" })).toBe("10.0.0.8");
    expect(clientAddress({})).toBe("unknown");
  });
});
