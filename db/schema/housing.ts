import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { HOUSING_UNIT_STATUSES, OPERATOR_KINDS, PLACEMENT_STATUSES } from "./enums";
import { institutions } from "./institutions";
import { transitions } from "./transitions";

/** Supported / protected housing. `institutionId`: the institution whose residents it serves (scope). */
export const housingUnits = sqliteTable(
  "housing_units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    /** Code from the per-country housing catalogue (app/modules/catalogues). */
    housingType: text("housing_type").notNull(),
    name: text("name").notNull(),
    address: text("address").notNull(),
    operatorName: text("operator_name").notNull(),
    operatorKind: text("operator_kind", { enum: OPERATOR_KINDS }).notNull(),
    capacity: integer("capacity").notNull(),
    /** BG: the national map's "maximum funded users", which is not the number of places. */
    maxFundedUsers: integer("max_funded_users"),
    openedOn: text("opened_on"),
    /** Capacity on the opening date: PLACES_CREATED counts it, whatever the capacity is later. */
    capacityAtOpening: integer("capacity_at_opening"),
    status: text("status", { enum: HOUSING_UNIT_STATUSES }).notNull().default("planned"),
    /** A unit on the premises of a DPS (EU funds may not create one there). */
    onInstitutionPremises: integer("on_institution_premises", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("housing_units_institution_idx").on(t.institutionId)],
);

/**
 * A place in a housing unit taken by one resident: reserved, then active from the move, then
 * ended; or cancelled. Reserved + active placements of a unit never exceed its capacity.
 */
export const placements = sqliteTable(
  "placements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    transitionId: integer("transition_id")
      .notNull()
      .references(() => transitions.id, { onDelete: "cascade" }),
    housingUnitId: integer("housing_unit_id")
      .notNull()
      .references(() => housingUnits.id, { onDelete: "restrict" }),
    status: text("status", { enum: PLACEMENT_STATUSES }).notNull(),
    reservedOn: text("reserved_on").notNull(),
    plannedMoveOn: text("planned_move_on"),
    /**
     * "Held until" (PL "rezerwacja ważna do", BG "резервацията е валидна до"): the last day the
     * place is held for the resident; null when the reservation names none. A passed date does not
     * free the place (decision 047): the reservation is shown as expired and the key worker gets a task.
     */
    expiresOn: text("expires_on"),
    movedInOn: text("moved_in_on"),
    endedOn: text("ended_on"),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("placements_unit_status_idx").on(t.housingUnitId, t.status),
    index("placements_transition_idx").on(t.transitionId, t.status),
  ],
);

export type HousingUnit = typeof housingUnits.$inferSelect;
export type Placement = typeof placements.$inferSelect;
