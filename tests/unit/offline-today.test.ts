import { describe, expect, it } from "vitest";
import { caseToday } from "#app/offline/today";

/**
 * The offline forms' "today" (the latest day a visit, a note or hours may be dated): the
 * institution's day, whatever zone the device's clock is in. A device in UTC refused a Polish
 * case's today between midnight and 1:00 in Warsaw, and a Polish device offered a Bulgarian
 * case's tomorrow.
 */
describe("caseToday", () => {
  it("is the institution's calendar day at that instant", () => {
    const lateEvening = new Date("2026-12-02T22:30:00Z"); // 23:30 in Warsaw, 00:30 in Sofia
    expect(caseToday({ timeZone: "Europe/Warsaw" }, lateEvening)).toBe("2026-12-02");
    expect(caseToday({ timeZone: "Europe/Sofia" }, lateEvening)).toBe("2026-12-03");
    const afterMidnight = new Date("2026-12-02T23:30:00Z"); // 00:30 in Warsaw
    expect(caseToday({ timeZone: "Europe/Warsaw" }, afterMidnight)).toBe("2026-12-03");
  });

  it("falls back to the device's own day for a copy made before the zone was kept", () => {
    const now = new Date(2026, 11, 2, 12, 0);
    expect(caseToday({}, now)).toBe("2026-12-02");
  });
});
