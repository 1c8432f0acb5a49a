import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Issue #19 item 2: one optimistic-concurrency write. Every UPDATE of a table with a `version`
 * column goes through `updateVersioned` (app/utils/versioned.server.ts); a raw `.update(table)` of
 * such a table, a hand-made `version: x + 1` in a `.set({...})` or an SQL `version = version + 1`
 * anywhere else fails this test. The few writes that deliberately leave the version alone are
 * listed below with the reason.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const SCANNED = ["app", "db", "machines", "scripts"];
const SKIPPED = ["db/migrations", "db/schema", "app/utils/versioned.server.ts"];
const HELPER = "app/utils/versioned.server.ts";

/** Writes that do not touch what a user edits, so no second writer is to be told. */
const UNVERSIONED: { file: string; table: string; why: string }[] = [
  { file: "app/modules/auth/service.server.ts", table: "users", why: "sign-in counters and last sign-in time" },
  {
    file: "app/modules/auth/throttle.server.ts",
    table: "users",
    why: "the failed sign-in counter, counted atomically",
  },
  {
    file: "app/modules/users/service.server.ts",
    table: "users",
    why: "the user's own language and own password: not fields of the administrator's versioned form",
  },
];

function files(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (SKIPPED.some((s) => rel === s || rel.startsWith(`${s}/`))) return [];
    if (e.isDirectory()) return e.name === "node_modules" ? [] : files(rel);
    return /\.(ts|tsx|js)$/.test(e.name) ? [rel] : [];
  });
}

/** The drizzle names of the tables that carry a `version` column, read from db/schema. */
function versionedTables(schemaSources: string[]): Set<string> {
  const names = new Set<string>();
  for (const src of schemaSources) {
    const parts = src.split(/(?=export const \w+ = sqliteTable\()/);
    for (const part of parts) {
      const m = /^export const (\w+) = sqliteTable\(/.exec(part);
      if (m && /\bversion: integer\("version"\)/.test(part)) names.add(m[1]!);
    }
  }
  return names;
}

/** Every raw version write in one source text: `[table or pattern, line]`. */
function rawWrites(src: string, tables: Set<string>): { what: string; line: number }[] {
  const found: { what: string; line: number }[] = [];
  const lineOf = (i: number) => src.slice(0, i).split("\n").length;
  for (const m of src.matchAll(/\.update\(\s*(\w+)\s*\)/g))
    if (tables.has(m[1]!)) found.push({ what: m[1]!, line: lineOf(m.index!) });
  for (const m of src.matchAll(/\.set\(\s*\{[^}]*?\bversion\s*:/g))
    found.push({ what: ".set({ version })", line: lineOf(m.index!) });
  for (const m of src.matchAll(/\bversion\s*=\s*"?version"?\s*\+/gi))
    found.push({ what: "version = version +", line: lineOf(m.index!) });
  return found;
}

const schema = fs
  .readdirSync(path.join(ROOT, "db/schema"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => fs.readFileSync(path.join(ROOT, "db/schema", f), "utf8"));
const TABLES = versionedTables(schema);

describe("one optimistic-concurrency write (issue #19 item 2)", () => {
  it("knows the versioned tables from the schema", () => {
    for (const t of [
      "transitions",
      "residents",
      "planVersions",
      "planPublications",
      "periodReports",
      "readinessRatios",
    ])
      expect(TABLES.has(t), t).toBe(true);
    expect(TABLES.has("sessions")).toBe(false);
  });

  it("catches each kind of raw write (the scan itself is tested)", () => {
    const sample = [
      "tx.update(planVersions).set({ content }).where(eq(planVersions.id, id)).run();",
      "tx.update(sessions).set({ lastSeenAt }).run();",
      "db.update(t).set({ ...values, version: row.version + 1 }).run();",
      'db.prepare("update x set version = version + 1 where id = ?")',
    ].join("\n");
    expect(rawWrites(sample, TABLES).map((w) => [w.what, w.line])).toEqual([
      ["planVersions", 1],
      [".set({ version })", 3],
      ["version = version +", 4],
    ]);
  });

  it("no write to a versioned table bypasses updateVersioned", () => {
    const offenders: string[] = [];
    const allowedSeen = new Set<string>();
    for (const file of SCANNED.flatMap(files)) {
      const src = fs.readFileSync(path.join(ROOT, file), "utf8");
      for (const w of rawWrites(src, TABLES)) {
        const allowed = UNVERSIONED.find((u) => u.file === file && u.table === w.what);
        if (allowed) allowedSeen.add(`${allowed.file}:${allowed.table}`);
        else offenders.push(`${file}:${w.line} ${w.what}`);
      }
    }
    expect(offenders).toEqual([]);
    // An exception that no longer exists is taken off the list, so the list cannot hide a new one.
    expect([...allowedSeen].sort()).toEqual(UNVERSIONED.map((u) => `${u.file}:${u.table}`).sort());
  });

  it("the helper itself is the one place that bumps a version", () => {
    const src = fs.readFileSync(path.join(ROOT, HELPER), "utf8");
    expect(src).toMatch(/version: expectedVersion \+ 1/);
  });
});
