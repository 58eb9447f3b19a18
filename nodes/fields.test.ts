import { describe, expect, it } from "vitest";
import {
  cronProblem,
  durationMs,
  isTimeZone,
  isoDurationProblem,
  mqttTopicFilterProblem,
  odooDomainProblems,
  parseIsoDuration,
  statusInRanges,
  statusRangeProblem,
  templateProblem,
} from "./fields.ts";

describe("templateProblem", () => {
  it.each([
    ["plain text", null],
    ["PO {{ input.name }} for {{ input.partner }}", null],
    ["{{input.id}}", null],
    ["PO {{ input.name", 'A "{{" placeholder is not closed with "}}"'],
    ["{{ }}", 'A "{{ }}" placeholder is empty: put an expression inside, e.g. {{ input.id }}'],
    ["{{ a {{ b }}", 'A "{{" placeholder is not closed with "}}" before the next one opens'],
  ])("%j -> %j", (text, expected) => {
    expect(templateProblem(text)).toBe(expected);
  });
});

describe("cronProblem", () => {
  it.each(["*/15 * * * *", "0 7 * * 1-5", "0 7 * * MON-FRI", "0 0 1 JAN,JUL ?", "30 0 7 * * *", "0 22 * * 0,6,7", "@daily", "@hourly", "5,10-20/5 * * * *"])("accepts %s", (expression) => {
    expect(cronProblem(expression)).toBeNull();
  });

  it.each([
    ["", "Enter a cron expression, e.g. */15 * * * * (every 15 minutes)"],
    ["* * *", "A cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; this one has 3"],
    ["60 * * * *", "Minute: 60 is out of range (0-59)"],
    ["0 24 * * *", "Hour: 24 is out of range (0-23)"],
    ["0 0 0 * *", "Day of month: 0 is out of range (1-31)"],
    ["0 0 * 13 *", "Month: 13 is out of range (1-12)"],
    ["0 0 * FOO *", 'Month: "FOO" is not a number or a name like JAN'],
    ["*/0 * * * *", 'Minute: the step in "*/0" must be a number between 1 and 59'],
    ["5-1 * * * *", 'Minute: the range "5-1" runs backwards'],
    ["1,,2 * * * *", 'Minute: a list has an empty entry ("1,,2")'],
    ["? * * * *", 'Minute: "?" is not a number'],
    ["@sometimes", 'Unknown shortcut "@sometimes"; use @hourly, @daily, @weekly, @monthly or @yearly'],
  ])("refuses %j", (expression, message) => {
    expect(cronProblem(expression)).toBe(message);
  });
});

describe("time zones", () => {
  it.each([
    ["Europe/Brussels", true],
    ["America/Chicago", true],
    ["UTC", true],
    ["Mars/Olympus", false],
    ["", false],
    [" UTC", false],
  ])("%j -> %s", (zone, ok) => {
    expect(isTimeZone(zone)).toBe(ok);
  });
});

describe("ISO 8601 durations", () => {
  it.each([
    ["PT4H", 4 * 3600_000],
    ["PT15M", 15 * 60_000],
    ["PT90S", 90_000],
    ["P1DT12H", 36 * 3600_000],
    ["P2W", 14 * 24 * 3600_000],
    ["PT0.5H", 30 * 60_000],
    ["pt1m", 60_000],
  ])("%s is %d ms", (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
    expect(isoDurationProblem(text)).toBeNull();
  });

  it.each(["P", "PT", "P1DT", "4 hours", "PT4", ""])("%j is not a duration", (text) => {
    expect(parseIsoDuration(text)).toBeNull();
    expect(isoDurationProblem(text)).toMatch(/is not an ISO 8601 duration/);
  });

  it("refuses months and years, whose length depends on the calendar", () => {
    expect(isoDurationProblem("P1M")).toBe("Months and years vary in length: use days (P30D) or weeks (P4W) instead");
    expect(isoDurationProblem("P1Y")).toBe("Months and years vary in length: use days (P30D) or weeks (P4W) instead");
    expect(isoDurationProblem("PT1M")).toBeNull();
  });

  it("converts numbers by unit", () => {
    expect(durationMs(30, "seconds")).toBe(30_000);
    expect(durationMs(240, "minutes")).toBe(4 * 3600_000);
    expect(durationMs("PT4H", "minutes")).toBe(4 * 3600_000);
  });
});

describe("mqttTopicFilterProblem", () => {
  it.each(["plant/#", "plant/+/status", "#", "+", "+/+/alarm", "plant/line-1/temp", "$share/workers/plant/#", "/leading/slash"])("accepts %s", (filter) => {
    expect(mqttTopicFilterProblem(filter)).toBeNull();
  });

  it.each([
    ["", "Enter a topic, e.g. plant/+/status or plant/#"],
    ["plant/#/status", '"#" matches everything below a level, so it must be the last level on its own, e.g. plant/#'],
    ["plant#", '"#" matches everything below a level, so it must be the last level on its own, e.g. plant/#'],
    ["plant/line+/status", '"+" must fill a whole level, e.g. plant/+/status (not "line+")'],
    ["$share//plant/#", "A shared subscription looks like $share/<group>/<topic>; the group name cannot be empty or contain + or #"],
    ["$share/workers", "A shared subscription needs a topic after the group: $share/<group>/<topic>"],
  ])("refuses %j", (filter, message) => {
    expect(mqttTopicFilterProblem(filter)).toBe(message);
  });
});

describe("odooDomainProblems", () => {
  it.each([
    [[]],
    [[["state", "=", "confirmed"]]],
    [[["state", "in", ["draft", "sent"]], ["partner_id.country_id.code", "=", "BE"]]],
    [["|", ["state", "=", "draft"], ["state", "=", "sent"]]],
    [["!", ["active", "=", false]]],
    [["&", "|", ["a", "=", 1], ["b", "=", 2], ["c", "=", 3]]],
    [[["id", "in", "{{ input.ids }}"]]],
    [[["line_ids", "any", [["product_id", "=", 5]]]]],
  ])("accepts %j", (domain) => {
    expect(odooDomainProblems(domain)).toEqual([]);
  });

  it.each([
    [["|", ["a", "=", 1]], [[[0], '"|" needs two conditions after it']]],
    [["!"], [[[0], '"!" needs a condition after it']]],
    [[["state", "==", "x"]], [[[0], 'Condition 1: "==" is not an Odoo operator (use =, !=, <, >, in, not in, ilike, child_of, ...)']]],
    [[["state", "="]], [[[0], 'Condition 1: a condition has three parts: ["field", "operator", value]']]],
    [[["state", "in", "draft"]], [[[0], 'Condition 1: "in" needs a list of values, e.g. ["draft", "sent"]']]],
    [[["bad field", "=", 1]], [[[0], 'Condition 1: "bad field" is not a field name (e.g. state or partner_id.country_id)']]],
    [["and"], [[[0], 'Condition 1: must be "&", "|", "!" or a condition ["field", "operator", value]']]],
    [[["name", "=", "{{ input.name"]], [[[0], 'Condition 1: A "{{" placeholder is not closed with "}}"']]],
  ])("refuses %j", (domain, problems) => {
    expect(odooDomainProblems(domain)).toEqual(problems);
  });
});

describe("HTTP status ranges", () => {
  it.each(["200", "200-299", "5xx", "429"])("accepts %s", (range) => {
    expect(statusRangeProblem(range)).toBeNull();
  });

  it.each([
    ["2XX0", '"2XX0" is not a status, a range like 200-299 or a class like 5xx'],
    ["99", '"99" is not a status, a range like 200-299 or a class like 5xx'],
    ["600", '"600": HTTP statuses are between 100 and 599'],
    ["299-200", '"299-200" runs backwards'],
  ])("refuses %j", (range, message) => {
    expect(statusRangeProblem(range)).toBe(message);
  });

  it("matches statuses against ranges, classes and single codes", () => {
    expect(statusInRanges(204, ["200-299"])).toBe(true);
    expect(statusInRanges(404, ["200-299", "404"])).toBe(true);
    expect(statusInRanges(503, ["5xx"])).toBe(true);
    expect(statusInRanges(500, ["429", "502-504"])).toBe(false);
  });
});
