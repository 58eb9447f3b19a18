import { describe, expect, it } from "vitest";
import { rollbackVersionId } from "./rollback-target.ts";

const promote = (previousVersionId: string | null) => ({ action: "promote", previousVersionId });
const rollback = (previousVersionId: string) => ({ action: "rollback", previousVersionId });

describe("rollbackVersionId (history newest first)", () => {
  it("returns what ran before the current release", () => {
    expect(rollbackVersionId([promote("v2"), promote("v1"), promote(null)])).toBe("v2");
    expect(rollbackVersionId([promote(null)])).toBeNull();
    expect(rollbackVersionId([])).toBeNull();
  });

  it("walks back after a rollback instead of toggling forth", () => {
    // v1 -> v2 -> v3, rolled back to v2: the next rollback goes to v1.
    expect(rollbackVersionId([rollback("v3"), promote("v2"), promote("v1"), promote(null)])).toBe("v1");
    // ... and after that one, nothing is left.
    expect(rollbackVersionId([rollback("v2"), rollback("v3"), promote("v2"), promote("v1"), promote(null)])).toBeNull();
  });

  it("a release after a rollback is rolled back to what ran before it", () => {
    expect(rollbackVersionId([promote("v1"), rollback("v2"), promote("v1"), promote(null)])).toBe("v1");
  });
});
