import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nConfig } from "#app/i18n";
import { getFixedT, i18nFor } from "#app/i18next.server";
import { resources } from "#app/locales/resources.server";
import type { Locale } from "#db/schema/enums";

/** Every key of a nested resource object, dotted. */
function keysOf(o: object, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === "object" ? keysOf(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

async function plainI18next(lng: Locale) {
  const i = createInstance();
  await i.init({ ...i18nConfig, lng, resources });
  return i.getFixedT(lng, "common");
}

describe("the server's shared translation instances (decision 053)", () => {
  for (const lng of ["en", "pl", "bg"] as const) {
    it(`${lng}: every key, asked twice, reads as i18next reads it`, async () => {
      const t = await getFixedT(lng);
      const reference = await plainI18next(lng);
      const keys = keysOf(resources[lng].common).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, ""));
      expect(keys.length).toBeGreaterThan(500);
      for (const key of keys) {
        expect(t(key)).toBe(reference(key));
        expect(t(key)).toBe(reference(key));
      }
    });
  }

  it("values, counts and defaults are never answered from what was remembered", async () => {
    const t = await getFixedT("pl");
    expect(t("dashboard.title", { name: "Anna" })).toBe("Witaj, Anna");
    expect(t("dashboard.title", { name: "Jan" })).toBe("Witaj, Jan");
    expect(t("errors.summaryTitle", { count: 1 })).toBe("Jest problem: zobacz poniżej.");
    expect(t("errors.summaryTitle", { count: 3 })).toBe("Są 3 problemy: zobacz poniżej.");
    expect(t("errors.summaryTitle", { count: 7 })).toBe("Jest 7 problemów: zobacz poniżej.");
    expect(t("no.such.key", { defaultValue: "first" })).toBe("first");
    expect(t("no.such.key", { defaultValue: "second" })).toBe("second");
    expect(t("no.such.key")).toBe("no.such.key");
    // The instance's own t, as i18next allows it: a default as the second argument, options third.
    const i18n = await i18nFor("pl");
    expect(i18n.t("no.such.other", "first {{x}}", { x: 1 })).toBe("first 1");
    expect(i18n.t("no.such.other", "second {{x}}", { x: 2 })).toBe("second 2");
    expect(i18n.t("no.such.other")).toBe("no.such.other");
  });

  it("one instance per language, shared by every caller; each answers in its own language", async () => {
    expect(await i18nFor("bg")).toBe(await i18nFor("bg"));
    expect(await i18nFor("bg")).not.toBe(await i18nFor("pl"));
    const [en, pl, bg] = await Promise.all((["en", "pl", "bg"] as const).map((l) => getFixedT(l)));
    expect(new Set([en!("residents.title"), pl!("residents.title"), bg!("residents.title")]).size).toBe(3);
  });
});
