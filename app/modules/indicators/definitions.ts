import type { AgeScheme, IndicatorCode, IndicatorUnit } from "#db/schema/enums";

/**
 * The indicators of docs/counting-rules.md: kind (flow: each person or place once per grant, at its counting
 * moment; stock: the state on the period's last day), unit, and whose data they count.
 */
export interface IndicatorDefinition {
  code: IndicatorCode;
  kind: "flow" | "stock";
  unit: IndicatorUnit;
  subject: "resident" | "staff" | "housing";
}

export const INDICATORS: readonly IndicatorDefinition[] = [
  { code: "RES_COVERED", kind: "flow", unit: "persons", subject: "resident" },
  { code: "RES_MOVED", kind: "flow", unit: "persons", subject: "resident" },
  { code: "RES_RETURNED", kind: "flow", unit: "persons", subject: "resident" },
  { code: "STAFF_SUPPORTED", kind: "flow", unit: "persons", subject: "staff" },
  { code: "STAFF_TO_COMMUNITY", kind: "flow", unit: "persons", subject: "staff" },
  { code: "PLACES_CREATED", kind: "flow", unit: "places", subject: "housing" },
  { code: "IN_SERVICES", kind: "stock", unit: "persons", subject: "resident" },
];

export const indicatorDefinition = (code: IndicatorCode) => INDICATORS.find((d) => d.code === code)!;

/** Breakdown dimensions (ESF+ monitoring); residents have all four, staff sex and age. */
export const BREAKDOWNS = ["sex", "age_group", "target_group", "disability"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export function breakdownsOf(subject: IndicatorDefinition["subject"]): readonly Breakdown[] {
  if (subject === "resident") return BREAKDOWNS;
  if (subject === "staff") return ["sex", "age_group"];
  return [];
}

export const AGE_GROUPS: Record<AgeScheme, readonly { key: string; from: number; to: number }[]> = {
  esf_plus_2021_2027: [
    { key: "lt18", from: 0, to: 17 },
    { key: "18_29", from: 18, to: 29 },
    { key: "30_54", from: 30, to: 54 },
    { key: "55plus", from: 55, to: Infinity },
  ],
  esf_2014_2020: [
    { key: "lt25", from: 0, to: 24 },
    { key: "25_54", from: 25, to: 54 },
    { key: "gt54", from: 55, to: Infinity },
  ],
};

/** Age in completed years on a calendar date. */
export function ageOn(dateOfBirth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

export function ageGroup(scheme: AgeScheme, dateOfBirth: string, on: string): string {
  const age = Math.max(0, ageOn(dateOfBirth, on));
  return AGE_GROUPS[scheme].find((g) => age >= g.from && age <= g.to)!.key;
}
