import type { Locale, TimeZone } from "#db/schema/enums";
import { INTL_LOCALE } from "#app/i18n";

/**
 * Dates and numbers in the user's language: one place for every screen. Intl formatters are
 * costly to make (a resident's page formats dozens of dates), so each is made once and kept.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${options.dateStyle ?? ""}|${options.timeStyle ?? ""}|${options.month ?? ""}|${options.timeZone ?? ""}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale], options);
    formatters.set(key, f);
  }
  return f;
}

function numberFormat(locale: Locale, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${options ? JSON.stringify(options) : ""}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(INTL_LOCALE[locale], options);
    formatters.set(key, f);
  }
  return f;
}

/** A calendar date ("2026-03-03") or an instant, as a date in the user's language. */
export function formatDate(value: string | Date | null | undefined, locale: Locale, timeZone?: string) {
  if (!value) return "";
  // A calendar date has no time zone: format it as the same day everywhere.
  const calendar = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = typeof value === "string" ? new Date(calendar ? `${value}T00:00:00Z` : value) : value;
  return dateFormat(locale, { dateStyle: "medium", timeZone: calendar ? "UTC" : timeZone }).format(d);
}

/** A calendar month ("2026-03") as its name and year in the user's language ("marzec 2026"). */
export function formatMonth(month: string, locale: Locale) {
  return dateFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/**
 * The zone a time is shown in: an institution's (its records' calendar), or UTC where a file says
 * so. Never the server's or the browser's own zone, which differ from each other and from the
 * institution's (docs/decisions/026-bulgarian-demo-and-page-times.md).
 */
export type DisplayZone = TimeZone | "UTC";

/**
 * An instant as date and time in `timeZone`: the institution's on a page about one institution;
 * on a page across institutions, the zone the page states (`<TimesIn>`). The zone is required.
 */
export function formatDateTime(value: string | Date | null | undefined, locale: Locale, timeZone: DisplayZone) {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  return dateFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);
}

/** An instant's time of day in `timeZone` with the zone's short name ("14:05 CET"), for a page with no institution (sign-in). */
export function formatTimeWithZone(value: string | Date, locale: Locale, timeZone: DisplayZone) {
  const d = typeof value === "string" ? new Date(value) : value;
  const key = `t|${locale}|${timeZone}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
      timeZone,
    });
    formatters.set(key, f);
  }
  return f.format(d);
}

/** A recent day: a zone is named by its current rules (in 1970 Poland kept no summer time, and ICU named its zone differently). */
const ZONE_NAME_DAY = new Date("2026-01-15T12:00:00Z");

/** A time zone's name in the user's language ("czas środkowoeuropejski"), for a page that states its zone. */
export function zoneName(timeZone: DisplayZone, locale: Locale): string {
  if (timeZone === "UTC") return "UTC";
  const key = `z|${locale}|${timeZone}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZoneName: "longGeneric", timeZone });
    formatters.set(key, f);
  }
  return f.formatToParts(ZONE_NAME_DAY).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

export function formatNumber(value: number, locale: Locale, options?: Intl.NumberFormatOptions) {
  return numberFormat(locale, options).format(value);
}

export function formatMoney(value: number, currency: string, locale: Locale) {
  return formatNumber(value, locale, { style: "currency", currency });
}
