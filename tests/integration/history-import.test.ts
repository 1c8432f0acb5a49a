import fs from "node:fs";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import {
  auditEvents,
  communityServices,
  consents,
  followUpVisits,
  needsAssessments,
  placements,
  residents,
  transitionEvents,
  transitionPlans,
  transitions,
} from "#db/schema";
import type { Locale } from "#db/schema/enums";
import { getFixedT } from "#app/i18next.server";
import {
  commitResidentHistory,
  previewResidentHistory,
  residentHistoryExample,
  residentHistoryTemplate,
  type ResidentHistoryPreview,
} from "#app/modules/history/residents.server";
import { MAX_HISTORY_ROWS } from "#app/modules/history/common";
import { createResident, findResident } from "#app/modules/residents/service.server";
import {
  addService,
  approvePlan,
  getPlan,
  recordConsent,
  reservePlace,
  saveAssessment,
  savePlan,
} from "#app/modules/transitions/records.server";
import { applyEvent, replay } from "#app/modules/transitions/service.server";
import type { AssessmentFormOutput } from "#app/modules/transitions/schemas";
import { AppError } from "#app/utils/errors";
import type { TransitionEventType } from "#machines/transition";
import { freshDb, freshDbFile } from "#tests/support/db";
import { contextFor, createInstitution, createUser, DEFAULT_PASSWORD } from "#tests/factories";
import { insertHousingUnit } from "#tests/factories/housing";

/** The clock of every test here: "today" is 1 December 2026 (the services take it from ctx.now). */
const NOW = new Date("2026-12-01T10:00:00Z");

const fixture = (name: string) =>
  new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, "../fixtures/import", name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Every table an import writes, with its row count: "nothing written" compares these. */
const TABLES = {
  residents,
  transitions,
  transitionEvents,
  needsAssessments,
  transitionPlans,
  consents,
  placements,
  followUpVisits,
  communityServices,
  auditEvents,
};
function counts(db: Db) {
  return Object.fromEntries(
    Object.entries(TABLES).map(([k, t]) => [
      k,
      db
        .select({ n: sql<number>`count(*)` })
        .from(t)
        .get()!.n,
    ]),
  );
}

/** One institution with two housing units and two case workers (the second approves plans when entered by hand). */
async function setup(country: "PL" | "BG" = "PL") {
  const db = freshDb();
  const inst = createInstitution(db, country === "BG" ? { country: "BG", timeZone: "Europe/Sofia" } : {});
  const worker = await createUser(db, { name: "Anna Nowak", institutionIds: [inst.id] });
  const second = await createUser(db, { name: "Piotr Zieliński", institutionIds: [inst.id] });
  const flat1 = insertHousingUnit(db, inst.id, {
    name: "Flat 1",
    capacity: 6,
    openedOn: "2020-01-01",
    housingType: "pl_protected_training_flat",
  });
  const flat2 = insertHousingUnit(db, inst.id, {
    name: "Flat 2",
    capacity: 2,
    openedOn: "2020-01-01",
    housingType: "pl_protected_supported_flat",
  });
  return { db, inst, flat1, flat2, ctx: contextFor(db, worker.id, NOW), ctx2: contextFor(db, second.id, NOW) };
}

const HEADER = [
  "first_name",
  "last_name",
  "sex",
  "date_of_birth",
  "target_group",
  "disability",
  "legal_capacity",
  "guardian_name",
  "opened_on",
  "assessment_started_on",
  "assessment_completed_on",
  "assessment_completed_by",
  "support_intensity",
  "assessment_self_care",
  "assessment_health",
  "assessment_household",
  "assessment_mobility",
  "assessment_communication",
  "assessment_social_relations",
  "assessment_daytime_activity",
  "assessment_finances",
  "assessment_safety",
  "plan_written_on",
  "plan_written_by",
  "plan_approved_on",
  "plan_approved_by",
  "consent_given_on",
  "consent_given_by",
  "consent_guardian",
  "unit",
  "reserved_on",
  "moved_on",
  "service_type",
  "service_provider",
  "service_start_on",
  "service_end_on",
  "service_hours_per_week",
  "returned_on",
  "withdrawn_on",
  "died_on",
] as const;
type Col = (typeof HEADER)[number];
type Row = Partial<Record<Col, string>>;

const DOMAINS = [
  "self_care",
  "health",
  "household",
  "mobility",
  "communication",
  "social_relations",
  "daytime_activity",
  "finances",
  "safety",
] as const;
/** A completed assessment's columns: who, the overall intensity and every life domain (here all at that intensity). */
const assessed = (on: string, intensity: string): Row => ({
  assessment_completed_on: on,
  assessment_completed_by: "Anna Nowak",
  support_intensity: intensity,
  ...Object.fromEntries(DOMAINS.map((d) => [`assessment_${d}`, intensity])),
});

const person = (first: string, last: string, extra: Row = {}): Row => ({
  first_name: first,
  last_name: last,
  sex: "female",
  date_of_birth: "1950-01-01",
  target_group: "older_person",
  disability: "yes",
  legal_capacity: "full",
  ...extra,
});

function csv(rows: Row[], header: readonly string[] = HEADER): Uint8Array<ArrayBuffer> {
  const cell = (v: string | undefined) => (v && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : (v ?? ""));
  return utf8([header.join(","), ...rows.map((r) => header.map((h) => cell(r[h as Col])).join(","))].join("\n") + "\n");
}

/** The histories of the equivalence test: every path the import takes. */
const HISTORIES: Row[] = [
  // A: moved, receives a service.
  person("Alicja", "Adamska", {
    opened_on: "2022-09-01",
    assessment_started_on: "2022-09-05",
    ...assessed("2022-09-20", "limited"),
    plan_written_on: "2022-10-01",
    plan_written_by: "Anna Nowak",
    plan_approved_on: "2022-10-10",
    plan_approved_by: "Piotr Zieliński",
    consent_given_on: "2022-10-12",
    unit: "Flat 1",
    reserved_on: "2022-11-02",
    moved_on: "2022-12-05",
    service_type: "pl_care_services",
    service_provider: "MOPS",
    service_start_on: "2022-12-06",
    service_hours_per_week: "10",
  }),
  // B: partial legal capacity (consent with the curator), moved, returned: the service ends with the return.
  person("Barbara", "Bielska", {
    legal_capacity: "partial",
    guardian_name: "Maria Lis",
    opened_on: "2022-09-15",
    ...assessed("2022-10-01", "extensive"),
    plan_written_on: "2022-10-05",
    plan_written_by: "Anna Nowak",
    plan_approved_on: "2022-11-20",
    plan_approved_by: "Piotr Zieliński",
    consent_given_on: "2022-10-20",
    unit: "Flat 1",
    reserved_on: "2022-11-01",
    moved_on: "2023-01-10",
    service_type: "pl_specialist_care_services",
    service_provider: "MOPS",
    service_start_on: "2023-01-11",
    service_end_on: "2023-08-31",
    returned_on: "2023-05-02",
  }),
  // C: withdrew during planning.
  person("Celina", "Czarnecka", {
    opened_on: "2023-01-10",
    ...assessed("2023-02-01", "limited"),
    withdrawn_on: "2023-03-01",
  }),
  // D: died during preparation.
  person("Danuta", "Dudek", {
    opened_on: "2023-02-01",
    ...assessed("2023-02-20", "pervasive"),
    plan_written_on: "2023-03-01",
    plan_written_by: "Anna Nowak",
    plan_approved_on: "2023-03-05",
    plan_approved_by: "Piotr Zieliński",
    consent_given_on: "2023-03-03",
    died_on: "2023-04-10",
  }),
  // E: only opened.
  person("Edyta", "Ewert", { opened_on: "2023-06-01" }),
  // F: planning, plan not yet approved.
  person("Felicja", "Fijał", {
    opened_on: "2023-03-01",
    assessment_started_on: "2023-03-02",
    ...assessed("2023-03-20", "intermittent"),
    plan_written_on: "2023-04-01",
    plan_written_by: "Anna Nowak",
    consent_given_on: "2023-04-02",
  }),
  // G: no legal capacity (the guardian consents), a place reserved, not moved yet.
  person("Grażyna", "Gawron", {
    legal_capacity: "none",
    guardian_name: "Jan Lis",
    opened_on: "2022-10-01",
    ...assessed("2022-10-15", "limited"),
    plan_written_on: "2022-10-20",
    plan_written_by: "Anna Nowak",
    plan_approved_on: "2022-10-25",
    plan_approved_by: "Piotr Zieliński",
    consent_given_on: "2022-10-26",
    consent_given_by: "guardian",
    consent_guardian: "Jan Lis",
    unit: "Flat 2",
    reserved_on: "2022-11-15",
  }),
];

/**
 * The same facts entered one by one through the services, as two case workers would (the second
 * approves the plans), with the intermediate steps on the dates docs/history-import.md derives.
 */
function enterByHand(s: Awaited<ReturnType<typeof setup>>) {
  const { ctx, ctx2, inst, flat1, flat2 } = s;
  const base = (first: string, last: string, extra: Partial<Parameters<typeof createResident>[1]> = {}) =>
    ({
      institutionId: inst.id,
      firstName: first,
      lastName: last,
      sex: "female",
      dateOfBirth: "1950-01-01",
      targetGroup: "older_person",
      disability: "yes",
      legalCapacity: "full",
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: null,
      supportNeeds: "",
      ...extra,
    }) as Parameters<typeof createResident>[1];
  const send = (id: number, type: TransitionEventType, on: string) =>
    applyEvent(ctx, id, { type, on, version: findResident(ctx, id).transition.version });
  const assess = (id: number, completedOn: string, overallIntensity: string) =>
    saveAssessment(ctx, id, {
      ...Object.fromEntries(DOMAINS.map((d) => [`domain_${d}`, overallIntensity])),
      ...Object.fromEntries(DOMAINS.map((d) => [`note_${d}`, ""])),
      overallIntensity,
      summary: "",
      completedByName: "Anna Nowak",
      completedOn,
      version: 0,
    } as AssessmentFormOutput);
  const plan = (id: number, writtenOn: string) =>
    savePlan(ctx, id, {
      goals: "",
      supportNeeded: "",
      housingPreference: "",
      plannedServices: [],
      writtenOn,
      version: 0,
    });
  const approve = (id: number, approvedOn: string) =>
    approvePlan(ctx2, id, { approvedOn, version: getPlan(ctx, findResident(ctx, id).transition.id)!.version });

  const a = createResident(ctx, { ...base("Alicja", "Adamska"), openedOn: "2022-09-01" });
  send(a, "START_ASSESSMENT", "2022-09-05");
  assess(a, "2022-09-20", "limited");
  send(a, "COMPLETE_ASSESSMENT", "2022-09-20");
  plan(a, "2022-10-01");
  approve(a, "2022-10-10");
  recordConsent(ctx, a, { givenBy: "resident", guardianName: "", givenOn: "2022-10-12", documentRef: "" });
  send(a, "START_PREPARATION", "2022-10-12"); // the later of approval and consent
  reservePlace(ctx, a, { housingUnitId: flat1.id, reservedOn: "2022-11-02", plannedMoveOn: null });
  send(a, "START_MOVE", "2022-11-02"); // the reservation
  send(a, "RECORD_MOVE", "2022-12-05");
  addService(ctx, a, {
    serviceType: "pl_care_services",
    provider: "MOPS",
    startOn: "2022-12-06",
    endOn: null,
    hoursPerWeek: 10,
  });

  const b = createResident(ctx, {
    ...base("Barbara", "Bielska", { legalCapacity: "partial", guardianName: "Maria Lis" }),
    openedOn: "2022-09-15",
  });
  send(b, "START_ASSESSMENT", "2022-09-15"); // no start date: the opening
  assess(b, "2022-10-01", "extensive");
  send(b, "COMPLETE_ASSESSMENT", "2022-10-01");
  plan(b, "2022-10-05");
  approve(b, "2022-11-20");
  recordConsent(ctx, b, {
    givenBy: "resident_with_curator",
    guardianName: "Maria Lis",
    givenOn: "2022-10-20",
    documentRef: "",
  });
  send(b, "START_PREPARATION", "2022-11-20");
  reservePlace(ctx, b, { housingUnitId: flat1.id, reservedOn: "2022-11-01", plannedMoveOn: null });
  send(b, "START_MOVE", "2022-11-20"); // the reservation came before the preparation
  send(b, "RECORD_MOVE", "2023-01-10");
  addService(ctx, b, {
    serviceType: "pl_specialist_care_services",
    provider: "MOPS",
    startOn: "2023-01-11",
    endOn: "2023-08-31",
    hoursPerWeek: null,
  });
  send(b, "RETURN", "2023-05-02");

  const c = createResident(ctx, { ...base("Celina", "Czarnecka"), openedOn: "2023-01-10" });
  send(c, "START_ASSESSMENT", "2023-01-10");
  assess(c, "2023-02-01", "limited");
  send(c, "COMPLETE_ASSESSMENT", "2023-02-01");
  send(c, "WITHDRAW", "2023-03-01");

  const d = createResident(ctx, { ...base("Danuta", "Dudek"), openedOn: "2023-02-01" });
  send(d, "START_ASSESSMENT", "2023-02-01");
  assess(d, "2023-02-20", "pervasive");
  send(d, "COMPLETE_ASSESSMENT", "2023-02-20");
  plan(d, "2023-03-01");
  approve(d, "2023-03-05");
  recordConsent(ctx, d, { givenBy: "resident", guardianName: "", givenOn: "2023-03-03", documentRef: "" });
  send(d, "START_PREPARATION", "2023-03-05");
  send(d, "RECORD_DEATH", "2023-04-10");

  createResident(ctx, { ...base("Edyta", "Ewert"), openedOn: "2023-06-01" });

  const f = createResident(ctx, { ...base("Felicja", "Fijał"), openedOn: "2023-03-01" });
  send(f, "START_ASSESSMENT", "2023-03-02");
  assess(f, "2023-03-20", "intermittent");
  send(f, "COMPLETE_ASSESSMENT", "2023-03-20");
  plan(f, "2023-04-01");
  recordConsent(ctx, f, { givenBy: "resident", guardianName: "", givenOn: "2023-04-02", documentRef: "" });

  const g = createResident(ctx, {
    ...base("Grażyna", "Gawron", { legalCapacity: "none", guardianName: "Jan Lis" }),
    openedOn: "2022-10-01",
  });
  send(g, "START_ASSESSMENT", "2022-10-01");
  assess(g, "2022-10-15", "limited");
  send(g, "COMPLETE_ASSESSMENT", "2022-10-15");
  plan(g, "2022-10-20");
  approve(g, "2022-10-25");
  recordConsent(ctx, g, { givenBy: "guardian", guardianName: "Jan Lis", givenOn: "2022-10-26", documentRef: "" });
  send(g, "START_PREPARATION", "2022-10-26");
  reservePlace(ctx, g, { housingUnitId: flat2.id, reservedOn: "2022-11-15", plannedMoveOn: null });
  send(g, "START_MOVE", "2022-11-15");
}

/** What the comparison looks at: every workflow record, without row ids, recording times or who typed it. */
function workflow(db: Db) {
  const tr = db.select().from(transitions).orderBy(asc(transitions.id)).all();
  const byTransition = new Map(tr.map((t, i) => [t.id, i]));
  const pos = (transitionId: number) => byTransition.get(transitionId);
  return {
    transitions: tr.map((t) => ({
      state: t.state,
      stateSince: t.stateSince,
      openedOn: t.openedOn,
      snapshot: t.snapshot,
      version: t.version,
      machineVersion: t.machineVersion,
    })),
    events: db
      .select()
      .from(transitionEvents)
      .orderBy(asc(transitionEvents.transitionId), asc(transitionEvents.seq))
      .all()
      .map((e) => ({
        transition: pos(e.transitionId),
        seq: e.seq,
        type: e.type,
        occurredOn: e.occurredOn,
        fromState: e.fromState,
        toState: e.toState,
        event: e.event,
        effects: (e.effects ?? []).map(({ id: _id, ...rest }) => rest),
      })),
    placements: db
      .select()
      .from(placements)
      .orderBy(asc(placements.id))
      .all()
      .map(({ id: _id, transitionId, ...p }) => ({ transition: pos(transitionId), ...p })),
    visits: db
      .select()
      .from(followUpVisits)
      .orderBy(asc(followUpVisits.id))
      .all()
      .map(({ id: _id, transitionId, recordedBy: _r, ...v }) => ({ transition: pos(transitionId), ...v })),
    services: db
      .select()
      .from(communityServices)
      .orderBy(asc(communityServices.id))
      .all()
      .map(({ id: _id, transitionId, recordedBy: _r, createdAt: _c, ...s }) => ({
        transition: pos(transitionId),
        ...s,
      })),
    consents: db
      .select()
      .from(consents)
      .orderBy(asc(consents.id))
      .all()
      .map(({ id: _id, transitionId, recordedBy: _r, createdAt: _c, ...c }) => ({
        transition: pos(transitionId),
        ...c,
      })),
    assessments: db
      .select()
      .from(needsAssessments)
      .orderBy(asc(needsAssessments.id))
      .all()
      .map(({ id: _id, transitionId, recordedBy: _r, createdAt: _c, ...a }) => ({
        transition: pos(transitionId),
        ...a,
      })),
  };
}

function errorsOf(preview: ResidentHistoryPreview) {
  return preview.rows.filter((r) => Object.keys(r.errors).length > 0).map((r) => ({ line: r.line, errors: r.errors }));
}

describe("history import of residents: replayed through the real workflow", () => {
  it("makes exactly what entering the same facts one by one makes", async () => {
    const imported = await setup();
    const file = csv(HISTORIES);
    const preview = await previewResidentHistory(imported.ctx, imported.inst.id, file);
    expect(errorsOf(preview)).toEqual([]);
    expect(preview.rows.map((r) => r.outcome?.state)).toEqual([
      "in_community",
      "returned",
      "withdrawn",
      "deceased",
      "identified",
      "planning",
      "moving",
    ]);
    const before = counts(imported.db);
    expect(before.residents).toBe(0);
    expect(counts(imported.db)).toEqual(before); // the preview wrote nothing

    const result = await commitResidentHistory(imported.ctx, imported.inst.id, file);
    expect(result).toMatchObject({ count: 7, format: "csv", encoding: "utf-8" });

    const byHand = await setup();
    enterByHand(byHand);

    const got = workflow(imported.db);
    const want = workflow(byHand.db);
    expect(got.transitions).toEqual(want.transitions);
    expect(got.events).toEqual(want.events);
    expect(got.placements).toEqual(want.placements);
    expect(got.visits).toEqual(want.visits);
    expect(got.services).toEqual(want.services);
    expect(got.consents).toEqual(want.consents);
    expect(got.assessments).toEqual(want.assessments);
    expect(got.events.length).toBeGreaterThan(20);

    // The stored snapshot and the stored log agree (replaying the log gives the snapshot).
    for (const t of imported.db.select().from(transitions).all()) {
      const log = imported.db
        .select()
        .from(transitionEvents)
        .where(eq(transitionEvents.transitionId, t.id))
        .orderBy(asc(transitionEvents.seq))
        .all();
      expect(replay(log)).toEqual(t.snapshot);
    }
    // The preview said what the commit made.
    expect(
      imported.db
        .select({ state: transitions.state, since: transitions.stateSince })
        .from(transitions)
        .orderBy(asc(transitions.id))
        .all(),
    ).toEqual(preview.rows.map((r) => ({ state: r.outcome!.state, since: r.outcome!.stateSince })));
  });

  it("makes the importing case worker the key worker of every imported resident (decision 023)", async () => {
    const { db, inst, ctx } = await setup();
    await commitResidentHistory(ctx, inst.id, csv(HISTORIES.slice(0, 2)));
    const keyWorkers = db.select({ k: transitions.caseWorkerId }).from(transitions).all();
    expect(keyWorkers.length).toBe(2);
    expect(keyWorkers.every((r) => r.k === ctx.actor.id)).toBe(true);
  });

  it("records a historical approval by the names in the file, and audits the import", async () => {
    const { db, inst, ctx } = await setup();
    await commitResidentHistory(ctx, inst.id, csv(HISTORIES.slice(0, 1)));
    const plan = db.select().from(transitionPlans).get()!;
    expect(plan).toMatchObject({
      status: "approved",
      approvedOn: "2022-10-10",
      approvedBy: null,
      approvedByName: "Piotr Zieliński",
      preparedByName: "Anna Nowak",
      preparedBy: ctx.actor.id,
    });
    const approval = db.select().from(auditEvents).where(eq(auditEvents.action, "plan.approved")).get()!;
    expect(approval.actorUserId).toBe(ctx.actor.id);
    expect(approval.after).toMatchObject({ approvedBy: null, approvedByName: "Piotr Zieliński", imported: true });
    const summary = db.select().from(auditEvents).where(eq(auditEvents.action, "resident.history_imported")).all();
    expect(summary).toHaveLength(1);
    expect(summary[0]!.after).toMatchObject({ created: 1, states: { in_community: 1 }, format: "csv" });
    expect(JSON.stringify(summary[0]!.after)).not.toContain("Adamska"); // counts and a hash, no personal data
  });

  it("refuses the four-eyes rule broken in names: the approver wrote the plan", async () => {
    const { db, inst, ctx } = await setup();
    const preview = await previewResidentHistory(
      ctx,
      inst.id,
      csv([{ ...HISTORIES[0]!, plan_approved_by: " anna  NOWAK " }]),
    );
    expect(errorsOf(preview)).toEqual([
      {
        line: 2,
        errors: { planApprovedOn: { key: "transitions.errors.selfApprovalNamed", values: { name: "anna  NOWAK" } } },
      },
    ]);
    expect(counts(db).residents).toBe(0);
  });
});

describe("history import: bad input gives a message per row or field, and nothing is written", () => {
  it("a wrong column refuses the whole file, naming it", async () => {
    const { db, inst, ctx } = await setup();
    const header = HEADER.map((h) => (h === "moved_on" ? "moved_date" : h));
    const preview = await previewResidentHistory(ctx, inst.id, csv([HISTORIES[0]!], header));
    expect(preview.fileErrors).toEqual([
      { key: "residents.import.errors.unknownColumns", values: { columns: "moved_date" } },
    ]);
    await expect(commitResidentHistory(ctx, inst.id, csv([HISTORIES[0]!], header))).rejects.toMatchObject({
      messageKey: "residents.import.errors.unknownColumns",
    });
    expect(counts(db).residents).toBe(0);
  });

  it("names a duplicate resident, an unknown unit and an impossible order of dates, on their rows and fields", async () => {
    const { db, inst, ctx } = await setup();
    createResident(ctx, {
      institutionId: inst.id,
      firstName: "Edyta",
      lastName: "Ewert",
      sex: "female",
      dateOfBirth: "1950-01-01",
      targetGroup: "older_person",
      disability: "yes",
      legalCapacity: "full",
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: null,
      supportNeeds: "",
      openedOn: "2023-01-01",
    });
    const before = counts(db);
    const rows: Row[] = [
      HISTORIES[0]!, // line 2: fine
      {
        ...HISTORIES[0]!,
        first_name: "Alicja",
        service_type: "",
        service_provider: "",
        service_start_on: "",
        service_hours_per_week: "",
      }, // line 3: Alicja Adamska again
      HISTORIES[4]!, // line 4: Edyta Ewert is registered already
      { ...HISTORIES[6]!, first_name: "Gabriela", unit: "Flat 9" }, // line 5: no such unit
      { ...HISTORIES[0]!, first_name: "Halina", plan_approved_on: "2022-12-20" }, // line 6: moved (5 Dec) before the approval
      { ...HISTORIES[0]!, first_name: "Irena", moved_on: "" }, // line 7: a service without a move
      { ...HISTORIES[2]!, first_name: "Jolanta", consent_given_on: "2023-04-01" }, // line 8: consent after the withdrawal
      { ...HISTORIES[0]!, first_name: "Kinga", plan_approved_on: "2027-01-05" }, // line 9: in the future
    ];
    const preview = await previewResidentHistory(ctx, inst.id, csv(rows));
    expect(preview.rowCount).toBe(8);
    expect(errorsOf(preview)).toEqual([
      { line: 2, errors: { _row: { key: "residents.import.errors.duplicate", values: { line: 3 } } } },
      { line: 3, errors: { _row: { key: "residents.import.errors.duplicate", values: { line: 2 } } } },
      { line: 4, errors: { _row: { key: "residents.import.errors.duplicate", values: { context: "registered" } } } },
      { line: 5, errors: { unit: { key: "history.errors.unknownUnit", values: { name: "Flat 9" } } } },
      {
        line: 6,
        errors: {
          movedOn: {
            key: "history.errors.dateBefore",
            values: {
              on: "d:2022-12-05",
              column: "t:history.residents.fields.planApprovedOn",
              previous: "d:2022-12-20",
            },
          },
        },
      },
      {
        line: 7,
        errors: {
          serviceType: { key: "history.errors.needs", values: { column: "t:history.residents.fields.movedOn" } },
        },
      },
      {
        line: 8,
        errors: {
          consentGivenOn: {
            key: "history.errors.afterOutcome",
            values: { on: "d:2023-04-01", column: "t:history.residents.fields.withdrawnOn", outcome: "d:2023-03-01" },
          },
        },
      },
      {
        line: 9,
        errors: {
          planApprovedOn: {
            key: "transitions.errors.factInFuture",
            values: { field: "t:transitions.plan.approvedOn", on: "d:2027-01-05", today: "d:2026-12-01" },
          },
        },
      },
    ]);
    expect(preview.errorRowCount).toBe(8);
    await expect(commitResidentHistory(ctx, inst.id, csv(rows))).rejects.toMatchObject({
      messageKey: "residents.import.errors.hasErrors",
      values: { count: 8 },
    });
    expect(counts(db)).toEqual(before);
  });

  it("one refused row among good ones: the commit writes nothing at all, and the good rows are judged as if it were not there", async () => {
    const { db, inst, ctx } = await setup();
    const before = counts(db);
    const rows = [...HISTORIES, { ...HISTORIES[0]!, first_name: "Zofia", moved_on: "2022-11-01" }];
    const preview = await previewResidentHistory(ctx, inst.id, csv(rows));
    expect(errorsOf(preview).map((e) => [e.line, Object.keys(e.errors)])).toEqual([[9, ["movedOn"]]]);
    expect(preview.rows.slice(0, 7).every((r) => r.outcome !== null)).toBe(true);
    const thrown = await commitResidentHistory(ctx, inst.id, csv(rows)).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ messageKey: "residents.import.errors.hasErrors", values: { count: 1 } });
    expect(counts(db)).toEqual(before);
  });

  it("a unit's capacity is judged across the rows, as entering them one after another would", async () => {
    const { db, inst, ctx } = await setup();
    // Flat 2 has two places: G's reservation holds one, two more people moved in...
    const rows = [
      HISTORIES[6]!,
      { ...HISTORIES[0]!, first_name: "Ola", unit: "Flat 2" },
      { ...HISTORIES[0]!, first_name: "Ula", unit: "Flat 2" },
    ];
    const preview = await previewResidentHistory(ctx, inst.id, csv(rows));
    expect(errorsOf(preview)).toEqual([
      { line: 4, errors: { reservedOn: { key: "transitions.errors.unitFull", values: { name: "Flat 2" } } } },
    ]);
    // ... but a person who moved and returned gives the place back.
    const ok = [HISTORIES[6]!, { ...HISTORIES[1]!, unit: "Flat 2" }, { ...HISTORIES[0]!, unit: "Flat 2" }];
    expect(errorsOf(await previewResidentHistory(ctx, inst.id, csv(ok)))).toEqual([]);
    expect(counts(db).residents).toBe(0);
  });

  it("takes an optional column for the day a reservation is held until, not before the reservation (decision 047)", async () => {
    const { db, inst, ctx } = await setup();
    const header = [...HEADER, "reservation_expires_on"] as readonly string[];
    const withExpiry = (row: Row, on: string) => ({ ...row, reservation_expires_on: on }) as Row;
    const bad = await previewResidentHistory(ctx, inst.id, csv([withExpiry(HISTORIES[6]!, "2022-11-14")], header));
    expect(errorsOf(bad)).toEqual([
      {
        line: 2,
        errors: {
          reservationExpiresOn: {
            key: "transitions.errors.expiryBeforeReservation",
            values: { on: "d:2022-11-14", earlier: "d:2022-11-15" },
          },
        },
      },
    ]);
    // A past day is taken: an old reservation that lapsed stays reserved, shown as expired.
    await commitResidentHistory(ctx, inst.id, csv([withExpiry(HISTORIES[6]!, "2022-12-31")], header));
    expect(db.select({ status: placements.status, expiresOn: placements.expiresOn }).from(placements).all()).toEqual([
      { status: "reserved", expiresOn: "2022-12-31" },
    ]);
    // Files without the column import as before (no end date).
    await commitResidentHistory(ctx, inst.id, csv([{ ...HISTORIES[0]!, first_name: "Bez" }]));
    expect(db.select({ expiresOn: placements.expiresOn }).from(placements).all().at(-1)).toEqual({ expiresOn: null });
  });

  it("refuses more rows than a history file may have", async () => {
    const { inst, ctx } = await setup();
    const rows = Array.from({ length: MAX_HISTORY_ROWS + 1 }, (_, i) =>
      person("A", `B${i}`, { opened_on: "2023-01-01" }),
    );
    const preview = await previewResidentHistory(ctx, inst.id, csv(rows));
    expect(preview.fileErrors).toEqual([
      { key: "residents.import.errors.tooManyRows", values: { max: MAX_HISTORY_ROWS } },
    ]);
  });
});

describe("history files: Windows-1250 CSV, Excel workbooks, templates in en / pl / bg", () => {
  it("reads a Polish Windows-1250 CSV with Polish headers and words", async () => {
    const { db, inst, ctx } = await setup();
    insertHousingUnit(db, inst.id, {
      name: "Mieszkanie treningowe nr 1",
      capacity: 4,
      openedOn: "2020-01-01",
      housingType: "pl_protected_training_flat",
    });
    const bytes = fixture("history-residents-pl-windows-1250.csv");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    const preview = await previewResidentHistory(ctx, inst.id, bytes, { locale: "pl" });
    expect(preview).toMatchObject({ format: "csv", encoding: "windows-1250", delimiter: ";", fileErrors: [] });
    expect(errorsOf(preview)).toEqual([]);
    expect(preview.rows.map((r) => [r.values.lastName, r.outcome?.state])).toEqual([
      ["Żółkiewska", "in_community"],
      ["Wąsowicz", "returned"],
      ["Ślązak", "planning"],
    ]);
    await commitResidentHistory(ctx, inst.id, bytes);
    const services = db.select().from(communityServices).all();
    expect(services.map((s) => s.serviceType)).toEqual(["pl_care_services", "pl_specialist_care_services"]);
    expect(
      db
        .select()
        .from(consents)
        .all()
        .map((c) => c.givenBy),
    ).toEqual(["resident", "resident_with_curator", "resident"]);
  });

  it("reads an Excel workbook: real date cells, numbers and text", async () => {
    const { db, inst, ctx } = await setup();
    const bytes = fixture("history-residents.xlsx");
    const preview = await previewResidentHistory(ctx, inst.id, bytes);
    expect(preview).toMatchObject({ format: "xlsx", encoding: null, delimiter: null, fileErrors: [] });
    expect(errorsOf(preview)).toEqual([]);
    expect(preview.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(preview.rows.map((r) => r.outcome?.state)).toEqual(["in_community", "deceased"]);
    await commitResidentHistory(ctx, inst.id, bytes);
    expect(
      db
        .select({ on: transitions.openedOn })
        .from(transitions)
        .all()
        .map((t) => t.on),
    ).toEqual(["2022-09-01", "2023-02-01"]);
    expect(db.select().from(communityServices).get()).toMatchObject({ startOn: "2022-12-06", hoursPerWeek: 7.5 });
  });

  it("refuses an old .xls and a broken workbook with their own messages", async () => {
    const { inst, ctx } = await setup();
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    expect((await previewResidentHistory(ctx, inst.id, xls)).fileErrors).toEqual([{ key: "history.errors.xls" }]);
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
    expect((await previewResidentHistory(ctx, inst.id, broken)).fileErrors).toEqual([{ key: "history.errors.xlsx" }]);
  });

  for (const locale of ["en", "pl", "bg"] as const) {
    for (const format of ["csv", "xlsx"] as const) {
      it(`the ${locale} ${format.toUpperCase()} template's example row imports as it is`, async () => {
        const country = locale === "bg" ? "BG" : "PL";
        const { db, inst, ctx } = await setup(country);
        const example = residentHistoryExample(locale as Locale);
        insertHousingUnit(db, inst.id, {
          name: example.unit!,
          capacity: 4,
          openedOn: "2020-01-01",
          housingType: country === "BG" ? "bg_protected_housing" : "pl_protected_training_flat",
        });
        const bytes = await residentHistoryTemplate(locale, format, await getFixedT(locale));
        if (format === "csv") {
          const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
          expect(text.startsWith("\uFEFF")).toBe(true);
          expect(text.split("\r\n")[0]).toContain(
            locale === "en" ? "opened_on," : locale === "pl" ? "data otwarcia;" : "дата на откриване;",
          );
        } else {
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
          expect(wb.worksheets.map((w) => w.name)).toHaveLength(2); // the rows, and the columns explained
          expect(wb.worksheets[0]!.getCell("M2").value).toBeInstanceOf(Date); // opened_on (column 13) is a real date cell
        }
        const preview = await previewResidentHistory(ctx, inst.id, bytes, { locale });
        expect(preview.fileErrors).toEqual([]);
        expect(errorsOf(preview)).toEqual([]);
        expect(preview.rows[0]!.outcome).toMatchObject({ state: "in_community", stateSince: "2022-12-05" });
      });
    }
  }
});

describe("the history import page and its template download", () => {
  const ORIGIN = "http://localhost:3000";
  type Handler = (args: {
    request: Request;
    params: Record<string, string>;
    context: Record<string, never>;
  }) => Promise<unknown>;
  let db: Db;
  let login: { action: Handler };
  let page: { action: Handler; loader: Handler };
  let template: { loader: Handler };
  let instId: number;

  beforeAll(async () => {
    process.env.DATABASE_PATH = freshDbFile();
    const { getDb } = await import("#app/utils/db.server");
    db = getDb();
    login = (await import("#app/routes/login")) as never;
    page = (await import("#app/routes/_app.residents.history-import")) as never;
    template = (await import("#app/routes/_app.residents.history-import_.template")) as never;
    instId = createInstitution(db).id;
    insertHousingUnit(db, instId, { name: "Flat 1", capacity: 6, openedOn: "2020-01-01" });
    await createUser(db, { email: "worker@history.pl", institutionIds: [instId] });
  });

  const args = (request: Request) => ({ request, params: {}, context: {} as Record<string, never> });
  async function signIn(): Promise<string> {
    const body = new URLSearchParams({ email: "worker@history.pl", password: DEFAULT_PASSWORD }).toString();
    const res = (await login.action(
      args(
        new Request(`${ORIGIN}/login`, {
          method: "POST",
          body,
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
        }),
      ),
    )) as Response;
    return res.headers.get("Set-Cookie")!.split(";")[0]!;
  }
  const post = (fd: FormData, cookie: string) =>
    page.action(
      args(
        new Request(`${ORIGIN}/residents/history-import`, {
          method: "POST",
          body: fd,
          headers: { Origin: ORIGIN, Cookie: cookie },
        }),
      ),
    );

  it("previews a file (showing what each row becomes), then imports it from the confirm form", async () => {
    const cookie = await signIn();
    const fd = new FormData();
    fd.set("intent", "preview");
    fd.set("institutionId", String(instId));
    fd.set(
      "file",
      new File([new Uint8Array(csv([HISTORIES[0]!, HISTORIES[4]!]))], "historia.csv", { type: "text/csv" }),
    );
    const previewed = (await post(fd, cookie)) as {
      ok: true;
      preview: { rowCount: number; rows: { values: Record<string, unknown> }[] };
      file64: string;
      fileName: string;
    };
    expect(previewed.preview.rowCount).toBe(2);
    // Only what the preview shows goes to the browser.
    expect(previewed.preview.rows[0]!.values).toEqual({
      firstName: "Alicja",
      lastName: "Adamska",
      openedOn: "2022-09-01",
      state: "in_community",
      stateSince: "2022-12-05",
    });
    expect(db.select().from(residents).all()).toHaveLength(0);

    const confirm = new FormData();
    confirm.set("intent", "confirm");
    confirm.set("institutionId", String(instId));
    confirm.set("fileName", previewed.fileName);
    confirm.set("file64", previewed.file64);
    const res = (await post(confirm, cookie)) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/residents");
    expect(db.select().from(residents).all()).toHaveLength(2);
  });

  it("serves the template in the language asked, as a download that is never stored", async () => {
    const cookie = await signIn();
    const res = (await template.loader(
      args(
        new Request(`${ORIGIN}/residents/history-import/template?lang=bg&format=xlsx`, { headers: { Cookie: cookie } }),
      ),
    )) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="resident-history-bg.xlsx"');
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const csvRes = (await template.loader(
      args(new Request(`${ORIGIN}/residents/history-import/template?lang=pl`, { headers: { Cookie: cookie } })),
    )) as Response;
    expect(csvRes.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect((await csvRes.text()).split("\r\n")[0]).toMatch(/^\uFEFF?imię;nazwisko;/);
  });
});
