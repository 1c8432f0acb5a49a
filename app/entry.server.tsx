import crypto from "node:crypto";
import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { secureHeaders } from "./utils/headers.server";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { i18nFor, resolveLocale } from "./i18next.server";
import { NonceContext } from "./utils/nonce";
import { memoizeRouteMatching } from "./utils/route-match.server";

const ABORT_DELAY = 5_000;

// Route matching keeps its answers (decision 050): set up before the first request.
memoizeRouteMatching();

/** For the HTTP server (server.js): one definition of the headers and of the origin check. */
export { secureHeaders } from "./utils/headers.server";
export { originMatchesHost } from "./utils/form.server";

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  secureHeaders(response.headers);
  return response;
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const rootData = remixContext.staticHandlerContext.loaderData?.root as { locale?: Locale } | undefined;
  const lng = await resolveLocale(request, rootData?.locale);

  const i18n = await i18nFor(lng);

  const bot = isbot(request.headers.get("user-agent") ?? "");
  const nonce = crypto.randomBytes(16).toString("base64");
  secureHeaders(responseHeaders, nonce);

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceContext.Provider>,
      {
        nonce,
        [bot ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
