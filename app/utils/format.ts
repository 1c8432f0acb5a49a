import type { Locale } from "../../db/schema/enums";
import { INTL_LOCALE } from "../i18n";

/**
 * Dates and numbers in the user's language: one place for every screen. Intl formatters are
 * costly to make (a resident's page formats dozens of dates), so each is made once and kept.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${options.dateStyle ?? ""}|${options.timeStyle ?? ""}|${options.timeZone ?? ""}`;
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

export function formatDateTime(value: string | Date | null | undefined, locale: Locale, timeZone?: string) {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  return dateFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);
}

export function formatNumber(value: number, locale: Locale, options?: Intl.NumberFormatOptions) {
  return numberFormat(locale, options).format(value);
}

export function formatMoney(value: number, currency: string, locale: Locale) {
  return formatNumber(value, locale, { style: "currency", currency });
}
