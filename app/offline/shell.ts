/**
 * The offline page (issue #17, decision 030): what the service worker answers for a page asked
 * for without a connection. No personal data is in it or in the worker's cache: it reads the
 * device's copy (IndexedDB) and shows My cases (/caseload), a resident's offline view
 * (/residents/:id), the writes recorded here (/outbox), or, for any other page, that it needs a
 * connection. Built by scripts/build-offline.mjs with the `offline` texts of the three locales.
 */
import type { Locale } from "#db/schema/enums";
import { getOwner, subscribe, unsentCount } from "./store";
import { startSync } from "./sync";
import { mountCaseload, mountNeedsConnection, mountOutbox, mountResident, type Env } from "./ui";

/** Only these texts are in the page's script (the build puts them in: the whole locales are 100 KB). */
const TEXTS = __OFFLINE_TEXTS__;

function translator(locale: Locale) {
  return (key: string, values: Record<string, string | number> = {}) => {
    const text = key
      .split(".")
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], TEXTS[locale]);
    if (typeof text !== "string") return key;
    return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ""));
  };
}

function pickLocale(stored: string | undefined): Locale {
  const wanted = [stored, ...(navigator.languages ?? [navigator.language])].map((l) => l?.slice(0, 2));
  return (wanted.find((l) => l === "en" || l === "pl" || l === "bg") ?? "en") as Locale;
}

async function main() {
  const owner = await getOwner().catch(() => undefined);
  const locale = pickLocale(owner?.locale);
  const env: Env = { t: translator(locale), locale };
  document.documentElement.lang = locale;
  document.title = `${env.t("offline.title")} · ${env.t("app.name")}`;

  const header = document.getElementById("offline-header")!;
  const status = document.createElement("p");
  status.className = "offline-banner";
  status.setAttribute("role", "status");
  const count = document.createElement("a");
  count.href = "/outbox";
  count.id = "offline-unsent";
  const refresh = async () => {
    status.textContent = navigator.onLine ? env.t("offline.banner.online") : env.t("offline.banner.offline");
    count.textContent = env.t("offline.outbox.unsent", { n: await unsentCount().catch(() => 0) });
  };
  const cases = document.createElement("a");
  cases.href = "/caseload";
  cases.textContent = env.t("offline.nav.caseload");
  const brand = document.createElement("div");
  brand.className = "brand";
  brand.textContent = env.t("app.name");
  const nav = document.createElement("nav");
  nav.setAttribute("aria-label", env.t("offline.nav.label"));
  nav.append(cases, " · ", count);
  header.replaceChildren(brand, nav, status);
  void refresh();
  subscribe(() => void refresh());
  window.addEventListener("online", () => void refresh());
  window.addEventListener("offline", () => void refresh());

  const main = document.getElementById("main")!;
  const path = location.pathname.replace(/\/+$/, "");
  const resident = /^\/residents\/(\d+)$/.exec(path);
  if (path === "/caseload") mountCaseload(main, env);
  else if (resident) mountResident(main, env, Number(resident[1]));
  else if (path === "/outbox") mountOutbox(main, env);
  else mountNeedsConnection(main, env);
  startSync();
  document.documentElement.dataset.offlineShell = "ready";
}

void main();
