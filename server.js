#!/usr/bin/env node
/**
 * The production HTTP server: `node server.js [build/index.js]`.
 *
 * What `remix-serve` does (compression, the built assets cached for a year, `public/` for an
 * hour, morgan's `tiny` access log, the Remix request handler), plus what it cannot
 * (docs/decisions/021-probe-mends.md):
 *  - every response carries the security headers, including the ones that never pass through
 *    app/entry.server.tsx: redirects from loaders, resource routes, static files, errors;
 *  - a request from another site (an `Origin` that is not this host) is refused with 403, a short
 *    body and one log line, before Remix's own check, which throws and answers 500 with a stack
 *    trace;
 *  - a method the app does not answer (TRACE, OPTIONS, …) gets 405, not a 500 with a stack trace;
 *  - `HOST` is the address it listens on (unset: every interface; `npm start` in demo mode sets
 *    127.0.0.1).
 * The header list and the origin rule are the app's own (`secureHeaders`, `originMatchesHost`),
 * exported by the server build.
 */
import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";

const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
const build = await import(url.pathToFileURL(buildPath).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });
const { secureHeaders, originMatchesHost } = build.entry.module;

/** The headers a response gets when it has none of its own (a page sets its nonce CSP itself). */
const defaults = (() => {
  const h = new Headers();
  secureHeaders(h);
  return [...h.entries()];
})();

const app = express();
app.disable("x-powered-by");

// Before anything is written: every header the response has not set itself.
app.use((_req, res, next) => {
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    for (const [name, value] of defaults) if (!res.hasHeader(name)) res.setHeader(name, value);
    return writeHead.apply(this, args);
  };
  next();
});
app.use(compression());

// The offline layer (issue #17, decision 030): the service worker and the offline page, built by
// scripts/build-offline.mjs. Never kept stale by the HTTP cache (`no-cache`: a new build's worker
// is seen at once); each with its own CSP (a worker's CSP is its script's response's).
const offlineDir = path.resolve("build/offline");
const OFFLINE_FILES = {
  "/sw.js": {
    file: "sw.js",
    type: "text/javascript; charset=utf-8",
    csp: "default-src 'self'; script-src 'self'; object-src 'none'",
    extra: { "Service-Worker-Allowed": "/" },
  },
  "/offline.html": {
    file: "offline.html",
    type: "text/html; charset=utf-8",
    csp: [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "manifest-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
    extra: {},
  },
};
for (const [url, f] of Object.entries(OFFLINE_FILES)) {
  app.get(url, (_req, res) => {
    const file = path.join(offlineDir, f.file);
    if (!fs.existsSync(file)) return res.status(404).type("text/plain; charset=utf-8").send("Not built.\n");
    res.set({ "Content-Type": f.type, "Cache-Control": "no-cache", "Content-Security-Policy": f.csp, ...f.extra });
    res.sendFile(file);
  });
}
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.use(morgan("tiny"));

// Methods the app answers; TRACE and the like get 405 instead of a 500 from Request().
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);
app.use((req, res, next) => {
  if (METHODS.has(req.method)) return next();
  res
    .status(405)
    .set("Allow", [...METHODS].join(", "))
    .type("text/plain; charset=utf-8")
    .send("Method not allowed.\n");
});

app.use((req, res, next) => {
  const origin = req.get("origin");
  if (req.method === "GET" || req.method === "HEAD" || origin === undefined) return next();
  if (originMatchesHost(origin, req.get("host"), req.get("x-forwarded-host"))) return next();
  console.warn(`refused ${req.method} ${req.path}: Origin ${JSON.stringify(origin.slice(0, 200))} is another site`);
  res.status(403).type("text/plain; charset=utf-8").send("Refused: this request came from another site.\n");
});

app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || undefined;
const onListen = () => console.log(`[server] http://localhost:${port} (listening on ${host ?? "every interface"})`);
const server = host ? app.listen(port, host, onListen) : app.listen(port, onListen);
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close());
