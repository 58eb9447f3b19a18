import { describe, expect, it } from "vitest";
import { slaOf, spell } from "./sla.ts";

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 22, 12, 0) + minutes * 60_000);

describe("slaOf", () => {
  it("counts down in hours and minutes, neutral with plenty of time", () => {
    expect(slaOf(at(0), at(24 * 60), at(60))).toEqual({ tone: "neutral", label: "Due in 23 h", overdue: false });
    expect(slaOf(at(0), at(10 * 60), at(175))).toEqual({ tone: "neutral", label: "Due in 7 h 5 min", overdue: false });
  });

  it("turns amber in the last 20% of the time or the last hour", () => {
    expect(slaOf(at(0), at(10 * 60), at(8 * 60 + 1)).tone).toBe("amber");
    expect(slaOf(at(0), at(10 * 24 * 60), at(10 * 24 * 60 - 59)).tone).toBe("amber");
    expect(slaOf(at(0), at(10 * 24 * 60), at(60)).tone).toBe("neutral");
  });

  it("turns red and counts up once overdue", () => {
    expect(slaOf(at(0), at(60), at(70))).toEqual({ tone: "red", label: "Overdue by 10 min", overdue: true });
  });
});

describe("spell", () => {
  it("keeps the two largest units", () => {
    expect(spell(30_000)).toBe("30 s");
    expect(spell(125 * 60_000)).toBe("2 h 5 min");
    expect(spell((3 * 24 + 4) * 3_600_000 + 60_000)).toBe("3 d 4 h");
  });
});
