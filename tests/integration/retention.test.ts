import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditEvents,
  caseNotes,
  documents,
  periodReports,
  reportingPeriods,
  residents,
  transitionEvents,
} from "#db/schema";
import { createGrant, getGrant } from "#app/modules/grants/service.server";
import { getPeriodReport, liveContent, submitReport } from "#app/modules/grants/reports.server";
import { uploadResidentDocument } from "#app/modules/documents/service.server";
import { addNote } from "#app/modules/notes/service.server";
import { anonymiseResident, listRetention, refuseErasure, retentionOf } from "#app/modules/privacy/retention.server";
import { createResident, findResident, updateResident } from "#app/modules/residents/service.server";
import { applyEvent } from "#app/modules/transitions/service.server";
import { isAppError } from "#app/utils/errors";
import { contextFor, createUser } from "#tests/factories";
import { fileOf, samplePdf } from "#tests/factories/documents";
import { day, grantForm, grantWorld, type GrantWorld } from "#tests/factories/grants";
import { tableDigests } from "#tests/support/route-harness";

/**
 * Retention and anonymisation (issue #16, "beyond the mends" item 2; decision 042): a closed
 * record is kept until the later of the installation's period after closure and the end of the
 * retention of every grant that counted the person; then the administrator anonymises it, and
 * the frozen reports and a recount of their periods stay exactly as they were.
 */
let w: GrantWorld;
let admin: number;
let grantId: number;
let periods: number[];
let moved: { id: number; code: string };
let open: { id: number; code: string };
const NAME = { firstName: "Zdzisława", lastName: "Tajemnicza" };
const NOTE = "Rozmowa z siostrą o przeprowadzce";
const SUPPORT = "Insulina dwa razy dziennie";

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return { label: e.label, key: e.messageKey, values: e.values };
    throw e;
  }
  throw new Error("expected a refusal");
}

function register(
  on: string,
  person: { firstName: string; lastName: string; dateOfBirth: string },
  secret: { guardianName: string; supportNeeds: string } = { guardianName: "", supportNeeds: "" },
) {
  const id = createResident(contextFor(w.db, w.worker, day(on)), {
    institutionId: w.instA,
    ...person,
    sex: "female",
    targetGroup: "person_with_disability",
    disability: "yes",
    legalCapacity: secret.guardianName ? "partial" : "full",
    guardianName: secret.guardianName,
    guardianContact: secret.guardianName ? "+48 600 000 000" : "",
    guardianDecision: secret.guardianName ? "Sąd Rejonowy, III RNs 1/15" : "",
    admissionDate: "2010-03-01",
    supportNeeds: secret.supportNeeds,
  });
  return { id, code: findResident(contextFor(w.db, w.worker), id).resident.code };
}

const version = (id: number) => findResident(contextFor(w.db, admin), id).transition.version;
const residentVersion = (id: number) => findResident(contextFor(w.db, admin), id).resident.version;
const at = (d: string) => contextFor(w.db, admin, day(d));

beforeAll(async () => {
  w = await grantWorld();
  admin = (await createUser(w.db, { role: "admin", name: "Administrator" })).id;
  grantId = createGrant(
    contextFor(w.db, w.manager, day("2016-12-01")),
    grantForm(w, {
      contractNumber: "POWR.02.08.00-00-0017/16",
      startsOn: "2017-01-01",
      endsOn: "2017-12-31",
      lastPaymentOn: "2018-03-20",
      firstPeriodStart: "2017-01-01",
      periodMonths: "6",
      unit_RES_MOVED: "persons",
      target_RES_MOVED: "5",
    }),
  );
  periods = w.db
    .select({ id: reportingPeriods.id })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.grantId, grantId))
    .orderBy(reportingPeriods.seq)
    .all()
    .map((p) => p.id);
  // 54 on the day she is covered, 55 on the first period's last day: the age band changes in between.
  moved = register(
    "2017-02-01",
    { ...NAME, dateOfBirth: "1962-03-15" },
    { guardianName: "Jan Opiekun", supportNeeds: SUPPORT },
  );
  register("2017-03-01", { firstName: "Inna", lastName: "Osoba", dateOfBirth: "1990-05-05" });
  open = register("2017-04-01", { firstName: "Trzecia", lastName: "Osoba", dateOfBirth: "1950-01-01" });
  const cw = (d: string) => contextFor(w.db, w.worker, day(d));
  addNote(cw("2017-02-10"), moved.id, { occurredOn: "2017-02-10", body: NOTE });
  await uploadResidentDocument(
    cw("2017-02-11"),
    moved.id,
    { kind: "consent", documentOn: "2017-02-11", stepSeq: null },
    fileOf(await samplePdf("Zgoda Tajemniczej"), "zgoda-tajemnicza.pdf", "application/pdf"),
  );
  applyEvent(cw("2017-03-01"), moved.id, {
    type: "RECORD_DEATH",
    on: "2017-02-28",
    note: "Zmarła w szpitalu",
    version: version(moved.id),
  });
  // The first period's report is submitted and frozen.
  submitReport(contextFor(w.db, w.manager, day("2017-07-03")), grantId, periods[0]!, {
    version: 0,
    problems: "Brak",
    plannedProgress: "Dalsze przeprowadzki",
  });
}, 60_000);

describe("the retention of a closed record", () => {
  it("is the later of the installation's period after closure and 5 years from 31 December of the grant's last payment", () => {
    const row = findResident(at("2020-01-01"), moved.id);
    const r = retentionOf(w.db, row, undefined, 5)!;
    expect(r).toMatchObject({
      closedOn: "2017-02-28",
      byClosure: "2022-02-28",
      endsOn: "2023-12-31",
      decidedBy: { kind: "grant", contractNumber: "POWR.02.08.00-00-0017/16" },
    });
    expect(r.grants).toEqual([
      expect.objectContaining({ lastPaymentOn: "2018-03-20", assumed: false, endsOn: "2023-12-31" }),
    ]);
    // A longer installation period wins over the grant's.
    expect(retentionOf(w.db, row, undefined, 10)!).toMatchObject({
      endsOn: "2027-02-28",
      decidedBy: { kind: "closure" },
    });
    // An open transition has none.
    expect(retentionOf(w.db, findResident(at("2020-01-01"), open.id))).toBeNull();
  });

  it("without a recorded last payment, the grant's end is assumed", () => {
    w.db.$client.prepare("update grants set last_payment_on = null where id = ?").run(grantId);
    const r = retentionOf(w.db, findResident(at("2020-01-01"), moved.id), undefined, 5)!;
    expect(r.grants[0]).toMatchObject({ lastPaymentOn: "2017-12-31", assumed: true, endsOn: "2022-12-31" });
    w.db.$client.prepare("update grants set last_payment_on = '2018-03-20' where id = ?").run(grantId);
  });

  it("the administrator's list shows it kept until the day after its end, then due", () => {
    const status = (d: string) => listRetention(at(d)).find((r) => r.residentId === moved.id)!.status;
    expect(status("2023-12-31")).toBe("kept");
    expect(status("2024-01-01")).toBe("due");
    expect(listRetention(at("2024-01-01")).some((r) => r.residentId === open.id)).toBe(false);
  });
});

describe("anonymisation", () => {
  it("is refused before the retention ends, for an open record, and outside the user's institutions", () => {
    expect(
      refusal(() => anonymiseResident(at("2023-12-31"), moved.id, { version: residentVersion(moved.id) })),
    ).toMatchObject({ key: "retention.errors.notDue", values: { date: "d:2023-12-31" } });
    expect(
      refusal(() => anonymiseResident(at("2030-01-01"), open.id, { version: residentVersion(open.id) })),
    ).toMatchObject({
      key: "retention.errors.open",
    });
    return createUser(w.db, { role: "case_worker", institutionIds: [w.instB] }).then((u) => {
      expect(
        refusal(() =>
          anonymiseResident(contextFor(w.db, u.id, day("2024-02-01")), moved.id, {
            version: residentVersion(moved.id),
          }),
        ),
      ).toMatchObject({ label: "not_found" });
      expect(findResident(at("2024-02-01"), moved.id).resident.anonymisedAt).toBeNull();
    });
  });

  it("an early erasure request refused records its art. 17(3) basis in the audit log", () => {
    refuseErasure(at("2020-05-05"), moved.id, { basis: "b", reference: "Umowa POWR, § 12" });
    const e = w.db.select().from(auditEvents).where(eq(auditEvents.action, "resident.erasure_refused")).all().at(-1)!;
    expect(e).toMatchObject({
      entityType: "resident",
      entityId: String(moved.id),
      actorUserId: admin,
      after: {
        article: "GDPR art. 17(3)(b)",
        basis: "b",
        reference: "Umowa POWR, § 12",
        retentionEndsOn: "2023-12-31",
        due: false,
      },
    });
  });

  it("removes names, date of birth, free texts and documents; frozen reports, their hashes and a recount stay the same", () => {
    const g = getGrant(at("2024-02-01"), grantId);
    const frozenBefore = w.db.select().from(periodReports).all();
    const recount = () =>
      periods.map((p) => liveContent(w.db, day("2024-02-01"), g, p, { problems: "", plannedProgress: "" }).rows);
    const before = recount();
    const real = findResident(at("2024-02-01"), moved.id).resident.dateOfBirth;
    expect(anonymiseResident(at("2024-02-01"), moved.id, { version: residentVersion(moved.id) })).toBe(true);

    // Frozen reports: byte for byte, and their hashes still verify.
    expect(w.db.select().from(periodReports).all()).toEqual(frozenBefore);
    const view = getPeriodReport(at("2024-02-01"), grantId, periods[0]!);
    expect(view.integrityOk).toBe(true);
    expect(
      view.diffs.every((d) => d.frozenCumulative === d.liveCumulative && d.added.length + d.removed.length === 0),
    ).toBe(true);
    // A recount of every period gives the same numbers, lists and breakdowns (age bands included).
    expect(recount()).toEqual(before);
    expect(before[0]!.find((r) => r.code === "RES_COVERED")!.items.map((i) => i.code)).toContain(moved.code);

    const r = w.db.select().from(residents).where(eq(residents.id, moved.id)).get()!;
    expect(r).toMatchObject({
      code: moved.code,
      firstName: "",
      lastName: "",
      guardianName: null,
      guardianContact: null,
      guardianDecision: null,
      admissionDate: null,
      supportNeeds: null,
      sex: "female",
      disability: "yes",
    });
    expect(r.anonymisedAt).not.toBeNull();
    expect(r.dateOfBirth).not.toBe(real);
    const docs = w.db.select().from(documents).where(eq(documents.residentId, moved.id)).all();
    expect(docs.length).toBe(1);
    expect(docs[0]).toMatchObject({ content: null, fileName: "", kind: "consent" });
    expect(docs[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);

    // Nothing readable is left of the person anywhere in the database: names, note, support needs, file name.
    const dump = JSON.stringify(
      [
        "residents",
        "case_notes",
        "transition_events",
        "documents",
        "audit_events",
        "needs_assessments",
        "consents",
      ].map((t) => w.db.$client.prepare(`select * from ${t}`).all()),
    );
    for (const secret of [
      NAME.lastName,
      NAME.firstName,
      NOTE,
      SUPPORT,
      "Zmarła w szpitalu",
      "zgoda-tajemnicza",
      "Jan Opiekun",
    ])
      expect(dump, secret).not.toContain(secret);
    // The log's steps stay (same types and dates, so the state replays); notes of the log and case notes are gone.
    const log = w.db
      .select()
      .from(transitionEvents)
      .all()
      .filter((e) => e.redactedAt);
    expect(log.map((e) => [e.type, e.occurredOn])).toContainEqual(["RECORD_DEATH", "2017-02-28"]);
    expect(
      w.db
        .select()
        .from(caseNotes)
        .all()
        .filter((n) => n.redactedAt)
        .map((n) => n.body),
    ).toEqual([""]);

    const event = w.db.select().from(auditEvents).where(eq(auditEvents.action, "resident.anonymised")).all();
    expect(event.length).toBe(1);
    expect(event[0]).toMatchObject({
      entityId: String(moved.id),
      actorUserId: admin,
      after: { code: moved.code, retentionEndsOn: "2023-12-31", removed: { documents: 1, caseNotes: 1 } },
    });
  });

  it("is idempotent: a second anonymisation changes nothing and records nothing", () => {
    const digests = tableDigests(w.db, ["residents", "documents", "case_notes", "transition_events", "period_reports"]);
    const audits = w.db
      .select({ n: sql<number>`count(*)` })
      .from(auditEvents)
      .get()!.n;
    expect(anonymiseResident(at("2024-03-01"), moved.id, { version: residentVersion(moved.id) })).toBe(false);
    expect(tableDigests(w.db, ["residents", "documents", "case_notes", "transition_events", "period_reports"])).toEqual(
      digests,
    );
    expect(
      w.db
        .select({ n: sql<number>`count(*)` })
        .from(auditEvents)
        .get()!.n,
    ).toBe(audits);
    expect(refusal(() => refuseErasure(at("2024-03-01"), moved.id, { basis: "e", reference: "" }))).toMatchObject({
      key: "retention.errors.alreadyAnonymised",
    });
    // No personal text comes back: no note, no document, no name typed in the edit form.
    expect(
      refusal(() =>
        addNote(contextFor(w.db, w.worker, day("2024-03-01")), moved.id, { occurredOn: "2024-03-01", body: "x" }),
      ),
    ).toMatchObject({ key: "retention.errors.alreadyAnonymised" });
    const r = findResident(at("2024-03-01"), moved.id).resident;
    expect(
      refusal(() =>
        updateResident(contextFor(w.db, w.worker, day("2024-03-01")), moved.id, {
          ...r,
          firstName: "Zdzisława",
          guardianName: "",
          guardianContact: "",
          guardianDecision: "",
          supportNeeds: "",
        }),
      ),
    ).toMatchObject({ key: "retention.errors.alreadyAnonymised" });
  });

  it("the append-only tables still refuse every other change, and a redacted row cannot change again", () => {
    const db = w.db.$client;
    expect(() => db.prepare("update audit_events set action = 'x' where id = 1").run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          "update audit_events set after = '{}' where redacted_at is not null and id = (select min(id) from audit_events where redacted_at is not null)",
        )
        .run(),
    ).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          "update audit_events set after = null, redacted_at = 'now', actor_label = 'x' where action = 'grant.created'",
        )
        .run(),
    ).toThrow(/append-only/); // a redaction changes nothing but the payload
    expect(() => db.prepare("update case_notes set body = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare("update transition_events set occurred_on = '2017-01-01'").run()).toThrow(/append-only/);
  });
});
