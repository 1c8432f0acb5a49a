import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "#db/client";
import { consents, placements, taskInputVersions } from "#db/schema";
import { countTasks, listTasks, taskCountSql } from "#app/modules/caseload/tasks.server";
import { findResident } from "#app/modules/residents/service.server";
import { cancelReservation, reservePlace, withdrawConsent } from "#app/modules/transitions/records.server";
import { applyEvent } from "#app/modules/transitions/service.server";
import { caseWorld, day, newResident, type CaseWorld } from "#tests/factories/case-world";
import { contextFor } from "#tests/factories";
import { fileOf, samplePdf } from "#tests/factories/documents";
import { movedResident, toPreparation } from "#tests/factories/moved-resident";
import { removeResidentDocument, uploadResidentDocument } from "#app/modules/documents/service.server";

/**
 * The header's task count is kept per user, scope and day with the sum of the scope's task-input
 * versions, and made again when that sum moves (decision 053). These tests prove that no write to
 * what the count reads leaves it stale, in this connection or another.
 */

const version = (w: CaseWorld, id: number) => findResident(contextFor(w.db, w.admin), id).transition.version;
const TODAY = "2026-04-10";
const at = (w: CaseWorld, user = w.worker) => contextFor(w.db, user, day(TODAY));

/** The count the header shows, and the number of tasks the list shows: they must agree. */
function shown(w: CaseWorld, user = w.worker) {
  const ctx = at(w, user);
  return { header: countTasks(ctx), list: listTasks(ctx).length };
}

/** Starts the assessment of `id` on 5 January: overdue by April (one task of `by`). */
function startAssessment(w: CaseWorld, id: number, by = w.worker, db = w.db) {
  applyEvent(contextFor(db, by, day("2026-01-05")), id, {
    type: "START_ASSESSMENT",
    on: "2026-01-05",
    version: version(w, id),
  });
}

const versionOf = (w: CaseWorld, institutionId: number) =>
  w.db.select().from(taskInputVersions).where(eq(taskInputVersions.institutionId, institutionId)).get()?.n ?? 0;

describe("the header's task count, kept between writes (decision 053)", () => {
  it("follows every write through the services: each one changes the count, and the header says so at once", async () => {
    const w = await caseWorld();
    const before = shown(w);
    expect(before).toEqual({ header: 0, list: 0 });

    // An assessment started in January is overdue by April: one task.
    const late = newResident(w, "2026-01-02");
    startAssessment(w, late);
    expect(shown(w)).toEqual({ header: 1, list: 1 });

    // The same count asked again, nothing written: the kept one, still right.
    expect(shown(w)).toEqual({ header: 1, list: 1 });

    // Another worker's case in the same institution is not this worker's task, but is the other's.
    const his = newResident(w, "2026-01-02", w.second);
    startAssessment(w, his, w.second);
    expect(shown(w)).toEqual({ header: 1, list: 1 });
    expect(shown(w, w.second)).toEqual({ header: 1, list: 1 });

    // Withdrawn: the task goes.
    applyEvent(at(w), late, { type: "WITHDRAW", on: TODAY, version: version(w, late) });
    expect(shown(w)).toEqual({ header: 0, list: 0 });

    // The worker of another institution: untouched by all of it.
    expect(shown(w, w.stranger)).toEqual({ header: 0, list: 0 });
  });

  it("a write by another connection (another server process) is seen on the next count", async () => {
    const w = await caseWorld();
    const late = newResident(w, "2026-01-02");
    expect(shown(w)).toEqual({ header: 0, list: 0 });
    const other = openDatabase(w.db.$client.name);
    try {
      startAssessment(w, late, w.worker, other);
    } finally {
      other.$client.close();
    }
    expect(shown(w)).toEqual({ header: 1, list: 1 });
  });

  it("a hand edit of a record the count reads (no service, raw SQL) is seen too", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    startAssessment(w, id);
    expect(shown(w)).toEqual({ header: 1, list: 1 });
    // The assessment's step began yesterday after all: not overdue.
    w.db.run(sql`update transitions set state_since = ${"2026-04-09"} where resident_id = ${id}`);
    expect(shown(w)).toEqual({ header: 0, list: 0 });
  });

  it("placements and consents: a reservation, a withdrawn consent and a cancelled reservation each change the count", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    toPreparation(w.db, w, id);
    // In preparation without a place: one task (reserve a place).
    expect(shown(w)).toEqual({ header: 1, list: 1 });

    reservePlace(at(w), id, { housingUnitId: w.unitId, reservedOn: TODAY, plannedMoveOn: "2026-05-30" });
    // The place is reserved, the move is weeks away: nothing to do.
    expect(shown(w)).toEqual({ header: 0, list: 0 });
    const consentId = w.db
      .select({ id: consents.id })
      .from(consents)
      .where(eq(consents.transitionId, findResident(at(w), id).transition.id))
      .get()!.id;
    withdrawConsent(at(w), id, { consentId, withdrawnOn: TODAY, version: 1 });
    // The consent is missing.
    expect(shown(w)).toEqual({ header: 1, list: 1 });
    const placementId = w.db
      .select({ id: placements.id })
      .from(placements)
      .where(eq(placements.transitionId, findResident(at(w), id).transition.id))
      .get()!.id;
    cancelReservation(at(w), id, { placementId, version: 1 });
    // No place: a reservation task as well as the consent's.
    expect(shown(w)).toEqual({ header: 2, list: 2 });
    expect(
      listTasks(at(w))
        .map((t) => t.kind)
        .sort(),
    ).toEqual(["consent", "reservation"]);
  });

  it("documents and follow-up visits: a referral running out, its removal, a visit due and its record each change the count", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    const docId = await uploadResidentDocument(
      contextFor(w.db, w.worker, day("2026-01-10")),
      id,
      { kind: "referral_decision", documentOn: "2026-01-10", stepSeq: null, validUntil: "2026-04-20" },
      fileOf(await samplePdf("Skierowanie"), "skierowanie.pdf", "application/pdf"),
    );
    // Valid until 20 April: within 30 days of today.
    expect(shown(w)).toEqual({ header: 1, list: 1 });
    removeResidentDocument(at(w), id, { documentId: docId, reason: "Wrong file", version: 1 });
    expect(shown(w)).toEqual({ header: 0, list: 0 });

    // Moved on 3 March: the first follow-up visit is due within two weeks of today.
    const moved = movedResident(w.db, { institutionId: w.instId, unit: w.unitId, worker: w.worker, second: w.second });
    const due = shown(w);
    expect(due.header).toBeGreaterThan(0);
    expect(due).toEqual({ header: due.list, list: due.list });
    w.db.run(
      sql`update follow_up_visits set visited_on = ${"2026-04-08"} where transition_id = ${findResident(at(w), moved).transition.id}`,
    );
    expect(shown(w)).toEqual({ header: 0, list: 0 });
  });

  it("every table the count reads has its three triggers, and a write to a row of it moves its institution's version", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    startAssessment(w, id);
    const tables = [
      ...new Set([...taskCountSql(at(w)).sql.matchAll(/\b(?:from|join)\s+"([a-z_]+)"/g)].map((m) => m[1]!)),
    ].sort();
    // What the union reads today; a new arm reading another table must come with its triggers.
    expect(tables).toEqual([
      "consents",
      "documents",
      "follow_up_visits",
      "institutions",
      "placements",
      "residents",
      "transition_plans",
      "transitions",
    ]);
    const triggers = new Set(
      w.db.all<{ name: string }>(sql`select name from sqlite_master where type = 'trigger'`).map((r) => r.name),
    );
    for (const t of tables)
      for (const ev of ["insert", "update", "delete"])
        expect(triggers, `${t}_task_inputs_${ev}`).toContain(`${t}_task_inputs_${ev}`);

    // A row of each, rewritten as it is: its institution's version moves by at least one.
    const moved = movedResident(w.db, { institutionId: w.instId, unit: w.unitId, worker: w.worker, second: w.second });
    const t = findResident(at(w), moved).transition.id;
    await uploadResidentDocument(
      contextFor(w.db, w.worker, day("2026-03-10")),
      moved,
      { kind: "referral_decision", documentOn: "2026-01-10", stepSeq: null, validUntil: null },
      fileOf(await samplePdf("Skierowanie"), "skierowanie.pdf", "application/pdf"),
    );
    const rowOf: Record<string, ReturnType<typeof sql>> = {
      transitions: sql`update transitions set state = state where resident_id = ${id}`,
      residents: sql`update residents set first_name = first_name where id = ${id}`,
      institutions: sql`update institutions set name = name where id = ${w.instId}`,
      follow_up_visits: sql`update follow_up_visits set due_on = due_on where transition_id = ${t}`,
      transition_plans: sql`update transition_plans set goals = goals where transition_id = ${t}`,
      placements: sql`update placements set status = status where transition_id = ${t}`,
      consents: sql`update consents set given_on = given_on where transition_id = ${t}`,
      documents: sql`update documents set kind = kind where resident_id = ${moved}`,
      "follow_up_visits (delete)": sql`delete from follow_up_visits where transition_id = ${t} and months_after_move = (select max(months_after_move) from follow_up_visits where transition_id = ${t})`,
    };
    expect(
      Object.keys(rowOf)
        .filter((k) => !k.includes(" "))
        .sort(),
    ).toEqual(tables);
    const others = versionOf(w, w.otherInstId);
    for (const [table, write] of Object.entries(rowOf)) {
      const v = versionOf(w, w.instId);
      expect(w.db.run(write).changes, table).toBeGreaterThan(0);
      expect(versionOf(w, w.instId), table).toBeGreaterThan(v);
    }
    expect(versionOf(w, w.otherInstId)).toBe(others);
  });
});
