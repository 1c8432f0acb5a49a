// Shared `as const` enumerations: used by the drizzle columns and by zod schemas alike.

export const COUNTRIES = ["PL", "BG"] as const;
export type Country = (typeof COUNTRIES)[number];

export const ROLES = ["admin", "working_group", "case_worker", "grant_manager", "monitoring"] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ["active", "disabled"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const LOCALES = ["en", "pl", "bg"] as const;
export type Locale = (typeof LOCALES)[number];

/** Territorial level of a plan area: PL gmina / powiat, BG община / област. */
export const MUNICIPALITY_KINDS = ["gmina", "powiat", "obshtina", "oblast"] as const;
export type MunicipalityKind = (typeof MUNICIPALITY_KINDS)[number];

/** The country each territorial level belongs to: a plan area's kind must be one of its country's. */
export const MUNICIPALITY_KIND_COUNTRY: Record<MunicipalityKind, Country> = {
  gmina: "PL",
  powiat: "PL",
  obshtina: "BG",
  oblast: "BG",
};

/**
 * residential_care_home: a DPS (Dom Pomocy Społecznej) or a Bulgarian специализирана институция.
 * community_service_unit: a provider of community services that employs retrained staff
 * (e.g. the Tutrakan unit for hourly home services, seed 000).
 */
export const INSTITUTION_KINDS = ["residential_care_home", "community_service_unit"] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const TIME_ZONES = ["Europe/Warsaw", "Europe/Sofia"] as const;
export type TimeZone = (typeof TIME_ZONES)[number];

/** The country of each time zone: an institution's zone must be one of its country's. */
export const TIME_ZONE_COUNTRY: Record<TimeZone, Country> = {
  "Europe/Warsaw": "PL",
  "Europe/Sofia": "BG",
};

/** Sex as ESF+ monitoring reports it. */
export const SEXES = ["female", "male", "non_binary"] as const;
export type Sex = (typeof SEXES)[number];

export const TARGET_GROUPS = ["older_person", "person_with_disability", "mental_health_crisis"] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

/** Disability status (special-category data). */
export const DISABILITY_STATUSES = ["yes", "no", "not_disclosed"] as const;
export type DisabilityStatus = (typeof DISABILITY_STATUSES)[number];

/**
 * full: the resident consents alone; partial: kurator / попечител, consent given together;
 * none: opiekun prawny / настойник, the guardian consents.
 */
export const LEGAL_CAPACITIES = ["full", "partial", "none"] as const;
export type LegalCapacity = (typeof LEGAL_CAPACITIES)[number];

export const CONSENT_GIVERS = ["resident", "resident_with_curator", "guardian"] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export const LIFE_DOMAINS = [
  "self_care",
  "health",
  "household",
  "mobility",
  "communication",
  "social_relations",
  "daytime_activity",
  "finances",
  "safety",
] as const;
export type LifeDomain = (typeof LIFE_DOMAINS)[number];

export const SUPPORT_INTENSITIES = ["none", "intermittent", "limited", "extensive", "pervasive"] as const;
export type SupportIntensity = (typeof SUPPORT_INTENSITIES)[number];

export const OPERATOR_KINDS = ["municipality", "county", "ngo", "other"] as const;
export type OperatorKind = (typeof OPERATOR_KINDS)[number];

export const HOUSING_UNIT_STATUSES = ["planned", "open", "closed"] as const;
export type HousingUnitStatus = (typeof HOUSING_UNIT_STATUSES)[number];

/** reserved → active (the move) → ended; or reserved → cancelled. */
export const PLACEMENT_STATUSES = ["reserved", "active", "ended", "cancelled"] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];

export const PLAN_STATUSES = ["draft", "approved"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Months after the move at which follow-up visits are scheduled. */
export const FOLLOW_UP_MONTHS = [1, 3, 6, 12] as const;

/** Competence areas of retraining for community services. */
export const COMPETENCE_AREAS = [
  "supported_living",
  "personal_assistance",
  "home_care",
  "person_centred_planning",
  "mental_health_support",
  "case_management",
] as const;
export type CompetenceArea = (typeof COMPETENCE_AREAS)[number];

export const ENROLMENT_STATES = ["enrolled", "in_progress", "completed", "dropped"] as const;
export type EnrolmentState = (typeof ENROLMENT_STATES)[number];

/** Supervision and psychological-support sessions (seed 000 describes monthly ones). */
export const SUPPORT_SESSION_KINDS = ["supervision", "psychological_support"] as const;
export type SupportSessionKind = (typeof SUPPORT_SESSION_KINDS)[number];

export const READINESS_SUBJECTS = ["housing", "service"] as const;

/** Indicators of docs/counting-rules.md; plan milestones and grant targets use these codes. */
export const INDICATOR_CODES = [
  "RES_COVERED",
  "RES_MOVED",
  "RES_RETURNED",
  "STAFF_SUPPORTED",
  "STAFF_TO_COMMUNITY",
  "PLACES_CREATED",
  "IN_SERVICES",
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

/** The time zone of each country's calendar dates (plan areas have no zone of their own). */
export const COUNTRY_TIME_ZONE: Record<Country, TimeZone> = { PL: "Europe/Warsaw", BG: "Europe/Sofia" };

/**
 * Age groups by the grant's programme (docs/counting-rules.md): ESF+ 2021–2027 reports under 18, 18–29,
 * 30–54, 55 and over; POWER / OP HRD 2014–2020 under 25, 25–54, over 54.
 */
export const AGE_SCHEMES = ["esf_plus_2021_2027", "esf_2014_2020"] as const;
export type AgeScheme = (typeof AGE_SCHEMES)[number];

/** What an indicator counts: persons, or places in housing. */
export const INDICATOR_UNITS = ["persons", "places"] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/** Currencies of the programmes' contracts (ISO 4217). */
export const CURRENCIES = ["PLN", "BGN", "EUR", "CZK", "HUF", "RON"] as const;
export type Currency = (typeof CURRENCIES)[number];

/**
 * Kinds of uploaded documents: the signed consent, the court decision on legal capacity, the
 * referral decision (PL skierowanie / decyzja o skierowaniu; BG направление) of a resident, and the
 * minutes of a working group's meeting.
 */
export const RESIDENT_DOCUMENT_KINDS = ["consent", "legal_capacity_decision", "referral_decision"] as const;
export const MEETING_DOCUMENT_KINDS = ["meeting_minutes"] as const;
export const DOCUMENT_KINDS = [...RESIDENT_DOCUMENT_KINDS, ...MEETING_DOCUMENT_KINDS] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
