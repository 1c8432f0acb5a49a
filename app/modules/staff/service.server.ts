import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { qualified } from "#app/utils/sql";
import type { DbOrTx } from "#db/client";
import { enrolments, institutions, staffMembers, trainingAttendance, supportSessionAttendees } from "#db/schema";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { newPseudonymousCode } from "#app/utils/pseudonym.server";
import { institutionInScope, scopeFilter } from "#app/utils/scope.server";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor, denyAccess } from "#app/modules/audit/service.server";
import { findEntry, SERVICE_TYPES } from "#app/modules/catalogues/catalogues";
import { STAFF_PAGE_SIZE, type StaffInput } from "./schemas";

/** A staff member the user may see (else 404, audited). */
export function findStaffMember(ctx: ServiceContext, id: number, db: DbOrTx = ctx.db) {
  const row = db
    .select({ staff: staffMembers, institution: institutions })
    .from(staffMembers)
    .innerJoin(institutions, eq(institutions.id, staffMembers.institutionId))
    .where(and(eq(staffMembers.id, id), scopeFilter(ctx.scope, staffMembers.institutionId)))
    .get();
  if (!row) denyAccess(ctx, "staff_member", id);
  return row;
}

function values(input: StaffInput) {
  return {
    institutionId: input.institutionId,
    firstName: input.firstName,
    lastName: input.lastName,
    sex: input.sex,
    dateOfBirth: input.dateOfBirth,
    position: input.position,
    employedFrom: input.employedFrom,
    employedTo: input.employedTo,
    email: input.email || null,
    phone: input.phone || null,
  };
}

/** Registers a staff member; pass a transaction as `db` to run inside one (imports). */
export function createStaffMember(ctx: ServiceContext, input: StaffInput, db?: DbOrTx): number {
  const run = (tx: DbOrTx) => {
    institutionInScope(ctx, input.institutionId, tx);
    let code = newPseudonymousCode("S");
    while (tx.select({ id: staffMembers.id }).from(staffMembers).where(eq(staffMembers.code, code)).get())
      code = newPseudonymousCode("S");
    const v = values(input);
    const id = tx
      .insert(staffMembers)
      .values({ ...v, code })
      .returning({ id: staffMembers.id })
      .get().id;
    auditByActor(tx, ctx, {
      action: "staff_member.created",
      entityType: "staff_member",
      entityId: id,
      institutionId: input.institutionId,
      after: { ...v, code },
    });
    return id;
  };
  return db ? run(db) : ctx.db.transaction((tx) => run(tx), { behavior: "immediate" });
}

export function updateStaffMember(ctx: ServiceContext, id: number, input: StaffInput & { version: number }): void {
  const { staff } = findStaffMember(ctx, id);
  if (input.institutionId !== staff.institutionId) throw new AppError("validation", "staff.errors.institutionChange");
  ctx.db.transaction(
    (tx) => {
      const v = values(input);
      updateVersioned(tx, staffMembers, id, input.version, v);
      const changed = (Object.keys(v) as (keyof typeof v)[]).filter((k) => staff[k] !== v[k]);
      auditByActor(tx, ctx, {
        action: "staff_member.updated",
        entityType: "staff_member",
        entityId: id,
        institutionId: staff.institutionId,
        before: Object.fromEntries(changed.map((k) => [k, staff[k]])),
        after: Object.fromEntries(changed.map((k) => [k, v[k]])),
      });
    },
    { behavior: "immediate" },
  );
}

/** The date a staff member starts delivering community services: STAFF_TO_COMMUNITY. */
export function recordCommunityStart(
  ctx: ServiceContext,
  id: number,
  input: { communityStartOn: string; communityServiceType: string; communityEmployer: string; version: number },
): void {
  const { staff, institution } = findStaffMember(ctx, id);
  const today = localDate(ctx.now, institution.timeZone);
  if (input.communityStartOn > today)
    throw new AppError("validation", "validation.notInFuture", { field: "t:staff.communityStartOn" });
  if (staff.employedFrom && input.communityStartOn < staff.employedFrom)
    throw new AppError("validation", "staff.errors.communityBeforeEmployment");
  if (findEntry(SERVICE_TYPES, input.communityServiceType)?.country !== institution.country) {
    throw new AppError("validation", "transitions.errors.serviceWrongCountry");
  }
  ctx.db.transaction(
    (tx) => {
      updateVersioned(tx, staffMembers, id, input.version, {
        communityStartOn: input.communityStartOn,
        communityServiceType: input.communityServiceType,
        communityEmployer: input.communityEmployer,
      });
      auditByActor(tx, ctx, {
        action: "staff_member.community_start",
        entityType: "staff_member",
        entityId: id,
        institutionId: staff.institutionId,
        before: {
          communityStartOn: staff.communityStartOn,
          communityServiceType: staff.communityServiceType,
          communityEmployer: staff.communityEmployer,
        },
        after: {
          communityStartOn: input.communityStartOn,
          communityServiceType: input.communityServiceType,
          communityEmployer: input.communityEmployer,
        },
      });
    },
    { behavior: "immediate" },
  );
}

export interface StaffFilters {
  q?: string;
  institutionId?: number;
  page?: number;
}

/** The staff register with each person's training summary, scoped and paginated. */
export function listStaff(ctx: ServiceContext, filters: StaffFilters) {
  const where: SQL[] = [scopeFilter(ctx.scope, staffMembers.institutionId)];
  if (filters.q) {
    const q = `%${filters.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(
      sql`(${staffMembers.firstName} || ' ' || ${staffMembers.lastName} like ${q} escape '\\' or ${staffMembers.code} like ${q} escape '\\' or ${staffMembers.position} like ${q} escape '\\')`,
    );
  }
  if (filters.institutionId) where.push(eq(staffMembers.institutionId, filters.institutionId));
  const condition = and(...where);
  const page = Math.max(1, filters.page ?? 1);
  const total = ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(staffMembers)
    .where(condition)
    .get()!.n;
  const rows = ctx.db
    .select({
      id: staffMembers.id,
      code: staffMembers.code,
      firstName: staffMembers.firstName,
      lastName: staffMembers.lastName,
      position: staffMembers.position,
      institutionId: staffMembers.institutionId,
      communityStartOn: staffMembers.communityStartOn,
      completed: sql<number>`(select count(*) from ${enrolments} where ${enrolments.staffMemberId} = ${qualified(staffMembers.id)} and ${enrolments.state} = 'completed')`,
      open: sql<number>`(select count(*) from ${enrolments} where ${enrolments.staffMemberId} = ${qualified(staffMembers.id)} and ${enrolments.state} in ('enrolled','in_progress'))`,
      supportSessions: sql<number>`(select count(*) from ${supportSessionAttendees} where ${supportSessionAttendees.staffMemberId} = ${qualified(staffMembers.id)})`,
    })
    .from(staffMembers)
    .where(condition)
    .orderBy(asc(staffMembers.lastName), asc(staffMembers.firstName), asc(staffMembers.id))
    .limit(STAFF_PAGE_SIZE)
    .offset((page - 1) * STAFF_PAGE_SIZE)
    .all();
  return { rows, total, page, pageSize: STAFF_PAGE_SIZE };
}

/** All staff of the user's scope, for choosing people in bulk forms. */
export function staffChoices(ctx: ServiceContext, institutionId?: number) {
  return ctx.db
    .select({
      id: staffMembers.id,
      firstName: staffMembers.firstName,
      lastName: staffMembers.lastName,
      position: staffMembers.position,
      institutionId: staffMembers.institutionId,
    })
    .from(staffMembers)
    .where(
      and(
        scopeFilter(ctx.scope, staffMembers.institutionId),
        institutionId ? eq(staffMembers.institutionId, institutionId) : undefined,
      ),
    )
    .orderBy(asc(staffMembers.lastName), asc(staffMembers.firstName))
    .all();
}

/** Enrolments and attendance of one staff member. */
export function staffTraining(ctx: ServiceContext, staffId: number) {
  findStaffMember(ctx, staffId);
  const rows = ctx.db
    .select()
    .from(enrolments)
    .where(eq(enrolments.staffMemberId, staffId))
    .orderBy(asc(enrolments.enrolledOn))
    .all();
  const attendance = rows.length
    ? ctx.db
        .select()
        .from(trainingAttendance)
        .where(
          inArray(
            trainingAttendance.enrolmentId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(trainingAttendance.attendedOn))
        .all()
    : [];
  return rows.map((e) => ({ ...e, attendance: attendance.filter((a) => a.enrolmentId === e.id) }));
}
