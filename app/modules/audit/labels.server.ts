import { DISABILITY_STATUSES, LEGAL_CAPACITIES, ROLES, SEXES, TARGET_GROUPS, USER_STATUSES } from "#db/schema/enums";
import { TRANSITION_STATES } from "#machines/transition";
import type { Label, Shown } from "#app/modules/plans/compare";

/**
 * An audit event's before/after as labelled fields (decision 044), in the shapes the plan
 * comparison shows (`Shown`, decision 017), so that one component (`ShownValue`) renders both.
 * Field names become labels through this one table, mostly the forms' own labels; a choice whose
 * value belongs to a known list is shown by its label; dates are dates. A field not in the table
 * keeps its name (`audit.field`), so nothing stored is hidden from the data-protection officer.
 */
export const FIELD_LABELS: Record<string, string> = {
  actions: "plans.actions",
  address: "housing.address",
  admissionDate: "residents.admissionDate",
  adoptingBody: "plans.adoptingBody",
  approvedOn: "transitions.plan.approvedOn",
  attendees: "plans.group.attendees",
  capacity: "housing.capacity",
  code: "residents.code",
  comment: "plans.comment",
  completedByName: "transitions.assessment.completedByName",
  completedOn: "transitions.assessment.completedOn",
  contractNumber: "grants.contractNumber",
  currency: "grants.currency",
  dateOfBirth: "residents.dateOfBirth",
  disability: "residents.disability",
  documentOn: "documents.documentOn",
  documentRef: "transitions.consent.documentRef",
  email: "users.email",
  employedFrom: "staff.employedFrom",
  employedTo: "staff.employedTo",
  endOn: "transitions.services.endOn",
  endsOn: "grants.endsOn",
  enrolledOn: "staff.enrolledOn",
  findings: "transitions.visits.findings",
  firstName: "residents.firstName",
  funder: "grants.funder",
  givenBy: "transitions.consent.givenBy",
  givenOn: "transitions.consent.givenOn",
  goals: "transitions.plan.goals",
  guardianContact: "residents.guardianContact",
  guardianDecision: "residents.guardianDecision",
  guardianName: "residents.guardianName",
  heldOn: "plans.group.heldOn",
  hours: "staff.training.hours",
  hoursPerWeek: "transitions.services.hoursPerWeek",
  housingPreference: "transitions.plan.housingPreference",
  housingType: "housing.housingType",
  kind: "documents.kind",
  lastName: "residents.lastName",
  legalCapacity: "residents.legalCapacity",
  maxFundedUsers: "housing.maxFundedUsers",
  milestones: "plans.milestones",
  name: "users.name",
  note: "audit.fields.note",
  on: "caseFile.on",
  openedOn: "transitions.openedOn",
  operatorName: "housing.operatorName",
  partners: "grants.partners",
  periodFrom: "plans.periodFrom",
  periodTo: "plans.periodTo",
  plannedMoveOn: "transitions.placement.plannedMoveOn",
  plannedServices: "transitions.plan.plannedServices",
  position: "staff.position",
  programme: "grants.programme",
  provider: "transitions.services.provider",
  reason: "audit.fields.reason",
  reservedOn: "transitions.placement.reservedOn",
  resolutionNumber: "plans.resolutionNumber",
  response: "plans.response",
  risks: "plans.risks",
  role: "users.role",
  sex: "residents.sex",
  startOn: "transitions.services.startOn",
  startsOn: "grants.startsOn",
  state: "residents.state",
  status: "users.status",
  summary: "transitions.assessment.summary",
  supportNeeded: "transitions.plan.supportNeeded",
  supportNeeds: "residents.supportNeeds",
  targetGroup: "residents.targetGroup",
  version: "plans.version",
  visitedOn: "transitions.visits.visitedOn",
  writtenOn: "transitions.plan.writtenOn",
  // Fields of the log's own events.
  filters: "audit.fields.filters",
  q: "audit.fields.q",
  page: "audit.fields.page",
  total: "audit.fields.total",
  shown: "audit.fields.shown",
  rows: "audit.fields.rows",
  fileName: "audit.fields.fileName",
  sha256: "audit.fields.sha256",
  sizeBytes: "audit.fields.sizeBytes",
  removedAt: "audit.fields.removedAt",
  permission: "audit.fields.permission",
  method: "audit.fields.method",
  caseWorkerId: "audit.fields.caseWorkerId",
  institutionId: "audit.fields.institutionId",
  institutionIds: "audit.fields.institutionIds",
  transitionId: "audit.fields.transitionId",
  seq: "audit.fields.seq",
  type: "audit.fields.type",
};

/** Values shown by their label when the field holds one of a known list. */
const CHOICES: Record<string, { prefix: string; values: readonly string[] }> = {
  sex: { prefix: "residents.sexes.", values: SEXES },
  targetGroup: { prefix: "residents.targetGroups.", values: TARGET_GROUPS },
  disability: { prefix: "residents.disabilities.", values: DISABILITY_STATUSES },
  legalCapacity: { prefix: "residents.legalCapacities.", values: LEGAL_CAPACITIES },
  state: { prefix: "transitions.states.", values: TRANSITION_STATES },
  role: { prefix: "roles.", values: ROLES },
  status: { prefix: "users.statuses.", values: USER_STATUSES },
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function fieldLabel(name: string): Label {
  const key = FIELD_LABELS[name];
  return key ? { key } : { key: "audit.field", values: { name } };
}

function shownOf(name: string | null, value: unknown): Shown {
  if (value === null || value === undefined || value === "") return { kind: "text", text: "—" };
  if (typeof value === "number") return { kind: "number", n: value };
  if (typeof value === "boolean") return { kind: "label", label: { key: value ? "audit.yes" : "audit.no" } };
  if (typeof value === "string") {
    const choice = name ? CHOICES[name] : undefined;
    if (choice?.values.includes(value)) return { kind: "label", label: { key: `${choice.prefix}${value}` } };
    if (DATE.test(value)) return { kind: "date", date: value };
    return { kind: "text", text: value };
  }
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) return { kind: "text", text: value.join(", ") };
    return {
      kind: "fields",
      fields: value.map((v, i) => ({ label: fieldLabel(String(i + 1)), value: shownOf(null, v) })),
    };
  }
  if (typeof value === "object") {
    return {
      kind: "fields",
      fields: Object.entries(value as Record<string, unknown>).map(([k, v]) => ({
        label: fieldLabel(k),
        value: shownOf(k, v),
      })),
    };
  }
  return { kind: "text", text: String(value) };
}

/** An event's stored before or after value as labelled fields (null when there is none). */
export function auditValues(value: unknown): Shown | null {
  if (value === null || value === undefined) return null;
  return shownOf(null, value);
}
