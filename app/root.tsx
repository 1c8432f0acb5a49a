import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, useMatches, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RouteErrorView } from "./components/error-page";
import { resolveLocale } from "./i18next.server";
import stylesheet from "./styles/app.css";
import { getSession } from "./utils/auth.server";
import { readFlash } from "./utils/flash.server";
import { useNonce } from "./utils/nonce";
import { revalidateRootAfterActions } from "./utils/revalidate";
import type { Locale } from "#db/schema/enums";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
  { rel: "apple-touch-icon", href: "/icons/icon-192.png" },
  { rel: "manifest", href: "/manifest.webmanifest" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request);
  const actor = session.status === "active" ? session.actor : null;
  const locale = await resolveLocale(request, actor?.locale);
  const { flash, setCookie } = await readFlash(request);
  return data(
    {
      locale,
      user: actor ? { id: actor.id, name: actor.name, email: actor.email, role: actor.role } : null,
      flash,
    },
    { headers: setCookie ? { "Set-Cookie": setCookie } : undefined },
  );
}

export const shouldRevalidate = revalidateRootAfterActions;

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root") as RootData | undefined;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const rootData = useRootData();
  const { i18n } = useTranslation();
  const lang = (rootData?.locale ?? i18n.language ?? "en") as Locale;
  const matches = useMatches();
  const nonce = useNonce();
  const titleKey = [...matches]
    .reverse()
    .map((m) => (m.handle as { titleKey?: string } | undefined)?.titleKey)
    .find(Boolean);
  const title = [titleKey ? i18n.t(titleKey) : null, i18n.t("app.name")].filter(Boolean).join(" · ");
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1f5f7a" />
        <title>{title}</title>
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return (
    <main id="main" className="page">
      <RouteErrorView />
    </main>
  );
}
