import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { qualified } from "#app/utils/sql";
import type { Tx } from "#db/client";
import {
  communityServices,
  consents,
  followUpVisits,
  housingUnits,
  FOLLOW_UP_MONTHS,
  needsAssessments,
  placements,
  transitionPlans,
  LIFE_DOMAINS,
  type Institution,
  type Resident,
  type Transition,
} from "#db/schema";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { scopeFilter } from "#app/utils/scope.server";
import { iso } from "#app/utils/time";
import { preparedQueries } from "#app/utils/prepared.server";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor } from "#app/modules/audit/service.server";
import { findEntry, SERVICE_TYPES, type CatalogueEntry } from "#app/modules/catalogues/catalogues";
import { findResident } from "#app/modules/residents/service.server";
import { CLOSED_STATES, EVENT_GUARDS, followUpVisitOpensOn, type GuardName } from "#machines/transition";
import { effectiveLog } from "./log";
import { loadLog } from "./service.server";
import { firstMoveOn, REQUIRED_CONSENT } from "./facts.server";
import { domainsMissingForCompletion, type AssessmentFormOutput } from "./schemas";

export interface Case {
  resident: Resident;
  transition: Transition;
  institution: Institution;
  today: string;
}

/**
 * Runs a change to one resident's transition records in one immediate transaction (refused when
 * the transition is closed). Also used by the hours delivered (app/modules/deliveries).
 */
export function withCase<T>(ctx: ServiceContext, residentId: number, fn: (tx: Tx, c: Case) => T): T {
  findResident(ctx, residentId); // outside the transaction: a denial's audit must not roll back
  return ctx.db.transaction(
    (tx) => {
      const row = findResident(ctx, residentId);
      if (CLOSED_STATES.includes(row.transition.state)) {
        throw new AppError("validation", "transitions.errors.closed");
      }
      return fn(tx, { ...row, today: localDate(ctx.now, row.institution.timeZone) });
    },
    { behavior: "immediate" },
  );
}

/**
 * A fact's date is checked against today in the institution's zone and against the other facts
 * of the same record (first of all the opening), never against the day it is typed.
 */
export function checkFactDate(c: Case, date: string, field: string, name: string) {
  if (date > c.today)
    throw new AppError(
      "validation",
      "transitions.errors.factInFuture",
      { field: `t:${field}`, on: `d:${date}`, today: `d:${c.today}` },
      { field: name },
    );
  if (date < c.transition.openedOn) {
    throw new AppError(
      "validation",
      "transitions.errors.factBeforeOpening",
      { field: `t:${field}`, on: `d:${date}`, openedOn: `d:${c.transition.openedOn}` },
      { field: name },
    );
  }
}

/** `date` (the form field `name`) may not come before `earlier` (another fact of the record); the refusal names both. */
function notBefore(date: string, earlier: string, key: string, name: string) {
  if (date < earlier)
    throw new AppError("validation", key, { on: `d:${date}`, earlier: `d:${earlier}` }, { field: name });
}

/** The guard of the workflow that rests on each dated record fact (machines/transition.ts). */
const FACT_GUARD = { assessmentCompletedOn: "assessmentCompleted" } as const satisfies Record<string, GuardName>;

/**
 * A record fact re-dated after steps of the log already rest on it (today: the one assessment's
 * completion; an approval after a plan's revision is a new approval, see decision 020): every step in
 * force whose guard needs the fact must still come on or after its date, else the record would
 * say the step happened before what it required. Refused in words, naming the step and both
 * dates; the step is corrected first (decision 020). The log's entries keep the facts known when
 * they were recorded (019); this check keeps them true.
 */
function checkLaterSteps(tx: Tx, c: Case, fact: keyof typeof FACT_GUARD, date: string, field: string) {
  for (const { event } of effectiveLog(loadLog(tx, c.transition.id))) {
    if (EVENT_GUARDS[event.type].includes(FACT_GUARD[fact]) && date > event.on) {
      throw new AppError("validation", "transitions.errors.factAfterStep", {
        field: `t:${field}`,
        on: `d:${date}`,
        event: `t:transitions.events.${event.type}`,
        stepOn: `d:${event.on}`,
      });
    }
  }
}

function audit(
  tx: Tx,
  ctx: ServiceContext,
  c: Case,
  action: string,
  entityType: string,
  entityId: number,
  before: unknown,
  after: unknown,
) {
  auditByActor(tx, ctx, {
    action,
    entityType,
    entityId,
    institutionId: c.resident.institutionId,
    residentId: c.resident.id,
    before,
    after,
  });
}

// ---------- needs assessment ----------

export function getAssessment(ctx: ServiceContext, transitionId: number) {
  return ctx.db.select().from(needsAssessments).where(eq(needsAssessments.transitionId, transitionId)).get() ?? null;
}

export function saveAssessment(ctx: ServiceContext, residentId: number, input: AssessmentFormOutput) {
  return withCase(ctx, residentId, (tx, c) => {
    if (input.completedOn) {
      checkFactDate(c, input.completedOn, "transitions.assessment.completedOn", "completedOn");
      checkLaterSteps(tx, c, "assessmentCompletedOn", input.completedOn, "transitions.assessment.completedOn");
    }
    const domains = Object.fromEntries(
      LIFE_DOMAINS.map((d) => [d, { intensity: input[`domain_${d}`], notes: input[`note_${d}`] || "" }]),
    );
    const values = {
      domains,
      overallIntensity: input.overallIntensity,
      summary: input.summary || null,
      completedByName: input.completedByName || null,
      completedOn: input.completedOn,
      recordedBy: ctx.actor.id,
    };
    if (input.completedOn && !values.completedByName) {
      throw new AppError("validation", "transitions.errors.completedByRequired");
    }
    if (domainsMissingForCompletion(input).length > 0)
      throw new AppError("validation", "transitions.errors.assessmentIncomplete");
    const existing = tx.select().from(needsAssessments).where(eq(needsAssessments.transitionId, c.transition.id)).get();
    if (!existing) {
      if (input.version !== 0) throw new AppError("conflict", "errors.conflict");
      const id = tx
        .insert(needsAssessments)
        .values({ transitionId: c.transition.id, ...values })
        .returning({ id: needsAssessments.id })
        .get().id;
      audit(tx, ctx, c, "assessment.created", "needs_assessment", id, null, values);
      return;
    }
    updateVersioned(tx, needsAssessments, existing.id, input.version, values);
    audit(
      tx,
      ctx,
      c,
      "assessment.updated",
      "needs_assessment",
      existing.id,
      {
        domains: existing.domains,
        overallIntensity: existing.overallIntensity,
        summary: existing.summary,
        completedByName: existing.completedByName,
        completedOn: existing.completedOn,
      },
      values,
    );
  });
}

// ---------- individual transition plan ----------

export function getPlan(ctx: ServiceContext, transitionId: number) {
  return ctx.db.select().from(transitionPlans).where(eq(transitionPlans.transitionId, transitionId)).get() ?? null;
}

export function savePlan(
  ctx: ServiceContext,
  residentId: number,
  input: {
    goals: string;
    supportNeeded: string;
    housingPreference: string;
    plannedServices: string[];
    writtenOn: string;
    version: number;
  },
) {
  return withCase(ctx, residentId, (tx, c) => {
    checkFactDate(c, input.writtenOn, "transitions.plan.writtenOn", "writtenOn");
    for (const code of input.plannedServices) {
      if (findEntry(SERVICE_TYPES, code)?.country !== c.institution.country) {
        throw new AppError("validation", "transitions.errors.serviceWrongCountry");
      }
    }
    const values = {
      goals: input.goals,
      supportNeeded: input.supportNeeded,
      housingPreference: input.housingPreference || null,
      plannedServices: input.plannedServices,
      writtenOn: input.writtenOn,
      // Any change to the plan needs a new approval.
      status: "draft" as const,
      approvedBy: null,
      approvedOn: null,
      approvedByName: null,
      preparedByName: null,
      preparedBy: ctx.actor.id,
    };
    const existing = tx.select().from(transitionPlans).where(eq(transitionPlans.transitionId, c.transition.id)).get();
    if (!existing) {
      if (input.version !== 0) throw new AppError("conflict", "errors.conflict");
      const id = tx
        .insert(transitionPlans)
        .values({ transitionId: c.transition.id, ...values, createdAt: iso(ctx.now) })
        .returning({ id: transitionPlans.id })
        .get().id;
      audit(tx, ctx, c, "plan.created", "transition_plan", id, null, values);
      return;
    }
    updateVersioned(tx, transitionPlans, existing.id, input.version, values);
    audit(
      tx,
      ctx,
      c,
      "plan.updated",
      "transition_plan",
      existing.id,
      {
        goals: existing.goals,
        supportNeeded: existing.supportNeeded,
        housingPreference: existing.housingPreference,
        plannedServices: existing.plannedServices,
        writtenOn: existing.writtenOn,
        status: existing.status,
      },
      values,
    );
  });
}

/** Approval by a second person: whoever prepared the plan may not approve it. */
export function approvePlan(ctx: ServiceContext, residentId: number, input: { approvedOn: string; version: number }) {
  return approve(ctx, residentId, input, (plan) => {
    if (plan.preparedBy === ctx.actor.id) throw new AppError("validation", "transitions.errors.selfApproval");
    return { approvedBy: ctx.actor.id };
  });
}

/** Names compared as people write them: case, repeated spaces and Unicode forms do not matter. */
const sameName = (a: string, b: string) => {
  const n = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase();
  return n(a) === n(b);
};

/**
 * A plan approved before this system was used, as an imported history records it
 * (docs/decisions/018-history-import.md). Who wrote it and who approved it are named from the
 * file: they signed on paper and need not be users here, so `approvedBy` stays null and the
 * audit event says the approval was imported. The four-eyes rule is kept in names (the approver
 * is not who wrote the plan); the date is judged as any approval's.
 */
export function recordHistoricalApproval(
  ctx: ServiceContext,
  residentId: number,
  input: { approvedOn: string; approvedByName: string; preparedByName: string; version: number },
) {
  return approve(ctx, residentId, input, () => {
    if (!input.approvedByName.trim() || !input.preparedByName.trim())
      throw new AppError("validation", "transitions.errors.historicalApprovalNames");
    if (sameName(input.approvedByName, input.preparedByName)) {
      throw new AppError("validation", "transitions.errors.selfApprovalNamed", { name: input.approvedByName.trim() });
    }
    return {
      approvedBy: null,
      approvedByName: input.approvedByName.trim(),
      preparedByName: input.preparedByName.trim(),
      imported: true,
    };
  });
}

/** The one approval: the plan exists and is a draft, `approver` says who approves, the date fits the record. */
function approve(
  ctx: ServiceContext,
  residentId: number,
  input: { approvedOn: string; version: number },
  approver: (plan: typeof transitionPlans.$inferSelect) => {
    approvedBy: number | null;
    approvedByName?: string;
    preparedByName?: string;
    imported?: true;
  },
) {
  return withCase(ctx, residentId, (tx, c) => {
    const plan = tx.select().from(transitionPlans).where(eq(transitionPlans.transitionId, c.transition.id)).get();
    if (!plan) throw new AppError("validation", "transitions.errors.noPlan");
    if (plan.status === "approved") throw new AppError("validation", "transitions.errors.planAlreadyApproved");
    const { imported, ...by } = approver(plan);
    checkFactDate(c, input.approvedOn, "transitions.plan.approvedOn", "approvedOn");
    notBefore(
      input.approvedOn,
      plan.writtenOn ?? plan.createdAt.slice(0, 10),
      "transitions.errors.approvalBeforePlan",
      "approvedOn",
    );
    // The names stay null on an approval in this system (saving a plan clears them).
    const set = { status: "approved" as const, ...by, approvedOn: input.approvedOn };
    updateVersioned(tx, transitionPlans, plan.id, input.version, set);
    audit(
      tx,
      ctx,
      c,
      "plan.approved",
      "transition_plan",
      plan.id,
      { status: plan.status },
      { ...set, ...(imported ? { imported } : {}) },
    );
  });
}

// ---------- informed consent ----------

export function listConsents(ctx: ServiceContext, transitionId: number) {
  return ctx.db.select().from(consents).where(eq(consents.transitionId, transitionId)).orderBy(asc(consents.id)).all();
}

export function recordConsent(
  ctx: ServiceContext,
  residentId: number,
  input: {
    givenBy: "resident" | "resident_with_curator" | "guardian";
    guardianName: string;
    givenOn: string;
    documentRef: string;
  },
) {
  return withCase(ctx, residentId, (tx, c) => {
    const required = REQUIRED_CONSENT[c.resident.legalCapacity];
    if (input.givenBy !== required) {
      throw new AppError("validation", `transitions.errors.consentGiver.${c.resident.legalCapacity}`);
    }
    if (required !== "resident" && !input.guardianName) {
      throw new AppError("validation", "validation.guardianRequired");
    }
    checkFactDate(c, input.givenOn, "transitions.consent.givenOn", "givenOn");
    const values = {
      givenBy: input.givenBy,
      guardianName: input.guardianName || null,
      givenOn: input.givenOn,
      documentRef: input.documentRef || null,
      recordedBy: ctx.actor.id,
    };
    const id = tx
      .insert(consents)
      .values({ transitionId: c.transition.id, ...values })
      .returning({ id: consents.id })
      .get().id;
    audit(tx, ctx, c, "consent.recorded", "consent", id, null, values);
  });
}

export function withdrawConsent(
  ctx: ServiceContext,
  residentId: number,
  input: { consentId: number; withdrawnOn: string; version: number },
) {
  return withCase(ctx, residentId, (tx, c) => {
    const consent = tx
      .select()
      .from(consents)
      .where(and(eq(consents.id, input.consentId), eq(consents.transitionId, c.transition.id)))
      .get();
    if (!consent) throw new AppError("not_found", "errors.notFound.body");
    if (consent.withdrawnOn) throw new AppError("validation", "transitions.errors.consentAlreadyWithdrawn");
    checkFactDate(c, input.withdrawnOn, "transitions.consent.withdrawnOn", "withdrawnOn");
    notBefore(input.withdrawnOn, consent.givenOn, "transitions.errors.withdrawalBeforeConsent", "withdrawnOn");
    updateVersioned(tx, consents, consent.id, input.version, { withdrawnOn: input.withdrawnOn });
    audit(
      tx,
      ctx,
      c,
      "consent.withdrawn",
      "consent",
      consent.id,
      { withdrawnOn: null },
      { withdrawnOn: input.withdrawnOn },
    );
  });
}

// ---------- housing place ----------

/** The lists of a transition's records that every resident page reads, built once per connection. */
const lists = preparedQueries((db) => {
  const transitionId = sql.placeholder("transitionId");
  return {
    placements: db
      .select({
        placement: placements,
        unitName: housingUnits.name,
        housingType: housingUnits.housingType,
        address: housingUnits.address,
      })
      .from(placements)
      .innerJoin(housingUnits, eq(housingUnits.id, placements.housingUnitId))
      .where(eq(placements.transitionId, transitionId))
      .orderBy(asc(placements.id))
      .prepare(),
    visits: db
      .select()
      .from(followUpVisits)
      .where(eq(followUpVisits.transitionId, transitionId))
      .orderBy(asc(followUpVisits.moveOn), asc(followUpVisits.monthsAfterMove))
      .prepare(),
    services: db
      .select()
      .from(communityServices)
      .where(eq(communityServices.transitionId, transitionId))
      .orderBy(asc(communityServices.startOn))
      .prepare(),
  };
});

export function listPlacements(ctx: ServiceContext, transitionId: number) {
  return lists(ctx.db).placements.all({ transitionId });
}

/** Units the user may reserve in, with free places (for the reservation form). */
export function reservableUnits(ctx: ServiceContext) {
  return ctx.db
    .select({
      id: housingUnits.id,
      name: housingUnits.name,
      housingType: housingUnits.housingType,
      institutionId: housingUnits.institutionId,
      capacity: housingUnits.capacity,
      taken: sql<number>`(select count(*) from ${placements} where ${placements.housingUnitId} = ${qualified(housingUnits.id)} and ${placements.status} in ('reserved','active'))`,
    })
    .from(housingUnits)
    .where(and(scopeFilter(ctx.scope, housingUnits.institutionId), inArray(housingUnits.status, ["planned", "open"])))
    .orderBy(asc(housingUnits.name))
    .all();
}

/**
 * Reserves a place. Capacity is counted and the place taken inside one BEGIN IMMEDIATE
 * transaction, so two case workers reserving the last place at the same moment cannot both get
 * it: SQLite runs the two transactions one after the other, and the second sees the unit full.
 */
export function reservePlace(
  ctx: ServiceContext,
  residentId: number,
  input: { housingUnitId: number; reservedOn: string; plannedMoveOn: string | null; expiresOn?: string | null },
) {
  return withCase(ctx, residentId, (tx, c) => {
    checkFactDate(c, input.reservedOn, "transitions.placement.reservedOn", "reservedOn");
    const expiresOn = input.expiresOn ?? null;
    if (expiresOn) checkExpiry(expiresOn, input.reservedOn);
    const unit = tx
      .select()
      .from(housingUnits)
      .where(and(eq(housingUnits.id, input.housingUnitId), scopeFilter(ctx.scope, housingUnits.institutionId)))
      .get();
    if (!unit) throw new AppError("validation", "transitions.errors.unknownUnit");
    if (unit.status === "closed") throw new AppError("validation", "transitions.errors.unitClosed");
    const already = tx
      .select({ id: placements.id })
      .from(placements)
      .where(and(eq(placements.transitionId, c.transition.id), eq(placements.status, "reserved")))
      .get();
    if (already) throw new AppError("validation", "transitions.errors.alreadyReserved");
    const taken = tx
      .select({ n: sql<number>`count(*)` })
      .from(placements)
      .where(and(eq(placements.housingUnitId, unit.id), inArray(placements.status, ["reserved", "active"])))
      .get()!.n;
    if (taken >= unit.capacity) throw new AppError("validation", "transitions.errors.unitFull", { name: unit.name });
    const id = tx
      .insert(placements)
      .values({
        transitionId: c.transition.id,
        housingUnitId: unit.id,
        status: "reserved",
        reservedOn: input.reservedOn,
        plannedMoveOn: input.plannedMoveOn,
        expiresOn,
      })
      .returning({ id: placements.id })
      .get().id;
    audit(tx, ctx, c, "placement.reserved", "placement", id, null, {
      housingUnitId: unit.id,
      reservedOn: input.reservedOn,
      plannedMoveOn: input.plannedMoveOn,
      expiresOn,
      placesTakenBefore: taken,
      capacity: unit.capacity,
    });
    return id;
  });
}

/**
 * A reservation is held until a day on or after the day it was made (decision 047); the refusal
 * names both dates. A day already past is allowed: a history records reservations that lapsed.
 */
function checkExpiry(expiresOn: string, reservedOn: string) {
  notBefore(expiresOn, reservedOn, "transitions.errors.expiryBeforeReservation", "expiresOn");
}

/** The case's placement `placementId`, which must still be reserved (else refused in words). */
function reservedPlacement(tx: Tx, transitionId: number, placementId: number) {
  const p = tx
    .select()
    .from(placements)
    .where(and(eq(placements.id, placementId), eq(placements.transitionId, transitionId)))
    .get();
  if (!p) throw new AppError("not_found", "errors.notFound.body");
  if (p.status !== "reserved") throw new AppError("validation", "transitions.errors.notReserved");
  return p;
}

/**
 * Sets, extends or clears the day a reserved place is held until (decision 047), while the place
 * is still reserved: a versioned write (the second writer is told) audited with both days.
 */
export function setReservationExpiry(
  ctx: ServiceContext,
  residentId: number,
  input: { placementId: number; expiresOn: string | null; version: number },
) {
  return withCase(ctx, residentId, (tx, c) => {
    const p = reservedPlacement(tx, c.transition.id, input.placementId);
    if (input.expiresOn) checkExpiry(input.expiresOn, p.reservedOn);
    updateVersioned(tx, placements, p.id, input.version, { expiresOn: input.expiresOn });
    audit(
      tx,
      ctx,
      c,
      "placement.expiry_set",
      "placement",
      p.id,
      { expiresOn: p.expiresOn },
      { expiresOn: input.expiresOn },
    );
  });
}

export function cancelReservation(
  ctx: ServiceContext,
  residentId: number,
  input: { placementId: number; version: number },
) {
  return withCase(ctx, residentId, (tx, c) => {
    const p = reservedPlacement(tx, c.transition.id, input.placementId);
    updateVersioned(tx, placements, p.id, input.version, { status: "cancelled", endedOn: c.today });
    audit(tx, ctx, c, "placement.cancelled", "placement", p.id, { status: "reserved" }, { status: "cancelled" });
  });
}

// ---------- follow-up visits ----------

/** When a scheduled visit may be recorded from (see `followUpVisitOpensOn`). */
export function visitWindow(visit: { moveOn: string; monthsAfterMove: number }) {
  const previous = FOLLOW_UP_MONTHS.filter((m) => m < visit.monthsAfterMove).at(-1) ?? null;
  return followUpVisitOpensOn(visit.moveOn, visit.monthsAfterMove, previous);
}

/**
 * A visit recorded before its window opens is refused, naming the dates (a 3-month visit on the
 * move day is not a 3-month visit). Also checked when a move's date is corrected.
 */
export function checkVisitWindow(visit: { moveOn: string; monthsAfterMove: number; dueOn: string }, visitedOn: string) {
  const { opensOn, previousOn } = visitWindow(visit);
  if (visitedOn < opensOn) {
    throw new AppError(
      "validation",
      visit.monthsAfterMove === FOLLOW_UP_MONTHS[0]
        ? "transitions.errors.visitTooEarlyFirst"
        : "transitions.errors.visitTooEarly",
      {
        on: `d:${visitedOn}`,
        count: visit.monthsAfterMove,
        due: `d:${visit.dueOn}`,
        move: `d:${visit.moveOn}`,
        previous: `d:${previousOn}`,
        opens: `d:${opensOn}`,
      },
      { field: "visitedOn" },
    );
  }
}

export function listVisits(ctx: ServiceContext, transitionId: number) {
  return lists(ctx.db).visits.all({ transitionId });
}

export function recordVisit(
  ctx: ServiceContext,
  residentId: number,
  visitId: number,
  input: { visitedOn: string; findings: string; actions: string; version: number },
) {
  return withCase(ctx, residentId, (tx, c) => {
    const visit = tx
      .select()
      .from(followUpVisits)
      .where(and(eq(followUpVisits.id, visitId), eq(followUpVisits.transitionId, c.transition.id)))
      .get();
    if (!visit) throw new AppError("not_found", "errors.notFound.body");
    checkFactDate(c, input.visitedOn, "transitions.visits.visitedOn", "visitedOn");
    notBefore(input.visitedOn, visit.moveOn, "transitions.errors.visitBeforeMove", "visitedOn");
    checkVisitWindow(visit, input.visitedOn);
    const values = {
      visitedOn: input.visitedOn,
      findings: input.findings,
      actions: input.actions || null,
      recordedBy: ctx.actor.id,
    };
    updateVersioned(tx, followUpVisits, visit.id, input.version, values);
    audit(
      tx,
      ctx,
      c,
      "visit.recorded",
      "follow_up_visit",
      visit.id,
      { visitedOn: visit.visitedOn, findings: visit.findings, actions: visit.actions },
      values,
    );
  });
}

// ---------- community services ----------

export function listServices(ctx: ServiceContext, transitionId: number) {
  return lists(ctx.db).services.all({ transitionId });
}

export function addService(
  ctx: ServiceContext,
  residentId: number,
  input: { serviceType: string; provider: string; startOn: string; endOn: string | null; hoursPerWeek: number | null },
) {
  return withCase(ctx, residentId, (tx, c) => {
    const entry: CatalogueEntry | undefined = findEntry(SERVICE_TYPES, input.serviceType);
    if (!entry || entry.country !== c.institution.country)
      throw new AppError("validation", "transitions.errors.serviceWrongCountry");
    const firstMove = firstMoveOn(tx, c.transition.id);
    if (!firstMove) throw new AppError("validation", "transitions.errors.serviceBeforeMove");
    checkFactDate(c, input.startOn, "transitions.services.startOn", "startOn");
    notBefore(input.startOn, firstMove, "transitions.errors.serviceStartBeforeMove", "startOn");
    if (input.endOn) notBefore(input.endOn, input.startOn, "transitions.errors.endBeforeStart", "endOn");
    if ((entry.validFrom && input.startOn < entry.validFrom) || (entry.validTo && input.startOn > entry.validTo)) {
      throw new AppError("validation", "transitions.errors.serviceNotValidOnDate");
    }
    const values = { ...input, recordedBy: ctx.actor.id };
    const id = tx
      .insert(communityServices)
      .values({ transitionId: c.transition.id, ...values })
      .returning({ id: communityServices.id })
      .get().id;
    audit(tx, ctx, c, "service.added", "community_service", id, null, values);
  });
}

export function endService(
  ctx: ServiceContext,
  residentId: number,
  input: { serviceId: number; endOn: string; version: number },
) {
  return withCase(ctx, residentId, (tx, c) => {
    const s = tx
      .select()
      .from(communityServices)
      .where(and(eq(communityServices.id, input.serviceId), eq(communityServices.transitionId, c.transition.id)))
      .get();
    if (!s) throw new AppError("not_found", "errors.notFound.body");
    notBefore(input.endOn, s.startOn, "transitions.errors.endBeforeStart", "endOn");
    updateVersioned(tx, communityServices, s.id, input.version, { endOn: input.endOn });
    audit(tx, ctx, c, "service.ended", "community_service", s.id, { endOn: s.endOn }, { endOn: input.endOn });
  });
}
