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
 *
 * `WEB_CONCURRENCY=N` (N > 1, or `auto`: one per core) serves from N worker processes
 * (node:cluster, decision 036). Every worker opens the same SQLite file: WAL, a busy timeout and
 * `BEGIN IMMEDIATE` for every write keep SQLite's single writer; sessions and sign-in throttles
 * are rows of the database, so any worker answers any request. The one state kept in a process,
 * a history import's running job (app/modules/csv/jobs.server.ts), carries its worker in its id:
 * a request for it (`?job=w3.…`) that reaches another worker is relayed to the owner over its
 * local socket. A worker that dies is replaced.
 *
 * `HEAP_GROWING_PERCENT` (default 60; 0 = V8's own heuristics) is how far a serving process lets
 * its heap grow past what the last full collection kept, before collecting again (decision 054).
 * Left to V8, a page-rendering process kept about 58 MB live but let its heap grow to 200 MB or
 * more between collections: 410–432 MB RSS per process under the bench's load.
 */
import cluster from "node:cluster";
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import url from "node:url";
import v8 from "node:v8";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";

/**
 * A whole number of at least `min` from the environment, or the start stops with one line naming
 * it (`other`: what else the variable takes, for that line).
 */
function wholeNumber(name, fallback, min, other = "") {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (Number.isInteger(n) && n >= min) return n;
  console.error(`[server] ${name}=${v}: expected a whole number from ${min}${other}`);
  process.exit(1);
}

const concurrency =
  process.env.WEB_CONCURRENCY === "auto"
    ? os.availableParallelism()
    : wholeNumber("WEB_CONCURRENCY", 1, 1, ' or "auto"');
const heapGrowingPercent = wholeNumber("HEAP_GROWING_PERCENT", 60, 0);

/** The local socket a worker also listens on, for jobs relayed to it by the other workers. */
const socketOf = (primaryPid, workerId) => path.join(os.tmpdir(), `di-server-${primaryPid}-w${workerId}.sock`);

if (concurrency > 1 && cluster.isPrimary) {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < concurrency; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    try {
      fs.rmSync(socketOf(process.pid, worker.id), { force: true });
    } catch {
      // already gone
    }
    if (stopping) return;
    console.warn(`[server] worker ${worker.id} exited (${signal ?? code}); starting another`);
    fork();
  });
  for (const sig of ["SIGTERM", "SIGINT"])
    process.once(sig, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    });
} else {
  await serve();
}

async function serve() {
  if (heapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
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

  // A job of another worker: relayed to it as it is (its answer, headers and all, comes back).
  const workerId = cluster.isWorker ? String(cluster.worker.id) : null;
  if (workerId) {
    process.env.DI_WORKER = workerId;
    // The primary gone (killed): so is its worker.
    process.on("disconnect", () => process.exit(0));
  }
  app.use((req, res, next) => {
    if (!workerId || req.headers["x-di-relayed"]) return next();
    const owner = /^w(\d+)\./.exec(typeof req.query.job === "string" ? req.query.job : "")?.[1];
    if (!owner || owner === workerId) return next();
    const upstream = http.request(
      {
        socketPath: socketOf(process.ppid, owner),
        method: req.method,
        path: req.originalUrl,
        headers: { ...req.headers, "x-di-relayed": "1" },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    // The owner is gone (restarted): this worker answers, and the job is gone.
    upstream.on("error", () => (res.headersSent ? res.destroy() : next()));
    req.pipe(upstream);
  });

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
  for (const [route, f] of Object.entries(OFFLINE_FILES)) {
    app.get(route, (_req, res) => {
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
  const who = workerId ? ` worker ${workerId} of ${concurrency}` : "";
  const onListen = () =>
    console.log(`[server]${who} http://localhost:${port} (listening on ${host ?? "every interface"})`);
  const server = host ? app.listen(port, host, onListen) : app.listen(port, onListen);
  const servers = [server];
  if (workerId) {
    const socket = socketOf(process.ppid, workerId);
    fs.rmSync(socket, { force: true });
    servers.push(app.listen(socket));
  }
  // Stop taking connections, then exit once the open ones are done: Remix leaves a 5 s stream
  // timer behind each page, which would otherwise hold a stopped server (and a CPU profile) that long.
  for (const signal of ["SIGTERM", "SIGINT"])
    process.once(signal, () =>
      Promise.all(servers.map((s) => new Promise((done) => s.close(done)))).then(() => process.exit(0)),
    );
}
