// Shared `as const` enumerations: used by the drizzle columns and by zod schemas alike.

export const COUNTRIES = ["PL", "BG"] as const;
export type Country = (typeof COUNTRIES)[number];

export const ROLES = ["admin", "working_group", "case_worker", "grant_manager"] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ["active", "disabled"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const LOCALES = ["en", "pl", "bg"] as const;
export type Locale = (typeof LOCALES)[number];

/** Territorial level of a plan area: PL gmina / powiat, BG община / област. */
export const MUNICIPALITY_KINDS = ["gmina", "powiat", "obshtina", "oblast"] as const;
export type MunicipalityKind = (typeof MUNICIPALITY_KINDS)[number];

/**
 * residential_care_home: a DPS (Dom Pomocy Społecznej) or a Bulgarian специализирана институция.
 * community_service_unit: a provider of community services that employs retrained staff
 * (e.g. the Tutrakan unit for hourly home services, seed 000).
 */
export const INSTITUTION_KINDS = ["residential_care_home", "community_service_unit"] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const TIME_ZONES = ["Europe/Warsaw", "Europe/Sofia"] as const;
export type TimeZone = (typeof TIME_ZONES)[number];
