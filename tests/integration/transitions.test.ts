import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, communityServices, followUpVisits, housingUnits, placements, transitionEvents } from "#db/schema";
import { createResident, findResident } from "#app/modules/residents/service.server";
import {
  addService,
  approvePlan,
  recordConsent,
  recordVisit,
  reservePlace,
  saveAssessment,
  savePlan,
  withdrawConsent,
} from "#app/modules/transitions/records.server";
import { actionOptions, applyEvent, factsFor, replay, restoreSnapshot } from "#app/modules/transitions/service.server";
import type { AssessmentFormOutput } from "#app/modules/transitions/schemas";
import { LIFE_DOMAINS } from "#db/schema/enums";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createUser } from "#tests/factories";

const day = (d: string) => new Date(`${d}T10:00:00Z`);

function assessment(completedOn: string | null, version = 0): AssessmentFormOutput {
  const input: Record<string, unknown> = {
    overallIntensity: "limited",
    summary: "",
    completedByName: "Anna Nowak",
    completedOn,
    version,
  };
  for (const d of LIFE_DOMAINS) {
    input[`domain_${d}`] = "limited";
    input[`note_${d}`] = "";
  }
  return input as AssessmentFormOutput;
}

interface World {
  db: Db;
  instId: number;
  worker: number;
  second: number;
  unitId: number;
}

async function world(capacity = 6): Promise<World> {
  const db = freshDb();
  const inst = createInstitution(db);
  const worker = (await createUser(db, { institutionIds: [inst.id] })).id;
  const second = (await createUser(db, { institutionIds: [inst.id] })).id;
  const unitId = db
    .insert(housingUnits)
    .values({
      institutionId: inst.id,
      housingType: "pl_training_flat",
      name: "Mieszkanie 1",
      address: "ul. Prosta 1",
      operatorName: "Miasto",
      operatorKind: "municipality",
      capacity,
      status: "open",
      openedOn: "2025-12-01",
    })
    .returning({ id: housingUnits.id })
    .get().id;
  return { db, instId: inst.id, worker, second, unitId };
}

function newResident(w: World, on: string, legalCapacity: "full" | "partial" | "none" = "full") {
  return createResident(contextFor(w.db, w.worker, day(on)), {
    institutionId: w.instId,
    firstName: "Jan",
    lastName: `Kowalski ${Math.random()}`,
    sex: "male",
    dateOfBirth: "1950-04-02",
    targetGroup: "older_person",
    disability: "yes",
    legalCapacity,
    guardianName: legalCapacity === "full" ? "" : "Maria Kowalska",
    guardianContact: "",
    guardianDecision: "",
    admissionDate: "2015-01-01",
    supportNeeds: "",
  });
}

function version(w: World, residentId: number) {
  return findResident(contextFor(w.db, w.worker), residentId).transition.version;
}

function send(
  w: World,
  residentId: number,
  type: Parameters<typeof applyEvent>[2]["type"],
  on: string,
  now = on,
  user = w.worker,
) {
  return applyEvent(contextFor(w.db, user, day(now)), residentId, { type, on, version: version(w, residentId) });
}

/** Takes a resident from identified to in_community, the way a case worker does. */
function toCommunity(w: World, id: number) {
  send(w, id, "START_ASSESSMENT", "2026-01-05");
  saveAssessment(contextFor(w.db, w.worker, day("2026-01-20")), id, assessment("2026-01-20"));
  send(w, id, "COMPLETE_ASSESSMENT", "2026-01-20");
  savePlan(contextFor(w.db, w.worker, day("2026-02-01")), id, {
    goals: "Live in a training flat",
    supportNeeded: "Daily assistance",
    housingPreference: "pl_training_flat",
    plannedServices: ["pl_care_services"],
    writtenOn: "2026-02-01",
    version: 0,
  });
  approvePlan(contextFor(w.db, w.second, day("2026-02-03")), id, { approvedOn: "2026-02-03", version: 1 });
  recordConsent(contextFor(w.db, w.worker, day("2026-02-04")), id, {
    givenBy: "resident",
    guardianName: "",
    givenOn: "2026-02-04",
    documentRef: "",
  });
  send(w, id, "START_PREPARATION", "2026-02-05");
  reservePlace(contextFor(w.db, w.worker, day("2026-02-10")), id, {
    housingUnitId: w.unitId,
    reservedOn: "2026-02-10",
    plannedMoveOn: "2026-03-03",
  });
  send(w, id, "START_MOVE", "2026-02-20");
  send(w, id, "RECORD_MOVE", "2026-03-03", "2026-03-10");
}

describe("transition workflow on the database", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it("opens a transition in 'identified' on registration, dated today in the institution's zone", () => {
    const id = newResident(w, "2026-01-02");
    const { transition } = findResident(contextFor(w.db, w.worker), id);
    expect(transition).toMatchObject({ state: "identified", openedOn: "2026-01-02", version: 1 });
  });

  it("runs identified → in_community, moving the placement and scheduling 1/3/6/12-month visits", () => {
    const id = newResident(w, "2026-01-02");
    toCommunity(w, id);
    const { transition } = findResident(contextFor(w.db, w.worker), id);
    expect(transition.state).toBe("in_community");
    const p = w.db.select().from(placements).where(eq(placements.transitionId, transition.id)).get();
    expect(p).toMatchObject({ status: "active", movedInOn: "2026-03-03" });
    const visits = w.db.select().from(followUpVisits).where(eq(followUpVisits.transitionId, transition.id)).all();
    expect(visits.map((v) => [v.monthsAfterMove, v.dueOn])).toEqual([
      [1, "2026-04-03"],
      [3, "2026-06-03"],
      [6, "2026-09-03"],
      [12, "2027-03-03"],
    ]);
    // The event keeps both times: happened on 3 March, recorded on 10 March.
    const move = w.db.select().from(transitionEvents).where(eq(transitionEvents.type, "RECORD_MOVE")).get();
    expect(move).toMatchObject({ occurredOn: "2026-03-03" });
    expect(move!.recordedAt.slice(0, 10)).toBe("2026-03-10");
  });

  it("replaying the stored event log reproduces the stored snapshot", () => {
    const id = newResident(w, "2026-01-02");
    toCommunity(w, id);
    send(w, id, "PUT_ON_HOLD", "2026-03-20");
    send(w, id, "RESUME", "2026-03-25");
    const { transition } = findResident(contextFor(w.db, w.worker), id);
    const events = w.db
      .select()
      .from(transitionEvents)
      .where(eq(transitionEvents.transitionId, transition.id))
      .orderBy(transitionEvents.seq)
      .all();
    expect(events.map((e) => e.type)).toEqual([
      "START_ASSESSMENT",
      "COMPLETE_ASSESSMENT",
      "START_PREPARATION",
      "START_MOVE",
      "RECORD_MOVE",
      "PUT_ON_HOLD",
      "RESUME",
    ]);
    expect(replay(events)).toEqual(transition.snapshot);
  });

  it("refuses each step whose guard fails, with the guard's reason, and writes nothing", () => {
    const id = newResident(w, "2026-01-02");
    send(w, id, "START_ASSESSMENT", "2026-01-05");
    const before = w.db.select().from(transitionEvents).all().length;
    expect(() => send(w, id, "COMPLETE_ASSESSMENT", "2026-01-06")).toThrowError(
      expect.objectContaining({ messageKey: "transitions.guards.assessmentCompleted" }),
    );
    saveAssessment(contextFor(w.db, w.worker, day("2026-01-20")), id, assessment(null));
    expect(() => send(w, id, "COMPLETE_ASSESSMENT", "2026-01-20")).toThrowError(/assessmentCompleted/);
    saveAssessment(contextFor(w.db, w.worker, day("2026-01-20")), id, assessment("2026-01-20", 1));
    send(w, id, "COMPLETE_ASSESSMENT", "2026-01-20");
    expect(() => send(w, id, "START_PREPARATION", "2026-01-21")).toThrowError(/planApproved/);
    expect(() => send(w, id, "RECORD_MOVE", "2026-01-21")).toThrowError(
      expect.objectContaining({ messageKey: "transitions.errors.notInState" }),
    );
    expect(w.db.select().from(transitionEvents).all().length).toBe(before + 1);
  });

  it("refuses a date in the future", () => {
    const id = newResident(w, "2026-01-02");
    expect(() => send(w, id, "START_ASSESSMENT", "2026-01-09", "2026-01-08")).toThrowError(/occurredNotInFuture/);
  });

  it("refuses a move dated before the plan's (re-)approval, naming both dates", () => {
    const id = newResident(w, "2026-01-02");
    send(w, id, "START_ASSESSMENT", "2026-01-05");
    saveAssessment(contextFor(w.db, w.worker, day("2026-01-20")), id, assessment("2026-01-20"));
    send(w, id, "COMPLETE_ASSESSMENT", "2026-01-20");
    const plan = {
      goals: "g",
      supportNeeded: "s",
      housingPreference: "",
      plannedServices: [],
      writtenOn: "2026-02-01",
    };
    savePlan(contextFor(w.db, w.worker, day("2026-02-01")), id, { ...plan, version: 0 });
    approvePlan(contextFor(w.db, w.second, day("2026-02-03")), id, { approvedOn: "2026-02-03", version: 1 });
    recordConsent(contextFor(w.db, w.worker, day("2026-02-04")), id, {
      givenBy: "resident",
      guardianName: "",
      givenOn: "2026-02-04",
      documentRef: "",
    });
    send(w, id, "START_PREPARATION", "2026-02-05");
    reservePlace(contextFor(w.db, w.worker, day("2026-02-10")), id, {
      housingUnitId: w.unitId,
      reservedOn: "2026-02-10",
      plannedMoveOn: null,
    });
    send(w, id, "START_MOVE", "2026-02-20");
    // The plan is changed and approved again on 25 February: a move on the 22nd came before it.
    savePlan(contextFor(w.db, w.worker, day("2026-02-24")), id, { ...plan, writtenOn: "2026-02-24", version: 2 });
    approvePlan(contextFor(w.db, w.second, day("2026-02-25")), id, { approvedOn: "2026-02-25", version: 3 });
    expect(() => send(w, id, "RECORD_MOVE", "2026-02-22", "2026-02-26")).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.guards.planApprovedLater",
        values: { on: "d:2026-02-22", fact: "d:2026-02-25", event: "t:transitions.events.RECORD_MOVE" },
      }),
    );
    send(w, id, "RECORD_MOVE", "2026-02-25", "2026-02-26");
  });

  it("the plan needs a second person's approval", () => {
    const id = newResident(w, "2026-01-02");
    savePlan(contextFor(w.db, w.worker, day("2026-02-01")), id, {
      goals: "g",
      supportNeeded: "s",
      housingPreference: "",
      plannedServices: [],
      writtenOn: "2026-02-01",
      version: 0,
    });
    expect(() =>
      approvePlan(contextFor(w.db, w.worker, day("2026-02-02")), id, { approvedOn: "2026-02-02", version: 1 }),
    ).toThrowError(/selfApproval/);
    approvePlan(contextFor(w.db, w.second, day("2026-02-02")), id, { approvedOn: "2026-02-02", version: 1 });
  });

  it("consent must come from whom the legal capacity requires; a withdrawal revokes it", () => {
    const guarded = newResident(w, "2026-01-02", "none");
    const ctx = contextFor(w.db, w.worker, day("2026-02-04"));
    expect(() =>
      recordConsent(ctx, guarded, { givenBy: "resident", guardianName: "", givenOn: "2026-02-04", documentRef: "" }),
    ).toThrowError(expect.objectContaining({ messageKey: "transitions.errors.consentGiver.none" }));
    recordConsent(ctx, guarded, {
      givenBy: "guardian",
      guardianName: "Maria Kowalska",
      givenOn: "2026-02-04",
      documentRef: "",
    });
    const row = findResident(ctx, guarded);
    expect(factsFor(w.db, row, "2026-02-04", "2026-02-04").consentGivenOn).toBe("2026-02-04");
    const partial = newResident(w, "2026-01-02", "partial");
    expect(() =>
      recordConsent(ctx, partial, { givenBy: "guardian", guardianName: "X", givenOn: "2026-02-04", documentRef: "" }),
    ).toThrowError(/consentGiver.partial/);
    const consentId = w.db.select().from(auditEvents).where(eq(auditEvents.action, "consent.recorded")).get()!
      .entityId!;
    withdrawConsent(ctx, guarded, { consentId: Number(consentId), withdrawnOn: "2026-02-04", version: 1 });
    expect(factsFor(w.db, row, "2026-02-04", "2026-02-04").consentGivenOn).toBeNull();
  });

  it("a second person acting on a stale page is told who changed what; nothing of theirs is written", () => {
    const id = newResident(w, "2026-01-02");
    const seen = version(w, id);
    applyEvent(contextFor(w.db, w.second, day("2026-01-05")), id, {
      type: "START_ASSESSMENT",
      on: "2026-01-05",
      version: seen,
    });
    let err: unknown;
    try {
      applyEvent(contextFor(w.db, w.worker, day("2026-01-05")), id, {
        type: "PUT_ON_HOLD",
        on: "2026-01-05",
        version: seen,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      label: "conflict",
      messageKey: "transitions.errors.stale",
      values: { event: "t:transitions.events.START_ASSESSMENT" },
    });
    expect(findResident(contextFor(w.db, w.worker), id).transition.state).toBe("assessment");
  });

  it("completes only after 12 months with every scheduled visit recorded", () => {
    const id = newResident(w, "2026-01-02");
    toCommunity(w, id);
    expect(() => send(w, id, "COMPLETE", "2027-03-03")).toThrowError(/followUpVisitsRecorded|followUpPeriodOver/);
    const visits = w.db.select().from(followUpVisits).all();
    for (const v of visits) {
      recordVisit(contextFor(w.db, w.worker, day(v.dueOn)), id, v.id, {
        visitedOn: v.dueOn,
        findings: "Settled well",
        actions: "",
        version: v.version,
      });
    }
    expect(() => send(w, id, "COMPLETE", "2027-03-02")).toThrowError(/followUpPeriodOver/);
    send(w, id, "COMPLETE", "2027-03-03");
    expect(findResident(contextFor(w.db, w.worker), id).transition.state).toBe("completed");
  });

  it("a return ends the placement and the community services running that day; re-planning is possible", () => {
    const id = newResident(w, "2026-01-02");
    toCommunity(w, id);
    const ctx = contextFor(w.db, w.worker, day("2026-03-15"));
    addService(ctx, id, {
      serviceType: "pl_care_services",
      provider: "MOPS",
      startOn: "2026-03-04",
      endOn: null,
      hoursPerWeek: 10,
    });
    addService(ctx, id, {
      serviceType: "pl_care_services",
      provider: "MOPS",
      startOn: "2026-03-04",
      endOn: "2026-12-31",
      hoursPerWeek: 5,
    });
    addService(ctx, id, {
      serviceType: "pl_care_services",
      provider: "MOPS",
      startOn: "2026-03-04",
      endOn: "2026-04-30",
      hoursPerWeek: 5,
    });
    send(w, id, "RETURN", "2026-05-01");
    const { transition } = findResident(contextFor(w.db, w.worker), id);
    expect(w.db.select().from(placements).where(eq(placements.transitionId, transition.id)).get()).toMatchObject({
      status: "ended",
      endedOn: "2026-05-01",
    });
    const ends = w.db
      .select({ endOn: communityServices.endOn })
      .from(communityServices)
      .where(eq(communityServices.transitionId, transition.id))
      .orderBy(communityServices.id)
      .all();
    expect(ends.map((e) => e.endOn)).toEqual(["2026-05-01", "2026-05-01", "2026-04-30"]);
    send(w, id, "REPLAN", "2026-05-02");
    expect(findResident(contextFor(w.db, w.worker), id).transition.state).toBe("planning");
  });

  it("lists the actions of a state with the reasons they are refused", () => {
    const id = newResident(w, "2026-01-02");
    send(w, id, "START_ASSESSMENT", "2026-01-05");
    const row = findResident(contextFor(w.db, w.worker), id);
    const options = actionOptions(
      restoreSnapshot(row.transition.snapshot, row.transition.machineVersion),
      factsFor(w.db, row, "2026-01-06", "2026-01-06"),
    );
    expect(options.find((o) => o.type === "COMPLETE_ASSESSMENT")).toEqual({
      type: "COMPLETE_ASSESSMENT",
      allowed: false,
      reasons: [{ guard: "assessmentCompleted", key: "transitions.guards.assessmentCompleted", values: {} }],
    });
    expect(options.find((o) => o.type === "PUT_ON_HOLD")?.allowed).toBe(true);
    expect(options.find((o) => o.type === "RECORD_MOVE")).toBeUndefined();
  });

  it("community services only after the move, from the institution's country catalogue", () => {
    const id = newResident(w, "2026-01-02");
    const ctx = contextFor(w.db, w.worker, day("2026-03-15"));
    const svc = {
      serviceType: "pl_care_services",
      provider: "MOPS Zielona Góra",
      startOn: "2026-03-04",
      endOn: null,
      hoursPerWeek: 10,
    };
    expect(() => addService(ctx, id, svc)).toThrowError(/serviceBeforeMove/);
    toCommunity(w, id);
    expect(() => addService(ctx, id, { ...svc, serviceType: "bg_day_care" })).toThrowError(/serviceWrongCountry/);
    addService(ctx, id, svc);
  });
});

describe("housing capacity", () => {
  it("never reserves more places than the unit has", async () => {
    const w = await world(1);
    const a = newResident(w, "2026-01-02");
    const b = newResident(w, "2026-01-02");
    reservePlace(contextFor(w.db, w.worker, day("2026-02-10")), a, {
      housingUnitId: w.unitId,
      reservedOn: "2026-02-10",
      plannedMoveOn: null,
    });
    expect(() =>
      reservePlace(contextFor(w.db, w.worker, day("2026-02-10")), b, {
        housingUnitId: w.unitId,
        reservedOn: "2026-02-10",
        plannedMoveOn: null,
      }),
    ).toThrowError(/unitFull/);
    expect(w.db.select().from(placements).all()).toHaveLength(1);
  });
});

describe("two case workers reserve the last place at the same moment", () => {
  it("exactly one gets it, the other is told the unit is full", async () => {
    const { spawn } = await import("node:child_process");
    const path = await import("node:path");
    const { freshDbFile } = await import("#tests/support/db");
    const { openDatabase } = await import("#db/client");
    const file = freshDbFile();
    const db = openDatabase(file);
    const inst = createInstitution(db);
    const worker = (await createUser(db, { institutionIds: [inst.id] })).id;
    const unitId = db
      .insert(housingUnits)
      .values({
        institutionId: inst.id,
        housingType: "pl_training_flat",
        name: "Ostatnie miejsce",
        address: "x",
        operatorName: "x",
        operatorKind: "ngo",
        capacity: 1,
        status: "open",
        openedOn: "2025-01-01",
      })
      .returning({ id: housingUnits.id })
      .get().id;
    const w: World = { db, instId: inst.id, worker, second: worker, unitId };
    const a = newResident(w, "2026-01-02");
    const b = newResident(w, "2026-01-02");
    const root = path.resolve(import.meta.dirname, "../..");
    const startAt = Date.now() + 1500;
    const run = (residentId: number) =>
      new Promise<string>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            "--import",
            "tsx",
            "tests/support/reserve-worker.ts",
            file,
            String(worker),
            String(residentId),
            String(unitId),
            String(startAt),
          ],
          { cwd: root },
        );
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("close", () => resolve(out.trim()));
      });
    const results = (await Promise.all([run(a), run(b)])).sort();
    expect(results).toEqual(["reserved", "transitions.errors.unitFull"]);
    expect(db.select().from(placements).where(eq(placements.housingUnitId, unitId)).all()).toHaveLength(1);
  });
});

describe("audit of personal data", () => {
  it("opening a resident's record is logged; another institution's user gets not-found, logged too", async () => {
    const { viewResident } = await import("#app/modules/residents/service.server");
    const w = await world();
    const id = newResident(w, "2026-01-02");
    viewResident(contextFor(w.db, w.worker), id);
    expect(w.db.select().from(auditEvents).where(eq(auditEvents.action, "resident.viewed")).all()).toHaveLength(1);
    const elsewhere = createInstitution(w.db);
    const stranger = (await createUser(w.db, { institutionIds: [elsewhere.id] })).id;
    expect(() =>
      applyEvent(contextFor(w.db, stranger, day("2026-01-05")), id, {
        type: "START_ASSESSMENT",
        on: "2026-01-05",
        version: 1,
      }),
    ).toThrowError(expect.objectContaining({ label: "not_found" }));
    expect(() => saveAssessment(contextFor(w.db, stranger, day("2026-01-05")), id, assessment(null))).toThrowError(
      /notFound/,
    );
    const denials = w.db.select().from(auditEvents).where(eq(auditEvents.action, "access.denied")).all();
    expect(denials.map((d) => [d.actorUserId, d.entityType, d.entityId])).toEqual([
      [stranger, "resident", String(id)],
      [stranger, "resident", String(id)],
    ]);
    expect(findResident(contextFor(w.db, w.worker), id).transition.state).toBe("identified");
  });

  it("every change is audited with before and after", () => {
    return world().then((w) => {
      const id = newResident(w, "2026-01-02");
      send(w, id, "START_ASSESSMENT", "2026-01-05");
      const ev = w.db.select().from(auditEvents).where(eq(auditEvents.action, "transition.start_assessment")).get();
      expect(ev).toMatchObject({
        before: { state: "identified", version: 1 },
        after: { state: "assessment", version: 2, on: "2026-01-05" },
      });
      expect(
        w.db.select().from(auditEvents).where(eq(auditEvents.action, "resident.created")).get()?.after,
      ).toMatchObject({ openedOn: "2026-01-02" });
    });
  });
});
