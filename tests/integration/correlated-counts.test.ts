import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { seedDemo } from "#db/seed/demo";
import { listGrants } from "#app/modules/grants/service.server";
import { listInstitutions } from "#app/modules/institutions/service.server";
import { listPlans } from "#app/modules/plans/service.server";
import { listStaff } from "#app/modules/staff/service.server";
import { listModules, listSupportSessions } from "#app/modules/staff/training.server";
import { FULL_SCOPE } from "#app/utils/scope.server";
import type { ServiceContext } from "#app/utils/context.server";
import { freshDb } from "#tests/support/db";

/**
 * The per-row counts of the lists (correlated subqueries) on the demo data, against a direct
 * count: drizzle writes bare column names in a single-table select, so an unqualified outer
 * column once made every count compare a table with itself (0 or nonsense).
 */
let db: Db;
let ctx: ServiceContext;
const count = (q: ReturnType<typeof sql>) => db.get<{ n: number }>(q)!.n;

beforeAll(async () => {
  db = freshDb();
  await seedDemo(db);
  ctx = {
    db,
    actor: { id: 1, email: "admin@demo.local", name: "Admin", role: "admin", locale: "en" },
    scope: FULL_SCOPE,
    requestId: "t",
    ip: null,
    now: new Date(),
  };
}, 60_000);

describe("list counts on the demo data", () => {
  it("training modules: enrolled and completed per module", () => {
    const modules = listModules(ctx);
    expect(modules.reduce((n, m) => n + m.completed, 0)).toBe(
      count(sql`select count(*) as n from enrolments where state = 'completed'`),
    );
    expect(modules.reduce((n, m) => n + m.enrolled, 0)).toBe(
      count(sql`select count(*) as n from enrolments where state in ('enrolled', 'in_progress')`),
    );
    for (const m of modules) {
      expect(m.completed).toBe(
        count(sql`select count(*) as n from enrolments where module_id = ${m.module.id} and state = 'completed'`),
      );
    }
  });

  it("staff register: each person's completed and open enrolments and support sessions", () => {
    const { rows } = listStaff(ctx, { page: 1 });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.completed).toBe(
        count(sql`select count(*) as n from enrolments where staff_member_id = ${r.id} and state = 'completed'`),
      );
      expect(r.supportSessions).toBe(
        count(sql`select count(*) as n from support_session_attendees where staff_member_id = ${r.id}`),
      );
    }
    expect(rows.some((r) => r.completed > 0 || r.supportSessions > 0)).toBe(true);
  });

  it("grants: periods and submitted reports; plans: latest version; institutions: users granted", () => {
    // The Bulgarian demo grant (4 half-years, 2 submitted) and the Polish one (5 quarters, 3 submitted).
    expect(listGrants(ctx).map((g) => [g.periods, g.submitted])).toEqual([
      [4, 2],
      [5, 3],
    ]);
    for (const p of listPlans(ctx))
      expect(p.latest).toBe(count(sql`select max(number) as n from plan_versions where plan_id = ${p.id}`));
    for (const i of listInstitutions(ctx))
      expect(i.staffUsers).toBe(count(sql`select count(*) as n from user_institutions where institution_id = ${i.id}`));
  });

  it("support sessions: attendees per session", () => {
    const sessions = listSupportSessions(ctx);
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions.slice(0, 20))
      expect(s.attendees).toBe(
        count(sql`select count(*) as n from support_session_attendees where session_id = ${s.session.id}`),
      );
  });
});
