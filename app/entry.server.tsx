import crypto from "node:crypto";
import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
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

  const nonce = crypto.randomBytes(16).toString("base64");
  secureHeaders(responseHeaders, nonce);

  // The page is rendered whole, then sent as one body (decision 057): React writes it in 2 KB
  // pieces, and each piece passed through a web stream, the response and gzip on its own cost more
  // server CPU than the compression itself. No page streams (no `defer`); a lazy chart's Suspense
  // is resolved before the body is sent.
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        clearTimeout(timer);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceContext.Provider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          // An error inside a Suspense boundary: React sends its fallback, the browser renders it
          // again. One before the shell rejects (onShellError) and Remix answers with its error page.
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}
