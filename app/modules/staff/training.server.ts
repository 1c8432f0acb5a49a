import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { qualified } from "#app/utils/sql";
import { createActor } from "xstate";
import {
  enrolments,
  institutions,
  staffMembers,
  supportSessionAttendees,
  supportSessions,
  trainingAttendance,
  trainingModules,
} from "#db/schema";
import {
  ENROLMENT_MACHINE_VERSION,
  enrolmentMachine,
  enrolmentWorkflow,
  type EnrolmentEffect,
  type EnrolmentEvent,
  type EnrolmentEventType,
} from "#machines/enrolment";
import { judge, restore, takeStep } from "#machines/workflow";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { institutionInScope, scopeFilter } from "#app/utils/scope.server";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor } from "#app/modules/audit/service.server";

// ---------- modules catalogue ----------

export function listModules(ctx: ServiceContext) {
  return ctx.db
    .select({
      module: trainingModules,
      enrolled: sql<number>`(select count(*) from ${enrolments} where ${enrolments.moduleId} = ${qualified(trainingModules.id)} and ${scopeFilter(ctx.scope, enrolments.institutionId)} and ${enrolments.state} in ('enrolled','in_progress'))`,
      completed: sql<number>`(select count(*) from ${enrolments} where ${enrolments.moduleId} = ${qualified(trainingModules.id)} and ${scopeFilter(ctx.scope, enrolments.institutionId)} and ${enrolments.state} = 'completed')`,
    })
    .from(trainingModules)
    .orderBy(asc(trainingModules.titleEn))
    .all();
}

export function getModule(ctx: ServiceContext, id: number) {
  const m = ctx.db.select().from(trainingModules).where(eq(trainingModules.id, id)).get();
  if (!m) throw new AppError("not_found", "errors.notFound.body");
  return m;
}

type ModuleInput = Omit<typeof trainingModules.$inferInsert, "id" | "createdAt" | "version" | "active">;

export function createModule(ctx: ServiceContext, input: ModuleInput): number {
  return ctx.db.transaction(
    (tx) => {
      const id = tx.insert(trainingModules).values(input).returning({ id: trainingModules.id }).get().id;
      auditByActor(tx, ctx, { action: "module.created", entityType: "training_module", entityId: id, after: input });
      return id;
    },
    { behavior: "immediate" },
  );
}

export function updateModule(ctx: ServiceContext, id: number, input: ModuleInput & { version: number }): void {
  ctx.db.transaction(
    (tx) => {
      const before = tx.select().from(trainingModules).where(eq(trainingModules.id, id)).get();
      if (!before) throw new AppError("not_found", "errors.notFound.body");
      const { version, ...values } = input;
      updateVersioned(tx, trainingModules, id, version, values);
      auditByActor(tx, ctx, {
        action: "module.updated",
        entityType: "training_module",
        entityId: id,
        before,
        after: values,
      });
    },
    { behavior: "immediate" },
  );
}

// ---------- enrolments ----------

/** Enrolments of a module in the user's scope, with names and attendance counts. */
export function moduleEnrolments(ctx: ServiceContext, moduleId: number) {
  return ctx.db
    .select({
      enrolment: enrolments,
      firstName: staffMembers.firstName,
      lastName: staffMembers.lastName,
      position: staffMembers.position,
      sessions: sql<number>`(select count(*) from ${trainingAttendance} where ${trainingAttendance.enrolmentId} = ${qualified(enrolments.id)})`,
      lastAttended: sql<
        string | null
      >`(select max(${trainingAttendance.attendedOn}) from ${trainingAttendance} where ${trainingAttendance.enrolmentId} = ${qualified(enrolments.id)})`,
    })
    .from(enrolments)
    .innerJoin(staffMembers, eq(staffMembers.id, enrolments.staffMemberId))
    .where(and(eq(enrolments.moduleId, moduleId), scopeFilter(ctx.scope, enrolments.institutionId)))
    .orderBy(asc(staffMembers.lastName), asc(staffMembers.firstName))
    .all();
}

const initialEnrolmentSnapshot = () => createActor(enrolmentMachine).getPersistedSnapshot();

/**
 * Enrols many staff members in one module in one transaction: all or none. Refused when a
 * person is outside the user's scope or already enrolled (and not dropped) in the module.
 */
export function bulkEnrol(
  ctx: ServiceContext,
  input: { moduleId: number; enrolledOn: string; staffIds: number[] },
): number[] {
  const ids = [...new Set(input.staffIds)];
  return ctx.db.transaction(
    (tx) => {
      const module = tx.select().from(trainingModules).where(eq(trainingModules.id, input.moduleId)).get();
      if (!module || !module.active) throw new AppError("validation", "staff.errors.unknownModule");
      const people = tx
        .select({ staff: staffMembers, timeZone: institutions.timeZone })
        .from(staffMembers)
        .innerJoin(institutions, eq(institutions.id, staffMembers.institutionId))
        .where(and(inArray(staffMembers.id, ids), scopeFilter(ctx.scope, staffMembers.institutionId)))
        .all();
      if (people.length !== ids.length) throw new AppError("validation", "staff.errors.staffOutOfScope");
      for (const p of people) {
        if (input.enrolledOn > localDate(ctx.now, p.timeZone)) {
          throw new AppError("validation", "validation.notInFuture", { field: "t:staff.enrolledOn" });
        }
      }
      const existing = tx
        .select({ staffMemberId: enrolments.staffMemberId })
        .from(enrolments)
        .where(
          and(
            eq(enrolments.moduleId, module.id),
            inArray(enrolments.staffMemberId, ids),
            inArray(enrolments.state, ["enrolled", "in_progress", "completed"]),
          ),
        )
        .all();
      if (existing.length > 0) {
        const names = people
          .filter((p) => existing.some((e) => e.staffMemberId === p.staff.id))
          .map((p) => `${p.staff.firstName} ${p.staff.lastName}`);
        throw new AppError("validation", "staff.errors.alreadyEnrolled", { names: names.join(", ") });
      }
      return people.map((p) => {
        const id = tx
          .insert(enrolments)
          .values({
            staffMemberId: p.staff.id,
            moduleId: module.id,
            institutionId: p.staff.institutionId,
            state: "enrolled",
            snapshot: initialEnrolmentSnapshot(),
            machineVersion: ENROLMENT_MACHINE_VERSION,
            enrolledOn: input.enrolledOn,
          })
          .returning({ id: enrolments.id })
          .get().id;
        auditByActor(tx, ctx, {
          action: "enrolment.created",
          entityType: "enrolment",
          entityId: id,
          institutionId: p.staff.institutionId,
          after: { staffMemberId: p.staff.id, moduleId: module.id, enrolledOn: input.enrolledOn },
        });
        return id;
      });
    },
    { behavior: "immediate" },
  );
}

const INTENT_EVENT: Record<"attend" | "complete" | "drop", EnrolmentEventType> = {
  attend: "ATTEND",
  complete: "COMPLETE",
  drop: "DROP",
};

/**
 * Records attendance, completion or dropping for several enrolments at once, each judged by the
 * enrolment machine. One refusal refuses the whole batch, naming the person and the reason.
 */
export function enrolmentAction(
  ctx: ServiceContext,
  input: {
    intent: "attend" | "complete" | "drop";
    on: string;
    enrolmentIds: number[];
    hours?: number | null;
    reason?: string;
    certificateRef?: string;
  },
): number {
  const ids = [...new Set(input.enrolmentIds)];
  return ctx.db.transaction(
    (tx) => {
      const rows = tx
        .select({
          enrolment: enrolments,
          firstName: staffMembers.firstName,
          lastName: staffMembers.lastName,
          timeZone: institutions.timeZone,
        })
        .from(enrolments)
        .innerJoin(staffMembers, eq(staffMembers.id, enrolments.staffMemberId))
        .innerJoin(institutions, eq(institutions.id, enrolments.institutionId))
        .where(and(inArray(enrolments.id, ids), scopeFilter(ctx.scope, enrolments.institutionId)))
        .all();
      if (rows.length !== ids.length) throw new AppError("validation", "staff.errors.notEnrolled");
      for (const r of rows) {
        const e = r.enrolment;
        const name = `${r.firstName} ${r.lastName}`;
        const attended = tx
          .select({ n: sql<number>`count(*)` })
          .from(trainingAttendance)
          .where(eq(trainingAttendance.enrolmentId, e.id))
          .get()!.n;
        const event: EnrolmentEvent = {
          type: INTENT_EVENT[input.intent],
          on: input.on,
          facts: { today: localDate(ctx.now, r.timeZone), enrolledOn: e.enrolledOn, attendedSessions: attended },
          ...(input.reason ? { reason: input.reason } : {}),
          ...(input.certificateRef ? { certificateRef: input.certificateRef } : {}),
        };
        const snapshot = restore(enrolmentWorkflow, e.snapshot, e.machineVersion);
        const verdict = judge(enrolmentWorkflow, snapshot, event);
        if (!verdict.ok && !verdict.inState) {
          // Completing straight from "enrolled" means nobody recorded a session: say that.
          if (e.state === "enrolled" && event.type === "COMPLETE")
            throw new AppError("validation", "staff.guards.attendedAtLeastOnce", { name });
          throw new AppError("validation", "staff.errors.enrolmentClosed", {
            name,
            state: `t:staff.enrolmentStates.${e.state}`,
          });
        }
        if (!verdict.ok) throw new AppError("validation", `staff.guards.${verdict.failing[0]}`, { name });
        const { next, persisted, effects } = takeStep(enrolmentWorkflow, snapshot, event);
        const asks = (effect: EnrolmentEffect) => effects.includes(effect);
        const state = next.value as typeof e.state;
        const set: Partial<typeof enrolments.$inferInsert> = { snapshot: persisted, state };
        if (asks("recordAttendance")) {
          const dup = tx
            .select({ id: trainingAttendance.id })
            .from(trainingAttendance)
            .where(and(eq(trainingAttendance.enrolmentId, e.id), eq(trainingAttendance.attendedOn, input.on)))
            .get();
          if (dup) throw new AppError("validation", "staff.errors.alreadyAttended", { name });
          tx.insert(trainingAttendance)
            .values({ enrolmentId: e.id, attendedOn: input.on, hours: input.hours ?? null })
            .run();
        }
        if (asks("recordCompletion"))
          Object.assign(set, { completedOn: input.on, certificateRef: input.certificateRef || null });
        if (asks("recordDrop")) Object.assign(set, { droppedOn: input.on, dropReason: input.reason ?? null });
        updateVersioned(tx, enrolments, e.id, e.version, set);
        auditByActor(tx, ctx, {
          action: `enrolment.${input.intent}`,
          entityType: "enrolment",
          entityId: e.id,
          institutionId: e.institutionId,
          before: { state: e.state },
          after: {
            state,
            on: input.on,
            hours: input.hours ?? null,
            reason: input.reason ?? null,
            certificateRef: input.certificateRef ?? null,
          },
        });
      }
      return rows.length;
    },
    { behavior: "immediate" },
  );
}

// ---------- supervision and psychological support ----------

export function listSupportSessions(ctx: ServiceContext) {
  return ctx.db
    .select({
      session: supportSessions,
      institutionName: institutions.name,
      attendees: sql<number>`(select count(*) from ${supportSessionAttendees} where ${supportSessionAttendees.sessionId} = ${qualified(supportSessions.id)})`,
    })
    .from(supportSessions)
    .innerJoin(institutions, eq(institutions.id, supportSessions.institutionId))
    .where(scopeFilter(ctx.scope, supportSessions.institutionId))
    .orderBy(sql`${supportSessions.heldOn} desc`)
    .all();
}

export function createSupportSession(
  ctx: ServiceContext,
  input: {
    institutionId: number;
    kind: "supervision" | "psychological_support";
    heldOn: string;
    facilitator: string;
    topics: string;
    staffIds: number[];
  },
): number {
  const ids = [...new Set(input.staffIds)];
  return ctx.db.transaction(
    (tx) => {
      const inst = institutionInScope(ctx, input.institutionId, tx);
      if (input.heldOn > localDate(ctx.now, inst.timeZone))
        throw new AppError("validation", "validation.notInFuture", { field: "t:staff.sessions.heldOn" });
      const people = tx
        .select({ id: staffMembers.id })
        .from(staffMembers)
        .where(and(inArray(staffMembers.id, ids), eq(staffMembers.institutionId, inst.id)))
        .all();
      if (people.length !== ids.length) throw new AppError("validation", "staff.errors.attendeeOtherInstitution");
      const id = tx
        .insert(supportSessions)
        .values({
          institutionId: inst.id,
          kind: input.kind,
          heldOn: input.heldOn,
          facilitator: input.facilitator,
          topics: input.topics || null,
        })
        .returning({ id: supportSessions.id })
        .get().id;
      for (const staffMemberId of ids)
        tx.insert(supportSessionAttendees).values({ sessionId: id, staffMemberId }).run();
      auditByActor(tx, ctx, {
        action: "support_session.created",
        entityType: "support_session",
        entityId: id,
        institutionId: inst.id,
        after: { kind: input.kind, heldOn: input.heldOn, facilitator: input.facilitator, attendees: ids },
      });
      return id;
    },
    { behavior: "immediate" },
  );
}
