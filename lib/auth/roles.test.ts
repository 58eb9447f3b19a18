import { describe, expect, it } from "vitest";
import { canSee, homeSection, type Role, type Section } from "./roles.ts";

const sections: Section[] = ["flows", "inbox", "runs", "environments", "admin"];
const visible = (roles: Role[]) => sections.filter((s) => canSee(roles, s));

describe("navigation by role", () => {
  it("shows each role its own sections", () => {
    expect(visible(["ANALYST"])).toEqual(["flows", "runs"]);
    expect(visible(["APPROVER"])).toEqual(["flows", "inbox"]);
    expect(visible(["ADMIN"])).toEqual(sections);
  });

  it("combines the sections of several roles", () => {
    expect(visible(["ANALYST", "APPROVER"])).toEqual(["flows", "inbox", "runs"]);
  });

  it("lands each role on its first section", () => {
    expect(homeSection(["APPROVER"])).toBe("inbox");
    expect(homeSection(["ANALYST"])).toBe("flows");
    expect(homeSection([])).toBeNull();
  });
});
