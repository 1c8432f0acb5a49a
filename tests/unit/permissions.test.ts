import { describe, expect, it } from "vitest";
import { ROLES } from "../../db/schema/enums";
import { PERMISSIONS, roleHasPermission, roleSeesAllInstitutions, userHasPermission } from "../../app/utils/permissions";
import { scopeIncludes, type Scope } from "../../app/utils/scope.server";

describe("permissions (DOMAIN.md role table)", () => {
  it("only administrators manage users and read the audit log", () => {
    for (const role of ROLES) {
      expect(roleHasPermission(role, "manage:users")).toBe(role === "admin");
      expect(roleHasPermission(role, "read:audit")).toBe(role === "admin");
    }
  });

  it("only administrators create and edit institutions and plan areas; every role reads institutions", () => {
    for (const role of ROLES) {
      expect(roleHasPermission(role, "manage:institutions")).toBe(role === "admin");
      expect(roleHasPermission(role, "read:institutions")).toBe(true);
    }
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

  it("the UI helper answers like the server helper and refuses when signed out", () => {
    for (const role of ROLES) {
      for (const p of PERMISSIONS) {
        expect(userHasPermission({ role }, p)).toBe(roleHasPermission(role, p));
      }
    }
    expect(userHasPermission(null, "read:institutions")).toBe(false);
  });

  it("every permission is held by at least one role", () => {
    for (const p of PERMISSIONS) {
      expect(ROLES.some((r) => roleHasPermission(r, p)), p).toBe(true);
    }
  });
});

describe("institution scope", () => {
  it("administrators see all institutions, the others only their grants", () => {
    expect(ROLES.filter(roleSeesAllInstitutions)).toEqual(["admin"]);
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
