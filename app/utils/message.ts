import type { TFunction } from "i18next";

/**
 * Translates a message key whose values may themselves be keys, written "t:<key>"
 * (e.g. the state a transition is now in). The one way server messages become text.
 */
export function translateMessage(t: TFunction, key: string, values?: Record<string, string | number>): string {
  const resolved = values
    ? Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, typeof v === "string" && v.startsWith("t:") ? t(v.slice(2)) : v]),
      )
    : undefined;
  return t(key, resolved);
}
