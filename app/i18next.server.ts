import { createCookie } from "@remix-run/node";
import type { TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import type { Locale } from "#db/schema/enums";
import { i18nConfig, isLocale } from "./i18n";
import { resources } from "./locales/resources.server";

/** Remembers the language chosen on the sign-in page, before anyone is signed in. */
export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export const remixI18n = new RemixI18Next({
  detection: {
    supportedLanguages: [...i18nConfig.supportedLngs],
    fallbackLanguage: i18nConfig.fallbackLng,
    cookie: localeCookie,
    // The user's stored choice is applied first by resolveLocale(); then the cookie, then the browser.
    order: ["cookie", "header"],
  },
  i18next: { ...i18nConfig, resources },
});

/** Language of a request: the signed-in user's choice, else the cookie, else Accept-Language. */
export async function resolveLocale(request: Request, userLocale: Locale | null | undefined): Promise<Locale> {
  if (userLocale && isLocale(userLocale)) return userLocale;
  const detected = await remixI18n.getLocale(request);
  return isLocale(detected) ? detected : "en";
}

/** A translate function for server-made text (exports, e-mails). */
export async function getFixedT(locale: Locale): Promise<TFunction> {
  return (await remixI18n.getFixedT(locale, "common")) as unknown as TFunction;
}
