import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
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
    heldOn: text("held_on").notNull(),
    agenda: text("agenda"),
    minutes: text("minutes"),
    decisions: text("decisions"),
    createdAt: createdAt(),
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
    planActionId: text("plan_action_id"),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("wg_action_items_plan_idx").on(t.planId, t.dueOn)],
);

export type WgMember = typeof wgMembers.$inferSelect;
export type WgMeeting = typeof wgMeetings.$inferSelect;
export type WgActionItem = typeof wgActionItems.$inferSelect;
