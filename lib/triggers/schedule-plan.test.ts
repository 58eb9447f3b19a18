import { describe, expect, it } from "vitest";
import { latestTickIn, planTicks } from "./schedule-plan.ts";

const at = (iso: string) => new Date(iso);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("planning schedule ticks", () => {
  it("plans the ticks of the next minute ahead, with the cursor at now + 60 s", () => {
    const plan = planTicks({ cron: "*/15 * * * * *", timeZone: "UTC", missedTicks: "skip", from: at("2026-11-23T07:00:00Z"), now: at("2026-11-23T07:00:05Z") });
    expect(iso(plan.due)).toEqual(["2026-11-23T07:00:15.000Z", "2026-11-23T07:00:30.000Z", "2026-11-23T07:00:45.000Z", "2026-11-23T07:01:00.000Z"]);
    expect(plan.coveredUntil.toISOString()).toBe("2026-11-23T07:01:05.000Z");
    expect(plan.catchUp).toBeNull();
  });

  it("plans nothing twice: the next pass starts at the cursor", () => {
    const first = planTicks({ cron: "* * * * *", timeZone: "UTC", missedTicks: "skip", from: at("2026-11-23T06:59:30Z"), now: at("2026-11-23T07:00:00Z") });
    const second = planTicks({ cron: "* * * * *", timeZone: "UTC", missedTicks: "skip", from: first.coveredUntil, now: at("2026-11-23T07:01:00Z") });
    expect(iso(first.due)).toEqual(["2026-11-23T07:00:00.000Z", "2026-11-23T07:01:00.000Z"]);
    expect(iso(second.due)).toEqual(["2026-11-23T07:02:00.000Z"]);
  });

  it("starts a tick up to 60 s late, and skips older missed ones", () => {
    const plan = planTicks({ cron: "0 * * * *", timeZone: "UTC", missedTicks: "skip", from: at("2026-11-23T02:30:00Z"), now: at("2026-11-23T07:00:40Z") });
    expect(iso(plan.due)).toEqual(["2026-11-23T07:00:00.000Z"]);
    expect(plan.catchUp).toBeNull();
    expect(plan.skippedLatest?.toISOString()).toBe("2026-11-23T06:00:00.000Z");
  });

  it("starts one catch-up run for the latest missed tick with run-once", () => {
    const plan = planTicks({ cron: "0 * * * *", timeZone: "UTC", missedTicks: "run-once", from: at("2026-11-23T02:30:00Z"), now: at("2026-11-23T07:20:00Z") });
    expect(plan.due).toEqual([]);
    expect(plan.catchUp?.toISOString()).toBe("2026-11-23T07:00:00.000Z");
    expect(plan.skippedLatest?.toISOString()).toBe("2026-11-23T06:00:00.000Z");
  });

  it("follows the schedule's time zone", () => {
    const plan = planTicks({ cron: "0 7 * * *", timeZone: "Europe/Brussels", missedTicks: "skip", from: at("2026-11-23T05:59:30Z"), now: at("2026-11-23T05:59:30Z") });
    expect(iso(plan.due)).toEqual(["2026-11-23T06:00:00.000Z"]);
  });

  it("plans at most two minutes of an every-second schedule after a stop", () => {
    const plan = planTicks({ cron: "* * * * * *", timeZone: "UTC", missedTicks: "skip", from: at("2026-11-23T06:00:00Z"), now: at("2026-11-23T07:00:00Z") });
    expect(plan.due).toHaveLength(120);
    expect(plan.due[0]?.toISOString()).toBe("2026-11-23T06:59:01.000Z");
    expect(plan.skippedLatest?.toISOString()).toBe("2026-11-23T06:59:00.000Z");
  });

  it("finds the latest tick of a rare schedule far back", () => {
    expect(latestTickIn("0 0 1 1 *", "UTC", at("2020-06-01T00:00:00Z"), at("2026-11-23T07:00:00Z"))?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(latestTickIn("0 0 1 1 *", "UTC", at("2026-06-01T00:00:00Z"), at("2026-11-23T07:00:00Z"))).toBeNull();
  });
});
