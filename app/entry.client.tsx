import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig, isLocale } from "./i18n";

async function hydrate() {
  const htmlLang = document.documentElement.lang;
  const lng = isLocale(htmlLang) ? htmlLang : "en";
  // Only the page's language is loaded; changing language reloads the document.
  const version = (window as unknown as { __remixManifest?: { version?: string } }).__remixManifest?.version ?? "";
  const response = await fetch(`/locales/${lng}?v=${encodeURIComponent(version)}`);
  const common = (await response.json()) as Record<string, unknown>;
  await i18next.use(initReactI18next).init({ ...i18nConfig, lng, resources: { [lng]: { common } } });

  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
