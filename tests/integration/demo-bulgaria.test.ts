import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { users } from "#db/schema";
import { seedContext } from "#db/seed/context";
import { seedDemo } from "#db/seed/demo";
import { BG_FIGURES } from "#db/seed/demo-bulgaria";
import { listHousingUnits } from "#app/modules/housing/service.server";
import { listResidents } from "#app/modules/residents/service.server";
import { listStaff } from "#app/modules/staff/service.server";
import { listSupportSessions } from "#app/modules/staff/training.server";
import { listRatios, readiness, readinessTypes, setRatio } from "#app/modules/staff/readiness.server";
import { freshDb } from "#tests/support/db";

/**
 * The Bulgarian demo (issue #15): seed 000's Tutrakan unit, seed 001's Rakitovo patronage care,
 * seed 003's provider from another municipality, seen as the Bulgarian case workers see them.
 */
let db: Db;
const user = (email: string) => db.select().from(users).where(eq(users.email, email)).get()!;
const one = <T>(q: ReturnType<typeof sql>) => db.all<T>(q);

beforeAll(async () => {
  db = freshDb();
  await seedDemo(db);
}, 120_000);

describe("the Bulgarian demo data", () => {
  it("Tutrakan: 96 users of the hourly services, each with an assessment, an approved plan and a contract", () => {
    const ctx = seedContext(db, user("rabotnik@demo.local"), "2026-12-02");
    const list = listResidents(ctx, { page: 1 });
    expect(list.total).toBe(BG_FIGURES.tutrakanUsers + BG_FIGURES.tutrakanMovers);
    const rows = one<{ n: number; plans: number; approved: number; contracts: number }>(sql`
      select count(*) as n,
        sum(exists(select 1 from transition_plans p where p.transition_id = t.id and 'bg_home_helper' in (select value from json_each(p.planned_services)))) as plans,
        sum(exists(select 1 from transition_plans p where p.transition_id = t.id and p.status = 'approved' and p.approved_by <> p.prepared_by)) as approved,
        sum(exists(select 1 from consents c where c.transition_id = t.id and c.document_ref like 'Договор за ползване%')) as contracts
      from transitions t join institutions i on i.id = t.institution_id
      where i.name like '%Тутракан' and t.state = 'planning'`);
    expect(rows[0]).toEqual({ n: 96, plans: 96, approved: 96, contracts: 96 });
    // Every step is in the event log, written through the machine.
    const events = one<{ n: number }>(
      sql`select count(*) as n from transition_events e join transitions t on t.id = e.transition_id join institutions i on i.id = t.institution_id where i.name like '%Тутракан' and e.type = 'COMPLETE_ASSESSMENT'`,
    );
    expect(events[0]!.n).toBe(100);
    // Bulgarian names only.
    expect(list.rows.every((r) => /^[А-Яа-я]+$/.test(r.lastName))).toBe(true);
  });

  it("Tutrakan: 58 assistants and home helpers with twelve monthly support sessions by „СОНИК СТАРТ“", () => {
    const ctx = seedContext(db, user("rabotnik@demo.local"), "2026-12-02");
    expect(listStaff(ctx, { page: 1 }).total).toBe(58);
    const sessions = listSupportSessions(ctx);
    expect(sessions).toHaveLength(12);
    expect(sessions.every((s) => s.session.facilitator === "„СОНИК СТАРТ“ ООД")).toBe(true);
    expect(Math.max(...sessions.map((s) => s.attendees))).toBe(58);
  });

  it("Tutrakan: a protected home of a Bulgarian type, four moves, a service from another municipality's provider (seed 003)", () => {
    const ctx = seedContext(db, user("rabotnik@demo.local"), "2026-12-02");
    const units = listHousingUnits(ctx);
    expect(units.map((u) => u.housingType)).toEqual(["bg_protected_housing"]);
    const moved = one<{ n: number }>(
      sql`select count(*) as n from transition_events e join transitions t on t.id = e.transition_id join institutions i on i.id = t.institution_id where i.name like '%Тутракан' and e.type = 'RECORD_MOVE'`,
    );
    expect(moved[0]!.n).toBe(4);
    const other = one<{ provider: string; service_type: string }>(
      sql`select provider, service_type from community_services where provider like '%Община Силистра%'`,
    );
    expect(other).toEqual([
      { provider: expect.stringContaining("механизъм за взаимодействие"), service_type: "bg_therapy_rehabilitation" },
    ]);
  });

  it("Rakitovo (seed 001): two users died and two new users signed contracts between 01.11.2021 and 31.01.2022", () => {
    const ctx = seedContext(db, user("patronazh@demo.local"), "2026-12-02");
    expect(listResidents(ctx, { page: 1 }).total).toBe(4);
    const deaths = one<{ on: string }>(
      sql`select e.occurred_on as "on" from transition_events e join transitions t on t.id = e.transition_id join institutions i on i.id = t.institution_id where i.name like '%Ракитово' and e.type = 'RECORD_DEATH' order by 1`,
    );
    expect(deaths.map((d) => d.on)).toEqual(["2021-11-18", "2021-12-09"]);
    const contracts = one<{ given_on: string }>(
      sql`select c.given_on from consents c join transitions t on t.id = c.transition_id join institutions i on i.id = t.institution_id where i.name like '%Ракитово' and c.given_on between '2021-11-01' and '2022-01-31' order by 1`,
    );
    expect(contracts).toHaveLength(BG_FIGURES.rakitovoNewUsers);
    // The Tutrakan worker sees none of Rakitovo's people.
    const tutrakan = seedContext(db, user("rabotnik@demo.local"), "2026-12-02");
    expect(listResidents(tutrakan, { page: 1, q: "" }).rows.some((r) => r.institutionName.includes("Ракитово"))).toBe(
      false,
    );
    // The home helpers' supporting training is completed and counted.
    const trained = one<{ n: number }>(
      sql`select count(*) as n from enrolments e join institutions i on i.id = e.institution_id where i.name like '%Ракитово' and e.state = 'completed'`,
    );
    expect(trained[0]!.n).toBe(BG_FIGURES.rakitovoHelpers);
  });

  it("the readiness view of a Bulgarian worker has Bulgarian types only, with the need from Bulgarian places and plans", () => {
    const ctx = seedContext(db, user("rabotnik@demo.local"), "2026-12-02");
    const types = readinessTypes(ctx);
    expect(types.housing.every((c) => c.startsWith("bg_"))).toBe(true);
    expect(types.service.every((c) => c.startsWith("bg_"))).toBe(true);
    expect(
      listRatios(ctx)
        .map((r) => r.typeCode)
        .sort(),
    ).toEqual(["bg_assistant_support", "bg_patronage_care", "bg_protected_housing"]);
    const rows = readiness(ctx, "2026-12-02");
    const living = rows.find((r) => r.competence === "supported_living")!;
    // The protected home's 6 places × 0.5.
    expect(living).toMatchObject({ need: 3, trained: 0, gap: 3 });
    expect(living.sources).toEqual([
      { subject: "housing", typeCode: "bg_protected_housing", units: 6, ratio: 0.5, need: 3 },
    ]);
    // Rakitovo: the home helpers completed their supporting training, enough for the two plans of patronage care.
    const rakitovo = readiness(seedContext(db, user("patronazh@demo.local"), "2026-12-02"), "2026-12-02").find(
      (r) => r.competence === "home_care",
    )!;
    expect(rakitovo).toMatchObject({ need: 1, trained: 4, gap: 0 });
    // The administrator sees both countries' ratios.
    const admin = seedContext(db, user("admin@demo.local"), "2026-12-02");
    expect(listRatios(admin).some((r) => r.typeCode.startsWith("pl_"))).toBe(true);
    expect(listRatios(admin).some((r) => r.typeCode.startsWith("bg_"))).toBe(true);
  });

  it("a ratio for a type of a country outside the user's institutions is refused, nothing written", () => {
    const ctx = seedContext(db, user("rabotnik@demo.local"), "2026-12-02");
    const before = listRatios(seedContext(db, user("admin@demo.local"), "2026-12-02")).length;
    expect(() =>
      setRatio(ctx, {
        subject: "housing",
        typeCode: "pl_training_flat",
        competenceArea: "supported_living",
        staffPerUnit: 1,
      }),
    ).toThrow(expect.objectContaining({ messageKey: "staff.errors.unknownType" }));
    expect(listRatios(seedContext(db, user("admin@demo.local"), "2026-12-02"))).toHaveLength(before);
  });
});
