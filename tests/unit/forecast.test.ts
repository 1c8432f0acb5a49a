import { describe, expect, it } from "vitest";
import { forecast, targetAt } from "#app/modules/plans/forecast";

describe("burn-up forecast", () => {
  it("carries the last 90 days' pace forward to the target", () => {
    // 9 more in 90 days = 0.1 a day; 20 left → 200 days after 1 March 2026
    expect(forecast({ today: "2026-03-01", actualToday: 10, actualWindowAgo: 1, target: 30 })).toEqual({
      pace: 0.1,
      reachOn: "2026-09-17",
      reached: false,
    });
  });
  it("no pace, no date", () => {
    expect(forecast({ today: "2026-03-01", actualToday: 5, actualWindowAgo: 5, target: 30 }).reachOn).toBeNull();
  });
  it("already reached", () => {
    expect(forecast({ today: "2026-03-01", actualToday: 30, actualWindowAgo: 20, target: 30 })).toMatchObject({
      reached: true,
      reachOn: "2026-03-01",
    });
  });
});

describe("planned line", () => {
  const points = [
    { date: "2023-03-31", target: 10 },
    { date: "2023-08-31", target: 30 },
  ];
  it("rises from zero at the start through each milestone", () => {
    expect(targetAt("2022-08-01", "2022-08-01", points)).toBe(0);
    expect(targetAt("2023-03-31", "2022-08-01", points)).toBe(10);
    expect(targetAt("2023-08-31", "2022-08-01", points)).toBe(30);
    expect(targetAt("2023-06-01", "2022-08-01", points)).toBeCloseTo(18.1, 1);
    expect(targetAt("2024-01-01", "2022-08-01", points)).toBe(30);
  });
});
