/**
 * A small world for the concurrency and crash-safety tests: one institution, a few case
 * workers with a known password, residents whose transitions are in `identified`, and housing
 * units — one roomy, one with a single free place left. Written through the real services
 * (createResident, reservePlace), as the demo seed does, so every row is what the app leaves.
 */
import type { Db } from "#db/client";
import { housingUnits } from "#db/schema";
import { createResident, findResident } from "#app/modules/residents/service.server";
import { reservePlace } from "#app/modules/transitions/records.server";
import { localDate } from "#app/utils/dates";
import { contextFor, createInstitution, createUser, DEFAULT_PASSWORD } from "#tests/factories";

export interface ScenarioOptions {
  /** Residents whose transitions the test drives (all start in `identified`, version 1). */
  residents: number;
  /** Case workers, all granted the institution (password DEFAULT_PASSWORD). */
  workers?: number;
  /** Capacity of the unit whose last place is contested; all but one place are taken in advance. */
  lastPlaceCapacity?: number;
}

export interface Scenario {
  institutionId: number;
  /** Today in the institution's zone when the world was made: a valid event date from then on. */
  today: string;
  password: string;
  workers: { id: number; email: string }[];
  residents: { id: number; transitionId: number }[];
  /** A unit with room for every resident of the scenario. */
  roomyUnitId: number;
  /** A unit with exactly one free place left. */
  lastPlace: { unitId: number; capacity: number; takenBy: number[] };
}

const unit = (db: Db, institutionId: number, name: string, capacity: number) =>
  db
    .insert(housingUnits)
    .values({
      institutionId,
      housingType: "pl_training_flat",
      name,
      address: "ul. Testowa 1",
      operatorName: "Miasto",
      operatorKind: "municipality",
      capacity,
      status: "open",
      openedOn: "2025-01-01",
    })
    .returning({ id: housingUnits.id })
    .get().id;

export async function seedScenario(db: Db, opts: ScenarioOptions): Promise<Scenario> {
  const inst = createInstitution(db);
  const workers = [];
  for (let i = 0; i < (opts.workers ?? 2); i++) {
    const u = await createUser(db, {
      institutionIds: [inst.id],
      email: `worker${i + 1}.${inst.id}@durability.test`,
      name: `Worker ${i + 1}`,
    });
    workers.push({ id: u.id, email: u.email });
  }
  const now = new Date();
  const ctx = contextFor(db, workers[0]!.id, now);
  let n = 0;
  const newResident = () =>
    createResident(ctx, {
      institutionId: inst.id,
      firstName: "Jan",
      lastName: `Próba ${++n}`,
      sex: "male",
      dateOfBirth: "1950-04-02",
      targetGroup: "older_person",
      disability: "yes",
      legalCapacity: "full",
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: "2015-01-01",
      supportNeeds: "",
    });
  const residents = [];
  for (let i = 0; i < opts.residents; i++) {
    const id = newResident();
    residents.push({ id, transitionId: findResident(ctx, id).transition.id });
  }
  const roomyUnitId = unit(db, inst.id, "Mieszkanie duże", Math.max(1, opts.residents));
  const capacity = opts.lastPlaceCapacity ?? 3;
  const lastPlaceUnitId = unit(db, inst.id, "Ostatnie miejsce", capacity);
  const takenBy = [];
  for (let i = 0; i < capacity - 1; i++) {
    const id = newResident();
    reservePlace(ctx, id, {
      housingUnitId: lastPlaceUnitId,
      reservedOn: localDate(now, inst.timeZone),
      plannedMoveOn: null,
    });
    takenBy.push(id);
  }
  return {
    institutionId: inst.id,
    today: localDate(now, inst.timeZone),
    password: DEFAULT_PASSWORD,
    workers,
    residents,
    roomyUnitId,
    lastPlace: { unitId: lastPlaceUnitId, capacity, takenBy },
  };
}
