import { and, count, eq, inArray, isNull, ne, sql, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/sqlite-core";
import {
  consents,
  documents,
  followUpVisits,
  institutions,
  placements,
  residents,
  taskInputVersions,
  transitionPlans,
  transitions,
} from "#db/schema";
import { TIME_ZONES } from "#db/schema/enums";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { preparedByKey } from "#app/utils/prepared.server";
import { scopeFilter } from "#app/utils/scope.server";
import { ASSESSMENT_DUE_DAYS, assessmentOverdue, todayInInstitutionZone } from "#app/modules/residents/service.server";
import { REQUIRED_CONSENT } from "#app/modules/transitions/facts.server";

/**
 * A case worker's tasks (issue #15, decision 023): what needs doing, with its due date, computed
 * from the records on every request (nothing stored, so a task is done the moment its record is).
 * The list and the header's count are the same union of queries, so they cannot disagree.
 *
 *   visit         a follow-up visit of the worker's case, due within VISIT_DUE_SOON_DAYS or overdue
 *   plan          a draft plan of a case in planning in the worker's institutions, written by
 *                 someone else: waiting for this worker's approval (never their own, the four-eyes rule)
 *   assessment    the worker's case in assessment for more than ASSESSMENT_DUE_DAYS
 *   consent       the worker's case heading for a move (in preparation or moving, or with a place
 *                 reserved) without the consent its legal capacity requires in force today
 *   reservation   the worker's case in preparation or moving with no place reserved
 *   move          a reserved place whose planned move is within MOVE_DUE_SOON_DAYS or past: the
 *                 planned date lapses into a wrong one unless the move is recorded or re-planned.
 *   reservation_expiry  the worker's reserved place held until a day within RESERVATION_EXPIRY_SOON_DAYS
 *                 or past: extend it, cancel it or record the move (decision 047; an expired one
 *                 still holds the place).
 *   referral_expiry  the worker's case not yet moved nor closed whose referral decision in force (the
 *                 latest by its date, not removed) is valid until a day within REFERRAL_EXPIRY_SOON_DAYS
 *                 or past: a new referral is needed unless the move comes first (decision 047).
 */
export const VISIT_DUE_SOON_DAYS = 14;
export const MOVE_DUE_SOON_DAYS = 7;
export const RESERVATION_EXPIRY_SOON_DAYS = 7;
export const REFERRAL_EXPIRY_SOON_DAYS = 30;

export const TASK_KINDS = [
  "visit",
  "plan",
  "assessment",
  "consent",
  "reservation",
  "move",
  "reservation_expiry",
  "referral_expiry",
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

const BEFORE_MOVE = ["planning", "preparation", "moving"] as const;
const PREPARING = ["preparation", "moving"] as const;
/** Not yet moved and not closed: where a referral decision is still waited on (decision 047). */
const REFERRAL_WANTED = ["identified", "assessment", "planning", "preparation", "moving", "on_hold"] as const;

/** Builds the union of every task query with the same columns; `today` is each row's institution day. */
function taskUnion(ctx: ServiceContext) {
  const me = ctx.actor.id;
  const today = todayInInstitutionZone(ctx.now);
  const inScope = scopeFilter(ctx.scope, transitions.institutionId);
  const mine = and(eq(transitions.caseWorkerId, me), inScope)!;
  const base = (kind: TaskKind, dueOn: SQL, refId: SQL) =>
    ctx.db
      .select({
        kind: sql<TaskKind>`${kind}`.as("kind"),
        residentId: residents.id,
        firstName: residents.firstName,
        lastName: residents.lastName,
        institutionName: institutions.name,
        dueOn: sql<string | null>`${dueOn}`.as("due_on"),
        refId: sql<number | null>`${refId}`.as("ref_id"),
        today: sql<string>`${today}`.as("today"),
      })
      .from(transitions)
      .innerJoin(residents, eq(residents.id, transitions.residentId))
      .innerJoin(institutions, eq(institutions.id, transitions.institutionId));
  const none = sql`null`;
  const reserved = sql`exists (select 1 from ${placements} where ${placements.transitionId} = ${transitions.id} and ${placements.status} = 'reserved')`;
  const requiredGiver = sql`(case ${residents.legalCapacity} ${sql.join(
    Object.entries(REQUIRED_CONSENT).map(([cap, giver]) => sql`when ${cap} then ${giver}`),
    sql` `,
  )} end)`;
  const consentInForce = sql`exists (select 1 from ${consents} where ${consents.transitionId} = ${transitions.id} and ${consents.givenBy} = ${requiredGiver} and ${consents.givenOn} <= ${today} and (${consents.withdrawnOn} is null or ${consents.withdrawnOn} > ${today}))`;
  const earliestPlannedMove = sql`(select min(${placements.plannedMoveOn}) from ${placements} where ${placements.transitionId} = ${transitions.id} and ${placements.status} = 'reserved')`;

  const visits = base("visit", sql`${followUpVisits.dueOn}`, sql`${followUpVisits.id}`)
    .innerJoin(followUpVisits, eq(followUpVisits.transitionId, transitions.id))
    .where(
      and(
        mine,
        eq(transitions.state, "in_community"),
        isNull(followUpVisits.visitedOn),
        sql`${followUpVisits.dueOn} <= date(${today}, ${`+${VISIT_DUE_SOON_DAYS} days`})`,
      ),
    );
  const plans = base(
    "plan",
    sql`coalesce(${transitionPlans.writtenOn}, substr(${transitionPlans.createdAt}, 1, 10))`,
    sql`${transitionPlans.id}`,
  )
    .innerJoin(transitionPlans, eq(transitionPlans.transitionId, transitions.id))
    .where(
      and(
        inScope,
        eq(transitions.state, "planning"),
        eq(transitionPlans.status, "draft"),
        ne(transitionPlans.preparedBy, me),
      ),
    );
  const assessments = base(
    "assessment",
    sql`date(${transitions.stateSince}, ${`+${ASSESSMENT_DUE_DAYS} days`})`,
    none,
  ).where(and(mine, assessmentOverdue(today)));
  const consentsMissing = base("consent", earliestPlannedMove, none).where(
    and(
      mine,
      inArray(transitions.state, [...BEFORE_MOVE]),
      sql`(${inArray(transitions.state, [...PREPARING])} or ${reserved})`,
      sql`not ${consentInForce}`,
    ),
  );
  const reservationsMissing = base("reservation", none, none).where(
    and(mine, inArray(transitions.state, [...PREPARING]), sql`not ${reserved}`),
  );
  const moves = base("move", sql`${placements.plannedMoveOn}`, sql`${placements.id}`)
    .innerJoin(placements, and(eq(placements.transitionId, transitions.id), eq(placements.status, "reserved")))
    .where(
      and(
        mine,
        inArray(transitions.state, [...PREPARING]),
        sql`${placements.plannedMoveOn} is not null`,
        sql`${placements.plannedMoveOn} <= date(${today}, ${`+${MOVE_DUE_SOON_DAYS} days`})`,
      ),
    );
  const expiringReservations = base("reservation_expiry", sql`${placements.expiresOn}`, sql`${placements.id}`)
    .innerJoin(placements, and(eq(placements.transitionId, transitions.id), eq(placements.status, "reserved")))
    .where(
      and(
        mine,
        sql`${placements.expiresOn} is not null`,
        sql`${placements.expiresOn} <= date(${today}, ${`+${RESERVATION_EXPIRY_SOON_DAYS} days`})`,
      ),
    );
  // The referral in force: the resident's latest referral decision (by its date) not removed; a
  // newer one without a "valid until" ends the task (documents_referral_idx serves the seek).
  const referralValidUntil = sql`(select ${documents.validUntil} from ${documents} where ${documents.residentId} = ${transitions.residentId} and ${documents.kind} = 'referral_decision' and ${documents.removedAt} is null order by ${documents.documentOn} desc, ${documents.id} desc limit 1)`;
  const expiringReferrals = base("referral_expiry", referralValidUntil, none).where(
    and(
      mine,
      inArray(transitions.state, [...REFERRAL_WANTED]),
      sql`${referralValidUntil} <= date(${today}, ${`+${REFERRAL_EXPIRY_SOON_DAYS} days`})`,
    ),
  );
  return unionAll(
    visits,
    plans,
    assessments,
    consentsMissing,
    reservationsMissing,
    moves,
    expiringReservations,
    expiringReferrals,
  );
}

export interface Task {
  kind: TaskKind;
  residentId: number;
  name: string;
  institutionName: string;
  /** The day it is due (null: as soon as possible). For a plan: the day it was written. */
  dueOn: string | null;
  overdue: boolean;
  /** The form that completes it. */
  href: string;
}

function hrefOf(kind: TaskKind, residentId: number, refId: number | null): string {
  const base = `/residents/${residentId}`;
  switch (kind) {
    case "visit":
      return `${base}/visits/${refId}`;
    case "plan":
      return `${base}/plan`;
    case "assessment":
      return `${base}/assessment`;
    case "consent":
      return `${base}/consent`;
    case "reservation":
      return `${base}/placement`;
    case "move":
      return `${base}#actions-title`;
    case "reservation_expiry":
      return `${base}#reservation-expiry`;
    case "referral_expiry":
      return `${base}/documents#upload`;
  }
}

/** The signed-in worker's tasks, the most urgent first (overdue, then by due date; undated ones count as due today). */
export function listTasks(ctx: ServiceContext): Task[] {
  return taskUnion(ctx)
    .all()
    .map((r) => ({
      kind: r.kind,
      residentId: r.residentId,
      name: `${r.lastName}, ${r.firstName}`,
      institutionName: r.institutionName,
      dueOn: r.dueOn,
      overdue: r.dueOn !== null && r.kind !== "plan" && r.dueOn < r.today,
      href: hrefOf(r.kind, r.residentId, r.refId),
      sortKey: `${r.dueOn ?? r.today}|${r.lastName}|${r.firstName}`,
    }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.residentId - b.residentId))
    .map(({ sortKey: _s, ...t }) => t);
}

/** The header count's SQL and parameters (for the query-plan test: index seeks only, decision 047). */
export function taskCountSql(ctx: ServiceContext) {
  return ctx.db.select({ n: count() }).from(taskUnion(ctx).as("tasks")).toSQL();
}

/** Prepared count statements kept per connection (a user on a day in a scope is one entry). */
const COUNT_CACHE_SIZE = 500;
interface CountEntry {
  count: { get: () => { n: number } | undefined };
  version: { get: () => { v: number } | undefined };
  /** The last count, and the scope's version it was made at. */
  last?: { v: number; n: number };
}
const preparedCount = preparedByKey<CountEntry>(COUNT_CACHE_SIZE);

/**
 * The number in the header: the same union as the list, on every page of a case worker. Writing
 * the union's SQL text costs drizzle several times what SQLite takes to run it (decision 023: 30 ms
 * against 6 ms for 1,249 cases among 80,000), so the statement is prepared once per user, scope
 * and day (the values it binds) and reused. Running it was still a tenth of a page's server time
 * (4 ms for 902 cases), so the count is kept with the sum of the scope's task-input versions
 * (`task_input_versions`, kept by triggers in every writing transaction, decision 053) and made
 * again only when that sum has moved: reading the sum is one seek per institution.
 */
export function countTasks(ctx: ServiceContext): number {
  const key = JSON.stringify([ctx.actor.id, ctx.scope, TIME_ZONES.map((tz) => localDate(ctx.now, tz))]);
  const entry = preparedCount(ctx.db, key, () => ({
    count: ctx.db.select({ n: count() }).from(taskUnion(ctx).as("tasks")).prepare(),
    version: ctx.db
      .select({ v: sql<number>`coalesce(sum(${taskInputVersions.n}), 0)` })
      .from(taskInputVersions)
      .where(scopeFilter(ctx.scope, taskInputVersions.institutionId))
      .prepare(),
  }));
  // The version first, then the count: a write committed between the two makes the next request count again.
  const v = entry.version.get()?.v ?? 0;
  if (entry.last?.v !== v) entry.last = { v, n: entry.count.get()?.n ?? 0 };
  return entry.last.n;
}
