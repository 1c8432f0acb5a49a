import type { Locale } from "#db/schema/enums";
import { formatNumber } from "#app/utils/format";

/** "1.2 MB", "340 kB", in the user's number format (the page and the case file). */
export function fileSize(bytes: number, locale: Locale) {
  return bytes >= 1_000_000
    ? `${formatNumber(bytes / 1_000_000, locale, { maximumFractionDigits: 1 })} MB`
    : `${formatNumber(Math.max(1, Math.round(bytes / 1000)), locale)} kB`;
}
