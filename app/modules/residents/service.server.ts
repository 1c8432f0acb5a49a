import { and, asc, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { createActor } from "xstate";
import type { DbOrTx } from "#db/client";
import { followUpVisits, institutions, residents, transitions, users } from "#db/schema";
import { TIME_ZONES } from "#db/schema/enums";
import { searchWords } from "#db/search-fold";
import {
  TRANSITION_MACHINE_VERSION,
  TRANSITION_STATES,
  transitionMachine,
  type TransitionState,
} from "#machines/transition";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { institutionInScope, scopeFilter, scopeIncludes } from "#app/utils/scope.server";
import { iso } from "#app/utils/time";
import { preparedByKey, preparedQueries } from "#app/utils/prepared.server";
import { qualified } from "#app/utils/sql";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor, denyAccess, recordRead } from "#app/modules/audit/service.server";
import { newPseudonymousCode } from "#app/utils/pseudonym.server";
import {
  dateOfBirthProblem,
  RESIDENT_PAGE_SIZE,
  type InstitutionToday,
  type ResidentInput,
  type ResidentSort,
} from "./schemas";

export interface ResidentFilters {
  q?: string;
  state?: TransitionState;
  targetGroup?: string;
  institutionId?: number;
  overdue?: boolean;
  /** The case's key worker (decision 046): a user's id, or "none" for the cases nobody holds. */
  keyWorker?: number | "none";
  sort?: ResidentSort;
  dir?: "asc" | "desc";
  page?: number;
}
/** Days an assessment may stay open before it is flagged overdue (docs/decisions/009). */
export const ASSESSMENT_DUE_DAYS = 30;

/** Today in each row's institution time zone, as an SQL expression. */
export function todayInInstitutionZone(now: Date): SQL {
  const cases = TIME_ZONES.map((tz) => sql`when ${tz} then ${localDate(now, tz)}`);
  return sql`(case ${institutions.timeZone} ${sql.join(cases, sql` `)} end)`;
}

/** A transition whose needs assessment is overdue (the one rule; the caseload uses it too). */
export function assessmentOverdue(today: SQL): SQL {
  return and(
    eq(transitions.state, "assessment"),
    sql`date(${transitions.stateSince}, '+${sql.raw(String(ASSESSMENT_DUE_DAYS))} days') < ${today}`,
  )!;
}

function overdueCondition(today: SQL): SQL {
  return or(
    assessmentOverdue(today),
    and(
      eq(transitions.state, "in_community"),
      sql`exists (select 1 from ${followUpVisits} where ${followUpVisits.transitionId} = ${transitions.id} and ${followUpVisits.visitedOn} is null and ${followUpVisits.dueOn} < ${today})`,
    ),
  )!;
}

/** The register: scoped, searchable, filterable, paginated. */
/** Machine order of the stages, for sorting by stage (the list of states, not their names). */
const stateOrder = sql`(case ${transitions.state} ${sql.join(
  TRANSITION_STATES.map((st, i) => sql`when ${st} then ${i}`),
  sql` `,
)} end)`;

/**
 * Where and in which order the resident list (page and export) reads: within the user's
 * institutions, the filters, the search (each word of the query in the folded search column,
 * decision 025), then the chosen sort with the folded name and the id as tie-breakers.
 */
function residentQuery(ctx: ServiceContext, filters: ResidentFilters) {
  const today = todayInInstitutionZone(ctx.now);
  const where: SQL[] = [scopeFilter(ctx.scope, residents.institutionId)];
  for (const word of searchWords(filters.q ?? "")) {
    where.push(sql`${residents.searchKey} like ${`%${word.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`);
  }
  if (filters.state) where.push(eq(transitions.state, filters.state));
  if (filters.targetGroup) where.push(eq(residents.targetGroup, filters.targetGroup as never));
  if (filters.institutionId) where.push(eq(residents.institutionId, filters.institutionId));
  if (filters.overdue) where.push(overdueCondition(today));
  if (filters.keyWorker === "none") where.push(isNull(transitions.caseWorkerId));
  else if (filters.keyWorker !== undefined) where.push(eq(transitions.caseWorkerId, filters.keyWorker));
  const by = {
    name: residents.searchKey,
    code: residents.code,
    state: stateOrder,
    since: transitions.stateSince,
    institution: institutions.name,
  }[filters.sort ?? "name"];
  const direction = filters.dir === "desc" ? desc : asc;
  const orderBy = [direction(by), asc(residents.searchKey), asc(residents.id)];
  return { today, condition: and(...where), orderBy };
}

/** The columns of a page of the list (the export adds its own). */
const listColumns = (today: SQL) => ({
  id: residents.id,
  code: residents.code,
  firstName: residents.firstName,
  lastName: residents.lastName,
  targetGroup: residents.targetGroup,
  institutionName: institutions.name,
  state: transitions.state,
  stateSince: transitions.stateSince,
  overdue: sql<number>`${overdueCondition(today)}`,
});

const keyWorkerName = sql<
  string | null
>`(select ${qualified(users.name)} from ${users} where ${qualified(users.id)} = ${qualified(transitions.caseWorkerId)})`;

/**
 * The list's count and page queries, prepared per connection for a scope, day and set of
 * filters (the page is a placeholder): browsing a list's pages reuses them, and drizzle does not
 * write their SQL text on each view (decision 050).
 */
const preparedList = preparedByKey<ReturnType<typeof buildListQueries>>(200);

function buildListQueries(ctx: ServiceContext, filters: ResidentFilters) {
  const { today, condition, orderBy } = residentQuery(ctx, filters);
  return {
    total: ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(residents)
      .innerJoin(transitions, eq(transitions.residentId, residents.id))
      .innerJoin(institutions, eq(institutions.id, residents.institutionId))
      .where(condition)
      .prepare(),
    rows: ctx.db
      .select(listColumns(today))
      .from(residents)
      .innerJoin(transitions, eq(transitions.residentId, residents.id))
      .innerJoin(institutions, eq(institutions.id, residents.institutionId))
      .where(condition)
      .orderBy(...orderBy)
      .limit(RESIDENT_PAGE_SIZE)
      .offset(sql.placeholder("offset"))
      .prepare(),
  };
}

export function listResidents(ctx: ServiceContext, filters: ResidentFilters) {
  const page = Math.max(1, filters.page ?? 1);
  const { page: _page, ...asked } = filters;
  const key = JSON.stringify([ctx.scope, TIME_ZONES.map((tz) => localDate(ctx.now, tz)), asked]);
  const queries = preparedList(ctx.db, key, () => buildListQueries(ctx, asked));
  const total = queries.total.get()!.n;
  const rows = queries.rows.all({ offset: (page - 1) * RESIDENT_PAGE_SIZE });
  // The list shows names and target groups (special-category data): one event per page shown,
  // with what was asked and which records were on it (decision 043).
  auditByActor(ctx.db, ctx, {
    action: "resident_list.viewed",
    entityType: "resident",
    entityId: null,
    institutionId: filters.institutionId ?? null,
    after: { filters: asked, page, total, shown: rows.map((r) => r.id) },
  });
  return { rows: rows.map((r) => ({ ...r, overdue: !!r.overdue })), total, page, pageSize: RESIDENT_PAGE_SIZE };
}

/** The most rows one export carries (a whole region's register fits; more asks for filters). */
export const RESIDENT_EXPORT_LIMIT = 100_000;

/**
 * Every resident the list shows with these filters and this order (not only one page), for the
 * XLSX export. Names of persons leave the system: the export is audited with its filters and count.
 */
export function exportResidents(ctx: ServiceContext, filters: ResidentFilters) {
  const { today, condition, orderBy } = residentQuery(ctx, filters);
  const rows = ctx.db
    .select({
      ...listColumns(today),
      keyWorkerName,
      sex: residents.sex,
      // An anonymised record's stored date is a stand-in keeping the age bands (decision 042), never exported as a date of birth.
      dateOfBirth: sql<string | null>`case when ${residents.anonymisedAt} is null then ${residents.dateOfBirth} end`,
      openedOn: transitions.openedOn,
    })
    .from(residents)
    .innerJoin(transitions, eq(transitions.residentId, residents.id))
    .innerJoin(institutions, eq(institutions.id, residents.institutionId))
    .where(condition)
    .orderBy(...orderBy)
    .limit(RESIDENT_EXPORT_LIMIT)
    .all()
    .map((r) => ({ ...r, overdue: !!r.overdue }));
  const { page: _page, ...recorded } = filters;
  auditByActor(ctx.db, ctx, {
    action: "resident_list.exported",
    entityType: "resident",
    entityId: null,
    institutionId: filters.institutionId ?? null,
    after: { filters: recorded, rows: rows.length },
  });
  return rows;
}

/** A resident the user may see (else 404, audited), with institution and transition. */
/** A resident with its transition and institution, by id (the scope is checked by the caller). */
const prepared = preparedQueries((db) => ({
  resident: db
    .select({ resident: residents, transition: transitions, institution: institutions })
    .from(residents)
    .innerJoin(transitions, eq(transitions.residentId, residents.id))
    .innerJoin(institutions, eq(institutions.id, residents.institutionId))
    .where(eq(residents.id, sql.placeholder("id")))
    .prepare(),
}));

/**
 * A resident of the user's institutions, or not found (audited). On the path of every workflow
 * event, hence a prepared query and the scope checked here rather than in SQL.
 */
export function findResident(ctx: ServiceContext, id: number) {
  const row = prepared(ctx.db).resident.get({ id });
  if (!row || !scopeIncludes(ctx.scope, row.resident.institutionId)) denyAccess(ctx, "resident", id);
  return row;
}

/**
 * An anonymised record (decision 042) takes no new personal text: no name typed back, no note, no
 * document. Its coded facts stay readable.
 */
export function assertNotAnonymised(resident: { anonymisedAt: string | null }) {
  if (resident.anonymisedAt) throw new AppError("validation", "retention.errors.alreadyAnonymised");
}

/** Opening a resident's record is itself recorded (special-category data). */
export function viewResident(ctx: ServiceContext, id: number) {
  const row = findResident(ctx, id);
  recordRead(ctx, {
    action: "resident.viewed",
    entityType: "resident",
    entityId: id,
    residentId: id,
    institutionId: row.resident.institutionId,
  });
  return row;
}

/**
 * Today in the time zone of an institution the user may see (null otherwise: the scope check
 * refuses it later): the "today" a resident form's dates are judged against on the server.
 */
export function institutionToday(ctx: ServiceContext, db: DbOrTx = ctx.db): InstitutionToday {
  return (institutionId) => {
    if (!scopeIncludes(ctx.scope, institutionId)) return null;
    const inst = db
      .select({ timeZone: institutions.timeZone })
      .from(institutions)
      .where(eq(institutions.id, institutionId))
      .get();
    return inst ? localDate(ctx.now, inst.timeZone) : null;
  };
}

/** The same rule as the forms', for callers that did not validate with them (seeds, services). */
function assertDateOfBirth(input: ResidentInput, today: string) {
  const problem = dateOfBirthProblem(input.dateOfBirth, today);
  if (problem) throw new AppError("validation", problem);
}

/** The initial persisted snapshot of a new transition. */
export function initialSnapshot() {
  const actor = createActor(transitionMachine);
  return actor.getPersistedSnapshot();
}

/**
 * Registers a resident and opens their transition (state `identified`) in one transaction.
 * The opening date is RES_COVERED's counting moment.
 */
export function createResident(
  ctx: ServiceContext,
  input: ResidentInput & { openedOn?: string | null },
  db: DbOrTx = ctx.db,
): number {
  const run = (tx: DbOrTx) => {
    const inst = institutionInScope(ctx, input.institutionId, tx);
    const today = localDate(ctx.now, inst.timeZone);
    assertDateOfBirth(input, today);
    const openedOn = input.openedOn ?? today;
    if (openedOn > today)
      throw new AppError("validation", "residents.errors.openedInFuture", { on: `d:${openedOn}`, today: `d:${today}` });
    if (openedOn < "1900-01-01") throw new AppError("validation", "validation.date");
    let code = newPseudonymousCode("R");
    while (tx.select({ id: residents.id }).from(residents).where(eq(residents.code, code)).get())
      code = newPseudonymousCode("R");
    const values = normalize(input);
    const id = tx
      .insert(residents)
      .values({ ...values, code })
      .returning({ id: residents.id })
      .get().id;
    const transitionId = tx
      .insert(transitions)
      .values({
        residentId: id,
        institutionId: input.institutionId,
        openedOn,
        state: "identified",
        stateSince: openedOn,
        snapshot: initialSnapshot(),
        machineVersion: TRANSITION_MACHINE_VERSION,
        caseWorkerId: ctx.actor.role === "case_worker" ? ctx.actor.id : null,
      })
      .returning({ id: transitions.id })
      .get().id;
    auditByActor(tx, ctx, {
      action: "resident.created",
      entityType: "resident",
      entityId: id,
      institutionId: input.institutionId,
      after: { ...values, code, transitionId, openedOn },
    });
    return id;
  };
  return db === ctx.db ? ctx.db.transaction((tx) => run(tx), { behavior: "immediate" }) : run(db);
}

function normalize(input: ResidentInput) {
  return {
    institutionId: input.institutionId,
    firstName: input.firstName,
    lastName: input.lastName,
    sex: input.sex,
    dateOfBirth: input.dateOfBirth,
    targetGroup: input.targetGroup,
    disability: input.disability,
    legalCapacity: input.legalCapacity,
    guardianName: input.guardianName || null,
    guardianContact: input.guardianContact || null,
    guardianDecision: input.guardianDecision || null,
    admissionDate: input.admissionDate,
    supportNeeds: input.supportNeeds || null,
  };
}

export function updateResident(ctx: ServiceContext, id: number, input: ResidentInput & { version: number }): void {
  findResident(ctx, id); // outside the transaction: a denial's audit must not roll back
  ctx.db.transaction(
    (tx) => {
      const { resident, institution } = findResident(ctx, id);
      // An anonymised record stays anonymous (decision 042): no name or date of birth is typed back.
      assertNotAnonymised(resident);
      assertDateOfBirth(input, localDate(ctx.now, institution.timeZone));
      if (input.institutionId !== resident.institutionId) {
        // Moving a person between institutions is not an edit; refuse rather than re-scope silently.
        throw new AppError("validation", "residents.errors.institutionChange");
      }
      const values = normalize(input);
      updateVersioned(tx, residents, id, input.version, { ...values, updatedAt: iso(ctx.now) });
      const before = Object.fromEntries(Object.keys(values).map((k) => [k, resident[k as keyof typeof resident]]));
      const changedKeys = Object.keys(values).filter((k) => before[k] !== values[k as keyof typeof values]);
      auditByActor(tx, ctx, {
        action: "resident.updated",
        entityType: "resident",
        entityId: id,
        institutionId: resident.institutionId,
        before: Object.fromEntries(changedKeys.map((k) => [k, before[k]])),
        after: Object.fromEntries(changedKeys.map((k) => [k, values[k as keyof typeof values]])),
      });
    },
    { behavior: "immediate" },
  );
}
