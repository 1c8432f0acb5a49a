/**
 * The columns of the resident history import as the page needs them: the list, their names'
 * translation keys and their accepted values. Not server-only (the import page's config uses them
 * at module level); no zod, no database.
 */

import { LIFE_DOMAINS } from "#db/schema/enums";

/** The resident import's columns, first in the file (residents.server checks they stay equal). */
export const RESIDENT_FIELDS_OF_HISTORY = [
  "firstName",
  "lastName",
  "sex",
  "dateOfBirth",
  "targetGroup",
  "disability",
  "legalCapacity",
  "guardianName",
  "guardianContact",
  "guardianDecision",
  "admissionDate",
  "supportNeeds",
] as const;

export const HISTORY_DATE_FIELDS = [
  "openedOn",
  "assessmentStartedOn",
  "assessmentCompletedOn",
  "planWrittenOn",
  "planApprovedOn",
  "consentGivenOn",
  "reservedOn",
  "reservationExpiresOn",
  "movedOn",
  "serviceStartOn",
  "serviceEndOn",
  "returnedOn",
  "withdrawnOn",
  "diedOn",
] as const;

/** One column per life domain of a needs assessment. */
export const DOMAIN_FIELDS = LIFE_DOMAINS.map((d) => `domain_${d}` as const);

/** Every column, in template order: the resident, then what happened, in the order it happens. */
export const RESIDENT_HISTORY_FIELDS = [
  ...RESIDENT_FIELDS_OF_HISTORY,
  "openedOn",
  "assessmentStartedOn",
  "assessmentCompletedOn",
  "assessmentCompletedBy",
  "supportIntensity",
  "domain_self_care",
  "domain_health",
  "domain_household",
  "domain_mobility",
  "domain_communication",
  "domain_social_relations",
  "domain_daytime_activity",
  "domain_finances",
  "domain_safety",
  "planWrittenOn",
  "planWrittenBy",
  "planGoals",
  "planApprovedOn",
  "planApprovedBy",
  "consentGivenOn",
  "consentGivenBy",
  "consentGuardian",
  "consentDocument",
  "unit",
  "reservedOn",
  "reservationExpiresOn",
  "movedOn",
  "serviceType",
  "serviceProvider",
  "serviceStartOn",
  "serviceEndOn",
  "serviceHours",
  "returnedOn",
  "withdrawnOn",
  "diedOn",
] as const;
export type ResidentHistoryField = (typeof RESIDENT_HISTORY_FIELDS)[number];
export type HistoryOnlyField = Exclude<ResidentHistoryField, (typeof RESIDENT_FIELDS_OF_HISTORY)[number]>;

/** The translation key of a field's name (the page's column help, and a row's errors). */
export function residentHistoryLabel(field: string): string {
  if (field.startsWith("domain_")) return `transitions.domains.${field.slice("domain_".length)}`;
  return (RESIDENT_FIELDS_OF_HISTORY as readonly string[]).includes(field)
    ? `residents.import.fields.${field}`
    : `history.residents.fields.${field}`;
}

/** Each column's accepted values (translation keys), for the page's help and the template's help sheet. */
export const RESIDENT_HISTORY_HELP: Record<ResidentHistoryField, string> = {
  firstName: "residents.import.help.text",
  lastName: "residents.import.help.text",
  sex: "residents.import.help.sex",
  dateOfBirth: "residents.import.help.date",
  targetGroup: "residents.import.help.targetGroup",
  disability: "residents.import.help.disability",
  legalCapacity: "residents.import.help.legalCapacity",
  guardianName: "residents.import.help.guardianName",
  guardianContact: "residents.import.help.text",
  guardianDecision: "residents.import.help.text",
  admissionDate: "residents.import.help.date",
  supportNeeds: "residents.import.help.text",
  openedOn: "history.residents.help.openedOn",
  assessmentStartedOn: "history.residents.help.assessmentStartedOn",
  assessmentCompletedOn: "history.help.factDate",
  assessmentCompletedBy: "history.help.person",
  supportIntensity: "history.residents.help.supportIntensity",
  domain_self_care: "history.residents.help.domain",
  domain_health: "history.residents.help.domain",
  domain_household: "history.residents.help.domain",
  domain_mobility: "history.residents.help.domain",
  domain_communication: "history.residents.help.domain",
  domain_social_relations: "history.residents.help.domain",
  domain_daytime_activity: "history.residents.help.domain",
  domain_finances: "history.residents.help.domain",
  domain_safety: "history.residents.help.domain",
  planWrittenOn: "history.help.factDate",
  planWrittenBy: "history.residents.help.planWrittenBy",
  planGoals: "residents.import.help.text",
  planApprovedOn: "history.residents.help.planApprovedOn",
  planApprovedBy: "history.help.person",
  consentGivenOn: "history.help.factDate",
  consentGivenBy: "history.residents.help.consentGivenBy",
  consentGuardian: "history.residents.help.consentGuardian",
  consentDocument: "residents.import.help.text",
  unit: "history.residents.help.unit",
  reservedOn: "history.help.factDate",
  reservationExpiresOn: "history.residents.help.reservationExpiresOn",
  movedOn: "history.residents.help.movedOn",
  serviceType: "history.help.serviceType",
  serviceProvider: "residents.import.help.text",
  serviceStartOn: "history.residents.help.serviceStartOn",
  serviceEndOn: "history.help.factDate",
  serviceHours: "history.residents.help.serviceHours",
  returnedOn: "history.residents.help.outcome",
  withdrawnOn: "history.residents.help.outcome",
  diedOn: "history.residents.help.outcome",
};
