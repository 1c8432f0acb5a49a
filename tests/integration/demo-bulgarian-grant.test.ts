import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { users } from "#db/schema";
import { seedDemo } from "#db/seed/demo";
import { seedContext } from "#db/seed/context";
import { BG_DEMO_GRANT_NUMBER, DEMO_GRANT_NUMBER } from "#db/seed/demo-grant";
import { getGrant, listGrants } from "#app/modules/grants/service.server";
import { getPeriodReport } from "#app/modules/grants/reports.server";
import { freshDb } from "#tests/support/db";

/**
 * Issue #15 (noticed at stop 22): the demo had no Bulgarian grant. Seed 000's Tutrakan project is
 * one, with its real figures; the Bulgarian grant manager sees it and its submitted reports, and
 * not the Polish one (decision 046).
 */
let db: Db;
const user = (email: string) => db.select().from(users).where(eq(users.email, email)).get()!;

beforeAll(async () => {
  db = freshDb();
  await seedDemo(db);
}, 180_000);

describe("the Bulgarian demo grant", () => {
  it("is seed 000's contract, in leva, 19 months in half-yearly periods, seen only by the Bulgarian grant manager", () => {
    const ctx = seedContext(db, user("menidzhar@demo.local"), "2026-12-02");
    const mine = listGrants(ctx);
    expect(mine.map((g) => g.contractNumber)).toEqual([BG_DEMO_GRANT_NUMBER]);
    expect(mine[0]).toMatchObject({
      currency: "BGN",
      budgetMinor: 49_445_193,
      startsOn: "2016-01-01",
      endsOn: "2017-07-31",
    });
    const g = getGrant(ctx, mine[0]!.id);
    expect(g.periods.map((p) => [p.startsOn, p.endsOn])).toEqual([
      ["2016-01-01", "2016-06-30"],
      ["2016-07-01", "2016-12-31"],
      ["2017-01-01", "2017-06-30"],
      ["2017-07-01", "2017-07-31"],
    ]);
    expect(g.periods.map((p) => p.reportState ?? null)).toEqual(["submitted", "submitted", null, null]);
    const polish = seedContext(db, user("koordynator@demo.local"), "2026-12-02");
    expect(listGrants(polish).map((g) => g.contractNumber)).toEqual([DEMO_GRANT_NUMBER]);
  });

  it("its first report counts the Tutrakan users and assistants against the targets 96 and 58", () => {
    const ctx = seedContext(db, user("menidzhar@demo.local"), "2026-12-02");
    const id = listGrants(ctx)[0]!.id;
    const period = getGrant(ctx, id).periods[0]!;
    const view = getPeriodReport(ctx, id, period.id);
    expect(view.report?.state).toBe("submitted");
    expect(view.integrityOk).toBe(true);
    const row = (code: string) => view.rows.find((r) => r.code === code)!;
    expect(row("RES_COVERED").target).toBe(96);
    expect(row("STAFF_SUPPORTED").target).toBe(58);
    expect(row("RES_COVERED").cumulative).toBeGreaterThan(0);
    expect(row("STAFF_SUPPORTED").cumulative).toBeGreaterThan(0);
  });
});
