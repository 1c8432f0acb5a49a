import type { TFunction } from "i18next";
import { DISABILITY_STATUSES, SEXES, TARGET_GROUPS, type AgeScheme } from "#db/schema/enums";
import { AGE_GROUPS, type Breakdown } from "#app/modules/indicators/definitions";

/** Breakdown categories and their labels: one list for the report page and the exports. */

/** The categories of a breakdown, in the programme's order: the known ones, any others found, "unknown" last (only when present). */
export function breakdownCategories(
  b: Breakdown,
  scheme: AgeScheme,
  rows: readonly { breakdowns: Partial<Record<Breakdown, Record<string, unknown>>> }[],
): string[] {
  const known: readonly string[] =
    b === "sex"
      ? SEXES
      : b === "age_group"
        ? (AGE_GROUPS[scheme] ?? []).map((g) => g.key)
        : b === "target_group"
          ? TARGET_GROUPS
          : DISABILITY_STATUSES;
  const present = new Set(rows.flatMap((r) => Object.keys(r.breakdowns[b] ?? {})));
  const others = [...present].filter((k) => k !== "unknown" && !known.includes(k)).sort();
  return [...known, ...others, ...(present.has("unknown") ? ["unknown"] : [])];
}

export function categoryLabel(t: TFunction, b: Breakdown, key: string): string {
  if (key === "unknown") return t("grants.unknownCategory");
  const known =
    b === "sex"
      ? (SEXES as readonly string[]).includes(key) && t(`residents.sexes.${key}`)
      : b === "age_group"
        ? Object.values(AGE_GROUPS).some((groups) => groups.some((g) => g.key === key)) && t(`grants.ageGroups.${key}`)
        : b === "target_group"
          ? (TARGET_GROUPS as readonly string[]).includes(key) && t(`residents.targetGroups.${key}`)
          : (DISABILITY_STATUSES as readonly string[]).includes(key) && t(`residents.disabilities.${key}`);
  // A category this version does not know (e.g. from an older frozen report) shows as stored.
  return known || key;
}

/** The mark of a cell hidden to protect privacy (docs/decisions/022-small-count-suppression.md): the same for every hidden cell. */
export const HIDDEN_MARK = "•";
