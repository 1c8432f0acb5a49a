import { LOCALES, type Locale } from "#db/schema/enums";

/** Shared i18next settings of the server and the browser. */
export const i18nConfig = {
  supportedLngs: [...LOCALES],
  fallbackLng: "en",
  defaultNS: "common",
  ns: ["common"],
  react: { useSuspense: false },
  interpolation: { escapeValue: false },
} as const;

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

/** BCP 47 tags for Intl formatting. */
export const INTL_LOCALE: Record<Locale, string> = { en: "en-GB", pl: "pl-PL", bg: "bg-BG" };
