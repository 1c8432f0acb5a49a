import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { residents } from "#db/schema";
import { previewImport } from "#app/modules/residents/import.server";
import { addDays, localDate } from "#app/utils/dates";
import { contextFor, createInstitution, createMunicipality, createUser } from "#tests/factories";
import { residentWithTransition } from "#tests/factories/housing";
import {
  call,
  getRequest,
  loadRoute,
  openAppDb,
  postRequest,
  signIn,
  type RouteModule,
} from "#tests/support/route-harness";

/** The resident form (new, edit) and import as a case worker meets them: issue #14's defects. */
let db: Db;
let newResident: RouteModule;
let editResident: RouteModule;
let bgUnitId: number;
let plId: number;
let plWorker: number;

const residentForm = (over: Record<string, string> = {}) => ({
  institutionId: String(plId),
  firstName: "Jan",
  lastName: "Przyszły",
  sex: "male",
  dateOfBirth: "1950-01-01",
  targetGroup: "older_person",
  disability: "no",
  legalCapacity: "full",
  guardianName: "",
  guardianContact: "",
  guardianDecision: "",
  admissionDate: "",
  supportNeeds: "",
  openedOn: localDate(new Date(), "Europe/Warsaw"),
  ...over,
});
const residentCount = () =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(residents)
    .get()!.n;
const utf8 = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
  db = await openAppDb();
  newResident = await loadRoute("_app.residents.new.tsx");
  editResident = await loadRoute("_app.residents.$residentId.edit.tsx");
  // Tutrakan's unit for hourly home services (seed 000): a community service unit, not a DPS.
  const municipalityId = createMunicipality(db, { country: "BG", name: "Община Тутракан", kind: "obshtina" }).id;
  bgUnitId = createInstitution(db, {
    municipalityId,
    country: "BG",
    kind: "community_service_unit",
    timeZone: "Europe/Sofia",
    name: "Звено – Тутракан",
  }).id;
  await createUser(db, { email: "rabotnik@world.test", role: "case_worker", institutionIds: [bgUnitId] });
  plId = createInstitution(db, { name: "DPS Zielona Góra" }).id;
  plWorker = (
    await createUser(db, { email: "pracownik@world.test", role: "case_worker", institutionIds: [plId, bgUnitId] })
  ).id;
});

describe("new resident form", () => {
  it("offers the institutions the case worker may register residents in, whatever their kind (the CSV import does too)", async () => {
    const o = await call(newResident.loader!, getRequest("/residents/new", await signIn("rabotnik@world.test")));
    expect(o.status).toBe(200);
    const { institutions } = o.data as { institutions: { id: number; name: string }[] };
    expect(institutions.map((i) => i.id)).toEqual([bgUnitId]);
  });
});

describe("date of birth", () => {
  it("in the future (tomorrow in the institution's zone) is refused at the field, by the new and the edit form; nothing is written", async () => {
    const cookie = await signIn("pracownik@world.test");
    const tomorrow = addDays(localDate(new Date(), "Europe/Warsaw"), 1);
    const before = residentCount();
    const created = await call(
      newResident.action!,
      postRequest("/residents/new", residentForm({ dateOfBirth: tomorrow }), { cookie }),
    );
    expect(created.status).toBe(400);
    expect(created.data).toMatchObject({
      fieldErrors: { dateOfBirth: { key: "validation.dateOfBirthInFuture" } },
      values: { dateOfBirth: tomorrow },
    });
    expect(residentCount()).toBe(before);

    const { residentId } = residentWithTransition(contextFor(db, plWorker), plId);
    const edited = await call(
      editResident.action!,
      postRequest(`/residents/${residentId}/edit`, residentForm({ dateOfBirth: tomorrow, version: "1" }), { cookie }),
      { residentId: String(residentId) },
    );
    expect(edited.status).toBe(400);
    expect(edited.data).toMatchObject({ fieldErrors: { dateOfBirth: { key: "validation.dateOfBirthInFuture" } } });
    expect(db.select().from(residents).where(eq(residents.id, residentId)).get()!.dateOfBirth).toBeNull();
  });

  it("before 1900 is refused with its own message; 1 January 1900 and today are accepted", async () => {
    const cookie = await signIn("pracownik@world.test");
    const early = await call(
      newResident.action!,
      postRequest("/residents/new", residentForm({ dateOfBirth: "1899-12-31" }), { cookie }),
    );
    expect(early.data).toMatchObject({ fieldErrors: { dateOfBirth: { key: "validation.dateOfBirthTooEarly" } } });
    for (const dateOfBirth of ["1900-01-01", localDate(new Date(), "Europe/Warsaw")]) {
      const ok = await call(
        newResident.action!,
        postRequest("/residents/new", residentForm({ dateOfBirth, lastName: `Dzisiejszy ${dateOfBirth}` }), { cookie }),
      );
      expect(ok.status, ok.body).toBe(302);
    }
  });

  it("is judged in the institution's time zone: at 23:30 in Warsaw it is already tomorrow in Sofia", async () => {
    // 2026-03-04 22:30 UTC: 23:30 on the 4th in Warsaw, 00:30 on the 5th in Sofia.
    const ctx = contextFor(db, plWorker, new Date("2026-03-04T22:30:00Z"));
    const csv = (dob: string) =>
      utf8(
        `first_name,last_name,sex,date_of_birth,target_group,disability,legal_capacity\nEwa,Nowa ${dob},female,${dob},older_person,no,full\n`,
      );
    expect(previewImport(ctx, plId, csv("2026-03-05")).rows[0]!.errors).toEqual({
      dateOfBirth: { key: "validation.dateOfBirthInFuture" },
    });
    expect(previewImport(ctx, plId, csv("2026-03-04")).rows[0]!.errors).toEqual({});
    expect(previewImport(ctx, bgUnitId, csv("2026-03-05")).rows[0]!.errors).toEqual({});
    expect(previewImport(ctx, bgUnitId, csv("2026-03-06")).rows[0]!.errors).toEqual({
      dateOfBirth: { key: "validation.dateOfBirthInFuture" },
    });
    expect(previewImport(ctx, plId, csv("1899-12-31")).rows[0]!.errors).toEqual({
      dateOfBirth: { key: "validation.dateOfBirthTooEarly" },
    });
  });
});
