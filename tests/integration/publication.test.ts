import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, planPublications } from "#db/schema";
import { publicSummary, publishPlan, unpublishPlan, getPublication } from "#app/modules/plans/publication.server";
import { publicationSchema } from "#app/modules/plans/schemas";
import { createPlan, editPlan, getPlanVersion } from "#app/modules/plans/service.server";
import { AppError } from "#app/utils/errors";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createMunicipality, createUser } from "#tests/factories";
import { registerResident, type GrantWorld } from "#tests/factories/grants";

/**
 * Issue #16, "beyond the mends" 4: the working group publishes its plan's progress for the
 * municipality's website; nobody signs in to read it; small counts are hidden; it can be
 * withdrawn; every change is audited and versioned (docs/decisions/022-small-count-suppression.md).
 */

const day = (d: string) => new Date(`${d}T10:00:00Z`);

async function world() {
  const db = freshDb();
  const area = createMunicipality(db, { name: "Miasto Zielona Góra" });
  const inst = createInstitution(db, { municipalityId: area.id });
  const wg = (await createUser(db, { role: "working_group", institutionIds: [inst.id] })).id;
  const worker = (await createUser(db, { role: "case_worker", institutionIds: [inst.id] })).id;
  const outsider = (await createUser(db, { role: "working_group", institutionIds: [createInstitution(db).id] })).id;
  const ctx = (d = "2026-05-10") => contextFor(db, wg, day(d));
  const planId = createPlan(ctx(), { municipalityId: area.id, title: "Plan DI Zielona Góra" });
  const edit = (change: Parameters<typeof editPlan>[4]) =>
    editPlan(ctx(), planId, getPlanVersion(ctx(), planId).version.version, "general_updated", change);
  edit((c) => ({ ...c, periodFrom: "2026-01-01", periodTo: "2027-12-31" }));
  edit((c) => ({
    ...c,
    goals: [{ id: "g1", title: "Własne mieszkania dla 30 osób", description: "Dwa mieszkania wspomagane." }],
  }));
  edit((c) => ({
    ...c,
    milestones: [
      {
        id: "m1",
        date: "2026-12-31",
        title: "Pierwsze przeprowadzki",
        targets: { RES_COVERED: 10, PLACES_CREATED: 6 },
      },
    ],
  }));
  const people = { db, worker } as unknown as GrantWorld;
  return { db, inst: inst.id, wg, outsider, ctx, planId, people };
}

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.messageKey;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("the public progress summary", () => {
  it("shows nothing until published; then goals, milestones and progress without anyone's data; one or two persons are hidden", async () => {
    const w = await world();
    expect(getPublication(w.ctx(), w.planId)).toBeNull();
    // Two residents covered in February, one registered this month (not yet counted).
    const a = registerResident(w.people, w.inst, "2026-02-10", {
      targetGroup: "mental_health_crisis",
      disability: "yes",
    });
    const b = registerResident(w.people, w.inst, "2026-02-20");
    registerResident(w.people, w.inst, "2026-05-02");
    const { token } = publishPlan(w.ctx(), w.planId, { version: 0, locale: "pl" });
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const s = publicSummary(w.db, token, day("2026-05-10"))!;
    expect(s).toMatchObject({
      title: "Plan DI Zielona Góra",
      municipalityName: "Miasto Zielona Góra",
      locale: "pl",
      asOf: "2026-04-30",
      threshold: 3,
    });
    expect(s.goals).toEqual([{ title: "Własne mieszkania dla 30 osób", description: "Dwa mieszkania wspomagane." }]);
    // Two persons covered by the end of April: hidden. Places are not persons: shown.
    expect(s.indicators).toEqual([
      { code: "RES_COVERED", unit: "persons", actual: null, finalTarget: 10 },
      { code: "PLACES_CREATED", unit: "places", actual: 0, finalTarget: 6 },
    ]);
    expect(s.milestones[0]).toMatchObject({
      title: "Pierwsze przeprowadzki",
      status: "at_risk",
      targets: [
        { code: "RES_COVERED", target: 10, actual: null },
        { code: "PLACES_CREATED", target: 6, actual: 0 },
      ],
    });
    // No code, name or category of a person.
    const text = JSON.stringify(s);
    for (const x of [a.code, b.code, "Nowak", "mental_health_crisis", "disability"]) expect(text).not.toContain(x);

    // In June the May registration counts too: three, shown.
    expect(publicSummary(w.db, token, day("2026-06-01"))!.indicators[0]!.actual).toBe(3);
    // An unknown token is nothing.
    expect(publicSummary(w.db, "A".repeat(22), day("2026-06-01"))).toBeNull();
  });

  it("withdraws and publishes again at the same address; each change audited with before and after; a stale form is refused", async () => {
    const w = await world();
    const { token } = publishPlan(w.ctx(), w.planId, { version: 0, locale: "bg" });
    expect(refusal(() => publishPlan(w.ctx(), w.planId, { version: 0, locale: "pl" }))).toBe("errors.conflict");
    unpublishPlan(w.ctx(), w.planId, { version: 1 });
    expect(publicSummary(w.db, token, day("2026-06-01"))).toBeNull();
    expect(refusal(() => unpublishPlan(w.ctx(), w.planId, { version: 2 }))).toBe(
      "plans.publication.errors.notPublished",
    );
    expect(refusal(() => unpublishPlan(w.ctx(), w.planId, { version: 1 }))).toBe("errors.conflict");
    expect(publishPlan(w.ctx(), w.planId, { version: 2, locale: "pl" }).token).toBe(token);
    expect(publicSummary(w.db, token, day("2026-06-01"))!.locale).toBe("pl");
    expect(getPublication(w.ctx(), w.planId)).toMatchObject({
      published: true,
      version: 3,
      planVersionNumber: 1,
      locale: "pl",
    });
    const log = w.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityType, "plan"))
      .all()
      .filter((e) => e.action.startsWith("plan.") && e.action.includes("publish"));
    expect(log.map((e) => e.action)).toEqual(["plan.published", "plan.unpublished", "plan.published"]);
    expect(log[1]!.before).toMatchObject({ published: true, locale: "bg" });
    expect(log[1]!.after).toMatchObject({ published: false });
    expect(log[2]!.after).toMatchObject({ published: true, locale: "pl", token });
  });

  it("someone without the plan area in scope cannot publish; a bad language is refused by the form: nothing written", async () => {
    const w = await world();
    expect(() => publishPlan(contextFor(w.db, w.outsider), w.planId, { version: 0, locale: "pl" })).toThrow(AppError);
    expect(publicationSchema.safeParse({ intent: "publish", version: "0", locale: "de" }).success).toBe(false);
    expect(publicationSchema.safeParse({ intent: "unpublish", version: "0" }).success).toBe(false);
    expect(
      w.db
        .select({ n: sql<number>`count(*)` })
        .from(planPublications)
        .get()!.n,
    ).toBe(0);
  });
});
