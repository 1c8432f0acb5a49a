import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { auditEvents, residents, users } from "#db/schema";
import type { ServiceContext } from "#app/utils/context.server";
import { scopeFilter, scopeIncludes } from "#app/utils/scope.server";
import { roleHasPermission } from "#app/utils/permissions";
import { addDays, startOfDayIn } from "#app/utils/dates";
import { READ_ACTIONS } from "./actions";
import { AppError } from "#app/utils/errors";
import { iso } from "#app/utils/time";
import { preparedQueries } from "#app/utils/prepared.server";

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  institutionId?: number | null;
  before?: unknown;
  after?: unknown;
  actorUserId?: number | null;
  actorLabel?: string | null;
  requestId?: string | null;
  ip?: string | null;
  at?: Date;
  /** The resident whose record this reads or changes; an entity "resident" is its own. */
  residentId?: number | null;
  /** The page it was written from (`ServiceContext.page`). */
  page?: string | null;
}

/** The resident an event concerns: given, or the entity itself when it is a resident. */
function residentOf(input: AuditInput): number | null {
  if (input.residentId != null) return input.residentId;
  if (input.entityType === "resident" && input.entityId != null) {
    const id = Number(input.entityId);
    return Number.isInteger(id) ? id : null;
  }
  return null;
}

/**
 * The one insert of an audit event, prepared once per connection (decision 043; every write and
 * every read of a resident's personal data passes here, so drizzle does not write its SQL each
 * time). `before` and `after` are bound as JSON text, made here: a placeholder bound through the
 * column's own JSON mapping would store a missing value as the text "null", not NULL.
 */
const preparedAudit = preparedQueries((db) => ({
  insert: db
    .insert(auditEvents)
    .values({
      at: sql.placeholder("at"),
      actorUserId: sql.placeholder("actorUserId"),
      actorLabel: sql.placeholder("actorLabel"),
      action: sql.placeholder("action"),
      entityType: sql.placeholder("entityType"),
      entityId: sql.placeholder("entityId"),
      institutionId: sql.placeholder("institutionId"),
      before: sql`${sql.placeholder("before")}`,
      after: sql`${sql.placeholder("after")}`,
      residentId: sql.placeholder("residentId"),
      page: sql.placeholder("page"),
      requestId: sql.placeholder("requestId"),
      ip: sql.placeholder("ip"),
    })
    .prepare(),
}));

const json = (value: unknown) => (value == null ? null : JSON.stringify(value));

/** Appends one audit event. Call it inside the same transaction as the change it records. */
export function recordAudit(db: DbOrTx, input: AuditInput): void {
  preparedAudit(db).insert.run({
    at: iso(input.at ?? new Date()),
    actorUserId: input.actorUserId ?? null,
    actorLabel: input.actorLabel ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId == null ? null : String(input.entityId),
    institutionId: input.institutionId ?? null,
    before: json(input.before),
    after: json(input.after),
    requestId: input.requestId ?? null,
    ip: input.ip ?? null,
    residentId: residentOf(input),
    page: input.page ?? null,
  });
}

/** A read of a resident's personal data by the signed-in actor: who, when, which record, which page. */
export function recordRead(
  ctx: ServiceContext,
  input: { action: string; entityType: string; entityId: number | string; residentId: number; institutionId: number },
): void {
  preparedAudit(ctx.db).insert.run({
    at: iso(ctx.now),
    actorUserId: ctx.actor.id,
    actorLabel: ctx.actor.email,
    action: input.action,
    entityType: input.entityType,
    entityId: String(input.entityId),
    institutionId: input.institutionId,
    before: null,
    after: null,
    residentId: input.residentId,
    page: ctx.page ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
  });
}

/** Audit event by the signed-in actor of `ctx`. */
export function auditByActor(
  db: DbOrTx,
  ctx: ServiceContext,
  input: Omit<AuditInput, "actorUserId" | "requestId" | "ip" | "at" | "page">,
): void {
  recordAudit(db, {
    ...input,
    actorUserId: ctx.actor.id,
    actorLabel: ctx.actor.email,
    requestId: ctx.requestId,
    ip: ctx.ip,
    at: ctx.now,
    page: ctx.page,
  });
}

/**
 * A record the user may not see: audited, then answered exactly like a missing record (404).
 * Call it outside any transaction that will roll back, or the audit row goes with it.
 */
export function denyAccess(ctx: ServiceContext, entityType: string, entityId: number | string): never {
  recordAudit(ctx.db, {
    action: "access.denied",
    entityType,
    entityId,
    actorUserId: ctx.actor.id,
    actorLabel: ctx.actor.email,
    requestId: ctx.requestId,
    ip: ctx.ip,
    at: ctx.now,
    page: ctx.page,
  });
  throw new AppError("not_found", "errors.notFound.body");
}

export const AUDIT_PAGE_SIZE = 50;

/** The audit log's filters, from its query string (`auditFiltersSchema`). */
export interface AuditFilters {
  /** The actor's user id. */
  user?: number;
  /** A resident's pseudonymous code (every event of that record), or `entity_type:id`. */
  record?: string;
  action?: string;
  /** Calendar days in the reader's time zone, both included. */
  from?: string;
  to?: string;
  /** Keyset pagination: entries older than this id. */
  before?: number;
}

/** What a record filter names: a resident (by code) or one entity, or nothing known. */
function recordCondition(ctx: ServiceContext, record: string): SQL | "unknown" {
  const entity = /^([a-z_]+):(\S+)$/.exec(record);
  if (entity) return and(eq(auditEvents.entityType, entity[1]!), eq(auditEvents.entityId, entity[2]!))!;
  const resident = ctx.db
    .select({ id: residents.id, institutionId: residents.institutionId })
    .from(residents)
    .where(eq(residents.code, record.toUpperCase()))
    .get();
  if (!resident || !scopeIncludes(ctx.scope, resident.institutionId)) return "unknown";
  return eq(auditEvents.residentId, resident.id);
}

/**
 * The audit log, newest first, filtered on the server by user, record, action and days (in
 * `timeZone`), 50 a page. `unknownRecord`: the record filter names no record the reader may see.
 */
export function listAuditEvents(ctx: ServiceContext, filters: AuditFilters, timeZone: string = "UTC") {
  const where: SQL[] = [];
  if (!ctx.scope.all) where.push(scopeFilter(ctx.scope, auditEvents.institutionId));
  if (filters.user) where.push(eq(auditEvents.actorUserId, filters.user));
  if (filters.action) where.push(eq(auditEvents.action, filters.action));
  if (filters.from) where.push(gte(auditEvents.at, iso(startOfDayIn(filters.from, timeZone))));
  if (filters.to) where.push(lt(auditEvents.at, iso(startOfDayIn(addDays(filters.to, 1), timeZone))));
  if (filters.before) where.push(lt(auditEvents.id, filters.before));
  if (filters.record) {
    const c = recordCondition(ctx, filters.record);
    if (c === "unknown") return { events: [], unknownRecord: true };
    where.push(c);
  }
  const events = ctx.db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      residentId: auditEvents.residentId,
      page: auditEvents.page,
      actorLabel: auditEvents.actorLabel,
      actorName: users.name,
      before: auditEvents.before,
      after: auditEvents.after,
      requestId: auditEvents.requestId,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE)
    .all();
  return { events, unknownRecord: false };
}

/** Who may read the log (the data-protection officer's view): the administrator. */
export const canReadAudit = (ctx: ServiceContext) => roleHasPermission(ctx.actor.role, "read:audit");

export const RECORD_ACCESS_PAGE_SIZE = 20;

/**
 * "Who saw this record" (decision 043): every read and change of one resident's record, newest
 * first, with who, when and from which page; keyset-paginated. Only for a reader of the audit
 * log: anyone else gets null, and nothing is read.
 */
export function recordAccessLog(ctx: ServiceContext, residentId: number, before?: number) {
  if (!canReadAudit(ctx)) return null;
  const rows = ctx.db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      page: auditEvents.page,
      actorName: users.name,
      actorLabel: auditEvents.actorLabel,
      actorRole: users.role,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.residentId, residentId),
        before ? lt(auditEvents.id, before) : undefined,
        ctx.scope.all ? undefined : scopeFilter(ctx.scope, auditEvents.institutionId),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(RECORD_ACCESS_PAGE_SIZE + 1)
    .all();
  const more = rows.length > RECORD_ACCESS_PAGE_SIZE;
  const entries = rows.slice(0, RECORD_ACCESS_PAGE_SIZE).map((r) => ({ ...r, read: READ_ACTIONS.has(r.action) }));
  return { entries, older: more ? entries.at(-1)!.id : null, pageSize: RECORD_ACCESS_PAGE_SIZE };
}
