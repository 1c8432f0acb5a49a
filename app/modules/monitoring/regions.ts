import type { Country } from "#db/schema/enums";

/**
 * The regions of the monitoring overview (decision 058), for the server and the page alike (no
 * database here).
 */

/** The overview's `region` that lists every region on one page. */
export const ALL_REGIONS = "all";

/** A region of the overview: its country and name (an area without one is in its country's ""). */
export function regionKey(area: { country: Country; region: string | null }): string {
  return `${area.country}:${area.region ?? ""}`;
}
