import type { Db } from "#db/client";
import { grantCreateSchema } from "#app/modules/grants/schemas";
import { createResident, findResident, updateResident } from "#app/modules/residents/service.server";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createUser } from "./index";

/** A date's service-context instant: mid-morning UTC, the same day in Warsaw and Sofia. */
export const day = (d: string) => new Date(`${d}T10:00:00Z`);

/** Two institutions; a grant manager of each, and a case worker of both. */
export interface GrantWorld {
  db: Db;
  instA: number;
  instB: number;
  manager: number;
  otherManager: number;
  worker: number;
}

export async function grantWorld(): Promise<GrantWorld> {
  const db = freshDb();
  const instA = createInstitution(db).id;
  const instB = createInstitution(db).id;
  const manager = (await createUser(db, { role: "grant_manager", name: "Grant Manager", institutionIds: [instA] })).id;
  const otherManager = (await createUser(db, { role: "grant_manager", institutionIds: [instB] })).id;
  const worker = (await createUser(db, { role: "case_worker", institutionIds: [instA, instB] })).id;
  return { db, instA, instB, manager, otherManager, worker };
}

type PersonData = {
  sex?: "female" | "male" | null;
  dateOfBirth?: string | null;
  targetGroup?: "older_person" | "person_with_disability" | "mental_health_crisis";
  disability?: "yes" | "no" | "not_disclosed";
};

/** A resident registered on `on` (which opens their transition: RES_COVERED's counting moment); female, born 1948, an older person with a disability, unless told. */
export function registerResident(w: GrantWorld, institutionId: number, on: string, data: PersonData = {}) {
  const id = createResident(contextFor(w.db, w.worker, day(on)), {
    institutionId,
    firstName: "Anna",
    lastName: `Nowak ${Math.random()}`,
    sex: data.sex === undefined ? "female" : data.sex,
    dateOfBirth: data.dateOfBirth === undefined ? "1948-05-02" : data.dateOfBirth,
    targetGroup: data.targetGroup ?? "older_person",
    disability: data.disability ?? "yes",
    legalCapacity: "full",
    guardianName: "",
    guardianContact: "",
    guardianDecision: "",
    admissionDate: null,
    supportNeeds: "",
  });
  return { id, code: findResident(contextFor(w.db, w.worker), id).resident.code };
}

/** A case worker's later edit of a resident's sex or date of birth (e.g. completing missing data), through the edit form's service. */
export function correctResident(w: GrantWorld, residentId: number, on: string, data: PersonData) {
  const r = findResident(contextFor(w.db, w.worker), residentId).resident;
  const { id: _id, version, createdAt: _c, updatedAt: _u, code: _code, ...rest } = r;
  updateResident(contextFor(w.db, w.worker, day(on)), residentId, {
    ...rest,
    ...data,
    guardianName: rest.guardianName ?? "",
    guardianContact: rest.guardianContact ?? "",
    guardianDecision: rest.guardianDecision ?? "",
    supportNeeds: rest.supportNeeds ?? "",
    version,
  });
}

/** The grant form as a browser posts it: a Bulgarian grant of 2026 over institution A, quarterly periods. */
export function grantForm(w: GrantWorld, overrides: Record<string, unknown> = {}) {
  return grantCreateSchema.parse({
    contractNumber: "BG05M9OP001-2.002-0042-C001",
    title: "Независим живот",
    programme: "ОП РЧР 2014–2020",
    ageScheme: "esf_2014_2020",
    funder: "Министерство на труда и социалната политика",
    currency: "BGN",
    budget: "494 451,93",
    startsOn: "2026-01-01",
    endsOn: "2026-12-31",
    partners: "Община Тутракан\n",
    municipalityId: "",
    institutionIds: [String(w.instA)],
    firstPeriodStart: "2026-01-01",
    periodMonths: "3",
    unit_RES_COVERED: "persons",
    baseline_RES_COVERED: "0",
    target_RES_COVERED: "10",
    ...overrides,
  });
}
