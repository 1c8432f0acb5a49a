import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { WG_ITEM_STATES } from "./enums";
import { plans } from "./plans";

const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** The working group that drafts and follows a plan. */
export const wgMembers = sqliteTable(
  "wg_members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    organisation: text("organisation").notNull(),
    roleInGroup: text("role_in_group").notNull(),
    contact: text("contact"),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("wg_members_plan_idx").on(t.planId)],
);

export const wgMeetings = sqliteTable(
  "wg_meetings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    /** The meeting's day: planned while it is scheduled, the day it was held once recorded as held. */
    heldOn: text("held_on").notNull(),
    place: text("place"),
    /** False while scheduled (decision 037); attendance, minutes and decisions only once held. */
    held: integer("held", { mode: "boolean" }).notNull().default(true),
    agenda: text("agenda"),
    minutes: text("minutes"),
    decisions: text("decisions"),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("wg_meetings_plan_idx").on(t.planId, t.heldOn)],
);

export const wgMeetingAttendees = sqliteTable(
  "wg_meeting_attendees",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => wgMeetings.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => wgMembers.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] })],
);

/** The members invited to a meeting (before it is held; who came is in wg_meeting_attendees). */
export const wgMeetingInvitees = sqliteTable(
  "wg_meeting_invitees",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => wgMeetings.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => wgMembers.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] })],
);

/** Action items of the group, optionally linked to an action of the plan (by its item id). */
export const wgActionItems = sqliteTable(
  "wg_action_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    ownerMemberId: integer("owner_member_id").references(() => wgMembers.id, { onDelete: "set null" }),
    dueOn: text("due_on").notNull(),
    doneOn: text("done_on"),
    state: text("state", { enum: WG_ITEM_STATES }).notNull().default("open"),
    /** The meeting that decided it, if any. */
    meetingId: integer("meeting_id").references(() => wgMeetings.id, { onDelete: "set null" }),
    planActionId: text("plan_action_id"),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("wg_action_items_plan_idx").on(t.planId, t.dueOn)],
);

export type WgMember = typeof wgMembers.$inferSelect;
export type WgMeeting = typeof wgMeetings.$inferSelect;
export type WgActionItem = typeof wgActionItems.$inferSelect;
