import { describe, expect, it } from "vitest";
import { countingEnd, milestoneStatus } from "#app/modules/plans/milestones";

// Plan from 1 Sep 2022; milestone on 31 Mar 2023 (211 days): 10 moved, 30 staff supported.
const base = { planStart: "2022-09-01", date: "2023-03-31", targets: { RES_MOVED: 10, STAFF_SUPPORTED: 30 } };

describe("milestone status (fixed today)", () => {
  it("achieved once every target is reached, even before the date", () => {
    expect(milestoneStatus({ ...base, today: "2023-01-10", actual: { RES_MOVED: 10, STAFF_SUPPORTED: 31 } })).toBe(
      "achieved",
    );
  });
  it("on track when at least 90 % of the straight-line pace", () => {
    // half-way (2022-12-15 is 105 of 211 days): expected 4.98 moved and 14.9 staff; 90 % → 4.48 and 13.4
    expect(milestoneStatus({ ...base, today: "2022-12-15", actual: { RES_MOVED: 5, STAFF_SUPPORTED: 14 } })).toBe(
      "on_track",
    );
  });
  it("at risk when one indicator is below 90 % of the pace", () => {
    expect(milestoneStatus({ ...base, today: "2022-12-15", actual: { RES_MOVED: 4, STAFF_SUPPORTED: 20 } })).toBe(
      "at_risk",
    );
  });
  it("missed when the date has passed without every target", () => {
    expect(milestoneStatus({ ...base, today: "2023-04-01", actual: { RES_MOVED: 9, STAFF_SUPPORTED: 40 } })).toBe(
      "missed",
    );
    expect(milestoneStatus({ ...base, today: "2023-03-31", actual: { RES_MOVED: 10, STAFF_SUPPORTED: 30 } })).toBe(
      "achieved",
    );
  });
  it("on the plan's first day nothing is expected yet", () => {
    expect(milestoneStatus({ ...base, today: "2022-09-01", actual: {} })).toBe("on_track");
  });
  it("a milestone without targets is on track, then achieved", () => {
    expect(milestoneStatus({ ...base, targets: {}, today: "2023-01-01", actual: {} })).toBe("on_track");
    expect(milestoneStatus({ ...base, targets: {}, today: "2023-04-01", actual: {} })).toBe("achieved");
  });
});

describe("the last day a plan counts", () => {
  it("is today, never after the plan's end, and for a milestone never after its date", () => {
    expect(countingEnd({ today: "2023-05-10", planEnd: "2023-08-31" })).toBe("2023-05-10");
    expect(countingEnd({ today: "2026-12-01", planEnd: "2023-08-31" })).toBe("2023-08-31");
    expect(countingEnd({ today: "2026-12-01", planEnd: "2023-08-31", milestoneDate: "2023-03-31" })).toBe("2023-03-31");
    expect(countingEnd({ today: "2026-12-01", planEnd: "2023-06-30", milestoneDate: "2023-08-31" })).toBe("2023-06-30");
    expect(countingEnd({ today: "2023-01-10", planEnd: null, milestoneDate: "2023-03-31" })).toBe("2023-01-10");
  });
});
