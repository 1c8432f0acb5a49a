import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatMonth, formatTimeWithZone, zoneName } from "#app/utils/format";

/** Issue #15: a time is the institution's clock, never the server's (UTC) or the browser's. */
describe("times in a stated zone", () => {
  it("a report submitted at 12:00 UTC on 15 May 2023 reads 14:00 in Warsaw and 15:00 in Sofia", () => {
    expect(formatDateTime("2023-05-15T12:00:00.000Z", "pl", "Europe/Warsaw")).toBe("15 maj 2023, 14:00");
    expect(formatDateTime("2023-05-15T12:00:00.000Z", "bg", "Europe/Sofia")).toMatch(/15\.05\.2023 г\.,? 15:00/);
    expect(formatDateTime("2023-05-15T12:00:00.000Z", "en", "UTC")).toContain("12:00");
  });

  it("winter time: 12:00 UTC is 13:00 in Warsaw, 14:00 in Sofia", () => {
    expect(formatDateTime("2016-02-26T12:00:00Z", "pl", "Europe/Warsaw")).toContain("13:00");
    expect(formatDateTime("2016-02-26T12:00:00Z", "bg", "Europe/Sofia")).toContain("14:00");
  });

  it("names the zone in the user's language, and shows a time of day with its zone", () => {
    expect(zoneName("Europe/Warsaw", "pl")).toBe("czas środkowoeuropejski");
    expect(zoneName("Europe/Sofia", "en")).toBe("Eastern European Time");
    expect(zoneName("UTC", "bg")).toBe("UTC");
    expect(formatTimeWithZone("2026-01-10T09:30:00Z", "pl", "Europe/Warsaw")).toMatch(/^10:30 CET$/);
  });
});

describe("months", () => {
  it("a month is named in the user's language, the same month in every zone, and not a date's format", () => {
    expect(formatMonth("2026-03", "pl")).toBe("marzec 2026");
    expect(formatMonth("2026-03", "bg")).toBe("март 2026 г.");
    expect(formatMonth("2026-12", "en")).toBe("December 2026");
    // The month's formatter is its own (the cache keeps the month option apart from a date's).
    expect(formatDate("2026-03-01", "pl")).toBe("1 mar 2026");
    expect(formatMonth("2026-03", "pl")).toBe("marzec 2026");
  });
});
