import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import bg from "../../app/locales/bg.json";
import en from "../../app/locales/en.json";
import pl from "../../app/locales/pl.json";

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const languages = { en: flatten(en), pl: flatten(pl), bg: flatten(bg) };

/** i18next plural suffixes: "count_one", "count_few"... all belong to the key "count". */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, "");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "locales" ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(d.name) ? [p] : [];
  });
}

const root = path.resolve(import.meta.dirname, "../..");
const source = [...sourceFiles(path.join(root, "app")), ...sourceFiles(path.join(root, "machines"))]
  .map((f) => fs.readFileSync(f, "utf8"))
  .join("\n");

/** Literal keys ("auth.title") and template prefixes (`roles.${role}` gives "roles."). */
const literals = new Set([...source.matchAll(/["'`]([a-zA-Z0-9_]+(?:\.[a-zA-Z0-9_]+)+)["'`]/g)].map((m) => m[1]!));
const prefixes = [...source.matchAll(/`([a-zA-Z0-9_.]+\.)\$\{/g)].map((m) => m[1]!);

describe("translations", () => {
  it("every key exists in en, pl and bg, with no extra keys", () => {
    const all = new Set([...languages.en.keys(), ...languages.pl.keys(), ...languages.bg.keys()].filter((k) => !PLURAL.test(k)));
    const missing: string[] = [];
    for (const key of all) {
      for (const [lng, map] of Object.entries(languages)) {
        if (!map.get(key)?.trim()) missing.push(`${lng}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("plural keys have every form the language needs (Polish: one, few, many, other)", () => {
    const pluralBases = new Set([...languages.en.keys()].filter((k) => PLURAL.test(k)).map(base));
    const missing: string[] = [];
    for (const [lng, map] of Object.entries(languages)) {
      const forms = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
      for (const b of pluralBases) {
        for (const form of forms) if (!map.get(`${b}_${form}`)?.trim()) missing.push(`${lng}: ${b}_${form}`);
      }
      for (const k of map.keys()) if (PLURAL.test(k) && !pluralBases.has(base(k))) missing.push(`${lng}: ${k} (no English plural)`);
    }
    expect(missing).toEqual([]);
  });

  it("placeholders are the same in every language", () => {
    const wrong: string[] = [];
    for (const [key, text] of languages.en) {
      if (PLURAL.test(key)) continue;
      const want = [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort().join(",");
      for (const lng of ["pl", "bg"] as const) {
        const got = [...(languages[lng].get(key) ?? "").matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort().join(",");
        if (got !== want) wrong.push(`${lng}: ${key} has {${got}} not {${want}}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("every key is used by the code", () => {
    const unused = [...languages.en.keys()].filter((k) => !literals.has(base(k)) && !prefixes.some((p) => k.startsWith(p)));
    expect(unused).toEqual([]);
  });

  it("every key the code uses exists", () => {
    const known = new Set([...languages.en.keys()].map(base));
    const namespaces = new Set([...known].map((k) => k.split(".")[0]!));
    const fileName = /\.(csv|json|xlsx|pdf|png|txt)$/;
    const used = [...literals].filter((k) => namespaces.has(k.split(".")[0]!) && !known.has(k) && !fileName.test(k));
    // Parent keys of a group (e.g. "errors.notFound") are not texts themselves.
    const parents = new Set([...known].flatMap((k) => k.split(".").slice(1).map((_, i, a) => k.split(".").slice(0, i + 1).join("."))));
    expect(used.filter((k) => !parents.has(k))).toEqual([]);
  });
});
