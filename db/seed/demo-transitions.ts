import { recordHours } from "#app/modules/deliveries/service.server";
import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { housingUnits, institutions, transitions, users } from "#db/schema";
import type { LegalCapacity, Sex } from "#db/schema/enums";
import { LIFE_DOMAINS } from "#db/schema/enums";
import { createResident } from "#app/modules/residents/service.server";
import { assignKeyWorker } from "#app/modules/caseload/service.server";
import {
  addService,
  listServices,
  approvePlan,
  listVisits,
  recordConsent,
  recordVisit,
  reservePlace,
  saveAssessment,
  savePlan,
} from "#app/modules/transitions/records.server";
import { applyEvent } from "#app/modules/transitions/service.server";
import type { AssessmentFormOutput } from "#app/modules/transitions/schemas";
import type { TransitionEventType } from "#machines/transition";
import { addDays, addMonths, localDate } from "#app/utils/dates";
import { seedContext } from "./context";

/**
 * Seed 004 (Zielona Góra, DPS dla Kombatantów; grant August 2022 – 31 August 2023):
 * 100 residents covered by the DI plan, 30 moved to community services, 2 protected flats for
 * 12 people. Every history is written through the real services, each step "on" its own date,
 * so the event log, guards, placements and follow-up visits are what a case worker would leave.
 * Deterministic (fixed pseudo-random sequence).
 */
export const ZG_FIGURES = { covered: 100, moved: 30, projectFlats: 2, projectPlaces: 12 } as const;

function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WOMEN = [
  "Anna",
  "Maria",
  "Krystyna",
  "Barbara",
  "Teresa",
  "Halina",
  "Danuta",
  "Irena",
  "Janina",
  "Zofia",
  "Stanisława",
  "Jadwiga",
  "Elżbieta",
  "Helena",
];
const MEN = [
  "Jan",
  "Stanisław",
  "Tadeusz",
  "Józef",
  "Kazimierz",
  "Zbigniew",
  "Władysław",
  "Henryk",
  "Ryszard",
  "Edward",
  "Czesław",
  "Marian",
  "Bogdan",
  "Zdzisław",
];
const SURNAMES_M = [
  "Nowak",
  "Kowalski",
  "Wiśniewski",
  "Wójcik",
  "Kowalczyk",
  "Kamiński",
  "Lewandowski",
  "Zieliński",
  "Szymański",
  "Woźniak",
  "Dąbrowski",
  "Kozłowski",
  "Jankowski",
  "Mazur",
  "Krawczyk",
  "Piotrowski",
  "Grabowski",
  "Pawłowski",
  "Michalski",
  "Król",
];
const female = (s: string) => s.replace(/ski$/, "ska").replace(/cki$/, "cka");

/** The first resident: the one the end-to-end test and the README walk through. */
export const DEMO_WALKTHROUGH_RESIDENT = { firstName: "Henryk", lastName: "Sobczak" };

function assessment(on: string): AssessmentFormOutput {
  const input: Record<string, unknown> = {
    overallIntensity: "limited",
    summary: "Ocena potrzeb przeprowadzona w DPS z udziałem mieszkańca.",
    completedByName: "Katarzyna Wiśniewska",
    completedOn: on,
    version: 0,
  };
  for (const d of LIFE_DOMAINS) {
    input[`domain_${d}`] = d === "health" || d === "self_care" ? "extensive" : "limited";
    input[`note_${d}`] = "";
  }
  return input as AssessmentFormOutput;
}

/** How far each demo resident has come (by index). */
type Target =
  | "identified"
  | "assessment"
  | "planning"
  | "preparation"
  | "moving"
  | "in_community"
  | "completed"
  | "returned"
  | "on_hold"
  | "withdrawn"
  | "deceased";

function targetFor(i: number): Target {
  if (i === 0) return "identified"; // the walkthrough resident
  if (i <= 30) return i === 7 || i === 19 ? "returned" : i <= 22 ? "completed" : "in_community"; // 30 moved
  if (i <= 34) return "moving";
  if (i <= 40) return "preparation";
  if (i <= 50) return "planning";
  if (i <= 62) return "assessment";
  if (i <= 65) return "on_hold";
  if (i <= 67) return "withdrawn";
  if (i === 68) return "deceased";
  return "identified";
}

export function seedDemoTransitions(db: Db): void {
  const inst = db.select().from(institutions).where(eq(institutions.kind, "residential_care_home")).get();
  const worker = db.select().from(users).where(eq(users.email, "pracownik@demo.local")).get();
  const second = db.select().from(users).where(eq(users.email, "pracownik2@demo.local")).get();
  if (!inst || !worker || !second) throw new Error("demo institution and case workers must be seeded first");

  // Housing: the project's two protected flats (6 + 6 places, opened in the grant period, of the
  // kinds valid until 31.10.2023), and the municipality's older flats used for the other moves.
  const unit = (values: Partial<typeof housingUnits.$inferInsert>) =>
    db
      .insert(housingUnits)
      .values({
        institutionId: inst.id,
        operatorKind: "municipality",
        operatorName: "Miasto Zielona Góra",
        status: "open",
        capacity: 6,
        name: "",
        address: "",
        housingType: "pl_protected_training_flat",
        ...values,
      })
      .returning({ id: housingUnits.id })
      .get().id;
  const flatA = unit({
    name: "Mieszkanie chronione treningowe nr 1",
    address: "Zielona Góra, ul. Wyszyńskiego",
    housingType: "pl_protected_training_flat",
    openedOn: "2023-02-01",
  });
  const flatB = unit({
    name: "Mieszkanie chronione wspierane nr 2",
    address: "Zielona Góra, ul. Wyszyńskiego",
    housingType: "pl_protected_supported_flat",
    openedOn: "2023-04-03",
  });
  const older = unit({
    name: "Mieszkania chronione MOPS",
    address: "Zielona Góra",
    operatorName: "Miejski Ośrodek Pomocy Społecznej w Zielonej Górze",
    housingType: "pl_protected_supported_flat",
    capacity: 24,
    openedOn: "2019-05-06",
  });

  const today = localDate(new Date(), inst.timeZone);
  const rnd = prng(4);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  let flatAUsed = 0;
  let demoExpirySet = false;
  let flatBUsed = 0;

  for (let i = 0; i < ZG_FIGURES.covered; i++) {
    const isWoman = i === 0 ? false : rnd() < 0.55;
    const sex: Sex = isWoman ? "female" : "male";
    const surname = pick(SURNAMES_M);
    const firstName = i === 0 ? DEMO_WALKTHROUGH_RESIDENT.firstName : isWoman ? pick(WOMEN) : pick(MEN);
    const lastName = i === 0 ? DEMO_WALKTHROUGH_RESIDENT.lastName : isWoman ? female(surname) : surname;
    const legalCapacity: LegalCapacity = i % 10 === 3 ? "none" : i % 10 === 6 ? "partial" : "full";
    const year = 1930 + Math.floor(rnd() * 35);
    // Opened between 1 Sep 2022 and 30 Jun 2023 (the DI plan covers all 100).
    const opened = addDays("2022-09-01", Math.floor((i / ZG_FIGURES.covered) * 300));
    const dateOfBirth = `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}`;
    const residentId = createResident(seedContext(db, worker, opened), {
      institutionId: inst.id,
      firstName,
      lastName,
      // Two records opened in February 2023 with data missing: the grant's reports leave them out
      // and list them, and the demo grant shows one of them corrected after a submission.
      sex: i === 58 ? null : sex,
      dateOfBirth: i === 59 ? null : dateOfBirth,
      targetGroup: year < 1958 ? "older_person" : "person_with_disability",
      disability: year < 1958 ? (rnd() < 0.5 ? "yes" : "not_disclosed") : "yes",
      legalCapacity,
      guardianName: legalCapacity === "full" ? "" : `${isWoman ? pick(MEN) : pick(WOMEN)} ${surname}`,
      guardianContact: "",
      guardianDecision: legalCapacity === "full" ? "" : "Sąd Rejonowy w Zielonej Górze, III RNs",
      admissionDate: `${2005 + Math.floor(rnd() * 15)}-03-01`,
      supportNeeds: "",
    });

    // Key workers (decision 023): Katarzyna registered everyone and keeps two cases in three;
    // every third she handed over to Piotr on the day it was opened (Henryk Sobczak stays hers).
    if (i % 3 === 2) assignKeyWorker(seedContext(db, worker, opened), residentId, { workerId: second.id, version: 1 });

    const target = targetFor(i);
    if (target === "identified") continue;
    const version = () =>
      db.select({ v: transitions.version }).from(transitions).where(eq(transitions.residentId, residentId)).get()!.v;
    const send = (type: TransitionEventType, on: string, user = worker) =>
      applyEvent(seedContext(db, user, on), residentId, { type, on, version: version() });

    // The moved ones move between December 2022 and August 2023 (inside the grant).
    const moved = i >= 1 && i <= 30;
    const moveOn = moved ? addDays("2022-12-05", Math.floor(((i - 1) / 30) * 265)) : null;
    const start = moved ? addDays(moveOn!, -70) : addDays(opened, 10);
    const a = start < opened ? opened : start;
    send("START_ASSESSMENT", a);
    if (target === "assessment") continue;
    if (target === "on_hold" || target === "withdrawn" || target === "deceased") {
      send(target === "on_hold" ? "PUT_ON_HOLD" : target === "withdrawn" ? "WITHDRAW" : "RECORD_DEATH", addDays(a, 20));
      continue;
    }
    saveAssessment(seedContext(db, worker, addDays(a, 14)), residentId, assessment(addDays(a, 14)));
    send("COMPLETE_ASSESSMENT", addDays(a, 14));
    if (target === "planning") continue;
    savePlan(seedContext(db, worker, addDays(a, 20)), residentId, {
      goals: "Zamieszkać w mieszkaniu chronionym i zachować kontakt z rodziną.",
      supportNeeded: "Wsparcie w codziennych czynnościach, przypominanie o lekach.",
      housingPreference: "pl_protected_training_flat",
      plannedServices: ["pl_care_services"],
      writtenOn: addDays(a, 20),
      version: 0,
    });
    approvePlan(seedContext(db, second, addDays(a, 22)), residentId, { approvedOn: addDays(a, 22), version: 1 });
    recordConsent(seedContext(db, worker, addDays(a, 25)), residentId, {
      givenBy:
        legalCapacity === "full" ? "resident" : legalCapacity === "partial" ? "resident_with_curator" : "guardian",
      guardianName: legalCapacity === "full" ? "" : "opiekun",
      givenOn: addDays(a, 25),
      documentRef: "",
    });
    send("START_PREPARATION", addDays(a, 26));
    if (target === "preparation") continue;
    const reserveOn = moved ? addDays(moveOn!, -30) : addDays(a, 30);
    const unitId =
      moved && moveOn! >= "2023-02-01" && flatAUsed < 6
        ? (flatAUsed++, flatA)
        : moved && moveOn! >= "2023-04-03" && flatBUsed < 6
          ? (flatBUsed++, flatB)
          : older;
    // Those still to move are planned for the coming days, so "moves this month" has entries.
    // The first reservation still waiting for its move is held until five days from the demo's
    // load: its key worker sees the "reservation ends" task (decision 047).
    const expiresOn = !moved && !demoExpirySet ? addDays(today, 5) : null;
    if (expiresOn) demoExpirySet = true;
    reservePlace(seedContext(db, worker, reserveOn), residentId, {
      housingUnitId: unitId,
      reservedOn: reserveOn,
      plannedMoveOn: moveOn ?? addDays(today, i - 30),
      expiresOn,
    });
    send("START_MOVE", addDays(reserveOn, 10));
    if (target === "moving") continue;
    send("RECORD_MOVE", moveOn!);
    addService(seedContext(db, worker, addDays(moveOn!, 1)), residentId, {
      serviceType: "pl_care_services",
      provider: "Miejski Ośrodek Pomocy Społecznej w Zielonej Górze",
      startOn: addDays(moveOn!, 1),
      endOn: null,
      hoursPerWeek: 10,
    });
    if (target === "in_community" && i <= 24) {
      // Hours of care delivered (decision 048): the service's first days, a few entries.
      const tid = db
        .select({ id: transitions.id })
        .from(transitions)
        .where(eq(transitions.residentId, residentId))
        .get()!.id;
      const care = listServices(seedContext(db, worker, moveOn!), tid).at(-1)!.id;
      for (const [d, hours, note] of [
        [2, 2, "Zakupy i pomoc w sprzątaniu"],
        [3, 1.5, "Pomoc przy kąpieli"],
        [5, 2, ""],
      ] as const) {
        const on = addDays(moveOn!, d);
        if (on <= today) recordHours(seedContext(db, worker, on), residentId, care, { deliveredOn: on, hours, note });
      }
    }
    if (target === "returned") {
      send("RETURN", addMonths(moveOn!, 4));
      continue;
    }
    // Follow-up visits: all recorded for the completed; the first three for those still followed.
    const visits = listVisits(
      seedContext(db, worker, moveOn!),
      db.select({ id: transitions.id }).from(transitions).where(eq(transitions.residentId, residentId)).get()!.id,
    );
    for (const v of visits) {
      if (target === "in_community" && v.monthsAfterMove === 12) continue;
      recordVisit(seedContext(db, worker, addDays(v.dueOn, 2)), residentId, v.id, {
        visitedOn: addDays(v.dueOn, 2),
        findings: "Mieszkaniec dobrze się zaadaptował.",
        actions: "",
        version: v.version,
      });
    }
    if (target === "completed") send("COMPLETE", addDays(addMonths(moveOn!, 12), 2));
  }
}
