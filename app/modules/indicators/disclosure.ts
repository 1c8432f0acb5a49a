import type { Breakdown } from "./definitions";

/**
 * Statistical disclosure control of the breakdown tables (docs/decisions/022-small-count-suppression.md).
 *
 * A user without access to residents' personal data (the grant manager; the public summary) sees
 * a report's totals and its drill-down codes exactly: the funder needs them. What they must not
 * learn is one person's sex, age band, target group or disability. So, for each indicator and
 * each breakdown, the cells of a category are hidden — in period and cumulative together — when:
 *
 * 1. primary: the category counts 1 … threshold−1 persons in period, cumulatively, or before
 *    the period (cumulative − in period, which the page gives by subtraction);
 * 2. carried: it was hidden in an earlier period of the same grant (else the next period's
 *    cumulative minus this one's would give it back);
 * 3. group disclosure: in a special-category breakdown (target group, disability) every person
 *    counted is in one category (knowing someone was counted would tell their category): the
 *    whole breakdown is hidden;
 * 4. complementary: while fewer than two categories are hidden, or the hidden ones add up to
 *    1 … threshold−1 in any of the three columns, the next category (smallest cumulative count
 *    first) is hidden too, up to the whole breakdown.
 *
 * The indicator's totals (and the drill-down list, whose length is the total) stay shown: the
 * rules assume the reader knows them exactly. This is presentation only: the engine's values and
 * frozen reports are never changed.
 */

/** The breakdowns that hold special-category data (GDPR art. 9: health). */
export const SPECIAL_CATEGORY_BREAKDOWNS: readonly Breakdown[] = ["target_group", "disability"];

export interface CellCounts {
  inPeriod: number;
  cumulative: number;
}

/** A shown cell: a number, or null when hidden. */
export interface ShownCell {
  inPeriod: number | null;
  cumulative: number | null;
}

export type ShownCounts = Record<string, ShownCell>;

export interface ProtectInput {
  counts: Partial<Record<string, CellCounts>>;
  /** Every category the table shows, in its order (zeros included). */
  categories: readonly string[];
  threshold: number;
  /** A special-category breakdown: group disclosure is checked too. */
  special: boolean;
  /** Categories hidden in an earlier period of the same grant. */
  carried?: ReadonlySet<string>;
}

export interface Protected {
  cells: ShownCounts;
  /** The categories hidden, in table order. */
  hidden: string[];
}

/** One breakdown of one indicator, protected. */
export function protectBreakdown(input: ProtectInput): Protected {
  const { categories, threshold: k } = input;
  const small = (n: number) => n >= 1 && n < k;
  const v = categories.map((c, order) => {
    const p = input.counts[c]?.inPeriod ?? 0;
    const cum = input.counts[c]?.cumulative ?? 0;
    return { c, order, p, cum, e: cum - p };
  });
  const hidden = new Set<string>();
  for (const x of v) if (small(x.p) || small(x.cum) || small(x.e) || input.carried?.has(x.c)) hidden.add(x.c);
  if (input.special) {
    for (const col of ["p", "cum", "e"] as const) {
      const nonZero = v.filter((x) => x[col] > 0);
      if (nonZero.length === 1) for (const x of v) hidden.add(x.c);
    }
  }
  const next = [...v].sort((a, b) => a.cum - b.cum || a.p - b.p || a.order - b.order);
  while (hidden.size > 0 && hidden.size < v.length) {
    const h = v.filter((x) => hidden.has(x.c));
    const sum = (col: "p" | "cum" | "e") => h.reduce((n, x) => n + x[col], 0);
    if (h.length >= 2 && !small(sum("p")) && !small(sum("cum")) && !small(sum("e"))) break;
    hidden.add(next.find((x) => !hidden.has(x.c))!.c);
  }
  const cells: ShownCounts = {};
  for (const x of v)
    cells[x.c] = hidden.has(x.c) ? { inPeriod: null, cumulative: null } : { inPeriod: x.p, cumulative: x.cum };
  return { cells, hidden: v.filter((x) => hidden.has(x.c)).map((x) => x.c) };
}

/** How a reader may see the breakdowns: exactly (personal-data access), or protected. */
export type Disclosure = { exact: true } | { exact: false; threshold: number };

/** The hidden categories of a report, per indicator and breakdown: `${code}:${breakdown}`. */
export type HiddenSets = Map<string, Set<string>>;

export interface RowWithBreakdowns<C extends string = string> {
  code: C;
  breakdowns: Partial<Record<Breakdown, Partial<Record<string, CellCounts>>>>;
}

export type ShownRow<R extends RowWithBreakdowns> = Omit<R, "breakdowns"> & {
  breakdowns: Partial<Record<Breakdown, ShownCounts>>;
};

/**
 * Every breakdown of a report's rows, protected; `categoriesOf` gives each breakdown's table
 * columns (the same for every row, as shown). Returns the rows and the hidden sets (to carry to
 * the next period).
 */
export function protectRows<R extends RowWithBreakdowns>(
  rows: readonly R[],
  opts: { threshold: number; categoriesOf: (b: Breakdown) => readonly string[]; carried?: HiddenSets },
): { rows: ShownRow<R>[]; hidden: HiddenSets } {
  const hidden: HiddenSets = new Map();
  const cats = new Map<Breakdown, readonly string[]>();
  const out = rows.map((r) => {
    const breakdowns: Partial<Record<Breakdown, ShownCounts>> = {};
    for (const [b, counts] of Object.entries(r.breakdowns) as [Breakdown, Partial<Record<string, CellCounts>>][]) {
      if (!cats.has(b)) cats.set(b, opts.categoriesOf(b));
      const key = `${r.code}:${b}`;
      const p = protectBreakdown({
        counts,
        categories: cats.get(b)!,
        threshold: opts.threshold,
        special: SPECIAL_CATEGORY_BREAKDOWNS.includes(b),
        carried: opts.carried?.get(key),
      });
      breakdowns[b] = p.cells;
      hidden.set(key, new Set([...p.hidden, ...(opts.carried?.get(key) ?? [])]));
    }
    return { ...r, breakdowns };
  });
  return { rows: out, hidden };
}

/** Whether any cell of the rows is hidden. */
export const anyHidden = (rows: readonly { breakdowns: Partial<Record<Breakdown, ShownCounts>> }[]) =>
  rows.some((r) =>
    Object.values(r.breakdowns).some((cells) => Object.values(cells ?? {}).some((c) => c.inPeriod === null)),
  );
