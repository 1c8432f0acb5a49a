import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { createInstitution, createMunicipality, createUser } from "../factories";
import { call, getRequest, loadRoute, openAppDb, signIn, type RouteModule } from "../support/route-harness";

/** The resident form (new, edit) as a case worker meets it: issue #14's defects. */
let db: Db;
let newResident: RouteModule;
let bgUnitId: number;

beforeAll(async () => {
  db = await openAppDb();
  newResident = await loadRoute("_app.residents.new.tsx");
  // Tutrakan's unit for hourly home services (seed 000): a community service unit, not a DPS.
  const municipalityId = createMunicipality(db, { country: "BG", name: "Община Тутракан", kind: "obshtina" }).id;
  bgUnitId = createInstitution(db, { municipalityId, country: "BG", kind: "community_service_unit", timeZone: "Europe/Sofia", name: "Звено – Тутракан" }).id;
  await createUser(db, { email: "rabotnik@world.test", role: "case_worker", institutionIds: [bgUnitId] });
});

describe("new resident form", () => {
  it("offers the institutions the case worker may register residents in, whatever their kind (the CSV import does too)", async () => {
    const o = await call(newResident.loader!, getRequest("/residents/new", await signIn("rabotnik@world.test")));
    expect(o.status).toBe(200);
    const { institutions } = o.data as { institutions: { id: number; name: string }[] };
    expect(institutions.map((i) => i.id)).toEqual([bgUnitId]);
  });
});
