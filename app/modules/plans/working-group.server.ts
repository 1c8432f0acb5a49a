import { and, asc, eq, inArray } from "drizzle-orm";
import { wgActionItems, wgMeetingAttendees, wgMeetings, wgMembers } from "../../../db/schema";
import { COUNTRY_TIME_ZONE } from "../../../db/schema/enums";
import type { ServiceContext } from "../../utils/context.server";
import { localDate } from "../../utils/dates";
import { AppError } from "../../utils/errors";
import { updateVersioned } from "../../utils/versioned.server";
import { auditByActor } from "../audit/service.server";
import { meetingDocumentCounts } from "../documents/service.server";
import { findPlan, getPlanVersion } from "./service.server";

/** The working group of a plan: members, meetings with attendees, action items (overdue flagged). */
export function workingGroup(ctx: ServiceContext, planId: number) {
  const { plan, country } = findPlan(ctx, planId);
  const today = localDate(ctx.now, COUNTRY_TIME_ZONE[country]);
  const members = ctx.db
    .select()
    .from(wgMembers)
    .where(eq(wgMembers.planId, planId))
    .orderBy(asc(wgMembers.name))
    .all();
  const meetings = ctx.db
    .select()
    .from(wgMeetings)
    .where(eq(wgMeetings.planId, planId))
    .orderBy(asc(wgMeetings.heldOn))
    .all();
  const attendees = meetings.length
    ? ctx.db
        .select()
        .from(wgMeetingAttendees)
        .where(
          inArray(
            wgMeetingAttendees.meetingId,
            meetings.map((m) => m.id),
          ),
        )
        .all()
    : [];
  const items = ctx.db
    .select()
    .from(wgActionItems)
    .where(eq(wgActionItems.planId, planId))
    .orderBy(asc(wgActionItems.dueOn))
    .all();
  const documentCounts = meetingDocumentCounts(ctx.db, planId);
  const actions = getPlanVersion(ctx, planId).version.content.actions.map((a) => ({ id: a.id, title: a.title }));
  return {
    plan,
    today,
    members,
    meetings: meetings.map((m) => ({
      ...m,
      memberIds: attendees.filter((a) => a.meetingId === m.id).map((a) => a.memberId),
      documents: documentCounts[m.id] ?? 0,
    })),
    items: items.map((i) => ({ ...i, overdue: !i.doneOn && i.dueOn < today })),
    actions,
  };
}

export function addMember(
  ctx: ServiceContext,
  planId: number,
  input: { name: string; organisation: string; roleInGroup: string; contact: string },
) {
  findPlan(ctx, planId);
  ctx.db.transaction(
    (tx) => {
      const id = tx
        .insert(wgMembers)
        .values({ planId, ...input, contact: input.contact || null })
        .returning({ id: wgMembers.id })
        .get().id;
      auditByActor(tx, ctx, {
        action: "working_group.member_added",
        entityType: "wg_member",
        entityId: id,
        after: input,
      });
    },
    { behavior: "immediate" },
  );
}

/** A meeting; every attendee must be a member of this plan's group. */
export function addMeeting(
  ctx: ServiceContext,
  planId: number,
  input: { heldOn: string; agenda: string; minutes: string; decisions: string; memberIds: number[] },
) {
  const { country } = findPlan(ctx, planId);
  if (input.heldOn > localDate(ctx.now, COUNTRY_TIME_ZONE[country]))
    throw new AppError("validation", "validation.notInFuture", { field: "t:plans.group.heldOn" }, { field: "heldOn" });
  const ids = [...new Set(input.memberIds)];
  ctx.db.transaction(
    (tx) => {
      const found = tx
        .select({ id: wgMembers.id })
        .from(wgMembers)
        .where(and(eq(wgMembers.planId, planId), inArray(wgMembers.id, ids)))
        .all();
      if (found.length !== ids.length) throw new AppError("validation", "plans.group.errors.notMember");
      const id = tx
        .insert(wgMeetings)
        .values({
          planId,
          heldOn: input.heldOn,
          agenda: input.agenda || null,
          minutes: input.minutes || null,
          decisions: input.decisions || null,
        })
        .returning({ id: wgMeetings.id })
        .get().id;
      for (const memberId of ids) tx.insert(wgMeetingAttendees).values({ meetingId: id, memberId }).run();
      auditByActor(tx, ctx, {
        action: "working_group.meeting_recorded",
        entityType: "wg_meeting",
        entityId: id,
        after: { ...input, memberIds: ids },
      });
    },
    { behavior: "immediate" },
  );
}

export function addActionItem(
  ctx: ServiceContext,
  planId: number,
  input: { title: string; ownerMemberId: number | null; dueOn: string; planActionId: string },
) {
  findPlan(ctx, planId);
  const actions = getPlanVersion(ctx, planId).version.content.actions;
  if (input.planActionId && !actions.some((a) => a.id === input.planActionId))
    throw new AppError("validation", "plans.errors.unknownAction");
  ctx.db.transaction(
    (tx) => {
      if (input.ownerMemberId) {
        const m = tx
          .select({ id: wgMembers.id })
          .from(wgMembers)
          .where(and(eq(wgMembers.id, input.ownerMemberId), eq(wgMembers.planId, planId)))
          .get();
        if (!m) throw new AppError("validation", "plans.group.errors.notMember");
      }
      const id = tx
        .insert(wgActionItems)
        .values({ planId, ...input, planActionId: input.planActionId || null })
        .returning({ id: wgActionItems.id })
        .get().id;
      auditByActor(tx, ctx, {
        action: "working_group.item_added",
        entityType: "wg_action_item",
        entityId: id,
        after: input,
      });
    },
    { behavior: "immediate" },
  );
}

export function markItemDone(
  ctx: ServiceContext,
  planId: number,
  input: { itemId: number; version: number; doneOn: string },
) {
  const { country } = findPlan(ctx, planId);
  if (input.doneOn > localDate(ctx.now, COUNTRY_TIME_ZONE[country]))
    throw new AppError("validation", "validation.notInFuture", { field: "t:plans.group.doneOn" }, { field: "doneOn" });
  ctx.db.transaction(
    (tx) => {
      const item = tx
        .select()
        .from(wgActionItems)
        .where(and(eq(wgActionItems.id, input.itemId), eq(wgActionItems.planId, planId)))
        .get();
      if (!item) throw new AppError("not_found", "errors.notFound.body");
      updateVersioned(tx, wgActionItems, item.id, input.version, { doneOn: input.doneOn });
      auditByActor(tx, ctx, {
        action: "working_group.item_done",
        entityType: "wg_action_item",
        entityId: item.id,
        before: { doneOn: item.doneOn },
        after: { doneOn: input.doneOn },
      });
    },
    { behavior: "immediate" },
  );
}
