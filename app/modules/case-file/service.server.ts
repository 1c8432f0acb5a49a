import { listDeliveries } from "#app/modules/deliveries/service.server";
import { eq } from "drizzle-orm";
import { users } from "#db/schema";
import { LIFE_DOMAINS } from "#db/schema/enums";
import { stateName } from "#machines/transition";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { auditByActor, recordRead } from "#app/modules/audit/service.server";
import { listResidentDocuments } from "#app/modules/documents/service.server";
import { findResident } from "#app/modules/residents/service.server";
import {
  getAssessment,
  getPlan,
  listConsents,
  listPlacements,
  listServices,
  listVisits,
} from "#app/modules/transitions/records.server";
import { history, restoreSnapshot } from "#app/modules/transitions/service.server";

const nameOf = (ctx: ServiceContext, id: number | null) =>
  id == null ? null : (ctx.db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? null);

/**
 * Everything a resident's printable case file holds, read for the user (the resident must be in
 * their institutions, else 404). Producing it is recorded in the audit log as a read of the
 * person's data, like opening their page.
 */
export function caseFile(
  ctx: ServiceContext,
  residentId: number,
  audit: { action: string; after?: unknown } = { action: "resident.case_file_exported" },
) {
  const { resident, transition, institution } = findResident(ctx, residentId);
  const entry = { entityType: "resident", entityId: residentId, residentId, institutionId: resident.institutionId };
  // A plain read is one prepared insert (decision 043); an export that says what it gave carries it.
  if (audit.after === undefined) recordRead(ctx, { action: audit.action, ...entry });
  else auditByActor(ctx.db, ctx, { ...audit, ...entry });
  const assessment = getAssessment(ctx, transition.id);
  const plan = getPlan(ctx, transition.id);
  return {
    resident,
    transitionRow: transition,
    institution: { name: institution.name, timeZone: institution.timeZone },
    transition: {
      state: stateName(restoreSnapshot(transition.snapshot, transition.machineVersion)),
      stateSince: transition.stateSince,
      openedOn: transition.openedOn,
    },
    assessment: assessment
      ? {
          ...assessment,
          domains: LIFE_DOMAINS.map((d) => {
            const v = (assessment.domains as Record<string, { intensity: string | null; notes: string } | undefined>)[
              d
            ];
            return { domain: d, intensity: v?.intensity ?? null, notes: v?.notes ?? "" };
          }),
        }
      : null,
    plan: plan
      ? {
          ...plan,
          preparedByName: plan.preparedByName ?? nameOf(ctx, plan.preparedBy),
          approvedByName: plan.approvedByName ?? nameOf(ctx, plan.approvedBy),
        }
      : null,
    consents: listConsents(ctx, transition.id),
    placements: listPlacements(ctx, transition.id),
    visits: listVisits(ctx, transition.id),
    // Each service with its hours delivered, every version (decision 048).
    services: listServices(ctx, transition.id).map((s) => ({ ...s, deliveries: listDeliveries(ctx.db, s.id) })),
    history: history(ctx, transition),
    documents: listResidentDocuments(ctx, residentId),
    generatedOn: localDate(ctx.now, institution.timeZone),
    generatedBy: ctx.actor.name,
  };
}
export type CaseFile = ReturnType<typeof caseFile>;
