import type { TFunction } from "i18next";
import type { Locale } from "#db/schema/enums";
import { formatDate, formatTimeWithZone } from "./format";

/**
 * Translates a message key whose values may themselves be keys, written "t:<key>" (e.g. the
 * state a transition is now in), or calendar dates, written "d:YYYY-MM-DD" (shown in the
 * user's language: "3 Mar 2023", "3 mar 2023"), or instants, written "at:<ISO instant>" (shown as
 * the hour and minute with the zone's name, in the zone of the reader's language, the same on the
 * server and in the browser: such messages come before any institution is known, e.g. a lockout).
 * The one way server messages become text.
 */
export function translateMessage(
  t: TFunction,
  key: string,
  values: Record<string, string | number> | undefined,
  locale: string,
): string {
  const resolved = values
    ? Object.fromEntries(
        Object.entries(values).map(([k, v]) => [
          k,
          typeof v !== "string"
            ? v
            : v.startsWith("t:")
              ? t(v.slice(2))
              : v.startsWith("d:")
                ? formatDate(v.slice(2), locale as Locale)
                : v.startsWith("at:")
                  ? formatTimeWithZone(v.slice(3), locale as Locale, locale === "bg" ? "Europe/Sofia" : "Europe/Warsaw")
                  : v,
        ]),
      )
    : undefined;
  return t(key, resolved);
}
