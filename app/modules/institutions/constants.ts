/**
 * Rules of the institution and plan-area forms that the browser needs on first load (no zod:
 * decision 015). The schemas and the services use the same ones.
 */
import {
  MUNICIPALITY_KIND_COUNTRY,
  MUNICIPALITY_KINDS,
  TIME_ZONE_COUNTRY,
  TIME_ZONES,
  type Country,
  type MunicipalityKind,
  type TimeZone,
} from "#db/schema/enums";

/** The largest number of places an institution may be given (the form's hint states it). */
export const PLACES_MAX = 9999;

/** The time zones an institution of `country` may have. */
export function timeZonesOf(country: Country): TimeZone[] {
  return TIME_ZONES.filter((z) => TIME_ZONE_COUNTRY[z] === country);
}

/** The territorial levels of a plan area in `country` (PL gmina / powiat, BG община / област). */
export function municipalityKindsOf(country: Country): MunicipalityKind[] {
  return MUNICIPALITY_KINDS.filter((k) => MUNICIPALITY_KIND_COUNTRY[k] === country);
}
