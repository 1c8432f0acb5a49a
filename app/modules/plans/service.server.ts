import crypto from "node:crypto";
import { qualified } from "#app/utils/sql";
import { and, asc, desc, eq, inArray, max, sql } from "drizzle-orm";
import { createActor } from "xstate";
import type { Tx } from "#db/client";
import { COUNTRY_TIME_ZONE, type Country, type PlanSection } from "#db/schema/enums";
import {
  institutions,
  municipalities,
  planActionProgress,
  planConsultationComments,
  planConsultationReports,
  planVersionEvents,
  planVersions,
  plans,
} from "#db/schema";
import {
  COMMENTING_PLAN_STATES,
  EDITABLE_PLAN_STATES,
  PLAN_MACHINE_VERSION,
  planMachine,
  planWorkflow,
  REVISABLE_PLAN_STATES,
  type PlanEffect,
  type PlanEvent,
  type PlanEventType,
  type PlanState,
} from "#machines/plan";
import { judge, restore, takeStep } from "#machines/workflow";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { roleIsGrantedAreas } from "#app/utils/permissions";
import { areaGrantedSql } from "#app/utils/scope.server";
import { iso } from "#app/utils/time";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor, denyAccess } from "#app/modules/audit/service.server";
import { flowCounts } from "#app/modules/indicators/engine.server";
import { institutionsOfMunicipality } from "#app/modules/institutions/service.server";
import { countingEnd, milestoneStatus } from "./milestones";
import { EMPTY_PLAN_CONTENT, planContentSchema, type PlanContent } from "./schemas";

/** Plans are about a plan area: a user sees those of municipalities with an institution in scope. */
function areaInScope(ctx: ServiceContext) {
  if (ctx.scope.all) return sql`1 = 1`;
  // A monitoring user follows the plans of the areas granted, an area without an institution too.
  if (roleIsGrantedAreas(ctx.actor.role))
    return areaGrantedSql(ctx.actor.id, plans.municipalityId, municipalities.country);
  if (ctx.scope.institutionIds.length === 0) return sql`1 = 0`;
  return sql`exists (select 1 from ${institutions} where ${institutions.municipalityId} = ${plans.municipalityId} and ${inArray(institutions.id, [...ctx.scope.institutionIds])})`;
}

export function listPlans(ctx: ServiceContext) {
  return ctx.db
    .select({
      id: plans.id,
      title: plans.title,
      municipalityName: municipalities.name,
      latest: sql<number>`(select max(${planVersions.number}) from ${planVersions} where ${planVersions.planId} = ${qualified(plans.id)})`,
      state: sql<PlanState>`(select ${planVersions.state} from ${planVersions} where ${planVersions.planId} = ${qualified(plans.id)} order by ${planVersions.number} desc limit 1)`,
    })
    .from(plans)
    .innerJoin(municipalities, eq(municipalities.id, plans.municipalityId))
    .where(areaInScope(ctx))
    .orderBy(asc(plans.title))
    .all();
}

/** Plan areas the user may plan for (with an institution in scope). */
export function plannableAreas(ctx: ServiceContext) {
  const rows = ctx.db
    .select({ id: municipalities.id, name: municipalities.name })
    .from(municipalities)
    .orderBy(asc(municipalities.name))
    .all();
  if (ctx.scope.all) return rows;
  const mine = new Set(
    ctx.db
      .select({ m: institutions.municipalityId })
      .from(institutions)
      .where(inArray(institutions.id, [...ctx.scope.institutionIds, -1]))
      .all()
      .map((r) => r.m),
  );
  return rows.filter((r) => mine.has(r.id));
}

export function findPlan(ctx: ServiceContext, planId: number, db: ServiceContext["db"] | Tx = ctx.db) {
  const plan = db
    .select({ plan: plans, municipalityName: municipalities.name, country: municipalities.country })
    .from(plans)
    .innerJoin(municipalities, eq(municipalities.id, plans.municipalityId))
    .where(and(eq(plans.id, planId), areaInScope(ctx)))
    .get();
  if (!plan) denyAccess(ctx, "plan", planId);
  return plan;
}

/** Today in the plan area's country. */
const areaToday = (ctx: ServiceContext, country: Country) => localDate(ctx.now, COUNTRY_TIME_ZONE[country]);
const initialSnapshot = () => createActor(planMachine).getPersistedSnapshot();

export function createPlan(ctx: ServiceContext, input: { municipalityId: number; title: string }): number {
  if (!plannableAreas(ctx).some((a) => a.id === input.municipalityId))
    throw new AppError("validation", "plans.errors.areaOutOfScope");
  return ctx.db.transaction(
    (tx) => {
      const id = tx.insert(plans).values(input).returning({ id: plans.id }).get().id;
      const versionId = tx
        .insert(planVersions)
        .values({
          planId: id,
          number: 1,
          state: "drafting",
          snapshot: initialSnapshot(),
          machineVersion: PLAN_MACHINE_VERSION,
          content: EMPTY_PLAN_CONTENT,
          createdBy: ctx.actor.id,
          createdAt: iso(ctx.now),
        })
        .returning({ id: planVersions.id })
        .get().id;
      auditByActor(tx, ctx, {
        action: "plan.created",
        entityType: "plan",
        entityId: id,
        after: { ...input, versionId },
      });
      return id;
    },
    { behavior: "immediate" },
  );
}

/** A version of a plan (the latest when `number` is not given), with the plan and its comments. */
export function getPlanVersion(ctx: ServiceContext, planId: number, number?: number) {
  const { plan, municipalityName, country } = findPlan(ctx, planId);
  const versions = ctx.db
    .select({
      id: planVersions.id,
      number: planVersions.number,
      state: planVersions.state,
      adoptedOn: planVersions.adoptedOn,
      createdAt: planVersions.createdAt,
    })
    .from(planVersions)
    .where(eq(planVersions.planId, planId))
    .orderBy(asc(planVersions.number))
    .all();
  const wanted = number ?? versions.at(-1)!.number;
  const version = ctx.db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.number, wanted)))
    .get();
  if (!version) throw new AppError("not_found", "errors.notFound.body");
  const comments = ctx.db
    .select()
    .from(planConsultationComments)
    .where(eq(planConsultationComments.planVersionId, version.id))
    .orderBy(asc(planConsultationComments.id))
    .all();
  const events = ctx.db
    .select()
    .from(planVersionEvents)
    .where(eq(planVersionEvents.planVersionId, version.id))
    .orderBy(asc(planVersionEvents.id))
    .all();
  const report =
    ctx.db.select().from(planConsultationReports).where(eq(planConsultationReports.planVersionId, version.id)).get() ??
    null;
  return {
    plan,
    municipalityName,
    country,
    today: areaToday(ctx, country),
    versions,
    version: { ...version, content: version.content as PlanContent },
    comments,
    report,
    events,
  };
}

/** Milestones with their status computed from live data of the plan area, up to the plan's end. */
export function milestoneStatuses(ctx: ServiceContext, municipalityId: number, country: Country, content: PlanContent) {
  const now = areaToday(ctx, country);
  const start = content.periodFrom;
  if (!start) return content.milestones.map((m) => ({ ...m, status: null, actual: {} as Record<string, number> }));
  const ids = institutionsOfMunicipality(ctx.db, municipalityId);
  return content.milestones.map((m) => {
    const actual = flowCounts(
      ctx.db,
      ids,
      start,
      countingEnd({ today: now, planEnd: content.periodTo, milestoneDate: m.date }),
    );
    return {
      ...m,
      actual,
      status: milestoneStatus({
        today: now,
        planStart: start,
        date: m.date,
        targets: m.targets as Record<string, number>,
        actual,
      }),
    };
  });
}

function latestVersion(tx: Tx, planId: number) {
  return tx
    .select()
    .from(planVersions)
    .where(eq(planVersions.planId, planId))
    .orderBy(desc(planVersions.number))
    .limit(1)
    .get()!;
}

/**
 * Changes the document of the latest version, if it is a draft: `change` returns the new content,
 * which is validated whole. Versioned: the page's version must still be current.
 */
export function editPlan(
  ctx: ServiceContext,
  planId: number,
  version: number,
  action: string,
  change: (c: PlanContent) => PlanContent,
) {
  findPlan(ctx, planId);
  ctx.db.transaction(
    (tx) => {
      const v = latestVersion(tx, planId);
      if (!EDITABLE_PLAN_STATES.includes(v.state))
        throw new AppError("validation", "plans.errors.notEditable", { state: `t:plans.states.${v.state}` });
      if (v.version !== version) throw new AppError("conflict", "errors.conflict");
      const before = v.content as PlanContent;
      const next = planContentSchema.parse(change(structuredClone(before)));
      updateVersioned(tx, planVersions, v.id, version, { content: next });
      auditByActor(tx, ctx, {
        action: `plan.${action}`,
        entityType: "plan_version",
        entityId: v.id,
        before,
        after: next,
      });
    },
    { behavior: "immediate" },
  );
}

export const newItemId = () => crypto.randomUUID().slice(0, 8);

function contentComplete(c: PlanContent): boolean {
  return !!c.periodFrom && !!c.periodTo && c.goals.length > 0 && c.actions.length > 0 && c.milestones.length > 0;
}

/** A lifecycle step of the latest version, judged by the plan machine. */
export function planEvent(
  ctx: ServiceContext,
  planId: number,
  input: { type: PlanEventType; version: number; on: string | null; adoptingBody?: string; resolutionNumber?: string },
) {
  const { country } = findPlan(ctx, planId);
  const today = areaToday(ctx, country);
  return ctx.db.transaction(
    (tx) => {
      const v = latestVersion(tx, planId);
      if (v.version !== input.version) throw new AppError("conflict", "errors.conflict");
      const comments = tx
        .select()
        .from(planConsultationComments)
        .where(eq(planConsultationComments.planVersionId, v.id))
        .all();
      const report = tx
        .select()
        .from(planConsultationReports)
        .where(eq(planConsultationReports.planVersionId, v.id))
        .get();
      const day = input.on ?? today;
      const event: PlanEvent = {
        type: input.type,
        on: day,
        facts: {
          today,
          contentComplete: contentComplete(v.content as PlanContent),
          allCommentsAnswered: comments.every((c) => !!c.response?.trim()),
          consultationClosedOn: report?.closedOn ?? null,
        },
        ...(input.adoptingBody ? { adoptingBody: input.adoptingBody } : {}),
        ...(input.resolutionNumber ? { resolutionNumber: input.resolutionNumber } : {}),
      };
      const snapshot = restore(planWorkflow, v.snapshot, v.machineVersion);
      const verdict = judge(planWorkflow, snapshot, event);
      if (!verdict.ok && !verdict.inState)
        throw new AppError("validation", "plans.errors.notInState", {
          event: `t:plans.events.${input.type}`,
          state: `t:plans.states.${v.state}`,
        });
      if (!verdict.ok) throw new AppError("validation", `plans.guards.${verdict.failing[0] ?? "notInFuture"}`);
      const { next, persisted, effects } = takeStep(planWorkflow, snapshot, event);
      const to = next.value as PlanState;
      const adoption = effects.includes("recordAdoption" satisfies PlanEffect)
        ? { adoptingBody: input.adoptingBody!, resolutionNumber: input.resolutionNumber!, adoptedOn: day }
        : {};
      updateVersioned(tx, planVersions, v.id, input.version, { snapshot: persisted, state: to, ...adoption });
      tx.insert(planVersionEvents)
        .values({
          planVersionId: v.id,
          type: input.type,
          event,
          occurredOn: day,
          recordedAt: iso(ctx.now),
          actorUserId: ctx.actor.id,
          fromState: v.state,
          toState: to,
        })
        .run();
      auditByActor(tx, ctx, {
        action: `plan.${input.type.toLowerCase()}`,
        entityType: "plan_version",
        entityId: v.id,
        before: { state: v.state },
        after: {
          state: to,
          on: day,
          adoptingBody: input.adoptingBody ?? null,
          resolutionNumber: input.resolutionNumber ?? null,
        },
      });
      return to;
    },
    { behavior: "immediate" },
  );
}

/** A revision: a new draft version copied from the latest adopted one; the old one stays as it is. */
export function revisePlan(ctx: ServiceContext, planId: number, version: number): number {
  findPlan(ctx, planId);
  return ctx.db.transaction(
    (tx) => {
      const v = latestVersion(tx, planId);
      if (v.version !== version) throw new AppError("conflict", "errors.conflict");
      if (!REVISABLE_PLAN_STATES.includes(v.state))
        throw new AppError("validation", "plans.errors.notRevisable", { state: `t:plans.states.${v.state}` });
      const number =
        (tx
          .select({ m: max(planVersions.number) })
          .from(planVersions)
          .where(eq(planVersions.planId, planId))
          .get()?.m ?? 0) + 1;
      const id = tx
        .insert(planVersions)
        .values({
          planId,
          number,
          state: "drafting",
          snapshot: initialSnapshot(),
          machineVersion: PLAN_MACHINE_VERSION,
          content: v.content,
          basedOnVersionId: v.id,
          createdBy: ctx.actor.id,
          createdAt: iso(ctx.now),
        })
        .returning({ id: planVersions.id })
        .get().id;
      auditByActor(tx, ctx, {
        action: "plan.revised",
        entityType: "plan_version",
        entityId: id,
        before: { versionId: v.id, number: v.number },
        after: { number },
      });
      return number;
    },
    { behavior: "immediate" },
  );
}

/**
 * The consultation of the latest version as it stands for a change: in consultation, its report not
 * yet recorded (decision 038), and the day it started (its START_CONSULTATION event).
 */
function openConsultation(tx: Tx, planId: number) {
  const v = latestVersion(tx, planId);
  if (!COMMENTING_PLAN_STATES.includes(v.state)) throw new AppError("validation", "plans.errors.notInConsultation");
  const closed = tx.select().from(planConsultationReports).where(eq(planConsultationReports.planVersionId, v.id)).get();
  if (closed) throw new AppError("validation", "plans.errors.consultationClosed");
  const started =
    tx
      .select({ on: planVersionEvents.occurredOn })
      .from(planVersionEvents)
      .where(and(eq(planVersionEvents.planVersionId, v.id), eq(planVersionEvents.type, "START_CONSULTATION")))
      .get()?.on ?? "0000-01-01";
  return { v, started };
}

/** A comment received during the consultation: who, when (from its start to today), about which part, what; an answer may come with it. */
export function addComment(
  ctx: ServiceContext,
  planId: number,
  input: { receivedFrom: string; receivedOn: string; section: PlanSection; comment: string; response: string },
) {
  const { country } = findPlan(ctx, planId);
  const today = areaToday(ctx, country);
  if (input.receivedOn > today)
    throw new AppError(
      "validation",
      "validation.notInFuture",
      { field: "t:plans.receivedOn" },
      { field: "receivedOn" },
    );
  ctx.db.transaction(
    (tx) => {
      const { v, started } = openConsultation(tx, planId);
      if (input.receivedOn < started)
        throw new AppError(
          "validation",
          "plans.errors.commentBeforeConsultation",
          { date: started },
          { field: "receivedOn" },
        );
      const id = tx
        .insert(planConsultationComments)
        .values({
          planVersionId: v.id,
          receivedFrom: input.receivedFrom,
          receivedOn: input.receivedOn,
          section: input.section,
          comment: input.comment,
          response: input.response || null,
        })
        .returning({ id: planConsultationComments.id })
        .get().id;
      auditByActor(tx, ctx, { action: "plan.comment_added", entityType: "plan_comment", entityId: id, after: input });
    },
    { behavior: "immediate" },
  );
}

/** The group's answer to a comment of the open consultation (a comment of another version or plan does not exist here). */
export function answerComment(
  ctx: ServiceContext,
  planId: number,
  input: { commentId: number; version: number; response: string },
) {
  findPlan(ctx, planId);
  ctx.db.transaction(
    (tx) => {
      const v = latestVersion(tx, planId);
      const c = tx
        .select()
        .from(planConsultationComments)
        .where(and(eq(planConsultationComments.id, input.commentId), eq(planConsultationComments.planVersionId, v.id)))
        .get();
      if (!c) throw new AppError("validation", "plans.errors.unknownComment");
      openConsultation(tx, planId);
      updateVersioned(tx, planConsultationComments, c.id, input.version, { response: input.response });
      auditByActor(tx, ctx, {
        action: "plan.comment_answered",
        entityType: "plan_comment",
        entityId: c.id,
        before: { response: c.response },
        after: { response: input.response },
      });
    },
    { behavior: "immediate" },
  );
}

/**
 * Closes the consultation with its report: every comment answered, dated from the last comment
 * received (and the consultation's start) to today. Versioned on the plan version: it bumps it,
 * so a lifecycle form opened before is told.
 */
export function closeConsultation(
  ctx: ServiceContext,
  planId: number,
  input: { version: number; closedOn: string; summary: string },
) {
  const { country } = findPlan(ctx, planId);
  const today = areaToday(ctx, country);
  if (input.closedOn > today)
    throw new AppError("validation", "validation.notInFuture", { field: "t:plans.closedOn" }, { field: "closedOn" });
  ctx.db.transaction(
    (tx) => {
      const { v, started } = openConsultation(tx, planId);
      const comments = tx
        .select()
        .from(planConsultationComments)
        .where(eq(planConsultationComments.planVersionId, v.id))
        .all();
      const unanswered = comments.filter((c) => !c.response?.trim()).length;
      if (unanswered) throw new AppError("validation", "plans.errors.unansweredComments", { count: unanswered });
      const last = [started, ...comments.map((c) => c.receivedOn ?? "")].sort().at(-1)!;
      if (input.closedOn < last)
        throw new AppError("validation", "plans.errors.closedBeforeComment", { date: last }, { field: "closedOn" });
      updateVersioned(tx, planVersions, v.id, input.version, {});
      tx.insert(planConsultationReports)
        .values({
          planVersionId: v.id,
          closedOn: input.closedOn,
          summary: input.summary || null,
          recordedBy: ctx.actor.id,
          recordedAt: iso(ctx.now),
        })
        .run();
      auditByActor(tx, ctx, {
        action: "plan.consultation_closed",
        entityType: "plan_version",
        entityId: v.id,
        after: { closedOn: input.closedOn, summary: input.summary, comments: comments.length },
      });
    },
    { behavior: "immediate" },
  );
}

/** Action statuses as tracked (over the document's own status, which is the plan's starting point). */
export function actionStatuses(
  ctx: ServiceContext,
  planId: number,
  content: PlanContent,
): Record<string, PlanContent["actions"][number]["status"]> {
  const rows = ctx.db.select().from(planActionProgress).where(eq(planActionProgress.planId, planId)).all();
  return Object.fromEntries(
    content.actions.map((a) => [a.id, rows.find((r) => r.actionId === a.id)?.status ?? a.status]),
  );
}

/** Records an action's progress; allowed in every stage (an adopted plan is implemented). */
export function setActionStatus(
  ctx: ServiceContext,
  planId: number,
  input: { actionId: string; status: PlanContent["actions"][number]["status"] },
) {
  const { country } = findPlan(ctx, planId);
  const content = latestContent(ctx, planId);
  if (!content.actions.some((a) => a.id === input.actionId))
    throw new AppError("validation", "plans.errors.unknownAction");
  ctx.db.transaction(
    (tx) => {
      const before = tx
        .select()
        .from(planActionProgress)
        .where(and(eq(planActionProgress.planId, planId), eq(planActionProgress.actionId, input.actionId)))
        .get();
      const values = { status: input.status, changedOn: areaToday(ctx, country), changedBy: ctx.actor.id };
      if (before) updateVersioned(tx, planActionProgress, before.id, before.version, values);
      else
        tx.insert(planActionProgress)
          .values({ planId, actionId: input.actionId, ...values })
          .run();
      auditByActor(tx, ctx, {
        action: "plan.action_status",
        entityType: "plan_action",
        entityId: `${planId}:${input.actionId}`,
        before: { status: before?.status ?? null },
        after: { status: input.status },
      });
    },
    { behavior: "immediate" },
  );
}

function latestContent(ctx: ServiceContext, planId: number): PlanContent {
  return ctx.db
    .select({ content: planVersions.content })
    .from(planVersions)
    .where(eq(planVersions.planId, planId))
    .orderBy(desc(planVersions.number))
    .limit(1)
    .get()!.content as PlanContent;
}
