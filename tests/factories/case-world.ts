import type { Db } from "#db/client";
import { housingUnits } from "#db/schema";
import { createResident } from "#app/modules/residents/service.server";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createUser } from "./index";

/** Noon UTC of a day (or another time): the `now` of a service call made on that day. */
export const day = (d: string, time = "10:00:00Z") => new Date(`${d}T${time}`);

/**
 * A fresh database with a Polish institution, its two case workers (`worker`, `second`), a case
 * worker of another institution only (`stranger`), an administrator and a training flat of six places.
 */
export interface CaseWorld {
  db: Db;
  instId: number;
  otherInstId: number;
  worker: number;
  second: number;
  /** A case worker of another institution only. */
  stranger: number;
  admin: number;
  unitId: number;
}

export async function caseWorld(): Promise<CaseWorld> {
  const db = freshDb();
  const inst = createInstitution(db, { name: "DPS Zielona" });
  const other = createInstitution(db, { name: "DPS Obca" });
  const worker = (await createUser(db, { name: "Katarzyna", institutionIds: [inst.id] })).id;
  const second = (await createUser(db, { name: "Piotr", institutionIds: [inst.id] })).id;
  const stranger = (await createUser(db, { name: "Obcy", institutionIds: [other.id] })).id;
  const admin = (await createUser(db, { role: "admin", name: "Admin" })).id;
  const unitId = db
    .insert(housingUnits)
    .values({
      institutionId: inst.id,
      housingType: "pl_training_flat",
      name: "M1",
      address: "ul. 1",
      operatorName: "Miasto",
      operatorKind: "municipality",
      capacity: 6,
      status: "open",
      openedOn: "2025-12-01",
    })
    .returning({ id: housingUnits.id })
    .get().id;
  return { db, instId: inst.id, otherInstId: other.id, worker, second, stranger, admin, unitId };
}

/** A resident's registration form (an older man, full legal capacity) for an institution. */
export function residentInput(institutionId: number, supportNeeds = "") {
  return {
    institutionId,
    firstName: "Jan",
    lastName: `Kowalski${Math.floor(Math.random() * 1e6)}`,
    sex: "male" as const,
    dateOfBirth: "1950-04-02",
    targetGroup: "older_person" as const,
    disability: "yes" as const,
    legalCapacity: "full" as const,
    guardianName: "",
    guardianContact: "",
    guardianDecision: "",
    admissionDate: "2015-01-01",
    supportNeeds,
  };
}

/** A resident registered on `on` by `by` (the world's worker) in an institution (the world's). */
export function newResident(w: CaseWorld, on: string, by = w.worker, institutionId = w.instId) {
  return createResident(contextFor(w.db, by, day(on)), residentInput(institutionId));
}
