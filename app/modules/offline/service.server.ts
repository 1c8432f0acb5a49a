import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { communityServices, followUpVisits, offlineWrites, users } from "#db/schema";
import { CLOSED_STATES } from "#machines/transition";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError, isAppError } from "#app/utils/errors";
import { listCasesOf } from "#app/modules/caseload/service.server";
import { recordHours } from "#app/modules/deliveries/service.server";
import { addNote } from "#app/modules/notes/service.server";
import { findResident } from "#app/modules/residents/service.server";
import { listServices, listVisits, recordVisit, visitWindow } from "#app/modules/transitions/records.server";
import type { ConflictKind, OfflineWriteInput } from "./schemas";

/**
 * The offline layer's server side (issue #17, decisions 030–032).
 *
 * `offlineCopy`: what a case worker's device keeps to work without a connection — their own open
 * cases and, for each, the minimum a home visit needs: name and code, stage, the follow-up visits
 * not yet recorded, the services running (with their id, start and end, for the hours form). No date of birth, disability, legal capacity, support
 * needs or guardian (docs/security.md, "On the device").
 *
 * `applyOfflineWrite`: one queued write, through the same module functions as the form posts
 * (`recordVisit`, `addNote`, `recordHours`: the same validation, permission, scope and version checks), applied
 * at most once per device-made key, in one transaction with its key. A record changed on the
 * server since the device copied it is answered as a conflict carrying the server's version.
 */

export interface OfflineCase {
  residentId: number;
  code: string;
  name: string;
  institutionName: string;
  state: string;
  stateSince: string;
  caseWorkerId: number | null;
  /** Today in the institution's zone when copied (a visit or note may not be dated later). */
  today: string;
  /** The institution's zone: the device counts today in it when a form is filled, as the server does. */
  timeZone: string;
  openedOn: string;
  visitsDue: {
    id: number;
    monthsAfterMove: number;
    dueOn: string;
    opensOn: string;
    moveOn: string;
    version: number;
  }[];
  /** The services running, with what the hours form needs (id, start and end: decision 048). */
  services: {
    id: number;
    serviceType: string;
    provider: string;
    startOn: string;
    endOn: string | null;
    hoursPerWeek: number | null;
  }[];
}

/** The signed-in worker's own open cases, each with the minimum a visit needs. */
export function offlineCopy(ctx: ServiceContext): OfflineCase[] {
  return listCasesOf(ctx, ctx.actor.id).map((c) => {
    const { transition, institution } = findResident(ctx, c.residentId);
    const today = localDate(ctx.now, institution.timeZone);
    return {
      residentId: c.residentId,
      code: c.code,
      name: `${c.firstName} ${c.lastName}`,
      institutionName: c.institutionName,
      state: c.state,
      stateSince: c.stateSince,
      caseWorkerId: transition.caseWorkerId,
      today,
      timeZone: institution.timeZone,
      openedOn: transition.openedOn,
      visitsDue: listVisits(ctx, transition.id)
        .filter((v) => v.visitedOn === null)
        .map((v) => ({
          id: v.id,
          monthsAfterMove: v.monthsAfterMove,
          dueOn: v.dueOn,
          opensOn: visitWindow(v).opensOn,
          moveOn: v.moveOn,
          version: v.version,
        })),
      services: listServices(ctx, transition.id)
        .filter((s) => s.endOn === null || s.endOn >= today)
        .map((s) => ({
          id: s.id,
          serviceType: s.serviceType,
          provider: s.provider,
          startOn: s.startOn,
          endOn: s.endOn,
          hoursPerWeek: s.hoursPerWeek,
        })),
    };
  });
}

export type OfflineOutcome =
  | { status: "sent"; recordId: number; duplicate: boolean }
  | { status: "conflict"; conflict: ConflictKind; theirs: Record<string, string | number | null> };

function nameOf(ctx: ServiceContext, id: number | null) {
  if (id === null) return null;
  return ctx.db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? null;
}

/** The server's version of what a queued write is about, when it differs from the device's copy. */
function conflictOf(ctx: ServiceContext, item: OfflineWriteInput): OfflineOutcome | null {
  const { transition } = findResident(ctx, item.residentId);
  if (CLOSED_STATES.includes(transition.state) && transition.state !== item.base.state)
    return { status: "conflict", conflict: "closed", theirs: { state: transition.state } };
  if (transition.caseWorkerId !== item.base.caseWorkerId)
    return {
      status: "conflict",
      conflict: "reassigned",
      theirs: { caseWorkerId: transition.caseWorkerId, keyWorker: nameOf(ctx, transition.caseWorkerId) },
    };
  if (item.kind === "visit") {
    const visit = ctx.db
      .select()
      .from(followUpVisits)
      .where(and(eq(followUpVisits.id, item.visitId), eq(followUpVisits.transitionId, transition.id)))
      .get();
    if (!visit) throw new AppError("not_found", "errors.notFound.body");
    if (visit.version !== item.payload.version)
      return {
        status: "conflict",
        conflict: "visitRecorded",
        theirs: {
          visitedOn: visit.visitedOn,
          findings: visit.findings,
          actions: visit.actions,
          recordedBy: nameOf(ctx, visit.recordedBy),
          version: visit.version,
        },
      };
  }
  if (item.kind === "hours") {
    const service = ctx.db
      .select()
      .from(communityServices)
      .where(and(eq(communityServices.id, item.serviceId), eq(communityServices.transitionId, transition.id)))
      .get();
    if (!service) throw new AppError("not_found", "errors.notFound.body");
    if (service.endOn !== item.serviceEndOn)
      return { status: "conflict", conflict: "serviceEnded", theirs: { endOn: service.endOn } };
  }
  return null;
}

/**
 * Applies one queued write once. A key already applied for this user answers as sent again
 * (`duplicate`); a key of another user is refused. Refusals are the module functions' own
 * AppErrors (thrown); conflicts are answered with the server's version.
 */
export function applyOfflineWrite(ctx: ServiceContext, item: OfflineWriteInput): OfflineOutcome {
  const done = ctx.db.select().from(offlineWrites).where(eq(offlineWrites.key, item.key)).get();
  if (done) {
    if (done.userId !== ctx.actor.id || done.residentId !== item.residentId || done.kind !== item.kind)
      throw new AppError("validation", "offline.errors.keyTaken");
    return { status: "sent", recordId: done.recordId, duplicate: true };
  }
  findResident(ctx, item.residentId); // outside the transaction: a denial's audit must not roll back
  const conflict = conflictOf(ctx, item);
  if (conflict) return conflict;
  try {
    return ctx.db.transaction(
      (tx) => {
        // The module functions open their own transaction: inside this one it is a savepoint, so
        // the write and its key are committed together or not at all.
        const inner: ServiceContext = { ...ctx, db: tx as unknown as Db };
        let recordId: number;
        if (item.kind === "visit") {
          recordVisit(inner, item.residentId, item.visitId, item.payload);
          recordId = item.visitId;
        } else if (item.kind === "hours") {
          recordId = recordHours(inner, item.residentId, item.serviceId, item.payload);
        } else {
          recordId = addNote(inner, item.residentId, item.payload);
        }
        tx.insert(offlineWrites)
          .values({ key: item.key, userId: ctx.actor.id, kind: item.kind, residentId: item.residentId, recordId })
          .run();
        return { status: "sent" as const, recordId, duplicate: false };
      },
      { behavior: "immediate" },
    );
  } catch (e) {
    // A colleague wrote between the check and the write: the same conflict, with their version.
    if (isAppError(e) && e.label === "conflict") {
      const now = conflictOf(ctx, item);
      if (now) return now;
    }
    throw e;
  }
}
