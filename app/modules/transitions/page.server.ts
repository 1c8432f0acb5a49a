import { deliveredThisMonth } from "#app/modules/deliveries/service.server";
import { describeMachine } from "#machines/graph";
import { stateName, transitionMachine } from "#machines/transition";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { listResidentDocuments } from "#app/modules/documents/service.server";
import { viewResident } from "#app/modules/residents/service.server";
import { keyWorkerOf } from "#app/modules/caseload/service.server";
import { listNotes } from "#app/modules/notes/service.server";
import { recordAccessLog } from "#app/modules/audit/service.server";
import { retentionPanel } from "#app/modules/privacy/retention.server";
import { getAssessment, getPlan, listConsents, listPlacements, listServices, listVisits } from "./records.server";
import { actionOptions, factsFor, history, restoreSnapshot } from "./service.server";

const graph = describeMachine(transitionMachine);

/**
 * Everything the resident page shows; opening it is audited (viewResident). For the
 * administrator also "who saw this record" (`access`, older entries than `accessBefore`); for
 * anyone else `access` is null and the log is not read.
 */
export function residentPage(ctx: ServiceContext, residentId: number, accessBefore?: number) {
  const { resident, transition, institution } = viewResident(ctx, residentId);
  const today = localDate(ctx.now, institution.timeZone);
  const snapshot = restoreSnapshot(transition.snapshot, transition.machineVersion);
  const facts = factsFor(ctx.db, { transition, resident }, today, today);
  const notes = listNotes(ctx.db, transition.id);
  const visits = listVisits(ctx, transition.id).map((v) => ({ ...v, overdue: !v.visitedOn && v.dueOn < today }));
  return {
    resident,
    institution: {
      id: institution.id,
      name: institution.name,
      country: institution.country,
      timeZone: institution.timeZone,
    },
    transition: {
      id: transition.id,
      state: stateName(snapshot),
      stateSince: transition.stateSince,
      openedOn: transition.openedOn,
      version: transition.version,
    },
    today,
    facts,
    options: actionOptions(snapshot, facts),
    events: history(ctx, transition, notes),
    assessment: getAssessment(ctx, transition.id),
    plan: getPlan(ctx, transition.id),
    consents: listConsents(ctx, transition.id),
    placements: listPlacements(ctx, transition.id),
    visits,
    services: (() => {
      const services = listServices(ctx, transition.id);
      const month = deliveredThisMonth(
        ctx.db,
        services.map((s) => s.id),
        today,
      );
      return services.map((s) => ({ ...s, deliveredThisMonth: month.get(s.id) ?? 0 }));
    })(),
    ...keyWorkerOf(ctx, transition),
    notes,
    documents: listResidentDocuments(ctx, residentId),
    access: recordAccessLog(ctx, residentId, accessBefore),
    privacy: retentionPanel(ctx, { resident, transition }),
    graph,
  };
}
