import { LEGAL_CAPACITIES, TARGET_GROUPS } from "#db/schema/enums";
import { AGE_GROUPS } from "#app/modules/indicators/definitions";

/**
 * The diagnostic part's figures (issue #20 item 3, decision 039): breakdowns ("groups") of
 * categories, and three totals. Plain constants (no zod): the page's first load uses them.
 *
 * A breakdown cell is a count, or `null` when it is hidden as a small count (decision 022's rule,
 * applied when the figures are drafted from the register). Each figure has a key,
 * `<group>.<category>` or the total's name; `register.figures` lists the keys that still hold the
 * value drafted from the register, so the page can say which came from data and as of when.
 */
export const RETRAINING_STATUSES = ["completed", "in_training", "not_enrolled"] as const;
export type RetrainingStatus = (typeof RETRAINING_STATUSES)[number];

/** Residents' age bands: ESF+ 2021–2027's, and "unknown" for a missing date of birth. */
export const AGE_BANDS = [...AGE_GROUPS.esf_plus_2021_2027.map((g) => g.key), "unknown"] as const;

export const FIGURE_GROUPS = [
  "residentsByTargetGroup",
  "residentsByAgeBand",
  "residentsByLegalCapacity",
  "placesByType",
  "servicesByType",
  "staffByRole",
  "staffByRetraining",
] as const;
export type FigureGroup = (typeof FIGURE_GROUPS)[number];

export const FIGURE_TOTALS = ["residents", "staff", "waitingList"] as const;
export type FigureTotal = (typeof FIGURE_TOTALS)[number];

export type Cells = Record<string, number | null>;

/** What the figures part of a diagnosis holds (the older content has the first four only). */
export interface DiagnosisFigures {
  residentsByTargetGroup: Cells;
  placesByType: Cells;
  staff: number;
  waitingList: number;
  residents?: number;
  residentsByAgeBand?: Cells;
  residentsByLegalCapacity?: Cells;
  servicesByType?: Cells;
  staffByRole?: Cells;
  staffByRetraining?: Cells;
  register?: { asOf: string; draftedAt: string; figures: string[] } | null;
}

/**
 * The categories of a group as the page lists them (and the diagnosis form numbers its fields):
 * fixed lists, the country's catalogue for places and services, the stored roles for staff.
 */
export function groupCategories(
  d: DiagnosisFigures,
  group: FigureGroup,
  catalogue: { housing: readonly string[]; services: readonly string[] },
): string[] {
  const stored = Object.keys(d[group] ?? {});
  const withStored = (fixed: readonly string[]) => [...fixed, ...stored.filter((k) => !fixed.includes(k))];
  switch (group) {
    case "residentsByTargetGroup":
      return [...TARGET_GROUPS];
    case "residentsByAgeBand":
      return [...AGE_BANDS];
    case "residentsByLegalCapacity":
      return [...LEGAL_CAPACITIES];
    case "placesByType":
      // Older content kept service places here too: those stay listed where they are.
      return withStored(catalogue.housing);
    case "servicesByType":
      return withStored(catalogue.services);
    case "staffByRole":
      return stored;
    case "staffByRetraining":
      return [...RETRAINING_STATUSES];
  }
}

export const figureKey = (group: FigureGroup, category: string) => `${group}.${category}`;
/** The diagnosis form's field of a group's i-th category (categories may hold any text: staff roles). */
export const figureField = (group: FigureGroup, index: number) => `${group}__${index}`;

/** Whether a figure still holds the value drafted from the register. */
export const fromRegister = (d: DiagnosisFigures, key: string) => !!d.register?.figures.includes(key);
