import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "#app/utils/errors";
import { FULL_SCOPE, INSTITUTION_OUT_OF_SCOPE, institutionInScope } from "#app/utils/scope.server";
import { freshDb } from "#tests/support/db";
import { createInstitution } from "#tests/factories";

/**
 * Issue #19 item 3: one institution-scope check for a write that names an institution, with one
 * message. It used to be four (residents, housing, staff and imports, training) and a fifth in grants.
 */
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return `${e.label}:${e.messageKey}`;
    throw e;
  }
  return "accepted";
};

describe("institutionInScope", () => {
  it("gives the institution in scope; refuses one outside it and one that does not exist alike", () => {
    const db = freshDb();
    const mine = createInstitution(db);
    const other = createInstitution(db);
    const worker = { scope: { all: false as const, institutionIds: [mine.id] } };
    expect(institutionInScope(worker, mine.id, db)).toMatchObject({ id: mine.id, timeZone: mine.timeZone });
    const refused = `validation:${INSTITUTION_OUT_OF_SCOPE}`;
    expect(refusal(() => institutionInScope(worker, other.id, db))).toBe(refused);
    expect(refusal(() => institutionInScope(worker, other.id + 999, db))).toBe(refused);
    expect(refusal(() => institutionInScope({ scope: { all: false, institutionIds: [] } }, mine.id, db))).toBe(refused);
    expect(institutionInScope({ scope: FULL_SCOPE }, other.id, db).id).toBe(other.id);
    expect(refusal(() => institutionInScope({ scope: FULL_SCOPE }, other.id + 999, db))).toBe(refused);
  });

  it("is the only one: no module defines its own check or names its own out-of-scope message", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const walk = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.posix.join(dir, e.name);
        return e.isDirectory() ? walk(rel) : /\.(ts|tsx)$/.test(e.name) ? [rel] : [];
      });
    const offenders = ["app", "db/seed", "scripts"]
      .flatMap(walk)
      .filter((f) => f !== "app/utils/scope.server.ts")
      .filter((f) => {
        const src = fs.readFileSync(path.join(root, f), "utf8");
        return (
          /function (assertInstitutionInScope|assertInstitution|institutionInScope)\b/.test(src) ||
          /institutionOutOfScope/.test(src) ||
          /outOfScopeKey/.test(src)
        );
      });
    expect(offenders).toEqual([]);
    for (const locale of ["en", "pl", "bg"]) {
      const json = fs.readFileSync(path.join(root, `app/locales/${locale}.json`), "utf8");
      expect(json.match(/"institutionOutOfScope"/g), locale).toHaveLength(1);
    }
  });
});
