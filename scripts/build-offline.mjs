#!/usr/bin/env node
/**
 * The offline layer's build (issue #17, decision 030), run after `remix build` (npm run build,
 * scripts/start.sh, scripts/test.sh, scripts/e2e-server.sh):
 *  1. the offline page's script (app/offline/shell.ts) with only the `offline` texts of the
 *     three locales → public/build/offline/shell-<hash>.js;
 *  2. the offline page → build/offline/offline.html (served by server.js with its own CSP);
 *  3. the service worker (app/offline/sw.ts, workbox) with the precache manifest of the build's
 *     scripts and styles, the offline page, the web app manifest and the icons (workbox-build
 *     injectManifest) → build/offline/sw.js, served at /sw.js.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import esbuild from "esbuild";
import { injectManifest } from "workbox-build";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "build/offline");
const publicDir = path.join(root, "public");
const assets = path.join(publicDir, "build");
if (!fs.existsSync(assets)) {
  console.error("build-offline: run `remix build` first (public/build is missing)");
  process.exit(1);
}
fs.mkdirSync(out, { recursive: true });
fs.rmSync(path.join(assets, "offline"), { recursive: true, force: true });

const hash = (data) => crypto.createHash("sha256").update(data).digest("hex").slice(0, 16);
const read = (lng) => JSON.parse(fs.readFileSync(path.join(root, `app/locales/${lng}.json`), "utf8"));
const texts = Object.fromEntries(
  ["en", "pl", "bg"].map((lng) => {
    const t = read(lng);
    return [lng, { offline: t.offline, app: { name: t.app.name } }];
  }),
);

// 1. the offline page's script
const shell = await esbuild.build({
  entryPoints: [path.join(root, "app/offline/shell.ts")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  outdir: path.join(assets, "offline"),
  entryNames: "shell-[hash]",
  define: { __OFFLINE_TEXTS__: JSON.stringify(texts) },
  metafile: true,
  logLevel: "warning",
});
const shellFile = Object.keys(shell.metafile.outputs).find((f) => f.endsWith(".js"));
const shellUrl = "/" + path.relative(publicDir, path.resolve(root, shellFile)).split(path.sep).join("/");

// 2. the offline page, with the app's stylesheet
const css = fs
  .readdirSync(path.join(assets, "_assets"))
  .filter((f) => /^app-[A-Z0-9]+\.css$/i.test(f))
  .map((f) => `/build/_assets/${f}`);
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Offline</title>
${css.map((href) => `<link rel="stylesheet" href="${href}">`).join("\n")}
<link rel="manifest" href="/manifest.webmanifest">
<link rel="icon" href="/favicon.ico" sizes="32x32">
<meta name="theme-color" content="#1f5f7a">
</head>
<body>
<header id="offline-header" class="app-header"></header>
<main id="main" class="page"><p>…</p></main>
<script type="module" src="${shellUrl}"></script>
</body>
</html>
`;
fs.writeFileSync(path.join(out, "offline.html"), html);

// 3. the service worker
await esbuild.build({
  entryPoints: [path.join(root, "app/offline/sw.ts")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  outfile: path.join(out, "sw.src.js"),
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});
const publicFiles = ["manifest.webmanifest", "favicon.ico", "icons/icon-192.png", "icons/icon-512.png"];
const { count, size, warnings } = await injectManifest({
  swSrc: path.join(out, "sw.src.js"),
  swDest: path.join(out, "sw.js"),
  globDirectory: publicDir,
  globPatterns: ["build/**/*.{js,css}"],
  // Remix's file names carry their content hash: no revision needed.
  dontCacheBustURLsMatching: /-[A-Za-z0-9_-]{8,}\.(js|css)$/,
  modifyURLPrefix: { "build/": "/build/" },
  maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
  additionalManifestEntries: [
    { url: "/offline.html", revision: hash(html) },
    ...publicFiles.map((f) => ({ url: `/${f}`, revision: hash(fs.readFileSync(path.join(publicDir, f))) })),
  ],
});
fs.rmSync(path.join(out, "sw.src.js"));
for (const w of warnings) console.warn(`build-offline: ${w}`);
console.log(
  `build-offline: service worker precaches ${count} files (${Math.round(size / 1024)} KB); offline page ${shellUrl}`,
);
