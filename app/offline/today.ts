import { localDate } from "#app/utils/dates";
import type { OfflineCase } from "./store";

/**
 * Today for a case, counted now in its institution's time zone, as the server counts it when the
 * entry arrives: a device whose clock is set to another zone (or a copy taken yesterday) neither
 * refuses today nor offers tomorrow. A copy made before the zone was kept: the device's own day.
 */
export function caseToday(c: Pick<OfflineCase, "timeZone">, now = new Date()): string {
  if (c.timeZone) return localDate(now, c.timeZone);
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}
