import { describe, expect, it } from "vitest";
import { AGE_GROUPS, ageGroup, ageOn, breakdownsOf, INDICATORS } from "#app/modules/indicators/definitions";
import { AGE_SCHEMES, INDICATOR_CODES } from "#db/schema/enums";

describe("ageOn: age in completed years", () => {
  it("turns a year older on the birthday itself, not the day before", () => {
    expect(ageOn("1990-06-15", "2008-06-14")).toBe(17);
    expect(ageOn("1990-06-15", "2008-06-15")).toBe(18);
    expect(ageOn("1990-06-15", "2008-06-16")).toBe(18);
  });

  it("handles month and year ends", () => {
    expect(ageOn("1990-01-01", "2019-12-31")).toBe(29);
    expect(ageOn("1990-01-01", "2020-01-01")).toBe(30);
    expect(ageOn("1990-12-31", "2020-12-30")).toBe(29);
    expect(ageOn("1990-12-31", "2020-12-31")).toBe(30);
    expect(ageOn("1990-12-31", "2021-01-01")).toBe(30);
  });

  it("is 0 on the day of birth and in the first year", () => {
    expect(ageOn("2024-03-10", "2024-03-10")).toBe(0);
    expect(ageOn("2024-03-10", "2025-03-09")).toBe(0);
    expect(ageOn("2024-03-10", "2025-03-10")).toBe(1);
  });

  describe("born on 29 February", () => {
    it("in a non-leap year: still the younger age on 28 February, older on 1 March", () => {
      expect(ageOn("2000-02-29", "2018-02-28")).toBe(17);
      expect(ageOn("2000-02-29", "2018-03-01")).toBe(18);
      expect(ageOn("1968-02-29", "2023-02-28")).toBe(54);
      expect(ageOn("1968-02-29", "2023-03-01")).toBe(55);
    });

    it("in a leap year: older on 29 February itself, not on the 28th", () => {
      expect(ageOn("2000-02-29", "2024-02-28")).toBe(23);
      expect(ageOn("2000-02-29", "2024-02-29")).toBe(24);
      expect(ageOn("1996-02-29", "2024-02-29")).toBe(28);
      expect(ageOn("1994-02-28", "2024-02-29")).toBe(30);
    });

    it("someone born on 1 March is not yet older on 29 February of a leap year", () => {
      expect(ageOn("2006-03-01", "2024-02-29")).toBe(17);
      expect(ageOn("2006-03-01", "2024-03-01")).toBe(18);
    });
  });
});

/** The group of someone turning `age` on 2024-05-20, on that birthday or on the day before. */
function groupAt(scheme: (typeof AGE_SCHEMES)[number], age: number, dayBefore: boolean) {
  const dob = `${2024 - age}-05-20`;
  return ageGroup(scheme, dob, dayBefore ? "2024-05-19" : "2024-05-20");
}

describe("ageGroup: esf_plus_2021_2027 (lt18, 18_29, 30_54, 55plus)", () => {
  const s = "esf_plus_2021_2027" as const;
  it.each([
    [18, "lt18", "18_29"],
    [30, "18_29", "30_54"],
    [55, "30_54", "55plus"],
  ])("the day before turning %i is %s, the birthday is %s", (age, before, on) => {
    expect(groupAt(s, age, true)).toBe(before);
    expect(groupAt(s, age, false)).toBe(on);
  });

  it("covers the ends", () => {
    expect(groupAt(s, 0, false)).toBe("lt18");
    expect(groupAt(s, 17, false)).toBe("lt18");
    expect(groupAt(s, 29, false)).toBe("18_29");
    expect(groupAt(s, 54, false)).toBe("30_54");
    expect(groupAt(s, 100, false)).toBe("55plus");
  });

  it("29 February births cross the 18 boundary on 1 March of a non-leap year", () => {
    expect(ageGroup(s, "2004-02-29", "2022-02-28")).toBe("lt18");
    expect(ageGroup(s, "2004-02-29", "2022-03-01")).toBe("18_29");
    expect(ageGroup(s, "1996-02-29", "2026-02-28")).toBe("18_29");
    expect(ageGroup(s, "1996-02-29", "2026-03-01")).toBe("30_54");
    expect(ageGroup(s, "1968-02-29", "2023-02-28")).toBe("30_54");
    expect(ageGroup(s, "1968-02-29", "2023-03-01")).toBe("55plus");
    expect(ageGroup(s, "1996-02-29", "2024-02-29")).toBe("18_29");
  });
});

describe("ageGroup: esf_2014_2020 (lt25, 25_54, gt54)", () => {
  const s = "esf_2014_2020" as const;
  it.each([
    [25, "lt25", "25_54"],
    [55, "25_54", "gt54"],
  ])("the day before turning %i is %s, the birthday is %s", (age, before, on) => {
    expect(groupAt(s, age, true)).toBe(before);
    expect(groupAt(s, age, false)).toBe(on);
  });

  it("does not use the ESF+ 18 and 30 boundaries", () => {
    expect(groupAt(s, 17, false)).toBe("lt25");
    expect(groupAt(s, 18, false)).toBe("lt25");
    expect(groupAt(s, 24, false)).toBe("lt25");
    expect(groupAt(s, 29, false)).toBe("25_54");
    expect(groupAt(s, 30, false)).toBe("25_54");
    expect(groupAt(s, 54, false)).toBe("25_54");
    expect(groupAt(s, 90, false)).toBe("gt54");
  });

  it("29 February births cross the 25 boundary on 1 March of a non-leap year, on the 29th in a leap year", () => {
    expect(ageGroup(s, "2000-02-29", "2025-02-28")).toBe("lt25");
    expect(ageGroup(s, "2000-02-29", "2025-03-01")).toBe("25_54");
    expect(ageGroup(s, "1999-02-28", "2024-02-28")).toBe("25_54");
    expect(ageGroup(s, "1972-02-29", "2027-02-28")).toBe("25_54");
    expect(ageGroup(s, "1972-02-29", "2027-03-01")).toBe("gt54");
    expect(ageGroup(s, "1976-02-29", "2031-02-28")).toBe("25_54");
    expect(ageGroup(s, "1976-02-29", "2031-03-01")).toBe("gt54");
  });
});

describe("AGE_GROUPS", () => {
  it.each(AGE_SCHEMES)("%s: contiguous whole-year groups from 0 with an open top", (scheme) => {
    const groups = AGE_GROUPS[scheme];
    expect(groups[0]!.from).toBe(0);
    expect(groups[groups.length - 1]!.to).toBe(Infinity);
    groups.slice(1).forEach((g, i) => expect(g.from).toBe(groups[i]!.to + 1));
  });

  it("has the programmes' keys", () => {
    expect(AGE_GROUPS.esf_plus_2021_2027.map((g) => g.key)).toEqual(["lt18", "18_29", "30_54", "55plus"]);
    expect(AGE_GROUPS.esf_2014_2020.map((g) => g.key)).toEqual(["lt25", "25_54", "gt54"]);
  });
});

describe("INDICATORS", () => {
  it("defines every indicator code once, with the contract's kind, unit and breakdowns", () => {
    expect(INDICATORS.map((d) => d.code).sort()).toEqual([...INDICATOR_CODES].sort());
    const kinds = Object.fromEntries(INDICATORS.map((d) => [d.code, `${d.kind}/${d.unit}/${d.subject}`]));
    expect(kinds).toEqual({
      RES_COVERED: "flow/persons/resident",
      RES_MOVED: "flow/persons/resident",
      RES_RETURNED: "flow/persons/resident",
      STAFF_SUPPORTED: "flow/persons/staff",
      STAFF_TO_COMMUNITY: "flow/persons/staff",
      PLACES_CREATED: "flow/places/housing",
      IN_SERVICES: "stock/persons/resident",
    });
    expect([...breakdownsOf("resident")].sort()).toEqual(["age_group", "disability", "sex", "target_group"]);
    expect([...breakdownsOf("staff")].sort()).toEqual(["age_group", "sex"]);
  });
});
