import type { Locale } from "#db/schema/enums";

/** A training module's title in the user's language (modules carry their own three titles). */
export function moduleTitle(m: { titleEn: string; titlePl: string; titleBg: string }, locale: Locale): string {
  return locale === "pl" ? m.titlePl : locale === "bg" ? m.titleBg : m.titleEn;
}
