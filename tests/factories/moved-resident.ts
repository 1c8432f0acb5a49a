import crypto from "node:crypto";
import type { Db } from "#db/client";
import { housingUnits } from "#db/schema";
import { LIFE_DOMAINS } from "#db/schema/enums";
import { createResident, findResident } from "#app/modules/residents/service.server";
import {
  addService,
  approvePlan,
  listServices,
  recordConsent,
  reservePlace,
  saveAssessment,
  savePlan,
} from "#app/modules/transitions/records.server";
import type { AssessmentFormOutput } from "#app/modules/transitions/schemas";
import { applyEvent } from "#app/modules/transitions/service.server";
import { day, residentInput } from "./case-world";
import { contextFor } from "./index";

/** A training flat of the institution, open since December 2025. */
export function trainingFlat(db: Db, institutionId: number): number {
  return db
    .insert(housingUnits)
    .values({
      institutionId,
      housingType: "pl_training_flat",
      name: `M${crypto.randomInt(1e6)}`,
      address: "ul. 1",
      operatorName: "Miasto",
      operatorKind: "municipality",
      capacity: 50,
      status: "open",
      openedOn: "2025-12-01",
    })
    .returning({ id: housingUnits.id })
    .get().id;
}

type MoveWorld = { institutionId: number; unit: number; worker: number; second: number };

/**
 * Takes `id` (a resident of `worker`'s institution, just identified) to the preparation of the move:
 * assessed, planned, the plan approved by `second`, consent given (January–February 2026).
 */
export function toPreparation(db: Db, w: Pick<MoveWorld, "worker" | "second">, id: number): void {
  const version = () => findResident(contextFor(db, w.worker), id).transition.version;
  const send = (type: Parameters<typeof applyEvent>[2]["type"], on: string) =>
    applyEvent(contextFor(db, w.worker, day(on)), id, { type, on, version: version() });
  send("START_ASSESSMENT", "2026-01-05");
  const assessment: Record<string, unknown> = {
    overallIntensity: "limited",
    summary: "",
    completedByName: "A",
    completedOn: "2026-01-20",
    version: 0,
  };
  for (const d of LIFE_DOMAINS) {
    assessment[`domain_${d}`] = "limited";
    assessment[`note_${d}`] = "";
  }
  saveAssessment(contextFor(db, w.worker, day("2026-01-20")), id, assessment as AssessmentFormOutput);
  send("COMPLETE_ASSESSMENT", "2026-01-20");
  savePlan(contextFor(db, w.worker, day("2026-02-01")), id, {
    goals: "Flat",
    supportNeeded: "Help",
    housingPreference: "",
    plannedServices: [],
    writtenOn: "2026-02-01",
    version: 0,
  });
  approvePlan(contextFor(db, w.second, day("2026-02-03")), id, { approvedOn: "2026-02-03", version: 1 });
  recordConsent(contextFor(db, w.worker, day("2026-02-04")), id, {
    givenBy: "resident",
    guardianName: "",
    givenOn: "2026-02-04",
    documentRef: "",
  });
  send("START_PREPARATION", "2026-02-05");
}

/**
 * A resident of `worker`'s (Polish) institution, assessed, planned (approved by `second`),
 * consenting, who moved to `unit` on 3 March 2026 (follow-up visits due from April).
 */
export function movedResident(db: Db, w: MoveWorld, supportNeeds = ""): number {
  const version = (id: number) => findResident(contextFor(db, w.worker), id).transition.version;
  const send = (id: number, type: Parameters<typeof applyEvent>[2]["type"], on: string) =>
    applyEvent(contextFor(db, w.worker, day(on)), id, { type, on, version: version(id) });
  const id = createResident(contextFor(db, w.worker, day("2026-01-02")), residentInput(w.institutionId, supportNeeds));
  toPreparation(db, w, id);
  reservePlace(contextFor(db, w.worker, day("2026-02-10")), id, {
    housingUnitId: w.unit,
    reservedOn: "2026-02-10",
    plannedMoveOn: "2026-03-03",
  });
  send(id, "START_MOVE", "2026-02-20");
  send(id, "RECORD_MOVE", "2026-03-03");
  return id;
}

/** The same resident, receiving care services from 10 March 2026, 10 hours a week. */
export function residentWithService(db: Db, w: MoveWorld): { id: number; serviceId: number } {
  const id = movedResident(db, w);
  addService(contextFor(db, w.worker, day("2026-03-10")), id, {
    serviceType: "pl_care_services",
    provider: "MOPS Zielona Góra",
    startOn: "2026-03-10",
    endOn: null,
    hoursPerWeek: 10,
  });
  const ctx = contextFor(db, w.worker);
  const serviceId = listServices(ctx, findResident(ctx, id).transition.id).at(-1)!.id;
  return { id, serviceId };
}
