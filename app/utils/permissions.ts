import type { Role } from "#db/schema/enums";

/**
 * Permission strings, `<action>:<subject>`. The one table of who may do what (docs/domain.md, "Roles").
 * Checked on the server by `requireUserWithPermission` and in the UI by `userHasPermission`.
 * Institution scope is a separate, second check made in the data access layer.
 */
export const PERMISSIONS = [
  "manage:users",
  "read:audit",
  "read:institutions",
  "manage:institutions", // create and edit institutions and plan areas
  "read:residents", // personal data of residents of the user's institutions
  "write:residents",
  "read:residents-pseudonymous", // codes and aggregates only
  "write:transitions",
  "read:plans",
  "write:plans",
  "read:staff", // staff names and training records (personal data of employees)
  "write:staff",
  "read:grants",
  "write:grants",
  "manage:catalogues",
  "read:caseload", // the caseload page: one's own cases; with manage:caseload any worker's
  "manage:caseload", // a supervisor: sees any worker's caseload and reassigns it (decision 023)
  "export:resident-data", // a resident's complete data as PDF and JSON/ZIP (GDPR art. 15 and 20; decision 041)
  "manage:retention", // the records due for anonymisation, anonymising them, refusals of erasure (decision 042)
  "read:monitoring", // the monitoring overview: plans, milestones and grant indicators of an area, never persons (decision 033)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    "manage:users",
    "read:audit",
    "read:institutions",
    "manage:institutions",
    "read:residents",
    "write:residents",
    "read:residents-pseudonymous",
    "read:plans",
    "read:staff",
    "read:grants",
    "manage:catalogues",
    "read:caseload",
    "manage:caseload",
    "export:resident-data",
    "manage:retention",
    "read:monitoring",
  ],
  working_group: [
    "read:institutions",
    "read:residents",
    "read:residents-pseudonymous",
    "read:plans",
    "write:plans",
    "read:staff",
  ],
  case_worker: [
    "read:institutions",
    "read:residents",
    "write:residents",
    "read:residents-pseudonymous",
    "write:transitions",
    "read:plans",
    "read:staff",
    "write:staff",
    "read:caseload",
    "export:resident-data",
  ],
  grant_manager: ["read:institutions", "read:residents-pseudonymous", "read:plans", "read:grants", "write:grants"],
  // A regional or national coordinator (PL ROPS; BG Agency for Social Assistance): aggregates of
  // the plan areas granted, through the monitoring pages only: no residents, codes, staff, housing
  // or grant pages (whose drill-downs list codes). Decision 033.
  monitoring: ["read:monitoring"],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** For the UI: the same rule the server applies. */
export function userHasPermission(user: { role: Role } | null | undefined, permission: Permission): boolean {
  return !!user && roleHasPermission(user.role, permission);
}

/** Administrators see every institution; the others only those granted to them. */
export function roleSeesAllInstitutions(role: Role): boolean {
  return role === "admin";
}

/**
 * A monitoring user is granted plan areas and countries (user_monitoring_areas), not
 * institutions: their institutions are those of their areas (decision 033).
 */
export function roleIsGrantedAreas(role: Role): boolean {
  return role === "monitoring";
}
