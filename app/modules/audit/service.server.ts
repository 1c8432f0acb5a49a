import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { auditEvents, users } from "../../../db/schema";
import type { ServiceContext } from "../../utils/context.server";
import { scopeFilter } from "../../utils/scope.server";
import { AppError } from "../../utils/errors";
import { iso } from "../../utils/time";

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
}

/** Appends one audit event. Call it inside the same transaction as the change it records. */
export function recordAudit(db: DbOrTx, input: AuditInput): void {
  db.insert(auditEvents)
    .values({
      at: iso(input.at ?? new Date()),
      actorUserId: input.actorUserId ?? null,
      actorLabel: input.actorLabel ?? null,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId == null ? null : String(input.entityId),
      institutionId: input.institutionId ?? null,
      before: input.before ?? null,
      after: input.after ?? null,
      requestId: input.requestId ?? null,
      ip: input.ip ?? null,
    })
    .run();
}

/** Audit event by the signed-in actor of `ctx`. */
export function auditByActor(
  db: DbOrTx,
  ctx: ServiceContext,
  input: Omit<AuditInput, "actorUserId" | "requestId" | "ip" | "at">,
): void {
  recordAudit(db, {
    ...input,
    actorUserId: ctx.actor.id,
    actorLabel: ctx.actor.email,
    requestId: ctx.requestId,
    ip: ctx.ip,
    at: ctx.now,
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
  });
  throw new AppError("not_found", "errors.notFound.body");
}

export const AUDIT_PAGE_SIZE = 50;

export function listAuditEvents(
  ctx: ServiceContext,
  filters: { action?: string; entityType?: string; beforeId?: number },
) {
  const where: SQL[] = [];
  if (!ctx.scope.all) where.push(scopeFilter(ctx.scope, auditEvents.institutionId));
  if (filters.action) where.push(eq(auditEvents.action, filters.action));
  if (filters.entityType) where.push(eq(auditEvents.entityType, filters.entityType));
  if (filters.beforeId) where.push(lt(auditEvents.id, filters.beforeId));
  return ctx.db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
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
}
