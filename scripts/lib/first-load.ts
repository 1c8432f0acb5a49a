/**
 * First-load JavaScript (docs/performance.md, decision 049): the scripts a page's HTML loads —
 * `<script src>`, `<link rel="modulepreload" href>` and the inline module's `import` lines — and
 * their gzip sizes as built in public/build. `npm run bench` prints the figure; `npm run js-size`
 * also says what each script is made of (build/metafile.js.json, which `remix build` writes).
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { ROOT } from "./server";

/** The /build/…js URLs a page's HTML loads, in order of appearance, each once. */
export function firstLoadScripts(html: string): string[] {
  const urls = new Set([...html.matchAll(/(?:href|src)="(\/build\/[^"]+\.js)"/g)].map((m) => m[1]!));
  for (const m of html.matchAll(/import\s*(?:[^"']*from\s*)?["'](\/build\/[^"']+\.js)["']/g)) urls.add(m[1]!);
  return [...urls];
}

const gzipCache = new Map<string, number>();
/** Gzip bytes (zlib's default level) of a built script, by its URL. */
export function gzipBytes(url: string): number {
  let n = gzipCache.get(url);
  if (n === undefined) {
    n = zlib.gzipSync(fs.readFileSync(path.join(ROOT, "public", url))).length;
    gzipCache.set(url, n);
  }
  return n;
}

/** The scripts a page's HTML loads (the bench's "first-load JavaScript"), and their gzip bytes. */
export async function firstLoadJs(
  base: string,
  pagePath: string,
  cookie: string,
): Promise<{ bytes: number; scripts: string[] }> {
  const html = await (await fetch(base + pagePath, { headers: { cookie } })).text();
  const scripts = firstLoadScripts(html);
  return { bytes: scripts.reduce((sum, u) => sum + gzipBytes(u), 0), scripts };
}

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}
let metafile: Metafile | null | undefined;

/**
 * What a built script is made of: its minified bytes per package (node_modules) or source
 * module (app/, machines/, db/), largest first. Empty when the build wrote no metafile.
 */
export function scriptContents(url: string): { name: string; bytes: number }[] {
  if (metafile === undefined) {
    const file = path.join(ROOT, "build/metafile.js.json");
    metafile = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Metafile) : null;
  }
  const output = metafile?.outputs[`public${url}`];
  if (!output) return [];
  const byName = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput === 0) continue;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
    const name = pkg ?? input.replace(/^.*?\b(app|machines|db)\//, "$1/");
    byName.set(name, (byName.get(name) ?? 0) + bytesInOutput);
  }
  return [...byName].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}
