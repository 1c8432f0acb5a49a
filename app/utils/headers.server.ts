/**
 * Headers every page, data response and file download carries. Pages of signed-in users hold personal data,
 * so nothing is stored by browsers or proxies (`no-store`) unless a route says otherwise.
 */
export function secureHeaders(headers: Headers, nonce?: string) {
  if (nonce) {
    // Scripts only with this response's nonce (and what they load); no inline script otherwise.
    headers.set(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'nonce-${nonce}' 'strict-dynamic'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        // The offline layer's service worker (/sw.js) and the web app manifest (issue #17).
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
  } else {
    headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "same-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

/**
 * A file download (export): personal or grant data, so never stored (`no-store`), never sniffed
 * as another type, never framed. The one way resource routes answer with a file.
 */
export function fileResponse(body: Uint8Array, file: { contentType: string; fileName: string }): Response {
  const headers = new Headers({
    "Content-Type": file.contentType,
    "Content-Disposition": contentDisposition(file.fileName),
  });
  secureHeaders(headers);
  return new Response(new Uint8Array(body), { headers });
}

/**
 * `attachment` with the file's name: an ASCII fallback (letters outside ASCII, quotes and
 * backslashes become "_") and, for a name that is not plain ASCII (an uploaded "Zgoda Łucji.pdf"),
 * the exact name as RFC 6266 / 5987 `filename*`.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  if (ascii === fileName) return `attachment; filename="${fileName}"`;
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
