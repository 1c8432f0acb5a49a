import { and, eq, inArray, isNull, lte, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import {
  auditEvents,
  caseNotes,
  serviceDeliveries,
  communityServices,
  consents,
  documents,
  followUpVisits,
  grantInstitutions,
  grants,
  institutions,
  needsAssessments,
  periodReports,
  placements,
  reportingPeriods,
  residents,
  transitionEvents,
  transitionPlans,
  transitions,
  type Resident,
  type Transition,
} from "#db/schema";
import { CLOSED_STATES } from "#machines/transition";
import type { ServiceContext } from "#app/utils/context.server";
import { addDays, addMonths, localDate } from "#app/utils/dates";
import { getEnv } from "#app/utils/env.server";
import { AppError } from "#app/utils/errors";
import { iso } from "#app/utils/time";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor } from "#app/modules/audit/service.server";
import { AGE_GROUPS } from "#app/modules/indicators/definitions";
import { findResident } from "#app/modules/residents/service.server";
import { GRANT_RETENTION_YEARS, type ErasureRefusalBasis } from "./constants";

/** A grant that counted (or may have counted) the person, and the end of its records' retention. */
export interface GrantRetention {
  grantId: number;
  contractNumber: string;
  /** The last payment as recorded, or the grant's end when none is (then `assumed`). */
  lastPaymentOn: string;
  assumed: boolean;
  /** 31 December of the year of the last payment, plus 5 years (CPR 2021/1060 art. 82). */
  endsOn: string;
}

/** How long a closed record is kept, and why. */
export interface Retention {
  closedOn: string;
  /** The installation's period after closure. */
  byClosure: string;
  grants: GrantRetention[];
  /** The latest of `byClosure` and every grant's end: the record may be anonymised after this day. */
  endsOn: string;
  /** Which rule gives `endsOn`: the closure period, or a grant (its contract number). */
  decidedBy: { kind: "closure" } | { kind: "grant"; contractNumber: string };
}

/** The end of a grant's retention: 5 years from 31 December of the year of its last payment. */
export function grantRetentionEnd(lastPaymentOn: string): string {
  return `${Number(lastPaymentOn.slice(0, 4)) + GRANT_RETENTION_YEARS}-12-31`;
}

const isClosed = (t: Pick<Transition, "state">) => (CLOSED_STATES as readonly string[]).includes(t.state);

/**
 * The grants of the institution whose reports could count the person: running at any time
 * between the transition's opening and its closure (every counting moment lies there; the stock
 * IN_SERVICES is read on a period's last day inside the grant), and any grant whose frozen report
 * names the code (a grant's institutions may have been edited after it reported).
 */
function countingGrants(
  db: DbOrTx,
  t: Pick<Transition, "institutionId" | "openedOn">,
  code: string,
  closedOn: string,
  frozenCodes: Map<string, Set<number>>,
) {
  const running = db
    .selectDistinct({
      id: grants.id,
      contractNumber: grants.contractNumber,
      endsOn: grants.endsOn,
      lastPaymentOn: grants.lastPaymentOn,
    })
    .from(grants)
    .innerJoin(grantInstitutions, eq(grantInstitutions.grantId, grants.id))
    .where(
      and(
        eq(grantInstitutions.institutionId, t.institutionId),
        lte(grants.startsOn, closedOn),
        gte(grants.endsOn, t.openedOn),
      ),
    )
    .all();
  const ids = new Set(running.map((g) => g.id));
  const extra = [...(frozenCodes.get(code) ?? [])].filter((id) => !ids.has(id));
  const more = extra.length
    ? db
        .select({
          id: grants.id,
          contractNumber: grants.contractNumber,
          endsOn: grants.endsOn,
          lastPaymentOn: grants.lastPaymentOn,
        })
        .from(grants)
        .where(inArray(grants.id, extra))
        .all()
    : [];
  return [...running, ...more].sort((a, b) => a.id - b.id);
}

/** Every code named in a submitted report, with the grants whose reports name it (read once per list). */
function frozenReportCodes(db: DbOrTx): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const rows = db
    .select({ grantId: periodReports.grantId, content: periodReports.content })
    .from(periodReports)
    .where(eq(periodReports.state, "submitted"))
    .all();
  for (const r of rows) {
    if (!r.content) continue;
    const content = JSON.parse(r.content) as {
      rows: { items: { code: string }[]; excluded?: { code: string }[] }[];
    };
    for (const row of content.rows)
      for (const i of [...row.items, ...(row.excluded ?? [])]) {
        let set = out.get(i.code);
        if (!set) out.set(i.code, (set = new Set()));
        set.add(r.grantId);
      }
  }
  return out;
}

/**
 * The retention of a closed transition (null while it is open): the installation's period after
 * closure (`RETENTION_YEARS_AFTER_CLOSURE`), never before the end of the retention of any grant
 * that counted the person (docs/decisions/042-retention-and-anonymisation.md).
 */
export function retentionOf(
  db: DbOrTx,
  row: {
    resident: Pick<Resident, "code">;
    transition: Pick<Transition, "state" | "stateSince" | "institutionId" | "openedOn">;
  },
  frozenCodes: Map<string, Set<number>> = frozenReportCodes(db),
  years = getEnv().RETENTION_YEARS_AFTER_CLOSURE,
): Retention | null {
  if (!isClosed(row.transition)) return null;
  const closedOn = row.transition.stateSince;
  const byClosure = addMonths(closedOn, 12 * years);
  const list = countingGrants(db, row.transition, row.resident.code, closedOn, frozenCodes).map((g): GrantRetention => {
    const lastPaymentOn = g.lastPaymentOn ?? g.endsOn;
    return {
      grantId: g.id,
      contractNumber: g.contractNumber,
      lastPaymentOn,
      assumed: g.lastPaymentOn == null,
      endsOn: grantRetentionEnd(lastPaymentOn),
    };
  });
  let endsOn = byClosure;
  let decidedBy: Retention["decidedBy"] = { kind: "closure" };
  for (const g of list)
    if (g.endsOn > endsOn) {
      endsOn = g.endsOn;
      decidedBy = { kind: "grant", contractNumber: g.contractNumber };
    }
  return { closedOn, byClosure, grants: list, endsOn, decidedBy };
}

export type RetentionStatus = "kept" | "due" | "anonymised";

/**
 * The administrator's list: every closed record with its retention end, due ones first. "Due":
 * the retention ended before today (the institution's zone) and the record is not yet anonymised.
 */
export function listRetention(ctx: ServiceContext) {
  const rows = ctx.db
    .select({
      residentId: residents.id,
      code: residents.code,
      version: residents.version,
      anonymisedAt: residents.anonymisedAt,
      institutionName: institutions.name,
      timeZone: institutions.timeZone,
      state: transitions.state,
      stateSince: transitions.stateSince,
      institutionId: transitions.institutionId,
      openedOn: transitions.openedOn,
    })
    .from(transitions)
    .innerJoin(residents, eq(residents.id, transitions.residentId))
    .innerJoin(institutions, eq(institutions.id, transitions.institutionId))
    .where(inArray(transitions.state, [...CLOSED_STATES]))
    .all();
  const frozen = frozenReportCodes(ctx.db);
  const order: Record<RetentionStatus, number> = { due: 0, kept: 1, anonymised: 2 };
  return rows
    .map((r) => {
      const retention = retentionOf(ctx.db, { resident: r, transition: r }, frozen)!;
      const today = localDate(ctx.now, r.timeZone);
      const status: RetentionStatus = r.anonymisedAt ? "anonymised" : retention.endsOn < today ? "due" : "kept";
      return {
        residentId: r.residentId,
        code: r.code,
        version: r.version,
        institutionName: r.institutionName,
        state: r.state,
        anonymisedAt: r.anonymisedAt,
        retention,
        status,
      };
    })
    .sort((a, b) => order[a.status] - order[b.status] || a.retention.endsOn.localeCompare(b.retention.endsOn));
}

/** The age at which each age band of every programme starts (18, 25, 30, 55): where a band can change. */
const BAND_STARTS = [...new Set(Object.values(AGE_GROUPS).flatMap((gs) => gs.slice(1).map((g) => g.from)))];

/** `d` moved back `years` years, as a string (may name 29 February of a common year: compared as text only). */
const yearsBefore = (d: string, years: number) =>
  `${String(Number(d.slice(0, 4)) - years).padStart(4, "0")}${d.slice(4)}`;

const dayNumber = (d: string) =>
  Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
const fromDayNumber = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
/** The latest real date on or before a bound (29 February of a common year: the 28th). */
const realOnOrBefore = (d: string) => {
  const n = dayNumber(d);
  return fromDayNumber(n) === d ? d : fromDayNumber(Math.floor(n) - 1);
};

/**
 * A stand-in for a date of birth that puts the person in the same age band as the real one on
 * every day in `moments` (the counting moments and period ends their reports use), so that a
 * recount gives the same numbers. The age on day d is at least A exactly when the birth date is
 * on or before d − A years (the engine's rule), so the dates that keep every band form an
 * interval; the stand-in is its middle (or its one bounded end). It depends on the interval
 * only: it tells no more than the age bands on those days already do.
 */
export function standInBirthDate(dateOfBirth: string, moments: readonly string[]): string {
  let after: string | null = null; // exclusive lower bound
  let upTo: string | null = null; // inclusive upper bound
  for (const d of moments)
    for (const age of BAND_STARTS) {
      const bound = yearsBefore(d, age);
      if (dateOfBirth <= bound) {
        if (upTo === null || bound < upTo) upTo = bound;
      } else if (after === null || bound > after) after = bound;
    }
  const hi = upTo === null ? null : realOnOrBefore(upTo);
  const lo = after === null ? null : addDays(realOnOrBefore(after), 1);
  if (hi && lo) return fromDayNumber(Math.floor((dayNumber(lo) + dayNumber(hi)) / 2));
  if (hi) return hi;
  if (lo) return lo;
  return `${dateOfBirth.slice(0, 4)}-07-01`;
}

/** Every day on which a report may read the person's age: their record's dates and the periods' last days of the institution's grants. */
function ageMoments(db: DbOrTx, t: Pick<Transition, "id" | "institutionId" | "openedOn">): string[] {
  const events = db
    .select({ on: transitionEvents.occurredOn })
    .from(transitionEvents)
    .where(eq(transitionEvents.transitionId, t.id))
    .all()
    .map((e) => e.on);
  const ends = db
    .selectDistinct({ on: reportingPeriods.endsOn })
    .from(reportingPeriods)
    .innerJoin(grantInstitutions, eq(grantInstitutions.grantId, reportingPeriods.grantId))
    .where(eq(grantInstitutions.institutionId, t.institutionId))
    .all()
    .map((p) => p.on);
  return [...new Set([t.openedOn, ...events, ...ends])];
}

/**
 * Anonymises a closed record whose retention has ended, in one transaction with its audit event
 * (docs/decisions/042): the names, date of birth (replaced by a stand-in that keeps the age
 * bands), guardian, admission date, support needs, the free texts (assessment notes and summary,
 * plan texts, consent references, visit findings and actions, notes of the log and their reasons,
 * case notes) and the documents (bytes and names) are removed, and the audit log's before/after
 * values of this record are emptied. The code, the dated facts the indicators count and every
 * frozen report stay. Already anonymised: nothing happens (`false`).
 */
export function anonymiseResident(ctx: ServiceContext, residentId: number, input: { version: number }): boolean {
  findResident(ctx, residentId); // out of scope: a 404, audited outside the transaction
  return ctx.db.transaction(
    (tx) => {
      const { resident, transition, institution } = findResident(ctx, residentId);
      if (resident.anonymisedAt) return false;
      const retention = retentionOf(tx, { resident, transition });
      if (!retention) throw new AppError("validation", "retention.errors.open");
      const today = localDate(ctx.now, institution.timeZone);
      if (retention.endsOn >= today)
        throw new AppError("validation", "retention.errors.notDue", { date: `d:${retention.endsOn}` });
      const at = iso(ctx.now);
      const standIn = resident.dateOfBirth ? standInBirthDate(resident.dateOfBirth, ageMoments(tx, transition)) : null;
      updateVersioned(tx, residents, residentId, input.version, {
        firstName: "",
        lastName: "",
        dateOfBirth: standIn,
        guardianName: null,
        guardianContact: null,
        guardianDecision: null,
        admissionDate: null,
        supportNeeds: null,
        anonymisedAt: at,
        updatedAt: at,
      });
      const tid = transition.id;
      const assessment = tx.select().from(needsAssessments).where(eq(needsAssessments.transitionId, tid)).get();
      if (assessment) {
        const domains = Object.fromEntries(
          Object.entries(assessment.domains as Record<string, { intensity: string | null }>).map(([k, v]) => [
            k,
            { intensity: v?.intensity ?? null, notes: "" },
          ]),
        );
        updateVersioned(tx, needsAssessments, assessment.id, assessment.version, {
          domains,
          summary: null,
          completedByName: null,
        });
      }
      // Each record's version moves on, so a page still open on it is told rather than writing text back.
      const clear = <T extends typeof transitionPlans | typeof consents | typeof followUpVisits>(
        table: T,
        set: Partial<T["$inferInsert"]>,
      ) => {
        for (const row of tx
          .select({ id: table.id, version: table.version })
          .from(table)
          .where(eq(table.transitionId, tid))
          .all())
          updateVersioned(tx, table, row.id, row.version, set);
      };
      clear(transitionPlans, { goals: "", supportNeeded: "" });
      clear(consents, { guardianName: null, documentRef: null });
      clear(followUpVisits, { findings: null, actions: null });
      // The log keeps its dated steps (replaying it gives the same state); notes and reasons go.
      const events = tx
        .update(transitionEvents)
        .set({ event: sql`json_remove(${transitionEvents.event}, '$.note')`, reason: null, redactedAt: at })
        .where(and(eq(transitionEvents.transitionId, tid), isNull(transitionEvents.redactedAt)))
        .run().changes;
      const notes = tx
        .update(caseNotes)
        .set({ body: "", reason: null, redactedAt: at })
        .where(and(eq(caseNotes.transitionId, tid), isNull(caseNotes.redactedAt)))
        .run().changes;
      // Hours delivered keep their days and hours (facts); their notes and reasons go (decision 048).
      const serviceIds = ids(tx, communityServices, tid);
      const deliveryIds = serviceIds.length
        ? tx
            .select({ id: serviceDeliveries.id })
            .from(serviceDeliveries)
            .where(inArray(serviceDeliveries.serviceId, serviceIds))
            .all()
            .map((d) => d.id)
        : [];
      const deliveries = deliveryIds.length
        ? tx
            .update(serviceDeliveries)
            .set({ note: null, reason: null, redactedAt: at })
            .where(and(inArray(serviceDeliveries.id, deliveryIds), isNull(serviceDeliveries.redactedAt)))
            .run().changes
        : 0;
      const docs = tx
        .select({ id: documents.id, version: documents.version, removedAt: documents.removedAt })
        .from(documents)
        .where(eq(documents.residentId, residentId))
        .all();
      for (const d of docs)
        updateVersioned(tx, documents, d.id, d.version, {
          content: null,
          fileName: "",
          removalReason: null,
          removedAt: d.removedAt ?? at,
          ...(d.removedAt ? {} : { removedBy: ctx.actor.id }),
        });
      const redacted = redactAudit(tx, at, [
        ["resident", [residentId]],
        ["transition", [tid]],
        ["needs_assessment", assessment ? [assessment.id] : []],
        ["transition_plan", ids(tx, transitionPlans, tid)],
        ["consent", ids(tx, consents, tid)],
        ["placement", ids(tx, placements, tid)],
        ["follow_up_visit", ids(tx, followUpVisits, tid)],
        ["community_service", ids(tx, communityServices, tid)],
        ["case_note", ids(tx, caseNotes, tid)],
        ["service_delivery", deliveryIds],
        ["document", docs.map((d) => d.id)],
      ]);
      auditByActor(tx, ctx, {
        action: "resident.anonymised",
        entityType: "resident",
        entityId: residentId,
        institutionId: resident.institutionId,
        after: {
          code: resident.code,
          closedOn: retention.closedOn,
          retentionEndsOn: retention.endsOn,
          grants: retention.grants.map((g) => ({ contractNumber: g.contractNumber, retentionEndsOn: g.endsOn })),
          removed: {
            documents: docs.length,
            logNotes: events,
            caseNotes: notes,
            serviceDeliveries: deliveries,
            auditEntries: redacted,
          },
        },
      });
      return true;
    },
    { behavior: "immediate" },
  );
}

type WithTransition =
  | typeof transitionPlans
  | typeof consents
  | typeof placements
  | typeof followUpVisits
  | typeof communityServices
  | typeof caseNotes;
function ids(db: DbOrTx, table: WithTransition, transitionId: number): number[] {
  return db
    .select({ id: table.id })
    .from(table)
    .where(eq(table.transitionId, transitionId))
    .all()
    .map((r) => r.id);
}

/** Empties the before/after values of every audit entry about these records (once: the trigger allows no second change). */
function redactAudit(db: DbOrTx, at: string, records: [string, number[]][]): number {
  let n = 0;
  for (const [entityType, list] of records) {
    if (list.length === 0) continue;
    n += db
      .update(auditEvents)
      .set({ before: null, after: null, redactedAt: at })
      .where(
        and(
          eq(auditEvents.entityType, entityType),
          inArray(
            auditEvents.entityId,
            list.map((id) => String(id)),
          ),
          isNull(auditEvents.redactedAt),
        ),
      )
      .run().changes;
  }
  return n;
}

/**
 * A request to erase the record refused, or its keeping decided after its retention ended, with
 * the ground of GDPR art. 17(3) and an optional reference (a case number, the funder's letter):
 * recorded in the audit log; nothing else changes.
 */
export function refuseErasure(
  ctx: ServiceContext,
  residentId: number,
  input: { basis: ErasureRefusalBasis; reference: string },
): void {
  const { resident, transition, institution } = findResident(ctx, residentId);
  if (resident.anonymisedAt) throw new AppError("validation", "retention.errors.alreadyAnonymised");
  const retention = retentionOf(ctx.db, { resident, transition });
  const today = localDate(ctx.now, institution.timeZone);
  auditByActor(ctx.db, ctx, {
    action: "resident.erasure_refused",
    entityType: "resident",
    entityId: residentId,
    institutionId: resident.institutionId,
    after: {
      article: `GDPR art. 17(3)(${input.basis})`,
      basis: input.basis,
      reference: input.reference || null,
      retentionEndsOn: retention?.endsOn ?? null,
      due: retention ? retention.endsOn < today : false,
    },
  });
}

/** What the resident page says about keeping the record: its retention (closed) and the refusals recorded. */
export function retentionPanel(ctx: ServiceContext, row: { resident: Resident; transition: Transition }) {
  const retention = retentionOf(ctx.db, row);
  const refusals = ctx.db
    .select({ at: auditEvents.at, after: auditEvents.after })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, "resident"),
        eq(auditEvents.entityId, String(row.resident.id)),
        eq(auditEvents.action, "resident.erasure_refused"),
      ),
    )
    .all()
    .map((e) => ({ at: e.at, basis: (e.after as { basis?: ErasureRefusalBasis } | null)?.basis ?? null }));
  return { retention, refusals, anonymisedAt: row.resident.anonymisedAt };
}
