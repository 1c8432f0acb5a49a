import { and, asc, eq, inArray, isNull, notInArray } from "drizzle-orm";
import type { Tx } from "#db/client";
import {
  documents,
  wgActionItems,
  wgMeetingAttendees,
  wgMeetingInvitees,
  wgMeetings,
  wgMembers,
  type WgActionItem,
  type WgItemState,
} from "#db/schema";
import { COUNTRY_TIME_ZONE } from "#db/schema/enums";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor } from "#app/modules/audit/service.server";
import { meetingDocumentCounts } from "#app/modules/documents/service.server";
import { findPlan, getPlanVersion } from "./service.server";

/**
 * The working group of a plan (decision 037): members; meetings scheduled ahead (date, place,
 * agenda, invited members) and then recorded as held (attendance, minutes, decisions, documents);
 * action items with an owner, a due date and a state. Every change is scoped to a plan the user
 * may see, versioned (a second writer is told) and audited.
 */

const CLOSED_ITEM_STATES: readonly WgItemState[] = ["done", "cancelled"];
/** Late: not done or cancelled, and due before today. */
export const isLate = (i: Pick<WgActionItem, "state" | "dueOn">, today: string) =>
  !CLOSED_ITEM_STATES.includes(i.state) && i.dueOn < today;

function planToday(ctx: ServiceContext, planId: number) {
  const { plan, country } = findPlan(ctx, planId);
  return { plan, today: localDate(ctx.now, COUNTRY_TIME_ZONE[country]) };
}

export function workingGroup(ctx: ServiceContext, planId: number) {
  const { plan, today } = planToday(ctx, planId);
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
    .orderBy(asc(wgMeetings.heldOn), asc(wgMeetings.id))
    .all();
  const ids = meetings.map((m) => m.id);
  const attendees = ids.length
    ? ctx.db.select().from(wgMeetingAttendees).where(inArray(wgMeetingAttendees.meetingId, ids)).all()
    : [];
  const invitees = ids.length
    ? ctx.db.select().from(wgMeetingInvitees).where(inArray(wgMeetingInvitees.meetingId, ids)).all()
    : [];
  const items = ctx.db
    .select()
    .from(wgActionItems)
    .where(eq(wgActionItems.planId, planId))
    .orderBy(asc(wgActionItems.dueOn), asc(wgActionItems.id))
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
      inviteeIds: invitees.filter((a) => a.meetingId === m.id).map((a) => a.memberId),
      documents: documentCounts[m.id] ?? 0,
    })),
    items: items.map((i) => ({ ...i, overdue: isLate(i, today) })),
    actions,
  };
}
export type WorkingGroup = ReturnType<typeof workingGroup>;

/** One meeting of the group, with its action items (for its own page). */
export function meetingDetails(ctx: ServiceContext, planId: number, meetingId: number) {
  const g = workingGroup(ctx, planId);
  const meeting = g.meetings.find((m) => m.id === meetingId);
  if (!meeting) throw new AppError("not_found", "errors.notFound.body");
  return {
    today: g.today,
    members: g.members,
    meeting,
    items: g.items.filter((i) => i.meetingId === meetingId),
  };
}

/** The late action items of a plan (plan page, dashboard), with their owner's name. */
export function lateActionItems(ctx: ServiceContext, planId: number) {
  const { today } = planToday(ctx, planId);
  return ctx.db
    .select({ id: wgActionItems.id, title: wgActionItems.title, dueOn: wgActionItems.dueOn, owner: wgMembers.name })
    .from(wgActionItems)
    .leftJoin(wgMembers, eq(wgMembers.id, wgActionItems.ownerMemberId))
    .where(and(eq(wgActionItems.planId, planId), notInArray(wgActionItems.state, [...CLOSED_ITEM_STATES])))
    .orderBy(asc(wgActionItems.dueOn))
    .all()
    .filter((i) => i.dueOn < today);
}

// ---------- members ----------

interface MemberInput {
  name: string;
  organisation: string;
  roleInGroup: string;
  contact: string;
}

export function addMember(ctx: ServiceContext, planId: number, input: MemberInput) {
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

function ownMember(tx: Tx, planId: number, memberId: number) {
  const m = tx
    .select()
    .from(wgMembers)
    .where(and(eq(wgMembers.id, memberId), eq(wgMembers.planId, planId)))
    .get();
  if (!m) throw new AppError("not_found", "errors.notFound.body");
  return m;
}

export function updateMember(
  ctx: ServiceContext,
  planId: number,
  input: MemberInput & { memberId: number; version: number },
) {
  findPlan(ctx, planId);
  ctx.db.transaction(
    (tx) => {
      const m = ownMember(tx, planId, input.memberId);
      const set = {
        name: input.name,
        organisation: input.organisation,
        roleInGroup: input.roleInGroup,
        contact: input.contact || null,
      };
      updateVersioned(tx, wgMembers, m.id, input.version, set);
      auditByActor(tx, ctx, {
        action: "working_group.member_updated",
        entityType: "wg_member",
        entityId: m.id,
        before: { name: m.name, organisation: m.organisation, roleInGroup: m.roleInGroup, contact: m.contact },
        after: set,
      });
    },
    { behavior: "immediate" },
  );
}

/** A member who attended a meeting or owns an action item stays (the minutes and items name them). */
export function removeMember(ctx: ServiceContext, planId: number, input: { memberId: number; version: number }) {
  findPlan(ctx, planId);
  ctx.db.transaction(
    (tx) => {
      const m = ownMember(tx, planId, input.memberId);
      if (m.version !== input.version) throw new AppError("conflict", "errors.conflict");
      const attended = tx
        .select({ id: wgMeetingAttendees.meetingId })
        .from(wgMeetingAttendees)
        .where(eq(wgMeetingAttendees.memberId, m.id))
        .get();
      const owns = tx
        .select({ id: wgActionItems.id })
        .from(wgActionItems)
        .where(eq(wgActionItems.ownerMemberId, m.id))
        .get();
      if (attended || owns) throw new AppError("validation", "plans.group.errors.memberInUse", { name: m.name });
      tx.delete(wgMembers).where(eq(wgMembers.id, m.id)).run();
      auditByActor(tx, ctx, {
        action: "working_group.member_removed",
        entityType: "wg_member",
        entityId: m.id,
        before: { name: m.name, organisation: m.organisation, roleInGroup: m.roleInGroup, contact: m.contact },
      });
    },
    { behavior: "immediate" },
  );
}

// ---------- meetings ----------

/** Every id is a member of this plan's group. */
function checkMembers(tx: Tx, planId: number, memberIds: number[]): number[] {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return ids;
  const found = tx
    .select({ id: wgMembers.id })
    .from(wgMembers)
    .where(and(eq(wgMembers.planId, planId), inArray(wgMembers.id, ids)))
    .all();
  if (found.length !== ids.length) throw new AppError("validation", "plans.group.errors.notMember");
  return ids;
}

function setPeople(
  tx: Tx,
  table: typeof wgMeetingAttendees | typeof wgMeetingInvitees,
  meetingId: number,
  ids: number[],
) {
  tx.delete(table).where(eq(table.meetingId, meetingId)).run();
  for (const memberId of ids) tx.insert(table).values({ meetingId, memberId }).run();
}

const notInFutureHeld = (on: string, today: string) => {
  if (on > today)
    throw new AppError(
      "validation",
      "plans.group.errors.notYetHeld",
      { field: "t:plans.group.heldOn" },
      { field: "heldOn" },
    );
};

/** A meeting recorded after it happened (held at once): attendees, minutes, decisions. */
export function addMeeting(
  ctx: ServiceContext,
  planId: number,
  input: { heldOn: string; place?: string; agenda: string; minutes: string; decisions: string; memberIds: number[] },
) {
  const { today } = planToday(ctx, planId);
  notInFutureHeld(input.heldOn, today);
  ctx.db.transaction(
    (tx) => {
      const ids = checkMembers(tx, planId, input.memberIds);
      const id = tx
        .insert(wgMeetings)
        .values({
          planId,
          heldOn: input.heldOn,
          place: input.place || null,
          held: true,
          agenda: input.agenda || null,
          minutes: input.minutes || null,
          decisions: input.decisions || null,
        })
        .returning({ id: wgMeetings.id })
        .get().id;
      setPeople(tx, wgMeetingAttendees, id, ids);
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

interface ScheduleInput {
  heldOn: string;
  place: string;
  agenda: string;
  inviteeIds: number[];
}

/** A meeting planned ahead (any date, also in the future), with the members invited. */
export function scheduleMeeting(ctx: ServiceContext, planId: number, input: ScheduleInput): number {
  findPlan(ctx, planId);
  return ctx.db.transaction(
    (tx) => {
      const ids = checkMembers(tx, planId, input.inviteeIds);
      const id = tx
        .insert(wgMeetings)
        .values({ planId, heldOn: input.heldOn, place: input.place || null, agenda: input.agenda || null, held: false })
        .returning({ id: wgMeetings.id })
        .get().id;
      setPeople(tx, wgMeetingInvitees, id, ids);
      auditByActor(tx, ctx, {
        action: "working_group.meeting_scheduled",
        entityType: "wg_meeting",
        entityId: id,
        after: { ...input, inviteeIds: ids },
      });
      return id;
    },
    { behavior: "immediate" },
  );
}

function ownMeeting(tx: Tx, planId: number, meetingId: number) {
  const m = tx
    .select()
    .from(wgMeetings)
    .where(and(eq(wgMeetings.id, meetingId), eq(wgMeetings.planId, planId)))
    .get();
  if (!m) throw new AppError("not_found", "errors.notFound.body");
  return m;
}

const peopleOf = (tx: Tx, table: typeof wgMeetingAttendees | typeof wgMeetingInvitees, meetingId: number) =>
  tx
    .select({ id: table.memberId })
    .from(table)
    .where(eq(table.meetingId, meetingId))
    .all()
    .map((r) => r.id);

/** Changes the date, place, agenda and invitations; a held meeting's date stays not in the future. */
export function updateMeeting(
  ctx: ServiceContext,
  planId: number,
  input: ScheduleInput & { meetingId: number; version: number },
) {
  const { today } = planToday(ctx, planId);
  ctx.db.transaction(
    (tx) => {
      const m = ownMeeting(tx, planId, input.meetingId);
      if (m.held) notInFutureHeld(input.heldOn, today);
      const ids = checkMembers(tx, planId, input.inviteeIds);
      const before = {
        heldOn: m.heldOn,
        place: m.place,
        agenda: m.agenda,
        inviteeIds: peopleOf(tx, wgMeetingInvitees, m.id),
      };
      const set = { heldOn: input.heldOn, place: input.place || null, agenda: input.agenda || null };
      updateVersioned(tx, wgMeetings, m.id, input.version, set);
      setPeople(tx, wgMeetingInvitees, m.id, ids);
      auditByActor(tx, ctx, {
        action: "working_group.meeting_updated",
        entityType: "wg_meeting",
        entityId: m.id,
        before,
        after: { ...set, inviteeIds: ids },
      });
    },
    { behavior: "immediate" },
  );
}

/**
 * Records (or corrects) what happened at a meeting: the day it was held (not in the future: no
 * minutes before the meeting), who attended (members only, at least one), minutes, decisions.
 */
export function recordMeetingHeld(
  ctx: ServiceContext,
  planId: number,
  input: {
    meetingId: number;
    version: number;
    heldOn: string;
    memberIds: number[];
    minutes: string;
    decisions: string;
  },
) {
  const { today } = planToday(ctx, planId);
  notInFutureHeld(input.heldOn, today);
  ctx.db.transaction(
    (tx) => {
      const m = ownMeeting(tx, planId, input.meetingId);
      const ids = checkMembers(tx, planId, input.memberIds);
      if (ids.length === 0) throw new AppError("validation", "validation.chooseOne", undefined, { field: "memberIds" });
      const before = {
        held: m.held,
        heldOn: m.heldOn,
        minutes: m.minutes,
        decisions: m.decisions,
        memberIds: peopleOf(tx, wgMeetingAttendees, m.id),
      };
      const set = {
        held: true,
        heldOn: input.heldOn,
        minutes: input.minutes || null,
        decisions: input.decisions || null,
      };
      updateVersioned(tx, wgMeetings, m.id, input.version, set);
      setPeople(tx, wgMeetingAttendees, m.id, ids);
      auditByActor(tx, ctx, {
        action: "working_group.meeting_held",
        entityType: "wg_meeting",
        entityId: m.id,
        before,
        after: { ...set, memberIds: ids },
      });
    },
    { behavior: "immediate" },
  );
}

/** A meeting with documents stays (remove them first: their record of removal remains); its items keep, unlinked. */
export function removeMeeting(ctx: ServiceContext, planId: number, input: { meetingId: number; version: number }) {
  findPlan(ctx, planId);
  ctx.db.transaction(
    (tx) => {
      const m = ownMeeting(tx, planId, input.meetingId);
      if (m.version !== input.version) throw new AppError("conflict", "errors.conflict");
      const doc = tx
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.meetingId, m.id), isNull(documents.removedAt)))
        .get();
      if (doc) throw new AppError("validation", "plans.group.errors.meetingHasDocuments");
      const before = {
        heldOn: m.heldOn,
        place: m.place,
        held: m.held,
        agenda: m.agenda,
        minutes: m.minutes,
        decisions: m.decisions,
        memberIds: peopleOf(tx, wgMeetingAttendees, m.id),
        inviteeIds: peopleOf(tx, wgMeetingInvitees, m.id),
      };
      tx.delete(wgMeetings).where(eq(wgMeetings.id, m.id)).run();
      auditByActor(tx, ctx, {
        action: "working_group.meeting_removed",
        entityType: "wg_meeting",
        entityId: m.id,
        before,
      });
    },
    { behavior: "immediate" },
  );
}

// ---------- action items ----------

interface ItemInput {
  title: string;
  ownerMemberId: number;
  dueOn: string;
  planActionId: string;
  meetingId?: number | null;
}

function checkItemLinks(ctx: ServiceContext, tx: Tx, planId: number, input: ItemInput) {
  const actions = getPlanVersion(ctx, planId).version.content.actions;
  if (input.planActionId && !actions.some((a) => a.id === input.planActionId))
    throw new AppError("validation", "plans.errors.unknownAction");
  checkMembers(tx, planId, [input.ownerMemberId]);
  if (input.meetingId) ownMeeting(tx, planId, input.meetingId);
}

/** An action item: its owner is a member of the group (required), optionally from a meeting and for an action of the plan. */
export function addActionItem(ctx: ServiceContext, planId: number, input: ItemInput) {
  findPlan(ctx, planId);
  ctx.db.transaction(
    (tx) => {
      checkItemLinks(ctx, tx, planId, input);
      const id = tx
        .insert(wgActionItems)
        .values({ planId, ...input, state: "open", planActionId: input.planActionId || null })
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

function ownItem(tx: Tx, planId: number, itemId: number) {
  const item = tx
    .select()
    .from(wgActionItems)
    .where(and(eq(wgActionItems.id, itemId), eq(wgActionItems.planId, planId)))
    .get();
  if (!item) throw new AppError("not_found", "errors.notFound.body");
  return item;
}

const itemBefore = (i: WgActionItem) => ({
  title: i.title,
  ownerMemberId: i.ownerMemberId,
  dueOn: i.dueOn,
  state: i.state,
  doneOn: i.doneOn,
  planActionId: i.planActionId,
  meetingId: i.meetingId,
});

/** Edits an item; "done" needs the day it was done (not in the future), other states have none. */
export function updateActionItem(
  ctx: ServiceContext,
  planId: number,
  input: ItemInput & { itemId: number; version: number; state: WgItemState; doneOn: string | null },
) {
  const { today } = planToday(ctx, planId);
  if (input.state === "done" && !input.doneOn)
    throw new AppError("validation", "validation.required", undefined, { field: "doneOn" });
  if (input.state === "done" && input.doneOn! > today)
    throw new AppError("validation", "validation.notInFuture", { field: "t:plans.group.doneOn" }, { field: "doneOn" });
  ctx.db.transaction(
    (tx) => {
      const item = ownItem(tx, planId, input.itemId);
      checkItemLinks(ctx, tx, planId, input);
      const set = {
        title: input.title,
        ownerMemberId: input.ownerMemberId,
        dueOn: input.dueOn,
        state: input.state,
        doneOn: input.state === "done" ? input.doneOn : null,
        planActionId: input.planActionId || null,
        meetingId: input.meetingId ?? null,
      };
      updateVersioned(tx, wgActionItems, item.id, input.version, set);
      auditByActor(tx, ctx, {
        action: "working_group.item_updated",
        entityType: "wg_action_item",
        entityId: item.id,
        before: itemBefore(item),
        after: set,
      });
    },
    { behavior: "immediate" },
  );
}

export function removeActionItem(ctx: ServiceContext, planId: number, input: { itemId: number; version: number }) {
  findPlan(ctx, planId);
  ctx.db.transaction(
    (tx) => {
      const item = ownItem(tx, planId, input.itemId);
      if (item.version !== input.version) throw new AppError("conflict", "errors.conflict");
      tx.delete(wgActionItems).where(eq(wgActionItems.id, item.id)).run();
      auditByActor(tx, ctx, {
        action: "working_group.item_removed",
        entityType: "wg_action_item",
        entityId: item.id,
        before: itemBefore(item),
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
  const { today } = planToday(ctx, planId);
  if (input.doneOn > today)
    throw new AppError("validation", "validation.notInFuture", { field: "t:plans.group.doneOn" }, { field: "doneOn" });
  ctx.db.transaction(
    (tx) => {
      const item = ownItem(tx, planId, input.itemId);
      updateVersioned(tx, wgActionItems, item.id, input.version, { doneOn: input.doneOn, state: "done" });
      auditByActor(tx, ctx, {
        action: "working_group.item_done",
        entityType: "wg_action_item",
        entityId: item.id,
        before: { doneOn: item.doneOn, state: item.state },
        after: { doneOn: input.doneOn, state: "done" },
      });
    },
    { behavior: "immediate" },
  );
}
