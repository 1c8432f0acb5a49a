import { describe, expect, it } from "vitest";
import { ROLES } from "#db/schema/enums";
import {
  PERMISSIONS,
  roleHasPermission,
  roleIsGrantedAreas,
  roleSeesAllInstitutions,
  userHasPermission,
} from "#app/utils/permissions";
import { scopeIncludes, type Scope } from "#app/utils/scope.server";

describe("permissions (docs/domain.md role table)", () => {
  it("only administrators manage users and read the audit log", () => {
    for (const role of ROLES) {
      expect(roleHasPermission(role, "manage:users")).toBe(role === "admin");
      expect(roleHasPermission(role, "read:audit")).toBe(role === "admin");
    }
  });

  it("only administrators create and edit institutions and plan areas; every role but monitoring reads institutions", () => {
    for (const role of ROLES) {
      expect(roleHasPermission(role, "manage:institutions")).toBe(role === "admin");
      expect(roleHasPermission(role, "read:institutions")).toBe(role !== "monitoring");
    }
  });

  it("monitoring users see the monitoring pages and nothing else: no persons, codes, staff, housing or grant pages (decision 033)", () => {
    expect(PERMISSIONS.filter((p) => roleHasPermission("monitoring", p))).toEqual(["read:monitoring"]);
    for (const role of ROLES)
      expect(roleHasPermission(role, "read:monitoring")).toBe(role === "admin" || role === "monitoring");
  });

  it("grant managers never see residents' personal data, only codes and aggregates", () => {
    expect(roleHasPermission("grant_manager", "read:residents")).toBe(false);
    expect(roleHasPermission("grant_manager", "read:residents-pseudonymous")).toBe(true);
  });

  it("working-group members read residents but do not change them", () => {
    expect(roleHasPermission("working_group", "read:residents")).toBe(true);
    expect(roleHasPermission("working_group", "write:residents")).toBe(false);
    expect(roleHasPermission("working_group", "write:transitions")).toBe(false);
    expect(roleHasPermission("working_group", "write:plans")).toBe(true);
  });

  it("case workers run transitions; only they do", () => {
    for (const role of ROLES) {
      expect(roleHasPermission(role, "write:transitions")).toBe(role === "case_worker");
    }
  });

  it("grant managers write grants; nobody else does", () => {
    for (const role of ROLES) {
      expect(roleHasPermission(role, "write:grants")).toBe(role === "grant_manager");
    }
  });

  /**
   * The whole matrix, written out here rather than read from the implementation: a permission
   * granted or taken away in app/utils/permissions.ts fails this test until the table agrees.
   * Columns: admin, working group, case worker, grant manager, monitoring.
   */
  const MATRIX = `
    manage:users                 x . . . .
    read:audit                   x . . . .
    read:institutions            x x x x .
    manage:institutions          x . . . .
    read:residents               x x x . .
    write:residents              x . x . .
    read:residents-pseudonymous  x x x x .
    write:transitions            . . x . .
    read:caseload                x . x . .
    manage:caseload              x . . . .
    read:plans                   x x x x .
    write:plans                  . x . . .
    read:staff                   x x x . .
    write:staff                  . . x . .
    read:grants                  x . . x .
    write:grants                 . . . x .
    manage:catalogues            x . . . .
    read:monitoring              x . . . x
    export:resident-data         x . x . .
    manage:retention             x . . . .
  `;
  const expected = new Map(
    MATRIX.trim()
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .map(([permission, ...cells]) => [permission!, ROLES.filter((_, i) => cells[i] === "x")]),
  );

  it("the server and the UI helpers grant exactly the written matrix, and nothing when signed out", () => {
    expect([...expected.keys()].sort()).toEqual([...PERMISSIONS].sort());
    for (const p of PERMISSIONS) {
      expect(
        ROLES.filter((role) => roleHasPermission(role, p)),
        p,
      ).toEqual(expected.get(p));
      expect(
        ROLES.filter((role) => userHasPermission({ role }, p)),
        p,
      ).toEqual(expected.get(p));
    }
    expect(userHasPermission(null, "read:institutions")).toBe(false);
    expect(userHasPermission(undefined, "read:institutions")).toBe(false);
  });

  it("every permission is held by at least one role", () => {
    for (const p of PERMISSIONS) {
      expect(
        ROLES.some((r) => roleHasPermission(r, p)),
        p,
      ).toBe(true);
    }
  });
});

describe("institution scope", () => {
  it("administrators see all institutions, the others only their grants (monitoring: their areas')", () => {
    expect(ROLES.filter(roleSeesAllInstitutions)).toEqual(["admin"]);
    expect(ROLES.filter(roleIsGrantedAreas)).toEqual(["monitoring"]);
    const scope: Scope = { all: false, institutionIds: [2, 5] };
    expect(scopeIncludes(scope, 2)).toBe(true);
    expect(scopeIncludes(scope, 3)).toBe(false);
    expect(scopeIncludes({ all: false, institutionIds: [] }, 1)).toBe(false);
    expect(scopeIncludes({ all: true }, 99)).toBe(true);
  });
});

describe("caseload permissions (decision 023)", () => {
  it("case workers and administrators open the caseload page; only administrators supervise (reassign any worker's cases)", () => {
    for (const role of ROLES) {
      expect(roleHasPermission(role, "read:caseload")).toBe(role === "case_worker" || role === "admin");
      expect(roleHasPermission(role, "manage:caseload")).toBe(role === "admin");
    }
  });
});
