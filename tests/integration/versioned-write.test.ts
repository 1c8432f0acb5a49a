import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { planActionProgress, planPublications } from "#db/schema";
import { publishPlan } from "#app/modules/plans/publication.server";
import { createPlan, editPlan, getPlanVersion, setActionStatus } from "#app/modules/plans/service.server";
import { AppError } from "#app/utils/errors";
import { updateVersioned } from "#app/utils/versioned.server";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createMunicipality, createUser } from "#tests/factories";

/**
 * Issue #19 item 2: `updateVersioned` is the one optimistic-concurrency write, also for a table
 * keyed by another column (a plan's publication is keyed by its plan) and for writes that come
 * from no versioned form (an action's status): the version is bumped all the same.
 */
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.messageKey;
    throw e;
  }
  return "accepted";
};

async function world() {
  const db = freshDb();
  const area = createMunicipality(db);
  const inst = createInstitution(db, { municipalityId: area.id });
  const wg = (await createUser(db, { role: "working_group", institutionIds: [inst.id] })).id;
  const ctx = () => contextFor(db, wg, new Date("2026-05-10T10:00:00Z"));
  const planId = createPlan(ctx(), { municipalityId: area.id, title: "Plan DI" });
  return { db, ctx, planId };
}

describe("updateVersioned", () => {
  it("writes by another key: the version seen wins once, a stale one is told, a missing row is 404", async () => {
    const { db, ctx, planId } = await world();
    publishPlan(ctx(), planId, { version: 0, locale: "pl" });
    const row = () => db.select().from(planPublications).where(eq(planPublications.planId, planId)).get()!;
    expect(row().version).toBe(1);
    const write = (version: number, key = planId) =>
      refusal(() => updateVersioned(db, planPublications, key, version, { locale: "en" }, planPublications.planId));
    expect(write(1)).toBe("accepted");
    expect(row()).toMatchObject({ version: 2, locale: "en" });
    expect(write(1)).toBe("errors.conflict");
    expect(write(2, planId + 999)).toBe("errors.notFound.body");
    expect(row().version).toBe(2);
  });

  it("a write from no versioned form still bumps the version", async () => {
    const { db, ctx, planId } = await world();
    editPlan(ctx(), planId, getPlanVersion(ctx(), planId).version.version, "action_added", (c) => ({
      ...c,
      goals: [{ id: "g1", title: "Mieszkania", description: "" }],
      actions: [
        {
          id: "a1",
          goalId: "g1",
          title: "Mieszkanie",
          owner: "",
          start: "2026-01-01",
          deadline: "2026-12-31",
          budget: 0,
          currency: "PLN",
          fundingSource: "",
          status: "planned",
        },
      ],
    }));
    setActionStatus(ctx(), planId, { actionId: "a1", status: "in_progress" });
    setActionStatus(ctx(), planId, { actionId: "a1", status: "done" });
    const p = db.select().from(planActionProgress).where(eq(planActionProgress.planId, planId)).get()!;
    expect(p).toMatchObject({ status: "done", version: 2 });
  });
});
