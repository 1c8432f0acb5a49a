import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, communityServices, followUpVisits, placements, transitionEvents, transitions } from "#db/schema";
import { countingRecords } from "#app/modules/indicators/engine.server";
import { createResident, findResident } from "#app/modules/residents/service.server";
import {
  addService,
  approvePlan,
  recordConsent,
  recordVisit,
  reservePlace,
  saveAssessment,
  savePlan,
} from "#app/modules/transitions/records.server";
import { applyEvent, correctEvent, history, replay, voidEvent } from "#app/modules/transitions/service.server";
import type { AssessmentFormOutput } from "#app/modules/transitions/schemas";
import { LIFE_DOMAINS } from "#db/schema/enums";
import type { TransitionEventType } from "#machines/transition";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createUser } from "#tests/factories";
import { insertHousingUnit } from "#tests/factories/housing";

/**
 * Facts dated when they happened, typed years later (issue 14): the clock of every call below
 * is 1 December 2026, the history it enters is of 2022–2023. Then corrections and voids of it.
 */
const TYPED = new Date("2026-12-01T10:00:00Z");

interface World {
  db: Db;
  instId: number;
  worker: number;
  second: number;
  unitId: number;
}

async function world(): Promise<World> {
  const db = freshDb();
  const inst = createInstitution(db);
  const worker = (await createUser(db, { institutionIds: [inst.id] })).id;
  const second = (await createUser(db, { institutionIds: [inst.id] })).id;
  const unitId = insertHousingUnit(db, inst.id, { capacity: 6, openedOn: "2022-06-01" }).id;
  return { db, instId: inst.id, worker, second, unitId };
}

const ctx = (w: World, user = w.worker, now = TYPED) => contextFor(w.db, user, now);

function assessment(completedOn: string): AssessmentFormOutput {
  const input: Record<string, unknown> = {
    overallIntensity: "limited",
    summary: "",
    completedByName: "Anna Nowak",
    completedOn,
    version: 0,
  };
  for (const d of LIFE_DOMAINS) {
    input[`domain_${d}`] = "limited";
    input[`note_${d}`] = "";
  }
  return input as AssessmentFormOutput;
}

function newResident(w: World, openedOn: string) {
  return createResident(ctx(w), {
    institutionId: w.instId,
    firstName: "Henryk",
    lastName: `Sobczak ${Math.random()}`,
    sex: "male",
    dateOfBirth: "1948-05-02",
    targetGroup: "older_person",
    disability: "yes",
    legalCapacity: "full",
    guardianName: "",
    guardianContact: "",
    guardianDecision: "",
    admissionDate: "2015-01-01",
    supportNeeds: "",
    openedOn,
  });
}

const state = (w: World, id: number) => findResident(ctx(w), id).transition;
const send = (w: World, id: number, type: TransitionEventType, on: string) =>
  applyEvent(ctx(w), id, { type, on, version: state(w, id).version });
const entries = (w: World, id: number) =>
  w.db
    .select()
    .from(transitionEvents)
    .where(eq(transitionEvents.transitionId, state(w, id).id))
    .orderBy(transitionEvents.seq)
    .all();
const seqOf = (w: World, id: number, type: string) =>
  entries(w, id)
    .filter((e) => e.type === type)
    .at(-1)!.seq;

/** The 2022 history of one resident, typed on 1 December 2026: moved on 5 December 2022. */
function history2022(w: World) {
  const id = newResident(w, "2022-09-01");
  send(w, id, "START_ASSESSMENT", "2022-09-05");
  saveAssessment(ctx(w), id, assessment("2022-09-20"));
  send(w, id, "COMPLETE_ASSESSMENT", "2022-09-20");
  savePlan(ctx(w), id, {
    goals: "Mieszkanie chronione",
    supportNeeded: "Asystent",
    housingPreference: "",
    plannedServices: [],
    writtenOn: "2022-10-01",
    version: 0,
  });
  approvePlan(ctx(w, w.second), id, { approvedOn: "2022-10-05", version: 1 });
  recordConsent(ctx(w), id, { givenBy: "resident", guardianName: "", givenOn: "2022-10-06", documentRef: "" });
  send(w, id, "START_PREPARATION", "2022-10-07");
  reservePlace(ctx(w), id, { housingUnitId: w.unitId, reservedOn: "2022-11-01", plannedMoveOn: "2022-12-05" });
  send(w, id, "START_MOVE", "2022-11-02");
  send(w, id, "RECORD_MOVE", "2022-12-05");
  return id;
}

function snapshotAgreesWithLog(w: World, id: number) {
  const t = state(w, id);
  expect(replay(entries(w, id))).toEqual(t.snapshot);
}

describe("facts dated when they happened, typed later", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it("a 2022 history entered on today's clock is accepted, with the dates it happened", () => {
    const id = history2022(w);
    const t = state(w, id);
    expect(t).toMatchObject({ state: "in_community", openedOn: "2022-09-01", stateSince: "2022-12-05" });
    const p = w.db.select().from(placements).where(eq(placements.transitionId, t.id)).get()!;
    expect(p).toMatchObject({ status: "active", reservedOn: "2022-11-01", movedInOn: "2022-12-05" });
    const move = entries(w, id).find((e) => e.type === "RECORD_MOVE")!;
    expect(move.occurredOn).toBe("2022-12-05");
    expect(move.recordedAt.slice(0, 10)).toBe("2026-12-01");
    expect(countingRecords(w.db, [w.instId], "RES_MOVED", "2023-12-31").map((r) => r.on)).toEqual(["2022-12-05"]);
    expect(countingRecords(w.db, [w.instId], "RES_COVERED", "2022-12-31").map((r) => r.on)).toEqual(["2022-09-01"]);
    snapshotAgreesWithLog(w, id);
  });

  it("refuses an event before the opening, and one before the previous step, naming both dates", () => {
    const id = newResident(w, "2026-02-01");
    expect(() => send(w, id, "WITHDRAW", "2022-05-01")).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.guards.notBeforeOpening",
        values: expect.objectContaining({ on: "d:2022-05-01", openedOn: "d:2026-02-01" }),
      }),
    );
    send(w, id, "START_ASSESSMENT", "2026-03-01");
    expect(() => send(w, id, "PUT_ON_HOLD", "2026-02-15")).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.guards.inOrder",
        values: expect.objectContaining({ on: "d:2026-02-15", previous: "d:2026-03-01" }),
      }),
    );
    expect(entries(w, id)).toHaveLength(1);
  });

  it("a record cannot be opened in the future; facts cannot precede the opening or their own earlier facts", () => {
    expect(() => newResident(w, "2026-12-02")).toThrowError(
      expect.objectContaining({ messageKey: "residents.errors.openedInFuture" }),
    );
    const id = newResident(w, "2022-09-01");
    expect(() => saveAssessment(ctx(w), id, assessment("2022-08-31"))).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.errors.factBeforeOpening",
        values: expect.objectContaining({ on: "d:2022-08-31", openedOn: "d:2022-09-01" }),
      }),
    );
    savePlan(ctx(w), id, {
      goals: "g",
      supportNeeded: "s",
      housingPreference: "",
      plannedServices: [],
      writtenOn: "2022-10-01",
      version: 0,
    });
    expect(() => approvePlan(ctx(w, w.second), id, { approvedOn: "2022-09-30", version: 1 })).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.errors.approvalBeforePlan",
        values: { on: "d:2022-09-30", earlier: "d:2022-10-01" },
      }),
    );
    // The approval of a plan written in 2022 is not measured against the day it was typed.
    approvePlan(ctx(w, w.second), id, { approvedOn: "2022-10-02", version: 1 });
    expect(() =>
      reservePlace(ctx(w), id, { housingUnitId: w.unitId, reservedOn: "2026-12-02", plannedMoveOn: null }),
    ).toThrowError(/factInFuture/);
  });

  it("community services start on or after the first move", () => {
    const id = history2022(w);
    expect(() =>
      addService(ctx(w), id, {
        serviceType: "pl_care_services",
        provider: "MOPS",
        startOn: "2022-12-01",
        endOn: null,
        hoursPerWeek: 10,
      }),
    ).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.errors.serviceStartBeforeMove",
        values: { on: "d:2022-12-01", earlier: "d:2022-12-05" },
      }),
    );
    addService(ctx(w), id, {
      serviceType: "pl_care_services",
      provider: "MOPS",
      startOn: "2022-12-06",
      endOn: null,
      hoursPerWeek: 10,
    });
  });
});

describe("a record fact re-dated after the steps that rested on it (decision 020)", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  const plan = (w: World, id: number) =>
    w.db.query.transitionPlans.findFirst({ where: (p, { eq }) => eq(p.transitionId, state(w, id).id) })!;
  const saved = (w: World, id: number) =>
    w.db.query.needsAssessments.findFirst({ where: (a, { eq }) => eq(a.transitionId, state(w, id).id) })!;

  it("an assessment's completion re-dated after the step that completed it is refused in words; an earlier date is taken", async () => {
    const id = history2022(w);
    const version = (await saved(w, id))!.version;
    // COMPLETE_ASSESSMENT was on 20 Sep 2022: the assessment cannot have been completed on 1 Oct.
    expect(() => saveAssessment(ctx(w), id, { ...assessment("2022-10-01"), version })).toThrow(
      expect.objectContaining({
        messageKey: "transitions.errors.factAfterStep",
        values: {
          field: "t:transitions.assessment.completedOn",
          on: "d:2022-10-01",
          event: "t:transitions.events.COMPLETE_ASSESSMENT",
          stepOn: "d:2022-09-20",
        },
      }),
    );
    expect((await saved(w, id))!.completedOn).toBe("2022-09-20");
    saveAssessment(ctx(w), id, { ...assessment("2022-09-18"), version });
    expect((await saved(w, id))!.completedOn).toBe("2022-09-18");
  });

  it("a plan revised after the move and approved again later is a new approval, not a re-dating: accepted (the earlier steps rested on the earlier one)", async () => {
    const id = history2022(w);
    const p = (await plan(w, id))!;
    savePlan(ctx(w), id, {
      goals: "Mieszkanie chronione",
      supportNeeded: "Asystent i opiekunka",
      housingPreference: "",
      plannedServices: [],
      writtenOn: "2023-01-05",
      version: p.version,
    });
    approvePlan(ctx(w, w.second), id, { approvedOn: "2023-01-10", version: (await plan(w, id))!.version });
    expect((await plan(w, id))!).toMatchObject({ status: "approved", approvedOn: "2023-01-10" });
    snapshotAgreesWithLog(w, id);
  });
});

describe("corrections and voids", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it("corrects a move date: a new entry supersedes the original, effects and indicators follow, the log replays", () => {
    const id = history2022(w);
    const moveSeq = seqOf(w, id, "RECORD_MOVE");
    const before = state(w, id);
    const r = correctEvent(ctx(w), id, {
      seq: moveSeq,
      on: "2022-12-01",
      note: "",
      reason: "Data z protokołu przeprowadzki",
      version: before.version,
    });
    expect(r.to).toBe("in_community");
    const log = entries(w, id);
    expect(log).toHaveLength(6);
    expect(log.find((e) => e.seq === moveSeq)).toMatchObject({ occurredOn: "2022-12-05", supersedesSeq: null });
    expect(log.at(-1)).toMatchObject({
      type: "RECORD_MOVE",
      occurredOn: "2022-12-01",
      supersedesSeq: moveSeq,
      reason: "Data z protokołu przeprowadzki",
    });
    const t = state(w, id);
    expect(t).toMatchObject({ stateSince: "2022-12-01", version: before.version + 1 });
    expect(w.db.select().from(placements).where(eq(placements.transitionId, t.id)).get()).toMatchObject({
      movedInOn: "2022-12-01",
    });
    const visits = w.db
      .select()
      .from(followUpVisits)
      .where(eq(followUpVisits.transitionId, t.id))
      .orderBy(followUpVisits.monthsAfterMove)
      .all();
    expect(visits.map((v) => [v.moveOn, v.dueOn])).toEqual([
      ["2022-12-01", "2023-01-01"],
      ["2022-12-01", "2023-03-01"],
      ["2022-12-01", "2023-06-01"],
      ["2022-12-01", "2023-12-01"],
    ]);
    expect(countingRecords(w.db, [w.instId], "RES_MOVED", "2023-12-31").map((r) => r.on)).toEqual(["2022-12-01"]);
    const audit = w.db.select().from(auditEvents).where(eq(auditEvents.action, "transition.corrected")).get()!;
    expect(audit.before).toMatchObject({ seq: moveSeq, on: "2022-12-05" });
    expect(audit.after).toMatchObject({ on: "2022-12-01", reason: "Data z protokołu przeprowadzki" });
    snapshotAgreesWithLog(w, id);
    // The history lists both: the original marked as corrected, the correction with what it replaced.
    const items = history(ctx(w), t).filter((i) => i.kind === "event" && i.type === "RECORD_MOVE");
    expect(items).toMatchObject([
      { status: "superseded", on: "2022-12-05", replacedBy: log.at(-1)!.seq },
      {
        status: "effective",
        on: "2022-12-01",
        replaces: { seq: moveSeq, on: "2022-12-05" },
        reason: "Data z protokołu przeprowadzki",
      },
    ]);
  });

  it("refuses a correction that makes the log impossible, in words, and writes nothing", () => {
    const id = history2022(w);
    const v = state(w, id).version;
    const count = entries(w, id).length;
    expect(() =>
      correctEvent(ctx(w), id, {
        seq: seqOf(w, id, "RECORD_MOVE"),
        on: "2022-10-30",
        note: "",
        reason: "x",
        version: v,
      }),
    ).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.guards.inOrder",
        values: expect.objectContaining({ on: "d:2022-10-30", previous: "d:2022-11-02" }),
      }),
    );
    // The first step moved after the second: the second is now out of order.
    expect(() =>
      correctEvent(ctx(w), id, {
        seq: seqOf(w, id, "START_ASSESSMENT"),
        on: "2022-09-25",
        note: "",
        reason: "x",
        version: v,
      }),
    ).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.guards.inOrder",
        values: expect.objectContaining({ event: "t:transitions.events.COMPLETE_ASSESSMENT" }),
      }),
    );
    // Preparation before the plan was approved.
    expect(() =>
      correctEvent(ctx(w), id, {
        seq: seqOf(w, id, "START_PREPARATION"),
        on: "2022-09-30",
        note: "",
        reason: "x",
        version: v,
      }),
    ).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.guards.planApprovedLater",
        values: expect.objectContaining({ fact: "d:2022-10-05" }),
      }),
    );
    expect(() =>
      correctEvent(ctx(w), id, {
        seq: seqOf(w, id, "RECORD_MOVE"),
        on: "2026-12-02",
        note: "",
        reason: "x",
        version: v,
      }),
    ).toThrowError(/occurredNotInFuture/);
    expect(() =>
      correctEvent(ctx(w), id, {
        seq: seqOf(w, id, "RECORD_MOVE"),
        on: "2022-12-05",
        note: "",
        reason: "x",
        version: v,
      }),
    ).toThrowError(/unchanged/);
    expect(entries(w, id)).toHaveLength(count);
    expect(state(w, id).version).toBe(v);
  });

  it("refuses a move correction that would put a recorded visit or a service before the move", () => {
    const id = history2022(w);
    const t = state(w, id);
    const first = w.db
      .select()
      .from(followUpVisits)
      .where(and(eq(followUpVisits.transitionId, t.id), eq(followUpVisits.monthsAfterMove, 1)))
      .get()!;
    // The 1-month visit of a move on 5 December 2022 counts from 21 December (issue #15).
    recordVisit(ctx(w), id, first.id, {
      visitedOn: "2022-12-28",
      findings: "Dobrze",
      actions: "",
      version: first.version,
    });
    addService(ctx(w), id, {
      serviceType: "pl_care_services",
      provider: "MOPS",
      startOn: "2022-12-10",
      endOn: null,
      hoursPerWeek: 10,
    });
    const v = state(w, id).version;
    // Earlier is fine: the visit and the service still follow the move.
    correctEvent(ctx(w), id, { seq: seqOf(w, id, "RECORD_MOVE"), on: "2022-12-03", note: "", reason: "x", version: v });
    expect(() =>
      correctEvent(ctx(w), id, {
        seq: seqOf(w, id, "RECORD_MOVE"),
        on: "2022-12-29",
        note: "",
        reason: "x",
        version: v + 1,
      }),
    ).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.corrections.errors.visitBeforeMove",
        values: { visited: "d:2022-12-28", on: "d:2022-12-29" },
      }),
    );
  });

  it("voids a death recorded by mistake: the placement and the services come back, the state is the one before", () => {
    const id = history2022(w);
    addService(ctx(w), id, {
      serviceType: "pl_care_services",
      provider: "MOPS",
      startOn: "2022-12-06",
      endOn: null,
      hoursPerWeek: 10,
    });
    addService(ctx(w), id, {
      serviceType: "pl_care_services",
      provider: "MOPS",
      startOn: "2022-12-06",
      endOn: "2023-01-31",
      hoursPerWeek: 4,
    });
    send(w, id, "RECORD_DEATH", "2023-01-10");
    const t = state(w, id);
    expect(t.state).toBe("deceased");
    const ends = () =>
      w.db
        .select({ endOn: communityServices.endOn })
        .from(communityServices)
        .where(eq(communityServices.transitionId, t.id))
        .orderBy(communityServices.id)
        .all()
        .map((s) => s.endOn);
    expect(ends()).toEqual(["2023-01-10", "2023-01-10"]);
    const r = voidEvent(ctx(w), id, {
      seq: seqOf(w, id, "RECORD_DEATH"),
      reason: "Pomyłka: inna osoba",
      version: t.version,
    });
    expect(r.to).toBe("in_community");
    expect(state(w, id)).toMatchObject({ state: "in_community", stateSince: "2022-12-05" });
    expect(ends()).toEqual([null, "2023-01-31"]);
    expect(w.db.select().from(placements).where(eq(placements.transitionId, t.id)).get()).toMatchObject({
      status: "active",
      endedOn: null,
    });
    const log = entries(w, id);
    expect(log.at(-1)).toMatchObject({
      type: "VOID",
      supersedesSeq: seqOf(w, id, "RECORD_DEATH"),
      reason: "Pomyłka: inna osoba",
    });
    snapshotAgreesWithLog(w, id);
    // The voided death no longer stops the person being counted as receiving services.
    expect(countingRecords(w.db, [w.instId], "IN_SERVICES", "2023-01-20").map((r) => r.on)).toEqual(["2023-01-20"]);
    const items = history(ctx(w), t).filter((i) => i.kind === "event");
    expect(items.find((i) => i.kind === "event" && i.type === "RECORD_DEATH")).toMatchObject({ status: "voided" });
    // A case can go on after the void.
    send(w, id, "RETURN", "2023-03-01");
    expect(state(w, id).state).toBe("returned");
  });

  it("voids only the latest step, refuses corrections of replaced entries and of voids", () => {
    const id = history2022(w);
    const v = state(w, id).version;
    expect(() => voidEvent(ctx(w), id, { seq: seqOf(w, id, "START_MOVE"), reason: "x", version: v })).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.corrections.errors.voidOnlyLatest",
        values: { event: "t:transitions.events.RECORD_MOVE", on: "d:2022-12-05" },
      }),
    );
    const moveSeq = seqOf(w, id, "RECORD_MOVE");
    voidEvent(ctx(w), id, { seq: moveSeq, reason: "Przeprowadzka się nie odbyła", version: v });
    const t = state(w, id);
    expect(t.state).toBe("moving");
    // The move's effects are undone: the place is reserved again, its visits are gone, it no longer counts.
    expect(w.db.select().from(placements).where(eq(placements.transitionId, t.id)).get()).toMatchObject({
      status: "reserved",
      movedInOn: null,
    });
    expect(w.db.select().from(followUpVisits).where(eq(followUpVisits.transitionId, t.id)).all()).toEqual([]);
    expect(countingRecords(w.db, [w.instId], "RES_MOVED", "2023-12-31")).toEqual([]);
    expect(() =>
      correctEvent(ctx(w), id, { seq: moveSeq, on: "2022-12-06", note: "", reason: "x", version: t.version }),
    ).toThrowError(/alreadyVoided/);
    const voidSeq = seqOf(w, id, "VOID");
    expect(() =>
      correctEvent(ctx(w), id, { seq: voidSeq, on: "2022-12-06", note: "", reason: "x", version: t.version }),
    ).toThrowError(/isVoid/);
    expect(() => voidEvent(ctx(w), id, { seq: voidSeq, reason: "x", version: t.version })).toThrowError(/isVoid/);
    // The move is recorded again, then corrected twice: the second correction supersedes the first.
    send(w, id, "RECORD_MOVE", "2022-12-07");
    const again = seqOf(w, id, "RECORD_MOVE");
    correctEvent(ctx(w), id, { seq: again, on: "2022-12-08", note: "", reason: "a", version: state(w, id).version });
    expect(() =>
      correctEvent(ctx(w), id, { seq: again, on: "2022-12-09", note: "", reason: "b", version: state(w, id).version }),
    ).toThrowError(/alreadyCorrected/);
    const corrected = seqOf(w, id, "RECORD_MOVE");
    correctEvent(ctx(w), id, {
      seq: corrected,
      on: "2022-12-09",
      note: "po korekcie",
      reason: "b",
      version: state(w, id).version,
    });
    expect(countingRecords(w.db, [w.instId], "RES_MOVED", "2023-12-31").map((r) => r.on)).toEqual(["2022-12-09"]);
    snapshotAgreesWithLog(w, id);
  });

  it("refuses a stale page and another institution's record; a void of a move with visits recorded", async () => {
    const id = history2022(w);
    const v = state(w, id).version;
    expect(() => voidEvent(ctx(w), id, { seq: seqOf(w, id, "RECORD_MOVE"), reason: "x", version: v - 1 })).toThrowError(
      expect.objectContaining({ label: "conflict" }),
    );
    const other = createInstitution(w.db);
    const outsider = (await createUser(w.db, { institutionIds: [other.id] })).id;
    expect(() =>
      voidEvent(ctx(w, outsider), id, { seq: seqOf(w, id, "RECORD_MOVE"), reason: "x", version: v }),
    ).toThrowError(expect.objectContaining({ label: "not_found" }));
    const t = state(w, id);
    const visit = w.db.select().from(followUpVisits).where(eq(followUpVisits.transitionId, t.id)).get()!;
    recordVisit(ctx(w), id, visit.id, {
      visitedOn: "2023-01-05",
      findings: "Dobrze",
      actions: "",
      version: visit.version,
    });
    expect(() =>
      voidEvent(ctx(w), id, { seq: seqOf(w, id, "RECORD_MOVE"), reason: "x", version: state(w, id).version }),
    ).toThrowError(/visitRecorded/);
    expect(state(w, id).state).toBe("in_community");
  });

  it("the log is append-only: the database refuses to change an entry", () => {
    const id = history2022(w);
    expect(() =>
      w.db.update(transitionEvents).set({ occurredOn: "2022-01-01" }).where(eq(transitionEvents.seq, 1)).run(),
    ).toThrowError(/append-only/);
    expect(w.db.select().from(transitions).where(eq(transitions.residentId, id)).get()!.state).toBe("in_community");
  });
});

describe("a follow-up visit is recorded in its own window (issue #15)", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  const visitOf = (w: World, id: number, months: number) =>
    w.db
      .select()
      .from(followUpVisits)
      .where(and(eq(followUpVisits.transitionId, state(w, id).id), eq(followUpVisits.monthsAfterMove, months)))
      .get()!;

  it("refuses the 3-month visit on the move day, naming the dates; accepts it from halfway after the 1-month visit's date", () => {
    const id = history2022(w); // moved on 5 December 2022
    const m3 = visitOf(w, id, 3);
    expect(m3.dueOn).toBe("2023-03-05");
    const before = w.db.select().from(auditEvents).all().length;
    const refusal = expect.objectContaining({
      label: "validation",
      field: "visitedOn",
      messageKey: "transitions.errors.visitTooEarly",
      values: {
        on: "d:2022-12-05",
        count: 3,
        due: "d:2023-03-05",
        move: "d:2022-12-05",
        previous: "d:2023-01-05",
        opens: "d:2023-02-04",
      },
    });
    expect(() =>
      recordVisit(ctx(w), id, m3.id, { visitedOn: "2022-12-05", findings: "Dobrze", actions: "", version: m3.version }),
    ).toThrowError(refusal);
    // The day before the window opens: refused; nothing written.
    expect(() =>
      recordVisit(ctx(w), id, m3.id, { visitedOn: "2023-02-03", findings: "Dobrze", actions: "", version: m3.version }),
    ).toThrowError(/visitTooEarly/);
    expect(visitOf(w, id, 3)).toEqual(m3);
    expect(w.db.select().from(auditEvents).all().length).toBe(before);
    recordVisit(ctx(w), id, m3.id, { visitedOn: "2023-02-04", findings: "Dobrze", actions: "", version: m3.version });
    expect(visitOf(w, id, 3).visitedOn).toBe("2023-02-04");
  });

  it("the first visit is nearer the move day until halfway to its date; a move correction that would make a recorded visit too early is refused", () => {
    const id = history2022(w);
    const m1 = visitOf(w, id, 1); // due 5 January 2023
    expect(() =>
      recordVisit(ctx(w), id, m1.id, { visitedOn: "2022-12-20", findings: "", actions: "", version: m1.version }),
    ).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.errors.visitTooEarlyFirst",
        values: expect.objectContaining({ opens: "d:2022-12-21", previous: "d:2022-12-05" }),
      }),
    );
    recordVisit(ctx(w), id, m1.id, { visitedOn: "2022-12-28", findings: "Dobrze", actions: "", version: m1.version });
    // The move moved to 20 December: the visit of 28 December would be 8 days after it.
    expect(() =>
      correctEvent(ctx(w), id, {
        seq: seqOf(w, id, "RECORD_MOVE"),
        on: "2022-12-20",
        note: "",
        reason: "x",
        version: state(w, id).version,
      }),
    ).toThrowError(
      expect.objectContaining({
        messageKey: "transitions.errors.visitTooEarlyFirst",
        values: expect.objectContaining({ on: "d:2022-12-28", move: "d:2022-12-20", opens: "d:2023-01-05" }),
      }),
    );
  });
});
