import type { Locale } from "../../db/schema/enums";
import { INTL_LOCALE } from "../i18n";

/** Dates and numbers in the user's language: one place for every screen. */
export function formatDate(value: string | Date | null | undefined, locale: Locale, timeZone?: string) {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "medium", timeZone }).format(d);
}

export function formatDateTime(value: string | Date | null | undefined, locale: Locale, timeZone?: string) {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(d);
}

export function formatNumber(value: number, locale: Locale, options?: Intl.NumberFormatOptions) {
  return new Intl.NumberFormat(INTL_LOCALE[locale], options).format(value);
}

export function formatMoney(value: number, currency: string, locale: Locale) {
  return formatNumber(value, locale, { style: "currency", currency });
}
