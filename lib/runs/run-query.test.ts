// The console's filters survive a trip through the address bar, bad values are named field by
// field, presets count back from now, and cursors are opaque but checked.
import { describe, expect, it } from "vitest";
import { describeOutcome } from "./run-actions.ts";
import { decodeCursor, encodeCursor, isFiltered, parseRunQuery, runQueryString, timeWindow } from "./run-query.ts";

function parse(qs: string) {
  const parsed = parseRunQuery(new URLSearchParams(qs));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.query;
}

describe("run query strings", () => {
  it("defaults to live runs of everything, newest first, 50 a page", () => {
    expect(parse("")).toMatchObject({ view: "all", mode: "live", match: "prefix", dir: "next", limit: 50 });
    expect(runQueryString(parse(""))).toBe("");
    expect(isFiltered(parse(""))).toBe(false);
  });

  it("round-trips every filter, statuses given either way", () => {
    const flow = "7d7c1f3e-9d0a-4d7e-9f7e-2b1c0f3a4b5c";
    const query = parse(`flow=${flow}&status=failed,RUNNING&status=WAITING&range=24h&q=WO-2026&mode=all&limit=20`);
    expect(query).toMatchObject({ flow, status: ["FAILED", "RUNNING", "WAITING"], range: "24h", q: "WO-2026", mode: "all", limit: 20 });
    expect(parse(runQueryString(query))).toEqual(query);
    expect(isFiltered(query)).toBe(true);
  });

  it("names each bad parameter", () => {
    const parsed = parseRunQuery(new URLSearchParams("status=BROKEN&flow=abc&limit=1000&range=2w&from=yesterday"));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.fields.map((f) => f.path).sort()).toEqual(["flow", "from", "limit", "range", "status[0]"]);
  });

  it("refuses a custom range that ends before it starts", () => {
    const parsed = parseRunQuery(new URLSearchParams("range=custom&from=2026-11-22T10:00:00Z&to=2026-11-22T09:00:00%2B00:00"));
    expect(parsed.ok ? [] : parsed.fields).toEqual([{ path: "to", message: "The end of the range is before its start" }]);
  });

  it("turns presets into a window counting back from now, and keeps custom bounds", () => {
    const now = new Date("2026-11-22T12:00:00Z");
    expect(timeWindow(parse("range=1h"), now)).toEqual({ from: new Date("2026-11-22T11:00:00Z") });
    expect(timeWindow(parse("range=custom&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z"), now)).toEqual({
      from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-02T00:00:00Z"),
    });
    expect(timeWindow(parse(""), now)).toEqual({});
  });

  it("encodes cursors opaquely and rejects ones it did not make", () => {
    const cursor = { at: new Date("2026-11-22T12:00:00.123Z"), id: "7d7c1f3e-9d0a-4d7e-9f7e-2b1c0f3a4b5c" };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
    expect(decodeCursor("nonsense!")).toBeNull();
    expect(decodeCursor(btoa("2026-11-22T12:00:00Z|not-a-uuid"))).toBeNull();
  });
});

describe("bulk outcomes in a toast", () => {
  it("says what was done and why the rest was skipped", () => {
    expect(describeOutcome("replayed", { done: ["a"], skipped: [] })).toEqual({ message: "Run replayed.", tone: "success" });
    expect(describeOutcome("discarded", { done: ["a", "b"], skipped: [] }).message).toBe("2 runs discarded.");
    expect(describeOutcome("replayed", { done: ["a"], skipped: [{ runId: "b", reason: "A running run cannot be replayed" }] })).toEqual({
      message: "1 run replayed, 1 skipped: A running run cannot be replayed.", tone: "error",
    });
    expect(describeOutcome("cancelled", { done: [], skipped: [{ runId: "b", reason: "The run has already succeeded" }] }).message).toBe("Nothing cancelled: The run has already succeeded.");
  });
});
