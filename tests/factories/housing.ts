import type { Db } from "#db/client";
import { housingUnits, placements, type Placement } from "#db/schema";
import type { PlacementStatus } from "#db/schema/enums";
import { createResident, findResident } from "#app/modules/residents/service.server";
import type { ServiceContext } from "#app/utils/context.server";

let seq = 0;

/** A housing unit row, written directly (the service is what the tests exercise). */
export function insertHousingUnit(
  db: Db,
  institutionId: number,
  overrides: Partial<typeof housingUnits.$inferInsert> = {},
) {
  return db
    .insert(housingUnits)
    .values({
      institutionId,
      housingType: "pl_training_flat",
      name: `Mieszkanie ${++seq}`,
      address: `ul. Testowa ${seq}`,
      operatorName: "Gmina Testowo",
      operatorKind: "municipality",
      capacity: 4,
      status: "open",
      openedOn: "2024-03-01",
      ...overrides,
    })
    .returning()
    .get();
}

/**
 * A resident with an open transition, through the residents service (as a case worker would
 * register them). `ctx` must be of a user who may act in `institutionId`.
 */
export function residentWithTransition(
  ctx: ServiceContext,
  institutionId: number,
  name: { firstName?: string; lastName?: string } = {},
) {
  const residentId = createResident(ctx, {
    institutionId,
    firstName: name.firstName ?? "Jan",
    lastName: name.lastName ?? `Kowalski ${++seq}`,
    sex: null,
    dateOfBirth: null,
    targetGroup: "person_with_disability",
    disability: "yes",
    legalCapacity: "full",
    guardianName: "",
    guardianContact: "",
    guardianDecision: "",
    admissionDate: null,
    supportNeeds: "",
  });
  const { resident, transition } = findResident(ctx, residentId);
  return { residentId, code: resident.code, transitionId: transition.id };
}

/** A placement row, written directly (reservations belong to the transitions module). */
export function insertPlacement(
  db: Db,
  transitionId: number,
  housingUnitId: number,
  status: PlacementStatus,
  overrides: Partial<typeof placements.$inferInsert> = {},
): Placement {
  return db
    .insert(placements)
    .values({
      transitionId,
      housingUnitId,
      status,
      reservedOn: "2024-04-01",
      plannedMoveOn: "2024-05-01",
      movedInOn: status === "active" || status === "ended" ? "2024-05-02" : null,
      endedOn: status === "ended" ? "2024-09-30" : null,
      ...overrides,
    })
    .returning()
    .get();
}
