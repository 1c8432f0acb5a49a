/**
 * npm run js-size [-- --port 3531 --top 10 --detail 1]
 *
 * First-load JavaScript of every page a signed-in user opens (decision 049). On the production
 * build (`npm run build` first) and a fresh demo database in a temporary directory, it starts
 * server.js, signs in as a case worker, the grant manager and the administrator, and follows the
 * links of each one's pages from the dashboard (one page per route shape: numbers in the path
 * are ids; GETs change nothing). It prints the `--top` largest pages' gzip bytes (the bench's
 * measure, scripts/lib/first-load.ts) and, for the `--detail` largest, each script's gzip bytes
 * and what it is made of (build/metafile.js.json). Exits 1 when a page is over `--budget` KB.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO_ACCOUNTS } from "#db/seed/demo-accounts";
import { firstLoadScripts, gzipBytes, scriptContents } from "./lib/first-load";
import { buildProblem, freePort, makeDemoDatabase, signIn, startServer } from "./lib/server";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const top = Number(arg("top", "10"));
const detail = Number(arg("detail", "1"));
const budgetKB = Number(arg("budget", "100"));
const maxPerRole = Number(arg("max-pages", "150"));

const problem = buildProblem();
if (problem) {
  console.error(`js-size: ${problem}`);
  process.exit(1);
}

/** Same route, same scripts: numbers in the path are ids, the query string is a filter. */
const shapeOf = (p: string) => p.replace(/\?.*$/, "").replace(/\/\d+(?=\/|$)/g, "/:id");
const SKIP =
  /^\/(build|locales|logout|assets|icons|offline|sw\.js)|\.[a-z0-9]+(\?|$)|\/(export|download|pdf|csv|xlsx)(\/|\?|$)/i;

interface Page {
  who: string;
  path: string;
  scripts: string[];
  bytes: number;
}

async function crawl(base: string, who: string, cookie: string, start: string): Promise<Page[]> {
  const seen = new Set<string>([shapeOf(start)]);
  const queue = [start];
  const pages: Page[] = [];
  while (queue.length && pages.length < maxPerRole) {
    const p = queue.shift()!;
    const r = await fetch(base + p, { headers: { cookie }, redirect: "manual" });
    if (r.status !== 200 || !r.headers.get("content-type")?.includes("text/html")) {
      await r.arrayBuffer();
      continue;
    }
    const html = await r.text();
    const scripts = firstLoadScripts(html);
    pages.push({ who, path: p, scripts, bytes: scripts.reduce((s, u) => s + gzipBytes(u), 0) });
    for (const m of html.matchAll(/href="(\/[^"#]*)"/g)) {
      const href = m[1]!.replace(/&amp;/g, "&");
      if (SKIP.test(href) || seen.has(shapeOf(href))) continue;
      seen.add(shapeOf(href));
      queue.push(href);
    }
  }
  return pages;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "di-js-size-"));
const port = await freePort(Number(arg("port", "3531")));
const server = await startServer({ port, dbFile: await makeDemoDatabase(path.join(work, "app.db")) });
const kb = (n: number) => (n / 1024).toFixed(1);
try {
  const pages: Page[] = await crawl(server.base, "signed out", "", "/login");
  for (const role of ["case_worker", "grant_manager", "admin"] as const) {
    const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
    const cookie = await signIn(server.base, account.email, account.password);
    pages.push(...(await crawl(server.base, `${role} (${account.email})`, cookie, "/dashboard")));
  }
  // One row per route shape: the first user who opened it.
  const byShape = new Map<string, Page>();
  for (const p of pages) if (!byShape.has(shapeOf(p.path))) byShape.set(shapeOf(p.path), p);
  const ranked = [...byShape.values()].sort((a, b) => b.bytes - a.bytes);

  console.log(`${ranked.length} pages (route shapes) opened; the ${Math.min(top, ranked.length)} largest first loads:`);
  console.table(ranked.slice(0, top).map((p) => ({ page: p.path, by: p.who, "gzip bytes": p.bytes, KB: kb(p.bytes) })));
  for (const p of ranked.slice(0, detail)) {
    console.log(`\n${p.path} (${p.who}): ${p.bytes} bytes gzip, ${p.scripts.length} scripts`);
    for (const u of [...p.scripts].sort((a, b) => gzipBytes(b) - gzipBytes(a))) {
      const parts = scriptContents(u)
        .slice(0, 8)
        .map((c) => `${c.name} ${kb(c.bytes)}`)
        .join(", ");
      console.log(`  ${String(gzipBytes(u)).padStart(7)}  ${u}${parts ? `  [min. KB: ${parts}]` : ""}`);
    }
  }
  const over = ranked.filter((p) => p.bytes > budgetKB * 1024);
  console.log(
    over.length
      ? `\n${over.length} of ${ranked.length} pages over ${budgetKB} KB gzip (smallest: ${over.at(-1)!.path}, ${kb(over.at(-1)!.bytes)} KB).`
      : `\nEvery page is within ${budgetKB} KB gzip (largest ${kb(ranked[0]?.bytes ?? 0)} KB).`,
  );
  process.exitCode = over.length ? 1 : 0;
} finally {
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
