import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { institutions, transitions, users } from "#db/schema";
import { addNote } from "#app/modules/notes/service.server";
import { createResident } from "#app/modules/residents/service.server";
import { applyEvent } from "#app/modules/transitions/service.server";
import { seedContext } from "./context";

/**
 * Two former residents of the Zielona Góra DPS whose records closed (death) years before the DI
 * project, so no grant counted them: their retention ended, and the administrator's retention page
 * shows them due for anonymisation (docs/decisions/042). Opened in 2016, before the plan and the
 * grant, they change none of the demo's figures.
 */
export const FORMER_RESIDENTS = [
  {
    firstName: "Eugeniusz",
    lastName: "Dawny",
    dateOfBirth: "1931-04-12",
    openedOn: "2016-03-01",
    diedOn: "2018-01-22",
  },
  { firstName: "Leokadia", lastName: "Dawna", dateOfBirth: "1929-10-03", openedOn: "2016-05-02", diedOn: "2019-08-30" },
] as const;

export function seedDemoRetention(db: Db): void {
  const inst = db.select().from(institutions).where(eq(institutions.kind, "residential_care_home")).get();
  const worker = db.select().from(users).where(eq(users.email, "pracownik@demo.local")).get();
  if (!inst || !worker) throw new Error("demo institution and case worker must be seeded first");
  for (const p of FORMER_RESIDENTS) {
    const residentId = createResident(seedContext(db, worker, p.openedOn), {
      institutionId: inst.id,
      firstName: p.firstName,
      lastName: p.lastName,
      sex: p.firstName === "Leokadia" ? "female" : "male",
      dateOfBirth: p.dateOfBirth,
      targetGroup: "older_person",
      disability: "yes",
      legalCapacity: "full",
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: "2009-09-01",
      supportNeeds: "Pomoc przy wszystkich czynnościach dnia codziennego.",
      openedOn: p.openedOn,
    });
    addNote(seedContext(db, worker, p.openedOn), residentId, {
      occurredOn: p.openedOn,
      body: "Rozmowa z rodziną o możliwości zamieszkania w mieszkaniu treningowym.",
    });
    const version = db
      .select({ v: transitions.version })
      .from(transitions)
      .where(eq(transitions.residentId, residentId))
      .get()!.v;
    applyEvent(seedContext(db, worker, p.diedOn), residentId, { type: "RECORD_DEATH", on: p.diedOn, version });
  }
}
