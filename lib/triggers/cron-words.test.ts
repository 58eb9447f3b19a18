import { describe, expect, it } from "vitest";
import { describeCron } from "./cron-words.ts";

describe("a cron expression in words", () => {
  it.each([
    ["0 7 * * 1-5", "At 07:00, on weekdays (Monday to Friday)"],
    ["*/15 * * * *", "Every 15 minutes"],
    ["* * * * *", "Every minute"],
    ["0 * * * *", "Every hour, on the hour"],
    ["30 2 * * *", "At 02:30, every day"],
    ["0 9 * JAN,JUN MON", "At 09:00, on Monday, in January and June"],
    ["0 12 1 * MON", "At 12:00, on day 1 of the month or on Monday"],
    ["0 8,12,17 * * SAT,SUN", "At 08:00, 12:00 and 17:00, on Saturday and Sunday"],
    ["0 6 * * */2", "At 06:00, on every 2nd day of the week"],
    ["*/10 6-18 * * *", "Every 10 minutes, between 06:00 and 18:59"],
    ["15 */2 * * *", "Every 2 hours at minute 15"],
    ["*/20 * * * * *", "Every 20 seconds"],
    ["30 0 7 * * *", "At 07:00:30, every day"],
    ["0 0 1,15 * *", "At 00:00, on days 1 and 15 of the month"],
    ["@daily", "Every day at midnight"],
  ])("%s", (expression, words) => {
    expect(describeCron(expression)).toBe(words);
  });

  it("says nothing about an invalid expression", () => {
    expect(describeCron("61 * * * *")).toBeNull();
  });
});
