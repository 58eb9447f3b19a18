import { describe, expect, it } from "vitest";
import { nextCronRuns, parseCron } from "./cron.ts";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("cron preview", () => {
  const from = new Date("2026-03-27T10:17:30Z"); // a Friday

  it("finds the next weekday mornings", () => {
    expect(iso(nextCronRuns("0 7 * * 1-5", { from }))).toEqual(["2026-03-30T07:00:00.000Z", "2026-03-31T07:00:00.000Z", "2026-04-01T07:00:00.000Z"]);
  });

  it("handles steps, lists, names and 6-field expressions with seconds", () => {
    expect(iso(nextCronRuns("*/15 * * * *", { from }))).toEqual(["2026-03-27T10:30:00.000Z", "2026-03-27T10:45:00.000Z", "2026-03-27T11:00:00.000Z"]);
    expect(iso(nextCronRuns("0 9 * JAN,JUN MON", { from, count: 2 }))).toEqual(["2026-06-01T09:00:00.000Z", "2026-06-08T09:00:00.000Z"]);
    expect(iso(nextCronRuns("*/20 * * * * *", { from, count: 2 }))).toEqual(["2026-03-27T10:17:40.000Z", "2026-03-27T10:18:00.000Z"]);
    expect(iso(nextCronRuns("@monthly", { from, count: 1 }))).toEqual(["2026-04-01T00:00:00.000Z"]);
    expect(iso(nextCronRuns("0 0 * * 7", { from, count: 1 }))).toEqual(["2026-03-29T00:00:00.000Z"]);
  });

  it("runs on either day field when both are restricted (Vixie cron)", () => {
    // The 1st of the month or any Monday.
    expect(iso(nextCronRuns("0 12 1 * MON", { from, count: 3 }))).toEqual(["2026-03-30T12:00:00.000Z", "2026-04-01T12:00:00.000Z", "2026-04-06T12:00:00.000Z"]);
  });

  it("follows the time zone's clock across daylight saving", () => {
    // Europe/Brussels moves to summer time on 2026-03-29: 07:00 local is 06:00 UTC before, 05:00 UTC after.
    expect(iso(nextCronRuns("0 7 * * *", { from, timeZone: "Europe/Brussels" }))).toEqual([
      "2026-03-28T06:00:00.000Z",
      "2026-03-29T05:00:00.000Z",
      "2026-03-30T05:00:00.000Z",
    ]);
    // 02:30 does not exist in Brussels on 2026-03-29.
    expect(iso(nextCronRuns("30 2 * * *", { from, timeZone: "Europe/Brussels" }))).toEqual([
      "2026-03-28T01:30:00.000Z",
      "2026-03-30T00:30:00.000Z",
      "2026-03-31T00:30:00.000Z",
    ]);
  });

  it("returns nothing for impossible or invalid expressions", () => {
    expect(nextCronRuns("0 0 31 2 *", { from })).toEqual([]);
    expect(nextCronRuns("61 * * * *", { from })).toEqual([]);
    expect(parseCron("61 * * * *")).toMatchObject({ ok: false, error: expect.stringContaining("Minute") });
  });
});
