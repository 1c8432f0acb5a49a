import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, caseNotes, consents } from "#db/schema";
import { LIFE_DOMAINS } from "#db/schema/enums";
import {
  assignKeyWorker,
  listCasesOf,
  listCaseWorkers,
  listUnassigned,
  reassignCases,
  workerCaseload,
} from "#app/modules/caseload/service.server";
import { countTasks, listTasks } from "#app/modules/caseload/tasks.server";
import { addNote, correctNote, listNotes } from "#app/modules/notes/service.server";
import { findResident } from "#app/modules/residents/service.server";
import {
  approvePlan,
  cancelReservation,
  recordConsent,
  recordVisit,
  reservePlace,
  saveAssessment,
  savePlan,
  withdrawConsent,
} from "#app/modules/transitions/records.server";
import { applyEvent, history } from "#app/modules/transitions/service.server";
import type { AssessmentFormOutput } from "#app/modules/transitions/schemas";
import { caseWorld, day, newResident, type CaseWorld } from "#tests/factories/case-world";
import { contextFor, createUser } from "#tests/factories";

const version = (w: CaseWorld, id: number) => findResident(contextFor(w.db, w.admin), id).transition.version;
const keyWorker = (w: CaseWorld, id: number) => findResident(contextFor(w.db, w.admin), id).transition.caseWorkerId;
const send = (w: CaseWorld, id: number, type: Parameters<typeof applyEvent>[2]["type"], on: string, user = w.worker) =>
  applyEvent(contextFor(w.db, user, day(on)), id, { type, on, version: version(w, id) });

function assessment(completedOn: string): AssessmentFormOutput {
  const input: Record<string, unknown> = {
    overallIntensity: "limited",
    summary: "",
    completedByName: "A",
    completedOn,
    version: 0,
  };
  for (const d of LIFE_DOMAINS) {
    input[`domain_${d}`] = "limited";
    input[`note_${d}`] = "";
  }
  return input as AssessmentFormOutput;
}

function toPlanning(w: CaseWorld, id: number) {
  send(w, id, "START_ASSESSMENT", "2026-01-05");
  saveAssessment(contextFor(w.db, w.worker, day("2026-01-20")), id, assessment("2026-01-20"));
  send(w, id, "COMPLETE_ASSESSMENT", "2026-01-20");
}

function writePlan(w: CaseWorld, id: number, by: number) {
  savePlan(contextFor(w.db, by, day("2026-02-01")), id, {
    goals: "Flat",
    supportNeeded: "Help",
    housingPreference: "",
    plannedServices: [],
    writtenOn: "2026-02-01",
    version: 0,
  });
}

function toPreparation(w: CaseWorld, id: number) {
  toPlanning(w, id);
  writePlan(w, id, w.worker);
  approvePlan(contextFor(w.db, w.second, day("2026-02-03")), id, { approvedOn: "2026-02-03", version: 1 });
  recordConsent(contextFor(w.db, w.worker, day("2026-02-04")), id, {
    givenBy: "resident",
    guardianName: "",
    givenOn: "2026-02-04",
    documentRef: "",
  });
  send(w, id, "START_PREPARATION", "2026-02-05");
}

const changes = (db: Db) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(auditEvents)
    .where(eq(auditEvents.action, "transition.key_worker_assigned"))
    .get()!.n;

describe("key workers and caseloads", () => {
  it("a new resident's key worker is the case worker who registers them; one an administrator registers has none", async () => {
    const w = await caseWorld();
    const mine = newResident(w, "2026-01-02");
    const byAdmin = newResident(w, "2026-01-02", w.admin);
    expect(keyWorker(w, mine)).toBe(w.worker);
    expect(keyWorker(w, byAdmin)).toBeNull();
    const ctx = contextFor(w.db, w.worker, day("2026-01-03"));
    expect(listCasesOf(ctx, w.worker).map((c) => c.residentId)).toEqual([mine]);
    expect(listUnassigned(ctx).map((c) => c.residentId)).toEqual([byAdmin]);
  });

  it("a case worker takes a case nobody holds, hands their own over, and may not take a colleague's; every change audited", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02", w.admin);
    const me = contextFor(w.db, w.worker, day("2026-01-03"));
    assignKeyWorker(me, id, { workerId: w.worker, version: 1 });
    expect(keyWorker(w, id)).toBe(w.worker);
    assignKeyWorker(me, id, { workerId: w.second, version: 2 });
    expect(keyWorker(w, id)).toBe(w.second);
    // The case is Piotr's now: Katarzyna cannot take it back.
    expect(() => assignKeyWorker(me, id, { workerId: w.worker, version: 3 })).toThrowError(
      expect.objectContaining({
        label: "validation",
        messageKey: "caseload.errors.notYourCase",
        values: { worker: "Piotr" },
      }),
    );
    const audits = w.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "transition.key_worker_assigned"))
      .all();
    expect(audits.map((a) => [a.actorUserId, a.before, a.after])).toEqual([
      [
        w.worker,
        { caseWorkerId: null, name: null, version: 1 },
        { caseWorkerId: w.worker, name: "Katarzyna", version: 2, via: "single" },
      ],
      [
        w.worker,
        { caseWorkerId: w.worker, name: "Katarzyna", version: 2 },
        { caseWorkerId: w.second, name: "Piotr", version: 3, via: "single" },
      ],
    ]);
    // The resident's history shows who handed over to whom.
    const t = findResident(me, id).transition;
    const facts = history(me, t).filter((i) => i.kind === "fact" && i.action === "transition.key_worker_assigned");
    expect(facts.map((f) => (f.kind === "fact" ? f.values : null))).toEqual([
      { from: "—", to: "Katarzyna" },
      { from: "Katarzyna", to: "Piotr" },
    ]);
  });

  it("a transfer to a worker without the institution is refused in words, and nothing is written", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    const before = changes(w.db);
    expect(() => assignKeyWorker(contextFor(w.db, w.worker), id, { workerId: w.stranger, version: 1 })).toThrowError(
      expect.objectContaining({
        messageKey: "caseload.errors.workerLacksInstitution",
        values: expect.objectContaining({ worker: "Obcy", institution: "DPS Zielona" }),
      }),
    );
    expect(() => assignKeyWorker(contextFor(w.db, w.worker), id, { workerId: w.admin, version: 1 })).toThrowError(
      expect.objectContaining({ messageKey: "caseload.errors.notACaseWorker" }),
    );
    expect(keyWorker(w, id)).toBe(w.worker);
    expect(version(w, id)).toBe(1);
    expect(changes(w.db)).toBe(before);
  });

  it("the second of two concurrent transfers is told (conflict) and nothing of it is written", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02", w.admin);
    const third = (await createUser(w.db, { name: "Trzecia", institutionIds: [w.instId] })).id;
    assignKeyWorker(contextFor(w.db, w.admin), id, { workerId: w.second, version: 1 });
    expect(() => assignKeyWorker(contextFor(w.db, w.admin), id, { workerId: third, version: 1 })).toThrowError(
      expect.objectContaining({ label: "conflict" }),
    );
    expect(keyWorker(w, id)).toBe(w.second);
  });

  it("a worker of another institution sees no case of it and changes nothing (404, audited)", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02", w.admin);
    const out = contextFor(w.db, w.stranger);
    expect(listUnassigned(out)).toEqual([]);
    expect(listCasesOf(out, w.worker)).toEqual([]);
    expect(() => assignKeyWorker(out, id, { workerId: w.stranger, version: 1 })).toThrowError(
      expect.objectContaining({ label: "not_found" }),
    );
    expect(keyWorker(w, id)).toBeNull();
    expect(
      w.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, "access.denied"))
        .all()
        .map((a) => a.actorUserId),
    ).toEqual([w.stranger]);
    // Neither listing workers nor reassigning is theirs to do.
    expect(() => workerCaseload(out, w.worker)).toThrowError(expect.objectContaining({ label: "forbidden" }));
    expect(() => reassignCases(out, { toWorkerId: w.stranger, items: [{ residentId: id, version: 1 }] })).toThrowError(
      expect.objectContaining({ label: "forbidden" }),
    );
  });

  it("a supervisor sees a worker's caseload and reassigns cases in bulk: all or none", async () => {
    const w = await caseWorld();
    const a = newResident(w, "2026-01-02");
    const b = newResident(w, "2026-01-02");
    const elsewhere = newResident(w, "2026-01-02", w.stranger, w.otherInstId);
    const sup = contextFor(w.db, w.admin, day("2026-01-05"));
    expect(listCaseWorkers(sup).map((x) => [x.name, x.cases])).toEqual([
      ["Katarzyna", 2],
      ["Obcy", 1],
      ["Piotr", 0],
    ]);
    expect(
      workerCaseload(sup, w.worker)
        .cases.map((c) => c.residentId)
        .sort(),
    ).toEqual([a, b].sort());
    // Piotr holds only DPS Zielona: a batch with the other institution's case is refused whole.
    const before = changes(w.db);
    expect(() =>
      reassignCases(sup, {
        toWorkerId: w.second,
        items: [
          { residentId: a, version: 1 },
          { residentId: elsewhere, version: 1 },
        ],
      }),
    ).toThrowError(
      expect.objectContaining({
        messageKey: "caseload.errors.workerLacksInstitution",
        values: expect.objectContaining({ institution: "DPS Obca" }),
      }),
    );
    expect([keyWorker(w, a), keyWorker(w, elsewhere)]).toEqual([w.worker, w.stranger]);
    expect(changes(w.db)).toBe(before);
    // A stale version in the batch: nothing written either.
    expect(() =>
      reassignCases(sup, {
        toWorkerId: w.second,
        items: [
          { residentId: a, version: 1 },
          { residentId: b, version: 7 },
        ],
      }),
    ).toThrowError(expect.objectContaining({ label: "conflict" }));
    expect(keyWorker(w, a)).toBe(w.worker);
    const done = reassignCases(sup, {
      toWorkerId: w.second,
      items: [
        { residentId: a, version: 1 },
        { residentId: b, version: 1 },
      ],
    });
    expect(done).toHaveLength(2);
    expect([keyWorker(w, a), keyWorker(w, b)]).toEqual([w.second, w.second]);
    expect(
      w.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, "transition.key_worker_assigned"))
        .all()
        .map((x) => (x.after as { via: string }).via),
    ).toEqual(["bulk", "bulk"]);
  });
});

describe("tasks", () => {
  it("lists each kind with its due date and the form that completes it; the header count is the list's length", async () => {
    const w = await caseWorld();
    const today = "2026-04-10";
    const at = (user: number) => contextFor(w.db, user, day(today));
    // Assessment started 5 Jan: overdue since 4 Feb (30 days).
    const late = newResident(w, "2026-01-02");
    send(w, late, "START_ASSESSMENT", "2026-01-05");
    // A plan written by Piotr waits for Katarzyna's approval; Katarzyna's own waits for Piotr's.
    const piotrsPlan = newResident(w, "2026-01-02");
    toPlanning(w, piotrsPlan);
    writePlan(w, piotrsPlan, w.second);
    const ownPlan = newResident(w, "2026-01-02");
    toPlanning(w, ownPlan);
    writePlan(w, ownPlan, w.worker);
    // In preparation with no place reserved.
    const noPlace = newResident(w, "2026-01-02");
    toPreparation(w, noPlace);
    // A place reserved, the move planned in 3 days, the consent withdrawn.
    const moving = newResident(w, "2026-01-02");
    toPreparation(w, moving);
    reservePlace(at(w.worker), moving, {
      housingUnitId: w.unitId,
      reservedOn: "2026-04-01",
      plannedMoveOn: "2026-04-13",
    });
    const consentId = w.db
      .select({ id: consents.id })
      .from(consents)
      .where(eq(consents.transitionId, findResident(at(w.worker), moving).transition.id))
      .get()!.id;
    withdrawConsent(at(w.worker), moving, { consentId, withdrawnOn: "2026-04-09", version: 1 });
    // Someone else's case: none of its tasks are Katarzyna's.
    const colleagues = newResident(w, "2026-01-02", w.second);
    send(w, colleagues, "START_ASSESSMENT", "2026-01-05", w.second);

    const tasks = listTasks(at(w.worker));
    const byKind = (kind: string) =>
      tasks.filter((t) => t.kind === kind).map((t) => [t.residentId, t.dueOn, t.overdue, t.href]);
    expect(byKind("assessment")).toEqual([[late, "2026-02-04", true, `/residents/${late}/assessment`]]);
    expect(byKind("plan")).toEqual([[piotrsPlan, "2026-02-01", false, `/residents/${piotrsPlan}/plan`]]);
    expect(byKind("reservation")).toEqual([[noPlace, null, false, `/residents/${noPlace}/placement`]]);
    expect(byKind("consent")).toEqual([[moving, "2026-04-13", false, `/residents/${moving}/consent`]]);
    expect(byKind("move")).toEqual([[moving, "2026-04-13", false, `/residents/${moving}#actions-title`]]);
    expect(tasks.some((t) => t.residentId === colleagues || t.residentId === ownPlan)).toBe(false);
    expect(countTasks(at(w.worker))).toBe(tasks.length);
    expect(tasks.length).toBe(5);
    // Most urgent first: the overdue assessment leads.
    expect(tasks[0]!.kind).toBe("plan"); // waiting since 1 Feb, before the assessment's 4 Feb
    expect(tasks[1]!.kind).toBe("assessment");

    // Piotr: Katarzyna's plan waits for him, never his own.
    const his = listTasks(at(w.second));
    expect(his.filter((t) => t.kind === "plan").map((t) => t.residentId)).toEqual([ownPlan]);
    expect(his.filter((t) => t.kind === "assessment").map((t) => t.residentId)).toEqual([colleagues]);
    expect(countTasks(at(w.second))).toBe(his.length);

    // A task leaves the list when its record is done.
    cancelReservation(at(w.worker), moving, { placementId: findPlacement(w, moving), version: 1 });
    expect(
      listTasks(at(w.worker))
        .filter((t) => t.residentId === moving)
        .map((t) => t.kind)
        .sort(),
    ).toEqual(["consent", "reservation"]);

    // A worker of another institution has none of these.
    expect(listTasks(at(w.stranger))).toEqual([]);
    expect(countTasks(at(w.stranger))).toBe(0);
  });

  it("follow-up visits are tasks from 14 days before they are due; overdue ones are marked", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    toPreparation(w, id);
    reservePlace(contextFor(w.db, w.worker, day("2026-02-10")), id, {
      housingUnitId: w.unitId,
      reservedOn: "2026-02-10",
      plannedMoveOn: "2026-03-03",
    });
    send(w, id, "START_MOVE", "2026-02-20");
    send(w, id, "RECORD_MOVE", "2026-03-03");
    // Visits due 3 Apr (1 month), 3 Jun (3 months)...
    const on = (d: string) => listTasks(contextFor(w.db, w.worker, day(d))).filter((t) => t.kind === "visit");
    expect(on("2026-03-19")).toEqual([]);
    expect(on("2026-03-20").map((t) => [t.dueOn, t.overdue])).toEqual([["2026-04-03", false]]);
    expect(on("2026-04-04").map((t) => [t.dueOn, t.overdue])).toEqual([["2026-04-03", true]]);
    const visit = on("2026-04-04")[0]!;
    expect(visit.href).toMatch(new RegExp(`^/residents/${id}/visits/\\d+$`));
    const visitId = Number(visit.href.split("/").at(-1));
    recordVisit(contextFor(w.db, w.worker, day("2026-04-04")), id, visitId, {
      visitedOn: "2026-04-04",
      findings: "Fine",
      actions: "",
      version: 1,
    });
    expect(on("2026-04-05")).toEqual([]);
  });
});

function findPlacement(w: CaseWorld, residentId: number) {
  const t = findResident(contextFor(w.db, w.admin), residentId).transition;
  return w.db.all<{ id: number }>(
    sql`select id from placements where transition_id = ${t.id} and status = 'reserved'`,
  )[0]!.id;
}

describe("case notes", () => {
  it("are dated (not after today in the institution's zone), authored, and in the resident's history", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    // 23:30 UTC on 31 March is already 1 April in Warsaw.
    const lateEvening = contextFor(w.db, w.worker, day("2026-03-31", "23:30:00Z"));
    addNote(lateEvening, id, { occurredOn: "2026-04-01", body: "Home visit: Jan wants to live near his sister." });
    expect(() => addNote(lateEvening, id, { occurredOn: "2026-04-02", body: "x" })).toThrowError(
      expect.objectContaining({
        messageKey: "notes.errors.inFuture",
        values: { on: "d:2026-04-02", today: "d:2026-04-01" },
      }),
    );
    expect(() => addNote(lateEvening, id, { occurredOn: "2025-12-31", body: "x" })).toThrowError(
      expect.objectContaining({ messageKey: "notes.errors.beforeOpening" }),
    );
    const t = findResident(lateEvening, id).transition;
    const notes = listNotes(w.db, t.id);
    expect(notes.map((n) => [n.occurredOn, n.body, n.authorName, n.earlier.length])).toEqual([
      ["2026-04-01", "Home visit: Jan wants to live near his sister.", "Katarzyna", 0],
    ]);
    const item = history(lateEvening, t).find((i) => i.kind === "note");
    expect(item).toMatchObject({ kind: "note", occurredOn: "2026-04-01", authorName: "Katarzyna" });
    expect(w.db.select().from(auditEvents).where(eq(auditEvents.action, "case_note.created")).all()).toHaveLength(1);
  });

  it("a correction keeps the earlier text visible; only the author corrects; a stale correction is refused", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    const ctx = contextFor(w.db, w.worker, day("2026-02-10"));
    const first = addNote(ctx, id, { occurredOn: "2026-02-09", body: "Met the sister." });
    expect(() =>
      correctNote(contextFor(w.db, w.second, day("2026-02-10")), id, {
        noteId: first,
        occurredOn: "2026-02-09",
        body: "Other",
        reason: "mine",
      }),
    ).toThrowError(expect.objectContaining({ messageKey: "notes.errors.notAuthor", values: { author: "Katarzyna" } }));
    expect(() =>
      correctNote(ctx, id, { noteId: first, occurredOn: "2026-02-09", body: "Met the sister.", reason: "r" }),
    ).toThrowError(expect.objectContaining({ messageKey: "notes.errors.unchanged" }));
    const second = correctNote(ctx, id, {
      noteId: first,
      occurredOn: "2026-02-08",
      body: "Met the brother.",
      reason: "wrong person",
    });
    // Correcting the superseded version again (a stale page): refused, nothing written.
    expect(() =>
      correctNote(ctx, id, { noteId: first, occurredOn: "2026-02-08", body: "Met both.", reason: "again" }),
    ).toThrowError(expect.objectContaining({ label: "conflict", messageKey: "notes.errors.alreadyCorrected" }));
    correctNote(ctx, id, {
      noteId: second,
      occurredOn: "2026-02-08",
      body: "Met the brother and his wife.",
      reason: "added the wife",
    });
    const [n] = listNotes(w.db, findResident(ctx, id).transition.id);
    expect(n).toMatchObject({
      rootId: first,
      body: "Met the brother and his wife.",
      occurredOn: "2026-02-08",
      reason: "added the wife",
    });
    expect(n!.earlier.map((e) => [e.body, e.reason])).toEqual([
      ["Met the sister.", null],
      ["Met the brother.", "wrong person"],
    ]);
    // The table is append-only: the database itself refuses a silent rewrite.
    expect(() => w.db.update(caseNotes).set({ body: "rewritten" }).where(eq(caseNotes.id, first)).run()).toThrowError(
      /append-only/,
    );
    expect(() => w.db.delete(caseNotes).where(eq(caseNotes.id, first)).run()).toThrowError(/append-only/);
  });

  it("a worker of another institution reads and writes no note (404, nothing written)", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    const note = addNote(contextFor(w.db, w.worker, day("2026-02-10")), id, {
      occurredOn: "2026-02-09",
      body: "Private.",
    });
    const out = contextFor(w.db, w.stranger, day("2026-02-10"));
    expect(() => addNote(out, id, { occurredOn: "2026-02-09", body: "x" })).toThrowError(
      expect.objectContaining({ label: "not_found" }),
    );
    expect(() => correctNote(out, id, { noteId: note, occurredOn: "2026-02-09", body: "x", reason: "x" })).toThrowError(
      expect.objectContaining({ label: "not_found" }),
    );
    // A note id of another resident, through a resident the user may see: not found either.
    const mineOut = newResident(w, "2026-01-02", w.stranger, w.otherInstId);
    expect(() =>
      correctNote(out, mineOut, { noteId: note, occurredOn: "2026-02-09", body: "x", reason: "x" }),
    ).toThrowError(expect.objectContaining({ label: "not_found" }));
    expect(
      w.db
        .select()
        .from(caseNotes)
        .all()
        .map((n) => n.body),
    ).toEqual(["Private."]);
  });
});

describe("key worker column", () => {
  it("has an index for the caseload and task queries", async () => {
    const w = await caseWorld();
    const idx = w.db.all<{ name: string }>(sql`select name from pragma_index_list('transitions')`).map((r) => r.name);
    expect(idx).toContain("transitions_case_worker_idx");
  });
});
