import type { LoaderFunctionArgs } from "@remix-run/node";
import { isLocale } from "#app/i18n";
import { resources } from "#app/locales/resources.server";
import { secureHeaders } from "#app/utils/headers.server";

/** The translations of one language, for the browser. Public, cacheable, no personal data. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  if (!isLocale(params.lng)) return new Response("Not found", { status: 404 });
  const versioned = new URL(request.url).searchParams.has("v");
  const headers = new Headers({
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": versioned ? "public, max-age=31536000, immutable" : "public, max-age=300",
  });
  secureHeaders(headers);
  return new Response(JSON.stringify(resources[params.lng].common), { headers });
}
