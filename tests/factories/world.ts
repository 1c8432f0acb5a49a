import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import {
  serviceDeliveries,
  communityServices,
  consents,
  enrolments,
  followUpVisits,
  reportingPeriods,
  wgActionItems,
  wgMeetings,
  wgMembers,
} from "#db/schema";
import type { Role } from "#db/schema/enums";
import { createGrant } from "#app/modules/grants/service.server";
import { grantCreateSchema } from "#app/modules/grants/schemas";
import { createPlan } from "#app/modules/plans/service.server";
import { addActionItem, addMeeting, addMember } from "#app/modules/plans/working-group.server";
import { uploadMeetingDocument, uploadResidentDocument } from "#app/modules/documents/service.server";
import { fileOf, samplePdf, samplePng } from "./documents";
import { createStaffMember } from "#app/modules/staff/service.server";
import { bulkEnrol, createModule, createSupportSession } from "#app/modules/staff/training.server";
import { contextFor, createInstitution, createMunicipality, createUser } from "./index";
import { localDate } from "#app/utils/dates";
import { insertHousingUnit, insertPlacement, residentWithTransition } from "./housing";
import { addNote } from "#app/modules/notes/service.server";

/**
 * Two institutions, A and B, in two plan areas, each with one of every kind of record a route
 * can address (resident and transition with its records, housing unit, staff member with an
 * enrolment and a support session, plan with a working group, grant with periods, a spare user).
 * Signed-in test users belong to A; B's records are "another institution's".
 */
export interface Side {
  tag: "A" | "B";
  institutionId: number;
  municipalityId: number;
  residentId: number;
  residentCode: string;
  transitionId: number;
  unitId: number;
  placementId: number;
  consentId: number;
  serviceId: number;
  /** Hours delivered of that service (an entry to correct or remove). */
  deliveryId: number;
  visitId: number;
  staffId: number;
  enrolmentId: number;
  supportSessionId: number;
  planId: number;
  memberId: number;
  itemId: number;
  /** A meeting of the working group, with its minutes uploaded (`minutesId`). */
  meetingId: number;
  minutesId: number;
  /** The resident's signed consent, uploaded. */
  documentId: number;
  grantId: number;
  grantContract: string;
  periodId: number;
  /** A user of this institution who is none of the signed-in test users (admin pages edit them). */
  spareUserId: number;
  /** Personal data of this side that must never reach a user of the other side. */
  secrets: string[];
}

export interface World {
  db: Db;
  a: Side;
  b: Side;
  moduleId: number;
  /** Sign-in e-mails: the admin (all institutions) and one user per role in institution A. */
  emails: Record<Role, string>;
  userIds: Record<Role, number>;
}

/**
 * Calendar date N days before `now` in Warsaw, the zone of the world's institutions: never in the
 * future there nor in Sofia (east of it), and never before a record opened "today" there (the UTC
 * date is the day before between midnight in Warsaw and midnight UTC).
 */
export function daysAgo(n: number, now = new Date()): string {
  return localDate(new Date(now.getTime() - n * 86_400_000), "Europe/Warsaw");
}

async function buildSide(
  db: Db,
  tag: "A" | "B",
  adminId: number,
): Promise<Side & { users: Record<Exclude<Role, "admin">, number> }> {
  const municipalityId = createMunicipality(db, { name: `Gmina ${tag}` }).id;
  const institutionId = createInstitution(db, { municipalityId, name: `DPS ${tag}` }).id;
  const cw = (
    await createUser(db, {
      role: "case_worker",
      email: `cw-${tag.toLowerCase()}@world.test`,
      name: `Case Worker ${tag}`,
      institutionIds: [institutionId],
    })
  ).id;
  const wg = (
    await createUser(db, {
      role: "working_group",
      email: `wg-${tag.toLowerCase()}@world.test`,
      name: `WG Member ${tag}`,
      institutionIds: [institutionId],
    })
  ).id;
  const gm = (
    await createUser(db, {
      role: "grant_manager",
      email: `gm-${tag.toLowerCase()}@world.test`,
      name: `Grant Manager ${tag}`,
      institutionIds: [institutionId],
    })
  ).id;
  // A regional coordinator granted this side's plan area (not its institution: decision 033).
  const mon = (
    await createUser(db, {
      role: "monitoring",
      email: `mon-${tag.toLowerCase()}@world.test`,
      name: `Monitor ${tag}`,
      municipalityIds: [municipalityId],
    })
  ).id;
  const spareUserId = (
    await createUser(db, {
      role: "case_worker",
      email: `spare-${tag.toLowerCase()}@world.test`,
      name: `Spare ${tag}`,
      institutionIds: [institutionId],
    })
  ).id;
  const cwCtx = contextFor(db, cw);
  const adminCtx = contextFor(db, adminId);

  const firstName = `Genowefa${tag}`;
  const lastName = `Sekretna${tag}zq`;
  const r = residentWithTransition(cwCtx, institutionId, { firstName, lastName });
  const unit = insertHousingUnit(db, institutionId, { name: `Mieszkanie ${tag}` });
  const placement = insertPlacement(db, r.transitionId, unit.id, "reserved", {
    reservedOn: daysAgo(30),
    plannedMoveOn: daysAgo(1),
  });
  const consentId = db
    .insert(consents)
    .values({
      transitionId: r.transitionId,
      givenBy: "resident",
      givenOn: daysAgo(20),
      documentRef: `Zgoda ${tag}`,
      recordedBy: cw,
    })
    .returning({ id: consents.id })
    .get().id;
  const serviceId = db
    .insert(communityServices)
    .values({
      transitionId: r.transitionId,
      serviceType: "pl_care_services",
      provider: `MOPS ${tag}`,
      startOn: daysAgo(10),
      endOn: null,
      hoursPerWeek: 10,
      recordedBy: cw,
    })
    .returning({ id: communityServices.id })
    .get().id;
  const deliveryId = db
    .insert(serviceDeliveries)
    .values({ serviceId, deliveredOn: daysAgo(5), hours: 2, note: `Godziny${tag}zq`, recordedBy: cw })
    .returning({ id: serviceDeliveries.id })
    .get().id;
  const visitId = db
    .insert(followUpVisits)
    .values({ transitionId: r.transitionId, moveOn: daysAgo(40), monthsAfterMove: 1, dueOn: daysAgo(10) })
    .returning({ id: followUpVisits.id })
    .get().id;
  addNote(cwCtx, r.residentId, { occurredOn: daysAgo(0), body: `Notatka${tag}zq` });

  const staffFirst = `Bronisława${tag}`;
  const staffLast = `Pracownica${tag}zq`;
  const staffId = createStaffMember(adminCtx, {
    institutionId,
    firstName: staffFirst,
    lastName: staffLast,
    sex: "female",
    dateOfBirth: "1980-01-01",
    position: "opiekunka",
    employedFrom: "2020-01-01",
    employedTo: null,
    email: `staff-${tag.toLowerCase()}@dps.test`,
    phone: "",
  });
  const supportSessionId = createSupportSession(cwCtx, {
    institutionId,
    kind: "supervision",
    heldOn: daysAgo(5),
    facilitator: `Superwizor ${tag}`,
    topics: "",
    staffIds: [staffId],
  });

  const wgCtx = contextFor(db, wg);
  const planId = createPlan(wgCtx, { municipalityId, title: `Plan DI ${tag}` });
  addMember(wgCtx, planId, { name: `Członek${tag}zq`, organisation: "MOPS", roleInGroup: "chair", contact: "" });
  const memberId = db.select({ id: wgMembers.id }).from(wgMembers).where(eq(wgMembers.planId, planId)).get()!.id;
  addActionItem(wgCtx, planId, {
    title: `Zadanie ${tag}`,
    ownerMemberId: memberId,
    dueOn: daysAgo(-30),
    planActionId: "",
  });
  const itemId = db.select({ id: wgActionItems.id }).from(wgActionItems).where(eq(wgActionItems.planId, planId)).get()!
    .id;
  addMeeting(wgCtx, planId, { heldOn: daysAgo(7), agenda: "Plan", minutes: "", decisions: "", memberIds: [memberId] });
  const meetingId = db.select({ id: wgMeetings.id }).from(wgMeetings).where(eq(wgMeetings.planId, planId)).get()!.id;
  const minutesId = await uploadMeetingDocument(
    wgCtx,
    planId,
    meetingId,
    { kind: "meeting_minutes", documentOn: daysAgo(6) },
    fileOf(await samplePdf(`Protokol ${tag}`), `protokol-${tag}.pdf`, "application/pdf"),
  );
  const documentId = await uploadResidentDocument(
    cwCtx,
    r.residentId,
    { kind: "consent", documentOn: daysAgo(20), stepSeq: null },
    fileOf(await samplePdf(`Zgoda ${tag}`), `zgoda-${tag}.pdf`, "application/pdf"),
  );

  const grantContract = `POWR.${tag}.2024-0001`;
  const year = new Date().getUTCFullYear();
  const grantId = createGrant(
    contextFor(db, gm),
    grantCreateSchema.parse({
      ...grantFields({ tag, institutionId }, grantContract),
      firstPeriodStart: `${year - 1}-01-01`,
      periodMonths: "6",
    }),
  );
  const periodId = db
    .select({ id: reportingPeriods.id })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.grantId, grantId))
    .get()!.id;

  return {
    tag,
    institutionId,
    municipalityId,
    residentId: r.residentId,
    residentCode: r.code,
    transitionId: r.transitionId,
    unitId: unit.id,
    placementId: placement.id,
    consentId,
    serviceId,
    deliveryId,
    visitId,
    staffId,
    enrolmentId: 0,
    supportSessionId,
    planId,
    memberId,
    itemId,
    meetingId,
    minutesId,
    documentId,
    grantId,
    grantContract,
    periodId,
    spareUserId,
    secrets: [lastName, staffLast, `Członek${tag}zq`, `staff-${tag.toLowerCase()}@dps.test`, `Notatka${tag}zq`],
    users: { case_worker: cw, working_group: wg, grant_manager: gm, monitoring: mon },
  };
}

/** The two-institution world every authorization and fuzz test starts from. */
export async function buildWorld(db: Db): Promise<World> {
  const admin = (await createUser(db, { role: "admin", email: "admin@world.test", name: "Admin" })).id;
  const a = await buildSide(db, "A", admin);
  const b = await buildSide(db, "B", admin);
  const adminCtx = contextFor(db, admin);
  const moduleId = createModule(adminCtx, {
    titleEn: "Supported living",
    titlePl: "Mieszkalnictwo wspomagane",
    titleBg: "Защитено жилище",
    hours: 40,
    competenceArea: "supported_living",
    provider: "ROPS",
  });
  for (const s of [a, b]) {
    bulkEnrol(contextFor(db, s.users.case_worker), { moduleId, enrolledOn: daysAgo(15), staffIds: [s.staffId] });
    s.enrolmentId = db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(eq(enrolments.staffMemberId, s.staffId))
      .get()!.id;
  }
  const { users: ua, ...sideA } = a;
  const { users: _ub, ...sideB } = b;
  return {
    db,
    a: sideA,
    b: sideB,
    moduleId,
    emails: {
      admin: "admin@world.test",
      case_worker: "cw-a@world.test",
      working_group: "wg-a@world.test",
      grant_manager: "gm-a@world.test",
      monitoring: "mon-a@world.test",
    },
    userIds: { admin, ...ua },
  };
}

// ---------- valid forms, as a browser posts them ----------

export type Fields = Record<string, string | string[] | File>;
/** A form for one side's records (versions read live, so the form is never stale unless meant to be). */
export type FormBuilder = (w: World, s: Side) => Fields;

const LIFE = [
  "self_care",
  "health",
  "household",
  "mobility",
  "communication",
  "social_relations",
  "daytime_activity",
  "finances",
  "safety",
];
const MILESTONE_CODES = ["RES_COVERED", "RES_MOVED", "STAFF_SUPPORTED", "STAFF_TO_COMMUNITY", "PLACES_CREATED"];
let formSeq = 0;

function row<T>(w: World, sql: string, ...params: unknown[]): T | undefined {
  return w.db.$client.prepare(sql).get(...params) as T | undefined;
}
const version = (w: World, table: string, where: string, id: number) =>
  String(
    row<{ version: number }>(w, `select version from ${table} where ${where} = ? order by id desc limit 1`, id)
      ?.version ?? 0,
  );
/** The latest entry of a transition's log (1 when there is none yet: the action then answers 404). */
const latestSeq = (w: World, transitionId: number) =>
  row<{ seq: number }>(w, "select max(seq) as seq from transition_events where transition_id = ?", transitionId)?.seq ??
  1;
/** The current version of a side's case note (the one a correction names). */
const latestNote = (w: World, transitionId: number) =>
  row<{ id: number }>(
    w,
    "select id from case_notes n where transition_id = ? and not exists (select 1 from case_notes c where c.supersedes_id = n.id) order by id desc limit 1",
    transitionId,
  )?.id ?? 1;
const planVersion = (w: World, s: Side) => version(w, "plan_versions", "plan_id", s.planId);
/** The public summary's version (0: never published; the table is keyed by plan). */
const publicationVersion = (w: World, s: Side) =>
  String(
    row<{ version: number }>(w, "select version from plan_publications where plan_id = ?", s.planId)?.version ?? 0,
  );
const planContent = (w: World, s: Side) =>
  JSON.parse(
    row<{ content: string }>(
      w,
      "select content from plan_versions where plan_id = ? order by number desc limit 1",
      s.planId,
    )!.content,
  ) as {
    goals: { id: string }[];
    actions: { id: string }[];
  };

const fixture = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/import", name));
const csvFile = (name: string) => new File([fixture(name)], name, { type: "text/csv" });
/** A scanned document as a browser sends it (a 1×1 PNG: the type is judged from the content). */
const documentFile = () => fileOf(samplePng(), "skan.png", "image/png");

/** A resident history file for a side: one person who moved into the side's housing unit (fresh names each call). */
function historyCsv(s: Side): Uint8Array<ArrayBuffer> {
  const n = ++formSeq;
  const text = [
    `first_name,last_name,target_group,disability,legal_capacity,opened_on,assessment_completed_on,assessment_completed_by,support_intensity,${LIFE.map((d) => `assessment_${d}`).join(",")},plan_written_on,plan_written_by,plan_approved_on,plan_approved_by,consent_given_on,unit,reserved_on,moved_on`,
    `Historia,Osoba ${n},older_person,yes,full,${daysAgo(60)},${daysAgo(50)},Anna,limited,${LIFE.map(() => "limited").join(",")},${daysAgo(45)},Anna,${daysAgo(40)},Piotr,${daysAgo(39)},Mieszkanie ${s.tag},${daysAgo(30)},${daysAgo(20)}`,
  ].join("\n");
  return new TextEncoder().encode(text);
}

/** A staff history file: one person who attended a supervision session and started community work (fresh names each call). */
function staffHistoryCsv(): Uint8Array<ArrayBuffer> {
  const n = ++formSeq;
  const text = [
    "first_name,last_name,position,supervision_on,facilitator,community_start_on,community_service,community_employer",
    `Historia,Pracownik ${n},opiekun,${daysAgo(30)},Superwizor,${daysAgo(10)},pl_care_services,MOPS`,
  ].join("\n");
  return new TextEncoder().encode(text);
}

function residentFields(w: World, s: Side): Fields {
  const r = row<Record<string, string | number | null>>(w, "select * from residents where id = ?", s.residentId)!;
  const str = (v: unknown) => (v == null ? "" : String(v));
  return {
    institutionId: String(r.institution_id),
    firstName: str(r.first_name),
    lastName: str(r.last_name),
    sex: str(r.sex),
    dateOfBirth: str(r.date_of_birth),
    targetGroup: str(r.target_group),
    disability: str(r.disability),
    legalCapacity: str(r.legal_capacity),
    guardianName: str(r.guardian_name),
    guardianContact: str(r.guardian_contact),
    guardianDecision: str(r.guardian_decision),
    admissionDate: str(r.admission_date),
    supportNeeds: str(r.support_needs),
    version: version(w, "residents", "id", s.residentId),
  };
}

function staffFields(w: World, s: Side): Fields {
  const r = row<Record<string, string | number | null>>(w, "select * from staff_members where id = ?", s.staffId)!;
  const str = (v: unknown) => (v == null ? "" : String(v));
  return {
    institutionId: String(r.institution_id),
    firstName: str(r.first_name),
    lastName: str(r.last_name),
    sex: str(r.sex),
    dateOfBirth: str(r.date_of_birth),
    position: str(r.position),
    employedFrom: str(r.employed_from),
    employedTo: str(r.employed_to),
    email: str(r.email),
    phone: str(r.phone),
  };
}

function institutionFields(w: World, s: Side): Fields {
  const i = row<Record<string, string | number | null>>(w, "select * from institutions where id = ?", s.institutionId)!;
  return {
    name: String(i.name),
    country: String(i.country),
    kind: String(i.kind),
    municipalityId: String(i.municipality_id),
    timeZone: String(i.time_zone),
    address: i.address == null ? "" : String(i.address),
    places: i.places == null ? "" : String(i.places),
  };
}

function municipalityFields(w: World, s: Side): Fields {
  const m = row<Record<string, string | number | null>>(
    w,
    "select * from municipalities where id = ?",
    s.municipalityId,
  )!;
  return {
    country: String(m.country),
    name: String(m.name),
    kind: String(m.kind),
    region: m.region == null ? "" : String(m.region),
  };
}

function unitFields(w: World, s: Side): Fields {
  const u = row<Record<string, string | number | null>>(w, "select * from housing_units where id = ?", s.unitId)!;
  return {
    institutionId: String(s.institutionId),
    housingType: String(u.housing_type),
    name: String(u.name),
    address: String(u.address),
    operatorName: String(u.operator_name),
    operatorKind: String(u.operator_kind),
    capacity: String(u.capacity),
    maxFundedUsers: "",
    openedOn: u.opened_on == null ? "" : String(u.opened_on),
    status: String(u.status),
  };
}

/** The grant form of one side (the world's grant is made from it too). */
function grantFields(s: Pick<Side, "tag" | "institutionId">, contractNumber: string): Fields {
  const year = new Date().getUTCFullYear();
  return {
    contractNumber,
    title: `Grant ${s.tag}`,
    programme: "EFS+",
    ageScheme: "esf_plus_2021_2027",
    funder: "WUP",
    currency: "PLN",
    budget: "100000,00",
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    partners: "",
    municipalityId: "",
    institutionIds: [String(s.institutionId)],
    unit_RES_COVERED: "persons",
    baseline_RES_COVERED: "0",
    target_RES_COVERED: "10",
  };
}

const lifecycle =
  (intent: string): FormBuilder =>
  (w, s) => ({
    intent,
    version: planVersion(w, s),
    on: daysAgo(1),
    adoptingBody: "Rada Gminy",
    resolutionNumber: "I/1/26",
    // Adoption is confirmed in the page's dialog (decision 017).
    ...(intent === "ADOPT" ? { confirmed: "yes" } : {}),
  });

const enrolmentAction =
  (intent: string): FormBuilder =>
  (_w, s) => ({
    intent,
    on: daysAgo(1),
    hours: "2",
    reason: "",
    certificateRef: "",
    enrolmentIds: [String(s.enrolmentId)],
  });

/**
 * A valid form of every action, per intent: `route file` → `intent` → builder. Intent "" is an
 * action with one form. Used by the authorization matrix (one per route) and the fuzz test (all).
 */
export const FORMS: Record<string, Record<string, FormBuilder>> = {
  "_app.admin.retention.tsx": {
    refuse: (_w, s) => ({ intent: "refuse", residentId: String(s.residentId), basis: "e", reference: "III C 1/26" }),
    anonymise: (w, s) => ({
      intent: "anonymise",
      residentId: String(s.residentId),
      version: version(w, "residents", "id", s.residentId),
      confirmed: "yes",
    }),
  },
  "_app.admin.users.$userId.tsx": {
    update: (w, s) => ({
      intent: "update",
      version: version(w, "users", "id", s.spareUserId),
      name: `Spare ${s.tag}`,
      role: "case_worker",
      institutionIds: [String(s.institutionId)],
    }),
    resetPassword: (w, s) => ({
      intent: "resetPassword",
      version: version(w, "users", "id", s.spareUserId),
      password: "another long passphrase 42",
    }),
    disable: (w, s) => ({ intent: "disable", version: version(w, "users", "id", s.spareUserId) }),
    enable: (w, s) => ({ intent: "enable", version: version(w, "users", "id", s.spareUserId) }),
  },
  "_app.admin.users.new.tsx": {
    "": (_w, s) => ({
      email: `new-${++formSeq}@world.test`,
      name: "Nowa Osoba",
      role: "case_worker",
      password: "correct horse battery staple 2",
      institutionIds: [String(s.institutionId)],
    }),
  },
  "_app.grants.$grantId._index.tsx": {
    "": (w, s) => {
      const periods = w.db.$client
        .prepare("select starts_on, ends_on from reporting_periods where grant_id = ? order by seq")
        .all(s.grantId) as { starts_on: string; ends_on: string }[];
      return {
        version: version(w, "grants", "id", s.grantId),
        startsOn: periods.map((p) => p.starts_on),
        endsOn: periods.map((p) => p.ends_on),
      };
    },
  },
  "_app.grants.$grantId.edit.tsx": {
    "": (w, s) => ({ ...grantFields(s, s.grantContract), version: version(w, "grants", "id", s.grantId) }),
  },
  "_app.grants.$grantId.periods.$periodId._index.tsx": {
    save: (w, s) => ({
      intent: "save",
      version: version(w, "period_reports", "period_id", s.periodId),
      problems: "Brak problemów.",
      plannedProgress: "Kolejne przeprowadzki.",
    }),
    submit: (w, s) => ({
      intent: "submit",
      version: version(w, "period_reports", "period_id", s.periodId),
      problems: "Brak problemów.",
      plannedProgress: "Kolejne przeprowadzki.",
      confirmed: "yes",
    }),
  },
  "_app.grants.new.tsx": {
    "": (_w, s) => ({
      ...grantFields(s, `NEW-${s.tag}-${++formSeq}`),
      firstPeriodStart: `${new Date().getUTCFullYear() - 1}-01-01`,
      periodMonths: "6",
    }),
  },
  "_app.institutions.$institutionId.tsx": {
    "": (w, s) => ({
      ...institutionFields(w, s),
      places: "60",
      version: version(w, "institutions", "id", s.institutionId),
    }),
  },
  "_app.institutions.new.tsx": {
    "": (w, s) => ({ ...institutionFields(w, s), name: `Nowa placówka ${++formSeq}`, places: "40" }),
  },
  "_app.municipalities.$municipalityId.tsx": {
    "": (w, s) => ({
      ...municipalityFields(w, s),
      region: "lubuskie",
      version: version(w, "municipalities", "id", s.municipalityId),
    }),
  },
  "_app.municipalities.new.tsx": {
    "": () => ({ country: "PL", name: `Nowa gmina ${++formSeq}`, kind: "gmina", region: "" }),
  },
  "_app.housing.$unitId.tsx": {
    "": (w, s) => ({ ...unitFields(w, s), version: version(w, "housing_units", "id", s.unitId) }),
  },
  "_app.housing.new.tsx": {
    "": (w, s) => ({ ...unitFields(w, s), name: `Nowe mieszkanie ${++formSeq}` }),
  },
  "_app.plans.$planId._index.tsx": {
    general: (w, s) => ({
      intent: "general",
      version: planVersion(w, s),
      periodFrom: "2024-01-01",
      periodTo: "2030-12-31",
      regionalPlanLink: "",
      diagnosisText: "",
      monitoring: "",
    }),
    draftDiagnosis: (w, s) => ({ intent: "draftDiagnosis", version: planVersion(w, s), asOf: daysAgo(1) }),
    diagnosis: (w, s) => ({
      intent: "diagnosis",
      version: planVersion(w, s),
      residents: "10",
      staff: "3",
      waitingList: "2",
      residentsByTargetGroup__0: "4",
    }),
    cost: (w, s) => ({
      intent: "cost",
      version: planVersion(w, s),
      actionId: planContent(w, s).actions[0]?.id ?? "none",
      year: "2024",
      amount: "1000",
      currency: "PLN",
      source: "EFS+",
    }),
    removeCost: (w, s) => ({
      intent: "removeCost",
      version: planVersion(w, s),
      actionId: planContent(w, s).actions[0]?.id ?? "none",
      costId: (planContent(w, s).actions[0] as { costs?: { id: string }[] } | undefined)?.costs?.[0]?.id ?? "none",
    }),
    goal: (w, s) => ({ intent: "goal", version: planVersion(w, s), title: "Przeprowadzki", description: "" }),
    action: (w, s) => ({
      intent: "action",
      version: planVersion(w, s),
      goalId: planContent(w, s).goals[0]?.id ?? "no-goal",
      title: "Otworzyć mieszkanie",
      owner: "MOPS",
      start: "2024-02-01",
      deadline: "2024-06-30",
      budget: "1000",
      currency: "PLN",
      fundingSource: "EFS+",
    }),
    milestone: (w, s) => ({
      intent: "milestone",
      version: planVersion(w, s),
      date: "2024-06-30",
      title: "Pierwsze przeprowadzki",
      ...Object.fromEntries(MILESTONE_CODES.map((c) => [`target_${c}`, c === "RES_COVERED" ? "2" : ""])),
    }),
    risk: (w, s) => ({
      intent: "risk",
      version: planVersion(w, s),
      description: "Brak mieszkań",
      likelihood: "medium",
      impact: "high",
      mitigation: "",
      owner: "",
    }),
    remove: (w, s) => ({
      intent: "remove",
      version: planVersion(w, s),
      section: "goals",
      itemId: planContent(w, s).goals[0]?.id ?? "none",
    }),
    comment: () => ({ intent: "comment", receivedFrom: "Stowarzyszenie", comment: "Więcej mieszkań", response: "" }),
    answer: () => ({ intent: "answer", commentId: "1", version: "1", response: "Dodano." }),
    START_CONSULTATION: lifecycle("START_CONSULTATION"),
    ADOPT: lifecycle("ADOPT"),
    START_IMPLEMENTATION: lifecycle("START_IMPLEMENTATION"),
    EVALUATE: lifecycle("EVALUATE"),
    // The page's revise form has only its version (issue #14: it was refused for a missing date).
    revise: (w, s) => ({ intent: "revise", version: planVersion(w, s) }),
    status: (w, s) => ({
      intent: "status",
      actionId: planContent(w, s).actions[0]?.id ?? "none",
      status: "in_progress",
    }),
  },
  "_app.plans.$planId.group.tsx": {
    member: () => ({ intent: "member", name: "Nowy Członek", organisation: "NGO", roleInGroup: "member", contact: "" }),
    meeting: (_w, s) => ({
      intent: "meeting",
      heldOn: daysAgo(1),
      agenda: "",
      minutes: "",
      decisions: "",
      memberIds: [String(s.memberId)],
    }),
    item: (_w, s) => ({
      intent: "item",
      title: "Zadanie",
      ownerMemberId: String(s.memberId),
      dueOn: daysAgo(-10),
      planActionId: "",
    }),
    done: (w, s) => ({
      intent: "done",
      itemId: String(s.itemId),
      version: version(w, "wg_action_items", "id", s.itemId),
      doneOn: daysAgo(1),
    }),
  },
  "_app.plans.$planId.publication.tsx": {
    // Confirmed (the dialog's Confirm): publishing is a step that is asked first (decision 017).
    publish: (w, s) => ({ intent: "publish", version: publicationVersion(w, s), locale: "pl", confirmed: "yes" }),
    unpublish: (w, s) => ({ intent: "unpublish", version: publicationVersion(w, s), confirmed: "yes" }),
  },
  "_app.plans._index.tsx": {
    "": (_w, s) => ({ municipalityId: String(s.municipalityId), title: `Nowy plan ${++formSeq}` }),
  },
  "_app.readiness.tsx": {
    "": () => ({
      subject: "housing",
      typeCode: "pl_training_flat",
      competenceArea: "supported_living",
      staffPerUnit: "0,5",
    }),
  },
  "_app.residents.$residentId._index.tsx": {
    event: (w, s) => ({
      intent: "event",
      type: "START_ASSESSMENT",
      on: daysAgo(0),
      note: "",
      version: version(w, "transitions", "id", s.transitionId),
    }),
    correct: (w, s) => ({
      intent: "correct",
      seq: String(latestSeq(w, s.transitionId)),
      on: daysAgo(0),
      note: "Poprawka",
      reason: "Pomyłka w dacie",
      version: version(w, "transitions", "id", s.transitionId),
    }),
    void: (w, s) => ({
      intent: "void",
      seq: String(latestSeq(w, s.transitionId)),
      reason: "Wpis omyłkowy",
      version: version(w, "transitions", "id", s.transitionId),
    }),
    expiry: (w, s) => ({
      intent: "expiry",
      placementId: String(s.placementId),
      expiresOn: daysAgo(-30),
      version: version(w, "placements", "id", s.placementId),
    }),
  },
  "_app.residents.$residentId.notes.tsx": {
    add: () => ({ intent: "add", occurredOn: daysAgo(0), body: `Notatka ${++formSeq}` }),
    correct: (w, s) => ({
      intent: "correct",
      noteId: String(latestNote(w, s.transitionId)),
      occurredOn: daysAgo(0),
      body: `Poprawka ${++formSeq}`,
      reason: "Pomyłka",
    }),
  },
  "_app.residents.$residentId.key-worker.tsx": {
    "": (w, s) => ({ workerId: String(s.spareUserId), version: version(w, "transitions", "id", s.transitionId) }),
  },
  "_app.caseload.tsx": {
    take: (w, s) => ({
      intent: "take",
      residentId: String(s.residentId),
      version: version(w, "transitions", "id", s.transitionId),
    }),
    reassign: (w, s) => ({
      intent: "reassign",
      toWorkerId: String(s.spareUserId),
      items: [`${s.residentId}:${version(w, "transitions", "id", s.transitionId)}`],
    }),
  },
  "_app.residents.$residentId.assessment.tsx": {
    "": (w, s) => ({
      ...Object.fromEntries(
        LIFE.flatMap((d) => [
          [`domain_${d}`, "limited"],
          [`note_${d}`, ""],
        ]),
      ),
      overallIntensity: "limited",
      summary: "",
      completedByName: "",
      completedOn: "",
      version: version(w, "needs_assessments", "transition_id", s.transitionId),
    }),
  },
  "_app.residents.$residentId.consent.tsx": {
    record: () => ({ intent: "record", givenBy: "resident", guardianName: "", givenOn: daysAgo(2), documentRef: "" }),
    withdraw: (w, s) => ({
      intent: "withdraw",
      consentId: String(s.consentId),
      withdrawnOn: daysAgo(1),
      version: version(w, "consents", "id", s.consentId),
    }),
  },
  "_app.residents.$residentId.edit.tsx": {
    "": residentFields,
  },
  "_app.residents.$residentId.placement.tsx": {
    reserve: (_w, s) => ({
      intent: "reserve",
      housingUnitId: String(s.unitId),
      reservedOn: daysAgo(0),
      plannedMoveOn: "",
      expiresOn: daysAgo(-14),
    }),
    cancel: (w, s) => ({
      intent: "cancel",
      placementId: String(s.placementId),
      version: version(w, "placements", "id", s.placementId),
    }),
  },
  "_app.residents.$residentId.plan.tsx": {
    save: (w, s) => ({
      intent: "save",
      goals: "Własne mieszkanie",
      supportNeeded: "Asystent",
      housingPreference: "",
      plannedServices: ["pl_care_services"],
      writtenOn: daysAgo(0),
      version: version(w, "transition_plans", "transition_id", s.transitionId),
    }),
    approve: (w, s) => ({
      intent: "approve",
      approvedOn: daysAgo(0),
      version: version(w, "transition_plans", "transition_id", s.transitionId),
    }),
  },
  "_app.residents.$residentId.services.tsx": {
    add: () => ({
      intent: "add",
      serviceType: "pl_care_services",
      provider: "MOPS",
      startOn: daysAgo(3),
      endOn: "",
      hoursPerWeek: "5",
    }),
    end: (w, s) => ({
      intent: "end",
      serviceId: String(s.serviceId),
      endOn: daysAgo(1),
      version: version(w, "community_services", "id", s.serviceId),
    }),
  },
  "_app.residents.$residentId.services_.$serviceId.tsx": {
    add: () => ({ intent: "add", deliveredOn: daysAgo(2), hours: "1,5", note: "Zakupy" }),
    correct: (_w, s) => ({
      intent: "correct",
      entryId: String(s.deliveryId),
      deliveredOn: daysAgo(5),
      hours: "2,5",
      note: "",
      reason: "Karta pracy",
    }),
    remove: (_w, s) => ({ intent: "remove", entryId: String(s.deliveryId), reason: "Pomyłka" }),
  },
  "_app.residents.$residentId.documents.tsx": {
    upload: () => ({
      intent: "upload",
      kind: "referral_decision",
      documentOn: daysAgo(3),
      stepSeq: "",
      validUntil: daysAgo(-60),
      file: documentFile(),
    }),
    remove: (w, s) => ({
      intent: "remove",
      documentId: String(s.documentId),
      reason: "Wrong person",
      version: version(w, "documents", "id", s.documentId),
      confirmed: "yes",
    }),
  },
  "_app.plans.$planId.group_.meetings.$meetingId.tsx": {
    upload: () => ({ intent: "upload", kind: "meeting_minutes", documentOn: daysAgo(1), file: documentFile() }),
    remove: (w, s) => ({
      intent: "remove",
      documentId: String(s.minutesId),
      reason: "Draft",
      version: version(w, "documents", "id", s.minutesId),
      confirmed: "yes",
    }),
  },
  "_app.residents.$residentId.visits.$visitId.tsx": {
    "": (w, s) => ({
      visitedOn: daysAgo(2),
      findings: "Dobrze.",
      actions: "",
      version: version(w, "follow_up_visits", "id", s.visitId),
    }),
  },
  "_app.residents.import.tsx": {
    preview: (_w, s) => ({
      intent: "preview",
      institutionId: String(s.institutionId),
      file: csvFile("residents-pl-utf8.csv"),
    }),
    confirm: (_w, s) => ({
      intent: "confirm",
      institutionId: String(s.institutionId),
      file64: fixture("residents-pl-utf8.csv").toString("base64"),
      fileName: "residents.csv",
    }),
  },
  "_app.residents.history-import.tsx": {
    preview: (_w, s) => ({
      intent: "preview",
      institutionId: String(s.institutionId),
      file: new File([historyCsv(s)], "history.csv", { type: "text/csv" }),
    }),
    confirm: (_w, s) => ({
      intent: "confirm",
      institutionId: String(s.institutionId),
      file64: Buffer.from(historyCsv(s)).toString("base64"),
      fileName: "history.csv",
    }),
  },
  "_app.residents.new.tsx": {
    "": (w, s) => {
      const { version: _v, ...f } = residentFields(w, s);
      return {
        ...f,
        firstName: "Nowa",
        lastName: `Osoba ${++formSeq}`,
        institutionId: String(s.institutionId),
        openedOn: daysAgo(0),
      };
    },
  },
  "_app.staff.$staffId.tsx": {
    update: (w, s) => ({
      ...staffFields(w, s),
      intent: "update",
      version: version(w, "staff_members", "id", s.staffId),
    }),
    community: (w, s) => ({
      intent: "community",
      communityStartOn: daysAgo(2),
      communityServiceType: "pl_care_services",
      communityEmployer: "MOPS",
      version: version(w, "staff_members", "id", s.staffId),
    }),
  },
  "_app.staff.import.tsx": {
    preview: (_w, s) => ({
      intent: "preview",
      institutionId: String(s.institutionId),
      file: csvFile("staff-pl-utf8.csv"),
    }),
    confirm: (_w, s) => ({
      intent: "confirm",
      institutionId: String(s.institutionId),
      file64: fixture("staff-pl-utf8.csv").toString("base64"),
      fileName: "staff.csv",
    }),
  },
  "_app.staff.history-import.tsx": {
    preview: (_w, s) => ({
      intent: "preview",
      institutionId: String(s.institutionId),
      file: new File([staffHistoryCsv()], "staff-history.csv", { type: "text/csv" }),
    }),
    confirm: (_w, s) => ({
      intent: "confirm",
      institutionId: String(s.institutionId),
      file64: Buffer.from(staffHistoryCsv()).toString("base64"),
      fileName: "staff-history.csv",
    }),
  },
  "_app.staff.new.tsx": {
    "": (w, s) => ({ ...staffFields(w, s), firstName: "Nowy", lastName: `Pracownik ${++formSeq}`, email: "" }),
  },
  "_app.support-sessions.tsx": {
    "": (_w, s) => ({
      institutionId: String(s.institutionId),
      kind: "supervision",
      heldOn: daysAgo(1),
      facilitator: "Superwizor",
      topics: "",
      staffIds: [String(s.staffId)],
    }),
  },
  "_app.training.$moduleId.tsx": {
    enrol: (w, s) => ({
      intent: "enrol",
      moduleId: String(w.moduleId),
      enrolledOn: daysAgo(1),
      staffIds: [String(s.staffId)],
    }),
    attend: enrolmentAction("attend"),
    complete: enrolmentAction("complete"),
    drop: enrolmentAction("drop"),
  },
  "_app.training._index.tsx": {
    "": () => ({
      titleEn: "Home care",
      titlePl: "Usługi opiekuńcze",
      titleBg: "Домашни грижи",
      hours: "10",
      competenceArea: "home_care",
      provider: "ROPS",
    }),
  },
  "login.tsx": {
    "": () => ({ email: "nobody@world.test", password: "not the password" }),
  },
  "logout.tsx": {
    "": () => ({}),
  },
  // A form post to the JSON endpoint: refused as not JSON (415); the JSON cases are in offline-sync.test.ts.
  "offline.sync.ts": {
    "": (_w, s) => ({ key: "00000000-0000-4000-8000-000000000000", kind: "note", residentId: String(s.residentId) }),
  },
  "set-language.tsx": {
    "": () => ({ locale: "en", redirectTo: "/dashboard" }),
  },
  "_app.account.password.tsx": {
    "": () => ({
      currentPassword: "not the password",
      newPassword: "a new password 2026",
      confirmPassword: "a new password 2026",
    }),
  },
};
