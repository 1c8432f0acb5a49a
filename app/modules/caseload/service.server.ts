import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "#db/client";
import { institutions, residents, transitions, userInstitutions, users } from "#db/schema";
import { CLOSED_STATES } from "#machines/transition";
import type { ServiceContext } from "#app/utils/context.server";
import { AppError } from "#app/utils/errors";
import { roleHasPermission } from "#app/utils/permissions";
import { scopeFilter } from "#app/utils/scope.server";
import { iso } from "#app/utils/time";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor } from "#app/modules/audit/service.server";
import { findResident } from "#app/modules/residents/service.server";

/**
 * Key workers and caseloads (issue #15, decision 023). Every transition has a key worker: the
 * case worker responsible for it (the transition's case_worker_id column). A new resident gets the case
 * worker who registers them; the key worker hands a case over to a colleague; a case nobody holds
 * is taken by any case worker of its institution; a supervisor (`manage:caseload`: the
 * administrators) sees every worker's caseload and reassigns it, one case or many. The key worker
 * must be an active case worker holding the case's institution; every change is audited.
 */

/** A case a user may see, as the caseload lists show it. */
const caseColumns = {
  residentId: residents.id,
  code: residents.code,
  firstName: residents.firstName,
  lastName: residents.lastName,
  institutionId: institutions.id,
  institutionName: institutions.name,
  state: transitions.state,
  stateSince: transitions.stateSince,
  version: transitions.version,
};

function cases(ctx: ServiceContext) {
  return ctx.db
    .select(caseColumns)
    .from(transitions)
    .innerJoin(residents, eq(residents.id, transitions.residentId))
    .innerJoin(institutions, eq(institutions.id, transitions.institutionId));
}

export type CaseRow = ReturnType<typeof listCasesOf>[number];

/** The open cases (not completed, not deceased) whose key worker is `workerId`, in the user's scope. */
export function listCasesOf(ctx: ServiceContext, workerId: number) {
  return cases(ctx)
    .where(and(scopeFilter(ctx.scope, transitions.institutionId), eq(transitions.caseWorkerId, workerId), notClosed()))
    .orderBy(asc(residents.lastName), asc(residents.firstName), asc(residents.id))
    .all();
}

/** Open cases of the user's institutions that have no key worker. */
export function listUnassigned(ctx: ServiceContext) {
  return cases(ctx)
    .where(and(scopeFilter(ctx.scope, transitions.institutionId), isNull(transitions.caseWorkerId), notClosed()))
    .orderBy(asc(residents.lastName), asc(residents.firstName), asc(residents.id))
    .all();
}

function notClosed() {
  return sql`${transitions.state} not in (${sql.join(
    CLOSED_STATES.map((s) => sql`${s}`),
    sql`, `,
  )})`;
}

/**
 * The active case workers holding an institution of the user's scope, by name: the key-worker
 * choices of a filter or form (one indexed query, no caseload counts).
 */
export function caseWorkersInScope(ctx: ServiceContext) {
  return ctx.db
    .selectDistinct({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .innerJoin(userInstitutions, eq(userInstitutions.userId, users.id))
    .where(
      and(
        eq(users.role, "case_worker"),
        eq(users.status, "active"),
        scopeFilter(ctx.scope, userInstitutions.institutionId),
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .all();
}

/** The case workers a supervisor may look at: active ones holding an institution of the supervisor's scope, with their open caseload size. */
export function listCaseWorkers(ctx: ServiceContext) {
  const holding = caseWorkersInScope(ctx);
  const sizes = new Map(
    ctx.db
      .select({ id: transitions.caseWorkerId, n: count() })
      .from(transitions)
      .where(
        and(
          scopeFilter(ctx.scope, transitions.institutionId),
          notClosed(),
          sql`${transitions.caseWorkerId} is not null`,
        ),
      )
      .groupBy(transitions.caseWorkerId)
      .all()
      .map((r) => [r.id!, r.n]),
  );
  return holding.map((w) => ({ ...w, cases: sizes.get(w.id) ?? 0 }));
}

/** Active case workers who hold an institution: those who may be its residents' key workers. */
export function eligibleWorkers(db: DbOrTx, institutionId: number) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(
      userInstitutions,
      and(eq(userInstitutions.userId, users.id), eq(userInstitutions.institutionId, institutionId)),
    )
    .where(and(eq(users.role, "case_worker"), eq(users.status, "active")))
    .orderBy(asc(users.name), asc(users.id))
    .all();
}

/** The name of a user (for pages and audit entries); null for none. */
function nameOf(db: DbOrTx, id: number | null): string | null {
  if (id === null) return null;
  return db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? null;
}

/** What the resident page and the key-worker page show of a case's key worker. */
export function keyWorkerOf(ctx: ServiceContext, transition: { caseWorkerId: number | null; institutionId: number }) {
  return {
    keyWorker:
      transition.caseWorkerId === null
        ? null
        : { id: transition.caseWorkerId, name: nameOf(ctx.db, transition.caseWorkerId) ?? "—" },
    /** Who may change it now (the same rule `assignKeyWorker` applies). */
    canChange: mayAssign(ctx, transition.caseWorkerId),
  };
}

/**
 * Who may set a case's key worker: a supervisor always; a case worker for a case nobody holds
 * (taking it, or giving it to a colleague) or for their own (handing it over).
 */
function mayAssign(ctx: ServiceContext, current: number | null): boolean {
  if (roleHasPermission(ctx.actor.role, "manage:caseload")) return true;
  return roleHasPermission(ctx.actor.role, "write:transitions") && (current === null || current === ctx.actor.id);
}

/** The target worker must be an active case worker holding the case's institution; refused in words otherwise. */
function checkTarget(
  tx: Tx,
  workerId: number,
  c: { residentName: string; institutionId: number; institutionName: string },
) {
  const worker = tx
    .select({ id: users.id, name: users.name, role: users.role, status: users.status })
    .from(users)
    .where(eq(users.id, workerId))
    .get();
  if (!worker || worker.role !== "case_worker" || worker.status !== "active") {
    throw new AppError("validation", "caseload.errors.notACaseWorker");
  }
  const holds = tx
    .select({ id: userInstitutions.userId })
    .from(userInstitutions)
    .where(and(eq(userInstitutions.userId, workerId), eq(userInstitutions.institutionId, c.institutionId)))
    .get();
  if (!holds) {
    throw new AppError("validation", "caseload.errors.workerLacksInstitution", {
      worker: worker.name,
      institution: c.institutionName,
      resident: c.residentName,
    });
  }
  return worker;
}

/** Sets the key worker of one case inside a transaction: scope, rule, target, version, audit. */
function setKeyWorker(
  tx: Tx,
  ctx: ServiceContext,
  residentId: number,
  workerId: number,
  version: number,
  via: "single" | "bulk",
) {
  const { resident, transition, institution } = findResident(ctx, residentId);
  const residentName = `${resident.firstName} ${resident.lastName}`;
  if (!mayAssign(ctx, transition.caseWorkerId)) {
    throw new AppError("validation", "caseload.errors.notYourCase", {
      worker: nameOf(tx, transition.caseWorkerId) ?? "—",
    });
  }
  if (CLOSED_STATES.includes(transition.state))
    throw new AppError("validation", "caseload.errors.closed", { resident: residentName });
  const worker = checkTarget(tx, workerId, {
    residentName,
    institutionId: institution.id,
    institutionName: institution.name,
  });
  if (transition.caseWorkerId === workerId) {
    if (transition.version !== version) throw new AppError("conflict", "errors.conflict");
    throw new AppError("validation", "caseload.errors.alreadyKeyWorker", {
      worker: worker.name,
      resident: residentName,
    });
  }
  updateVersioned(tx, transitions, transition.id, version, { caseWorkerId: workerId, updatedAt: iso(ctx.now) });
  auditByActor(tx, ctx, {
    action: "transition.key_worker_assigned",
    entityType: "transition",
    entityId: transition.id,
    institutionId: institution.id,
    residentId: transition.residentId,
    before: {
      caseWorkerId: transition.caseWorkerId,
      name: nameOf(tx, transition.caseWorkerId),
      version: transition.version,
    },
    after: { caseWorkerId: workerId, name: worker.name, version: version + 1, via },
  });
  return { from: transition.caseWorkerId, to: workerId, workerName: worker.name, residentName };
}

/** Assigns (or transfers) one resident's key worker. */
export function assignKeyWorker(ctx: ServiceContext, residentId: number, input: { workerId: number; version: number }) {
  findResident(ctx, residentId); // outside the transaction: a denial's audit must not roll back
  return ctx.db.transaction((tx) => setKeyWorker(tx, ctx, residentId, input.workerId, input.version, "single"), {
    behavior: "immediate",
  });
}

/**
 * A supervisor reassigns several cases to one worker: all or none. Each case carries the version
 * the supervisor's page showed; a case changed since is a conflict and nothing is written.
 */
export function reassignCases(
  ctx: ServiceContext,
  input: { toWorkerId: number; items: { residentId: number; version: number }[] },
) {
  if (!roleHasPermission(ctx.actor.role, "manage:caseload")) throw new AppError("forbidden", "errors.forbidden.body");
  const ids = [...new Set(input.items.map((i) => i.residentId))];
  if (ids.length !== input.items.length) throw new AppError("validation", "caseload.errors.duplicate");
  for (const id of ids) findResident(ctx, id); // out of scope: denied (audited) before anything is written
  return ctx.db.transaction(
    (tx) => input.items.map((i) => setKeyWorker(tx, ctx, i.residentId, input.toWorkerId, i.version, "bulk")),
    { behavior: "immediate" },
  );
}

/** A supervisor's view of one worker's caseload; the worker must be a case worker the supervisor may see. */
export function workerCaseload(ctx: ServiceContext, workerId: number) {
  if (!roleHasPermission(ctx.actor.role, "manage:caseload")) throw new AppError("forbidden", "errors.forbidden.body");
  const worker = listCaseWorkers(ctx).find((w) => w.id === workerId);
  if (!worker) throw new AppError("not_found", "errors.notFound.body");
  return { worker, cases: listCasesOf(ctx, workerId) };
}
