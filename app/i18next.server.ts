import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
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

/** The options a plain lookup carries (the ones `getFixedT`'s function adds); any other makes it uncached. */
const PLAIN_OPTIONS = new Set(["lng", "lngs", "ns", "keyPrefix"]);
/** More distinct keys than the resources hold means keys made from input: stop remembering. */
const MAX_REMEMBERED = 20_000;

/**
 * Makes a server instance remember each plain lookup (a key with no values, count, context or
 * default): the resources never change while the server runs, and i18next's own lookup (key
 * parsing, the fallback chain, interpolation and nesting scans) was a tenth of a resident page's
 * server time, several hundred lookups a page (decision 053). A lookup with any other option goes
 * to i18next as before.
 */
function rememberPlainLookups(instance: I18n): void {
  const translate = instance.t.bind(instance) as unknown as (...args: unknown[]) => unknown;
  const known = new Map<string, unknown>();
  /** The cache's key for a plain lookup, or null when the call carries anything else. */
  const idOf = (args: unknown[]): string | null => {
    const [key, options] = args;
    if (args.length > 2 || typeof key !== "string") return null;
    if (options !== undefined && (typeof options !== "object" || options === null)) return null; // t(key, "default")
    const o = (options ?? {}) as Record<string, unknown>;
    for (const k in o) if (!PLAIN_OPTIONS.has(k)) return null;
    if (o.lngs != null) return null; // react-i18next's t passes null
    const parts = [o.lng, o.ns, o.keyPrefix];
    if (parts.some((v) => v != null && typeof v !== "string")) return null;
    return [...parts.map((v) => v ?? ""), key].join("\u0000");
  };
  instance.t = ((...args: unknown[]) => {
    const id = idOf(args);
    if (id === null) return translate(...args);
    if (known.has(id)) return known.get(id);
    const text = translate(...args);
    if (known.size < MAX_REMEMBERED) known.set(id, text);
    return text;
  }) as unknown as I18n["t"];
}

const instances = new Map<Locale, Promise<I18n>>();

/**
 * The server's one initialised i18next instance per language, made on first use and shared by
 * every request (page rendering and server-made text only read from it). Making one per request
 * cost about a tenth of a page's server time.
 */
export function i18nFor(locale: Locale): Promise<I18n> {
  let made = instances.get(locale);
  if (!made) {
    const instance = createInstance();
    made = instance
      .use(initReactI18next)
      .init({ ...i18nConfig, lng: locale, resources })
      .then(() => {
        rememberPlainLookups(instance);
        return instance;
      });
    instances.set(locale, made);
  }
  return made;
}

/** A translate function for server-made text (exports, e-mails). */
export async function getFixedT(locale: Locale): Promise<TFunction> {
  return (await i18nFor(locale)).getFixedT(locale, "common");
}
