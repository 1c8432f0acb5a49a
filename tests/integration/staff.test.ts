import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, enrolments, housingUnits, supportSessionAttendees, trainingAttendance } from "#db/schema";
import { createStaffMember, findStaffMember, recordCommunityStart } from "#app/modules/staff/service.server";
import { bulkEnrol, createModule, createSupportSession, enrolmentAction } from "#app/modules/staff/training.server";
import { readiness, setRatio } from "#app/modules/staff/readiness.server";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createUser } from "#tests/factories";

const day = (d: string) => new Date(`${d}T10:00:00Z`);

async function world() {
  const db = freshDb();
  const inst = createInstitution(db);
  const other = createInstitution(db);
  const worker = (await createUser(db, { institutionIds: [inst.id] })).id;
  const admin = (await createUser(db, { role: "admin" })).id;
  const ctx = (d = "2026-03-10") => contextFor(db, worker, day(d));
  const person = (i: number, institutionId = inst.id) =>
    createStaffMember(contextFor(db, admin, day("2026-01-01")), {
      institutionId,
      firstName: `Imię${i}`,
      lastName: `Nazwisko${i}`,
      sex: "female",
      dateOfBirth: "1980-01-01",
      position: "opiekunka",
      employedFrom: "2020-01-01",
      employedTo: null,
      email: "",
      phone: "",
    });
  const moduleId = createModule(contextFor(db, admin), {
    titleEn: "Supported living",
    titlePl: "Mieszkalnictwo wspomagane",
    titleBg: "Защитено жилище",
    hours: 40,
    competenceArea: "supported_living",
    provider: "ROPS",
  });
  return { db, inst, other, worker, admin, ctx, person, moduleId };
}

const count = (db: Db, table: typeof enrolments | typeof trainingAttendance) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .get()!.n;

describe("bulk enrolment", () => {
  it("enrols ten people in one step, each audited", async () => {
    const w = await world();
    const staff = Array.from({ length: 10 }, (_, i) => w.person(i));
    const ids = bulkEnrol(w.ctx(), { moduleId: w.moduleId, enrolledOn: "2026-03-01", staffIds: staff });
    expect(ids).toHaveLength(10);
    expect(
      w.db
        .select()
        .from(enrolments)
        .all()
        .every((e) => e.state === "enrolled"),
    ).toBe(true);
    expect(w.db.select().from(auditEvents).where(eq(auditEvents.action, "enrolment.created")).all()).toHaveLength(10);
  });

  it("a staff member of another institution refuses the whole batch", async () => {
    const w = await world();
    const mine = w.person(1);
    const foreign = w.person(2, w.other.id);
    expect(() =>
      bulkEnrol(w.ctx(), { moduleId: w.moduleId, enrolledOn: "2026-03-01", staffIds: [mine, foreign] }),
    ).toThrowError(/staffOutOfScope/);
    expect(count(w.db, enrolments)).toBe(0);
  });

  it("enrolling someone twice in the same module names them, and writes nothing", async () => {
    const w = await world();
    const a = w.person(1);
    const b = w.person(2);
    bulkEnrol(w.ctx(), { moduleId: w.moduleId, enrolledOn: "2026-03-01", staffIds: [a] });
    expect(() => bulkEnrol(w.ctx(), { moduleId: w.moduleId, enrolledOn: "2026-03-01", staffIds: [a, b] })).toThrowError(
      expect.objectContaining({ messageKey: "staff.errors.alreadyEnrolled", values: { names: "Imię1 Nazwisko1" } }),
    );
    expect(count(w.db, enrolments)).toBe(1);
  });

  it("refuses an enrolment date in the future", async () => {
    const w = await world();
    expect(() =>
      bulkEnrol(w.ctx("2026-03-10"), { moduleId: w.moduleId, enrolledOn: "2026-03-11", staffIds: [w.person(1)] }),
    ).toThrowError(/notInFuture/);
  });
});

describe("attendance, completion, dropping", () => {
  it("attendance moves to in progress; completion needs attendance and is not before enrolment", async () => {
    const w = await world();
    const ids = bulkEnrol(w.ctx(), {
      moduleId: w.moduleId,
      enrolledOn: "2026-03-01",
      staffIds: [w.person(1), w.person(2)],
    });
    expect(() => enrolmentAction(w.ctx(), { intent: "complete", on: "2026-03-09", enrolmentIds: ids })).toThrowError(
      /attendedAtLeastOnce/,
    );
    enrolmentAction(w.ctx(), { intent: "attend", on: "2026-03-02", enrolmentIds: ids, hours: 8 });
    expect(
      w.db
        .select()
        .from(enrolments)
        .all()
        .map((e) => e.state),
    ).toEqual(["in_progress", "in_progress"]);
    expect(() => enrolmentAction(w.ctx(), { intent: "complete", on: "2026-02-20", enrolmentIds: ids })).toThrowError(
      expect.objectContaining({ messageKey: "staff.guards.notBeforeEnrolment" }),
    );
    enrolmentAction(w.ctx(), { intent: "complete", on: "2026-03-09", enrolmentIds: ids, certificateRef: "C-1" });
    expect(
      w.db
        .select()
        .from(enrolments)
        .all()
        .map((e) => [e.state, e.completedOn, e.certificateRef]),
    ).toEqual([
      ["completed", "2026-03-09", "C-1"],
      ["completed", "2026-03-09", "C-1"],
    ]);
  });

  it("one refusal in a batch refuses the batch (nothing half-written)", async () => {
    const w = await world();
    const [a, b] = bulkEnrol(w.ctx(), {
      moduleId: w.moduleId,
      enrolledOn: "2026-03-01",
      staffIds: [w.person(1), w.person(2)],
    });
    enrolmentAction(w.ctx(), { intent: "attend", on: "2026-03-02", enrolmentIds: [a!] });
    // b has no attendance on that day, a already has: the whole batch is refused.
    expect(() => enrolmentAction(w.ctx(), { intent: "attend", on: "2026-03-02", enrolmentIds: [b!, a!] })).toThrowError(
      /alreadyAttended/,
    );
    expect(count(w.db, trainingAttendance)).toBe(1);
  });

  it("attendance for someone not enrolled (or of another institution) is refused", async () => {
    const w = await world();
    const foreignWorker = (await createUser(w.db, { institutionIds: [w.other.id] })).id;
    const [a] = bulkEnrol(w.ctx(), { moduleId: w.moduleId, enrolledOn: "2026-03-01", staffIds: [w.person(1)] });
    expect(() =>
      enrolmentAction(w.ctx(), { intent: "attend", on: "2026-03-02", enrolmentIds: [a!, 999] }),
    ).toThrowError(/notEnrolled/);
    expect(() =>
      enrolmentAction(contextFor(w.db, foreignWorker, day("2026-03-10")), {
        intent: "attend",
        on: "2026-03-02",
        enrolmentIds: [a!],
      }),
    ).toThrowError(/notEnrolled/);
    expect(count(w.db, trainingAttendance)).toBe(0);
  });

  it("dropping needs a reason", async () => {
    const w = await world();
    const [a] = bulkEnrol(w.ctx(), { moduleId: w.moduleId, enrolledOn: "2026-03-01", staffIds: [w.person(1)] });
    expect(() =>
      enrolmentAction(w.ctx(), { intent: "drop", on: "2026-03-02", enrolmentIds: [a!], reason: "" }),
    ).toThrowError(/reasonGiven/);
    enrolmentAction(w.ctx(), { intent: "drop", on: "2026-03-02", enrolmentIds: [a!], reason: "left the job" });
    expect(w.db.select().from(enrolments).get()).toMatchObject({ state: "dropped", dropReason: "left the job" });
  });
});

describe("supervision sessions and community work", () => {
  it("records a session with many attendees; an attendee of another institution refuses it", async () => {
    const w = await world();
    const a = w.person(1);
    const b = w.person(2);
    const foreign = w.person(3, w.other.id);
    const base = {
      institutionId: w.inst.id,
      kind: "supervision" as const,
      heldOn: "2026-03-05",
      facilitator: "Dr Lis",
      topics: "",
    };
    expect(() => createSupportSession(w.ctx(), { ...base, staffIds: [a, foreign] })).toThrowError(
      /attendeeOtherInstitution/,
    );
    createSupportSession(w.ctx(), { ...base, staffIds: [a, b] });
    expect(w.db.select().from(supportSessionAttendees).all()).toHaveLength(2);
  });

  it("the start of community work is dated, not in the future, not before employment", async () => {
    const w = await world();
    const a = w.person(1);
    expect(() =>
      recordCommunityStart(w.ctx(), a, {
        communityStartOn: "2026-04-01",
        communityServiceType: "pl_care_services",
        communityEmployer: "MOPS",
        version: 1,
      }),
    ).toThrowError(/notInFuture/);
    expect(() =>
      recordCommunityStart(w.ctx(), a, {
        communityStartOn: "2019-04-01",
        communityServiceType: "pl_care_services",
        communityEmployer: "MOPS",
        version: 1,
      }),
    ).toThrowError(/communityBeforeEmployment/);
    expect(() =>
      recordCommunityStart(w.ctx(), a, {
        communityStartOn: "2026-03-01",
        communityServiceType: "bg_day_care",
        communityEmployer: "MOPS",
        version: 1,
      }),
    ).toThrowError(/serviceWrongCountry/);
    recordCommunityStart(w.ctx(), a, {
      communityStartOn: "2026-03-01",
      communityServiceType: "pl_care_services",
      communityEmployer: "MOPS",
      version: 1,
    });
    expect(findStaffMember(w.ctx(), a).staff.communityStartOn).toBe("2026-03-01");
  });
});

describe("readiness", () => {
  it("needs come from planned places × ratio; completing training closes the gap", async () => {
    const w = await world();
    w.db
      .insert(housingUnits)
      .values({
        institutionId: w.inst.id,
        housingType: "pl_training_flat",
        name: "M1",
        address: "x",
        operatorName: "x",
        operatorKind: "municipality",
        capacity: 6,
        status: "planned",
      })
      .run();
    setRatio(contextFor(w.db, w.admin), {
      subject: "housing",
      typeCode: "pl_training_flat",
      competenceArea: "supported_living",
      staffPerUnit: 0.5,
    });
    const row = () => readiness(w.ctx(), "2026-03-10").find((r) => r.competence === "supported_living")!;
    expect(row()).toMatchObject({ need: 3, trained: 0, inTraining: 0, gap: 3 });
    const ids = bulkEnrol(w.ctx(), {
      moduleId: w.moduleId,
      enrolledOn: "2026-03-01",
      staffIds: [w.person(1), w.person(2)],
    });
    expect(row()).toMatchObject({ trained: 0, inTraining: 2, gap: 3 });
    enrolmentAction(w.ctx(), { intent: "attend", on: "2026-03-02", enrolmentIds: ids });
    enrolmentAction(w.ctx(), { intent: "complete", on: "2026-03-09", enrolmentIds: ids });
    expect(row()).toMatchObject({ trained: 2, inTraining: 0, gap: 1 });
    // a ratio of 0 removes it
    setRatio(contextFor(w.db, w.admin), {
      subject: "housing",
      typeCode: "pl_training_flat",
      competenceArea: "supported_living",
      staffPerUnit: 0,
    });
    expect(row()).toMatchObject({ need: 0, gap: 0 });
  });
});
