import { asc, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import {
  auditEvents,
  enrolments,
  staffMembers,
  supportSessionAttendees,
  supportSessions,
  trainingAttendance,
} from "#db/schema";
import type { Locale } from "#db/schema/enums";
import { getFixedT } from "#app/i18next.server";
import {
  commitStaffHistory,
  previewStaffHistory,
  staffHistoryTemplate,
  type StaffHistoryPreview,
} from "#app/modules/history/staff.server";
import { createStaffMember, findStaffMember, recordCommunityStart } from "#app/modules/staff/service.server";
import { bulkEnrol, createModule, createSupportSession, enrolmentAction } from "#app/modules/staff/training.server";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createUser } from "#tests/factories";

/** "Today" of every test here (the services take it from ctx.now). */
const NOW = new Date("2026-12-01T10:00:00Z");

const TABLES = { staffMembers, enrolments, trainingAttendance, supportSessions, supportSessionAttendees, auditEvents };
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

async function setup(country: "PL" | "BG" = "PL") {
  const db = freshDb();
  const inst = createInstitution(db, country === "BG" ? { country: "BG", timeZone: "Europe/Sofia" } : {});
  const admin = await createUser(db, { role: "admin" });
  const worker = await createUser(db, { institutionIds: [inst.id] });
  const adminCtx = contextFor(db, admin.id, NOW);
  const homeCare = createModule(adminCtx, {
    titleEn: "Home care in the community",
    titlePl: "Usługi opiekuńcze w miejscu zamieszkania",
    titleBg: "Грижа в домашна среда",
    hours: 24,
    competenceArea: "home_care",
    provider: "MOPS",
  });
  const pcp = createModule(adminCtx, {
    titleEn: "Person-centred planning",
    titlePl: "Planowanie skoncentrowane na osobie",
    titleBg: "Планиране, ориентирано към човека",
    hours: 16,
    competenceArea: "person_centred_planning",
    provider: "ROPS",
  });
  return { db, inst, homeCare, pcp, ctx: contextFor(db, worker.id, NOW) };
}

const HEADER = [
  "first_name",
  "last_name",
  "position",
  "sex",
  "date_of_birth",
  "employed_from",
  "training_module",
  "enrolled_on",
  "attended_on",
  "hours_per_session",
  "completed_on",
  "certificate",
  "dropped_on",
  "drop_reason",
  "supervision_on",
  "psychological_support_on",
  "facilitator",
  "community_start_on",
  "community_service",
  "community_employer",
] as const;
type Row = Partial<Record<(typeof HEADER)[number], string>>;
const person = (first: string, last: string, extra: Row = {}): Row => ({
  first_name: first,
  last_name: last,
  position: "opiekunka",
  sex: "female",
  date_of_birth: "1980-01-01",
  employed_from: "2015-03-01",
  ...extra,
});

function csv(rows: Row[]): Uint8Array<ArrayBuffer> {
  const cell = (v: string | undefined) => (v && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : (v ?? ""));
  return new TextEncoder().encode(
    [HEADER.join(","), ...rows.map((r) => HEADER.map((h) => cell(r[h])).join(","))].join("\n") + "\n",
  );
}

const ROWS: Row[] = [
  // A: completed home care (three sessions), two supervisions, community work.
  person("Anna", "Adamczyk", {
    training_module: "Usługi opiekuńcze w miejscu zamieszkania",
    enrolled_on: "2022-10-03",
    attended_on: "2022-10-17; 2022-10-10 2022-10-24",
    hours_per_session: "6",
    completed_on: "2022-10-24",
    certificate: "ROPS/2022/117",
    supervision_on: "2022-11-15, 2023-01-17",
    facilitator: "Dr Anna Lis",
    community_start_on: "2023-03-01",
    community_service: "Usługi opiekuńcze",
    community_employer: "MOPS",
  }),
  // B: dropped the training after one session; the same supervision as A (one session for both), psychological support.
  person("Beata", "Bąk", {
    training_module: "Person-centred planning",
    enrolled_on: "2022-10-05",
    attended_on: "2022-10-12",
    dropped_on: "2022-11-02",
    drop_reason: "Zmiana stanowiska",
    supervision_on: "2022-11-15",
    psychological_support_on: "2023-02-01",
    facilitator: "dr anna  lis",
  }),
  // C: enrolled, nothing attended yet.
  person("Cezary", "Cichy", { training_module: "Планиране, ориентирано към човека", enrolled_on: "2023-05-01" }),
  // D: only registered.
  person("Dorota", "Dąb"),
];

/** The same facts entered one by one through the services, in date order, one support session per day and facilitator. */
function enterByHand(s: Awaited<ReturnType<typeof setup>>) {
  const { ctx, inst, homeCare, pcp } = s;
  const base = (first: string, last: string) => ({
    institutionId: inst.id,
    firstName: first,
    lastName: last,
    position: "opiekunka",
    sex: "female" as const,
    dateOfBirth: "1980-01-01",
    employedFrom: "2015-03-01",
    employedTo: null,
    email: "",
    phone: "",
  });
  const a = createStaffMember(ctx, base("Anna", "Adamczyk"));
  const [ea] = bulkEnrol(ctx, { moduleId: homeCare, enrolledOn: "2022-10-03", staffIds: [a] });
  for (const on of ["2022-10-10", "2022-10-17", "2022-10-24"])
    enrolmentAction(ctx, { intent: "attend", on, enrolmentIds: [ea!], hours: 6, reason: "", certificateRef: "" });
  enrolmentAction(ctx, {
    intent: "complete",
    on: "2022-10-24",
    enrolmentIds: [ea!],
    hours: null,
    reason: "",
    certificateRef: "ROPS/2022/117",
  });
  recordCommunityStart(ctx, a, {
    communityStartOn: "2023-03-01",
    communityServiceType: "pl_care_services",
    communityEmployer: "MOPS",
    version: findStaffMember(ctx, a).staff.version,
  });

  const b = createStaffMember(ctx, base("Beata", "Bąk"));
  const [eb] = bulkEnrol(ctx, { moduleId: pcp, enrolledOn: "2022-10-05", staffIds: [b] });
  enrolmentAction(ctx, {
    intent: "attend",
    on: "2022-10-12",
    enrolmentIds: [eb!],
    hours: null,
    reason: "",
    certificateRef: "",
  });
  enrolmentAction(ctx, {
    intent: "drop",
    on: "2022-11-02",
    enrolmentIds: [eb!],
    hours: null,
    reason: "Zmiana stanowiska",
    certificateRef: "",
  });

  const c = createStaffMember(ctx, base("Cezary", "Cichy"));
  bulkEnrol(ctx, { moduleId: pcp, enrolledOn: "2023-05-01", staffIds: [c] });
  createStaffMember(ctx, base("Dorota", "Dąb"));

  const session = (
    kind: "supervision" | "psychological_support",
    heldOn: string,
    staffIds: number[],
    facilitator = "Dr Anna Lis",
  ) => createSupportSession(ctx, { institutionId: inst.id, kind, heldOn, facilitator, topics: "", staffIds });
  session("supervision", "2022-11-15", [a, b]); // one session: the same day and facilitator (spelt "dr anna  lis" on B's row)
  session("supervision", "2023-01-17", [a]);
  session("psychological_support", "2023-02-01", [b], "dr anna  lis"); // the facilitator as the file wrote it
}

function records(db: Db) {
  return {
    staff: db
      .select()
      .from(staffMembers)
      .orderBy(asc(staffMembers.id))
      .all()
      .map(({ code: _c, createdAt: _a, ...s }) => s),
    enrolments: db
      .select()
      .from(enrolments)
      .orderBy(asc(enrolments.id))
      .all()
      .map(({ createdAt: _a, ...e }) => e),
    attendance: db
      .select()
      .from(trainingAttendance)
      .orderBy(asc(trainingAttendance.id))
      .all()
      .map(({ createdAt: _a, ...a }) => a),
    sessions: db
      .select()
      .from(supportSessions)
      .orderBy(asc(supportSessions.id))
      .all()
      .map(({ createdAt: _a, ...s }) => s),
    attendees: db
      .select()
      .from(supportSessionAttendees)
      .orderBy(asc(supportSessionAttendees.sessionId), asc(supportSessionAttendees.staffMemberId))
      .all(),
  };
}

const errorsOf = (p: StaffHistoryPreview) =>
  p.rows.filter((r) => Object.keys(r.errors).length > 0).map((r) => ({ line: r.line, errors: r.errors }));

describe("history import of staff: replayed through the staff services and the enrolment machine", () => {
  it("makes exactly what entering the same facts one by one makes; a session attended together is one session", async () => {
    const imported = await setup();
    const preview = await previewStaffHistory(imported.ctx, imported.inst.id, csv(ROWS));
    expect(errorsOf(preview)).toEqual([]);
    expect(
      preview.rows.map(
        (r) =>
          r.outcome && {
            state: r.outcome.enrolmentState,
            sessions: r.outcome.sessions,
            community: r.outcome.communityStartOn,
          },
      ),
    ).toEqual([
      { state: "completed", sessions: 2, community: "2023-03-01" },
      { state: "dropped", sessions: 2, community: null },
      { state: "enrolled", sessions: 0, community: null },
      { state: null, sessions: 0, community: null },
    ]);
    const before = counts(imported.db);
    expect(before.staffMembers).toBe(0);
    await commitStaffHistory(imported.ctx, imported.inst.id, csv(ROWS));

    const byHand = await setup();
    enterByHand(byHand);
    expect(records(imported.db)).toEqual(records(byHand.db));
    expect(records(imported.db).sessions).toHaveLength(3);
    expect(
      imported.db
        .select()
        .from(auditEvents)
        .all()
        .filter((a) => a.action === "staff_member.history_imported"),
    ).toHaveLength(1);
  });

  it("names what the enrolment machine and the checks refuse, on their rows and fields, and writes nothing", async () => {
    const { db, inst, ctx } = await setup();
    createStaffMember(ctx, {
      institutionId: inst.id,
      firstName: "Dorota",
      lastName: "Dąb",
      position: "x",
      sex: "female",
      dateOfBirth: "1980-01-01",
      employedFrom: null,
      employedTo: null,
      email: "",
      phone: "",
    });
    const before = counts(db);
    const rows: Row[] = [
      ROWS[3]!, // line 2: already registered
      person("Ewa", "E", { training_module: "Kurs, którego nie ma", enrolled_on: "2023-01-01" }), // line 3
      person("Filip", "F", {
        training_module: "Person-centred planning",
        enrolled_on: "2023-01-10",
        attended_on: "2023-01-05",
      }), // line 4: before the enrolment
      person("Gosia", "G", {
        training_module: "Person-centred planning",
        enrolled_on: "2023-01-10",
        attended_on: "2023-01-12 2023-02-20",
        completed_on: "2023-02-01",
      }), // line 5: attended after completion
      person("Hanna", "H", {
        training_module: "Person-centred planning",
        enrolled_on: "2023-01-10",
        completed_on: "2023-02-01",
      }), // line 6: completed without a session
      person("Iza", "I", { supervision_on: "2023-01-10, 10.01.2023", facilitator: "X" }), // line 7: the same day twice
      person("Jan", "J", { supervision_on: "2027-01-10", facilitator: "X" }), // line 8: in the future
      person("Kasia", "K", {
        community_start_on: "2023-01-01",
        community_service: "bg_day_care",
        community_employer: "Община",
      }), // line 9: another country's service
    ];
    const preview = await previewStaffHistory(ctx, inst.id, csv(rows));
    expect(errorsOf(preview)).toEqual([
      { line: 2, errors: { _row: { key: "staff.import.errors.duplicate", values: { context: "registered" } } } },
      {
        line: 3,
        errors: { trainingModule: { key: "history.errors.unknownModule", values: { name: "Kurs, którego nie ma" } } },
      },
      { line: 4, errors: { attendedOn: { key: "staff.guards.notBeforeEnrolment", values: { name: "Filip F" } } } },
      {
        line: 5,
        errors: {
          attendedOn: {
            key: "staff.errors.enrolmentClosed",
            values: { name: "Gosia G", state: "t:staff.enrolmentStates.completed" },
          },
        },
      },
      {
        line: 6,
        errors: {
          completedOn: { key: "history.errors.needs", values: { column: "t:history.staff.fields.attendedOn" } },
        },
      },
      { line: 7, errors: { supervisionOn: { key: "history.errors.dateTwice" } } },
      { line: 8, errors: { supervisionOn: { key: "history.errors.sessionInFuture", values: { on: "d:2027-01-10" } } } },
      { line: 9, errors: { communityStartOn: { key: "transitions.errors.serviceWrongCountry" } } },
    ]);
    await expect(commitStaffHistory(ctx, inst.id, csv(rows))).rejects.toMatchObject({
      messageKey: "residents.import.errors.hasErrors",
      values: { count: 8 },
    });
    expect(counts(db)).toEqual(before);
  });

  it("reads a Windows-1250 CSV with Polish headers and lists of days", async () => {
    const { db, inst, ctx } = await setup();
    const text = [
      "Imię;Nazwisko;Stanowisko;Płeć;Szkolenie;Data zapisu;Obecność na zajęciach;Data ukończenia;Superwizja;Prowadzący",
      "Łucja;Żak;opiekunka;K;Usługi opiekuńcze w miejscu zamieszkania;03.10.2022;10.10.2022, 17.10.2022;17.10.2022;15.11.2022;Dr Anna Lis",
    ].join("\r\n");
    const bytes = new Uint8Array(iconv.encode(text, "windows-1250"));
    const preview = await previewStaffHistory(ctx, inst.id, bytes, { locale: "pl" });
    expect(preview).toMatchObject({ encoding: "windows-1250", fileErrors: [] });
    expect(errorsOf(preview)).toEqual([]);
    await commitStaffHistory(ctx, inst.id, bytes);
    expect(
      db
        .select()
        .from(trainingAttendance)
        .all()
        .map((a) => a.attendedOn),
    ).toEqual(["2022-10-10", "2022-10-17"]);
    expect(db.select().from(enrolments).get()!.state).toBe("completed");
  });

  for (const locale of ["en", "pl", "bg"] as const) {
    for (const format of ["csv", "xlsx"] as const) {
      it(`the ${locale} ${format.toUpperCase()} staff template's example row imports as it is`, async () => {
        const { inst, ctx } = await setup(locale === "bg" ? "BG" : "PL");
        const bytes = await staffHistoryTemplate(locale as Locale, format, await getFixedT(locale));
        if (format === "xlsx") {
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
          expect(wb.worksheets).toHaveLength(2);
        }
        const preview = await previewStaffHistory(ctx, inst.id, bytes, { locale });
        expect(preview.fileErrors).toEqual([]);
        expect(errorsOf(preview)).toEqual([]);
        expect(preview.rows[0]!.outcome).toMatchObject({
          enrolmentState: "completed",
          sessions: 2,
          communityStartOn: "2023-03-01",
        });
      });
    }
  }
});
