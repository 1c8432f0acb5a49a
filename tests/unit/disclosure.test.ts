import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { protectBreakdown, protectRows, type ShownCounts } from "#app/modules/indicators/disclosure";

/**
 * The breakdown suppression (docs/decisions/022-small-count-suppression.md) checked against an
 * attacker who knows the rule's published figures and does linear algebra: a hidden cell is
 * given back when its unit vector lies in the row space of the equations the reader can write.
 */

type Eq = { coef: Map<string, number> };

/** The unknowns that the equations determine exactly (Gaussian elimination, exact on these small 0/±1 systems). */
function determined(unknowns: string[], eqs: Eq[]): Set<string> {
  const idx = new Map(unknowns.map((u, i) => [u, i]));
  const rows = eqs.map((e) => {
    const r = new Array<number>(unknowns.length).fill(0);
    for (const [u, c] of e.coef) if (idx.has(u)) r[idx.get(u)!]! += c;
    return r;
  });
  const rank = (m: number[][]) => {
    const a = m.map((r) => [...r]);
    let rk = 0;
    for (let col = 0; col < unknowns.length && rk < a.length; col++) {
      const piv = a.findIndex((r, i) => i >= rk && Math.abs(r[col]!) > 1e-9);
      if (piv < 0) continue;
      [a[rk], a[piv]] = [a[piv]!, a[rk]!];
      for (let i = 0; i < a.length; i++) {
        if (i === rk) continue;
        const f = a[i]![col]! / a[rk]![col]!;
        if (f !== 0) for (let j = 0; j < unknowns.length; j++) a[i]![j]! -= f * a[rk]![j]!;
      }
      rk++;
    }
    return rk;
  };
  const base = rank(rows);
  return new Set(unknowns.filter((u, i) => rank([...rows, unknowns.map((_, j) => (j === i ? 1 : 0))]) === base));
}

const CATS = ["a", "b", "c", "d"];

/**
 * One report's equations: every hidden category's in-period and cumulative cell is unknown, as
 * is every category's "before the period" value (cumulative − in period) unless `earlierKnown`
 * (the reader made a report that ends the day before). Totals are known.
 */
function reportEquations(tag: string, cells: ShownCounts, earlierKnown: boolean) {
  const unknowns: string[] = [];
  const eqs: Eq[] = [];
  const hidden = CATS.filter((c) => cells[c]!.inPeriod === null);
  for (const c of CATS) {
    const [p, cum, e] = [`${tag}P${c}`, `${tag}C${c}`, `${tag}E${c}`];
    if (hidden.includes(c)) unknowns.push(p, cum);
    if (!earlierKnown) unknowns.push(e);
    eqs.push({
      coef: new Map([
        [e, 1],
        [p, 1],
        [cum, -1],
      ]),
    });
  }
  for (const col of ["P", "C", "E"]) eqs.push({ coef: new Map(CATS.map((c) => [`${tag}${col}${c}`, 1])) });
  return { unknowns, eqs };
}

const counts = fc.array(fc.record({ p: fc.nat(7), e: fc.nat(7) }), { minLength: 4, maxLength: 4 });
const asCounts = (v: { p: number; e: number }[]) =>
  Object.fromEntries(v.map((x, i) => [CATS[i]!, { inPeriod: x.p, cumulative: x.p + x.e }]));

describe("breakdown suppression", () => {
  it("the one-day grant: one person counted hides every category of every breakdown", () => {
    const one = protectBreakdown({
      counts: { a: { inPeriod: 1, cumulative: 1 } },
      categories: CATS,
      threshold: 3,
      special: false,
    });
    expect(Object.values(one.cells).every((c) => c.inPeriod === null && c.cumulative === null)).toBe(true);
    const two = protectBreakdown({
      counts: { a: { inPeriod: 1, cumulative: 1 }, b: { inPeriod: 1, cumulative: 1 } },
      categories: CATS,
      threshold: 3,
      special: false,
    });
    expect(two.hidden).toEqual(CATS);
  });

  it("a small cell takes the next smallest with it; large enough cells stay shown", () => {
    const r = protectBreakdown({
      counts: {
        a: { inPeriod: 10, cumulative: 20 },
        b: { inPeriod: 1, cumulative: 5 },
        c: { inPeriod: 4, cumulative: 9 },
        d: { inPeriod: 6, cumulative: 12 },
      },
      categories: CATS,
      threshold: 3,
      special: false,
    });
    expect(r.hidden).toEqual(["b", "c"]);
    expect(r.cells.a).toEqual({ inPeriod: 10, cumulative: 20 });
    expect(r.cells.d).toEqual({ inPeriod: 6, cumulative: 12 });
  });

  it("group disclosure: a disability breakdown with everyone in one category is hidden whole; sex is not", () => {
    const all = { a: { inPeriod: 5, cumulative: 9 } };
    expect(protectBreakdown({ counts: all, categories: CATS, threshold: 3, special: true }).hidden).toEqual(CATS);
    expect(protectBreakdown({ counts: all, categories: CATS, threshold: 3, special: false }).hidden).toEqual([]);
  });

  it("the threshold is the installation's: 5 hides a cell of 4", () => {
    const c = {
      a: { inPeriod: 10, cumulative: 10 },
      b: { inPeriod: 4, cumulative: 4 },
      c: { inPeriod: 6, cumulative: 6 },
    };
    expect(protectBreakdown({ counts: c, categories: CATS, threshold: 3, special: false }).hidden).toEqual([]);
    // b (4) is small; the empty d comes with it, but 4 + 0 is still under 5: c too.
    expect(protectBreakdown({ counts: c, categories: CATS, threshold: 5, special: false }).hidden).toEqual([
      "b",
      "c",
      "d",
    ]);
  });

  it("property: no hidden cell, and no small before-the-period cell, can be worked out from one report, whether or not the reader knows the earlier counts", () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 2, max: 5 }), fc.boolean(), (v, k, special) => {
        const r = protectBreakdown({ counts: asCounts(v), categories: CATS, threshold: k, special });
        for (const earlierKnown of [false, true]) {
          const { unknowns, eqs } = reportEquations("", r.cells, earlierKnown);
          const got = determined(unknowns, eqs);
          for (const c of r.hidden) {
            expect(got.has(`P${c}`)).toBe(false);
            expect(got.has(`C${c}`)).toBe(false);
          }
          // A before-the-period count of 1 … k−1 is not given away either.
          if (!earlierKnown)
            for (const [i, c] of CATS.entries()) if (v[i]!.e >= 1 && v[i]!.e < k) expect(got.has(`E${c}`)).toBe(false);
        }
        // Shown cells are exact, hidden ones are none of 1 … k−1 in sum.
        for (const [i, c] of CATS.entries())
          if (!r.hidden.includes(c)) expect(r.cells[c]).toEqual({ inPeriod: v[i]!.p, cumulative: v[i]!.p + v[i]!.e });
        for (const col of ["p", "e"] as const) {
          const s = r.hidden.reduce((n, c) => n + v[CATS.indexOf(c)]![col], 0);
          if (r.hidden.length < CATS.length) expect(s === 0 || s >= k).toBe(true);
        }
        // Every shown cell in period, cumulative and before is 0 or at least k.
        for (const [i, c] of CATS.entries())
          if (!r.hidden.includes(c))
            for (const n of [v[i]!.p, v[i]!.e, v[i]!.p + v[i]!.e]) expect(n === 0 || n >= k).toBe(true);
        // A special-category breakdown never shows everyone in one category.
        if (special && r.hidden.length === 0)
          for (const col of ["p", "e"] as const) expect(v.filter((x) => x[col] > 0).length === 1).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("property: two consecutive periods of one grant give nothing back together (the second carries the first's hidden categories)", () => {
    fc.assert(
      fc.property(counts, fc.array(fc.nat(7), { minLength: 4, maxLength: 4 }), (first, added) => {
        const k = 3;
        const rows1 = [{ code: "X", breakdowns: { sex: asCounts(first.map((x) => ({ p: x.p, e: x.e }))) } }];
        const one = protectRows(rows1, { threshold: k, categoriesOf: () => CATS });
        const second = first.map((x, i) => ({ p: added[i]!, e: x.p + x.e }));
        const rows2 = [{ code: "X", breakdowns: { sex: asCounts(second) } }];
        const two = protectRows(rows2, { threshold: k, categoriesOf: () => CATS, carried: one.hidden });
        const c1 = one.rows[0]!.breakdowns.sex!;
        const c2 = two.rows[0]!.breakdowns.sex!;
        // Report 1 (tag 1) and report 2 (tag 2); period 2's "before" is period 1's cumulative.
        const r1 = reportEquations("1", c1, false);
        const r2 = reportEquations("2", c2, false);
        const link = CATS.map((c): Eq => ({
          coef: new Map([
            [`2E${c}`, 1],
            [`1C${c}`, -1],
          ]),
        }));
        const got = determined([...r1.unknowns, ...r2.unknowns], [...r1.eqs, ...r2.eqs, ...link]);
        for (const c of CATS) {
          if (c1[c]!.inPeriod === null) expect(got.has(`1C${c}`)).toBe(false);
          if (c2[c]!.inPeriod === null) expect(got.has(`2P${c}`)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
