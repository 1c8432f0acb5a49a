import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AGE_SCHEMES } from "#db/schema/enums";
import { ageGroup } from "#app/modules/indicators/definitions";
import { standInBirthDate } from "#app/modules/privacy/retention.server";

/** Anonymisation replaces a date of birth by a stand-in that keeps every reported age band (decision 042). */
const date = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe("the stand-in date of birth", () => {
  it("gives the same age band as the real date on every counting day, in both programmes' schemes", () => {
    fc.assert(
      fc.property(date, fc.array(date, { minLength: 1, maxLength: 12 }), (dob, days) => {
        const moments = days.filter((d) => d >= dob);
        if (moments.length === 0) return;
        const standIn = standInBirthDate(dob, moments);
        for (const scheme of AGE_SCHEMES)
          for (const d of moments)
            expect(ageGroup(scheme, standIn, d), `${dob} → ${standIn} on ${d}`).toBe(ageGroup(scheme, dob, d));
      }),
      { numRuns: 2000 },
    );
  });

  it("depends only on what the bands tell: two birth dates with the same bands on those days get the same stand-in", () => {
    const days = ["2017-02-01", "2017-06-30", "2017-12-31"];
    expect(standInBirthDate("1962-03-15", days)).toBe(standInBirthDate("1962-05-20", days));
    expect(standInBirthDate("1962-03-15", days)).not.toBe("1962-03-15");
  });

  it("handles 29 February (a birthday and a counting day)", () => {
    for (const scheme of AGE_SCHEMES) {
      const s = standInBirthDate("1964-02-29", ["2019-02-28", "2019-03-01", "2020-02-29"]);
      for (const d of ["2019-02-28", "2019-03-01", "2020-02-29"])
        expect(ageGroup(scheme, s, d)).toBe(ageGroup(scheme, "1964-02-29", d));
    }
  });
});
