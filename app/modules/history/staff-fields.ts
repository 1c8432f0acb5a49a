/**
 * The columns of the staff history import as the page needs them (not server-only: the page's
 * config uses them at module level; no zod, no database).
 */

/** The staff import's columns, first in the file (staff.server checks they stay equal). */
export const STAFF_FIELDS_OF_HISTORY = [
  "firstName",
  "lastName",
  "position",
  "sex",
  "dateOfBirth",
  "employedFrom",
  "employedTo",
  "email",
  "phone",
] as const;

/** Every column, in template order: the person, the training, support sessions, community work. */
export const STAFF_HISTORY_FIELDS = [
  ...STAFF_FIELDS_OF_HISTORY,
  "trainingModule",
  "enrolledOn",
  "attendedOn",
  "sessionHours",
  "completedOn",
  "certificateRef",
  "droppedOn",
  "dropReason",
  "supervisionOn",
  "psychologicalSupportOn",
  "facilitator",
  "communityStartOn",
  "communityServiceType",
  "communityEmployer",
] as const;
export type StaffHistoryField = (typeof STAFF_HISTORY_FIELDS)[number];
export type StaffHistoryOnlyField = Exclude<StaffHistoryField, (typeof STAFF_FIELDS_OF_HISTORY)[number]>;

/** The staff import's labels of its columns (the staff form's). */
const STAFF_LABELS: Record<(typeof STAFF_FIELDS_OF_HISTORY)[number], string> = {
  firstName: "residents.firstName",
  lastName: "residents.lastName",
  position: "staff.position",
  sex: "residents.sex",
  dateOfBirth: "residents.dateOfBirth",
  employedFrom: "staff.employedFrom",
  employedTo: "staff.employedTo",
  email: "users.email",
  phone: "staff.phone",
};

/** The translation key of a field's name (the page's column help, and a row's errors). */
export function staffHistoryLabel(field: string): string {
  return STAFF_LABELS[field as keyof typeof STAFF_LABELS] ?? `history.staff.fields.${field}`;
}

/** Each column's accepted values (translation keys). */
export const STAFF_HISTORY_HELP: Record<StaffHistoryField, string> = {
  firstName: "residents.import.help.text",
  lastName: "residents.import.help.text",
  position: "residents.import.help.text",
  sex: "residents.import.help.sex",
  dateOfBirth: "residents.import.help.date",
  employedFrom: "residents.import.help.date",
  employedTo: "staff.import.help.employedTo",
  email: "staff.import.help.email",
  phone: "residents.import.help.text",
  trainingModule: "history.staff.help.trainingModule",
  enrolledOn: "history.staff.help.enrolledOn",
  attendedOn: "history.staff.help.dates",
  sessionHours: "history.staff.help.sessionHours",
  completedOn: "history.staff.help.completedOn",
  certificateRef: "residents.import.help.text",
  droppedOn: "history.staff.help.droppedOn",
  dropReason: "history.staff.help.dropReason",
  supervisionOn: "history.staff.help.dates",
  psychologicalSupportOn: "history.staff.help.dates",
  facilitator: "history.staff.help.facilitator",
  communityStartOn: "history.staff.help.communityStartOn",
  communityServiceType: "history.help.serviceType",
  communityEmployer: "history.staff.help.communityEmployer",
};
