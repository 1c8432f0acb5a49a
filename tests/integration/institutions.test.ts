import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, institutions, municipalities } from "#db/schema";
import {
  institutionSchema,
  institutionUpdateSchema,
  municipalitySchema,
  municipalityUpdateSchema,
  type InstitutionInput,
  type MunicipalityInput,
} from "#app/modules/institutions/schemas";
import * as svc from "#app/modules/institutions/service.server";
import { createUser as createUserInApp, updateUser } from "#app/modules/users/service.server";
import { flattenIssues } from "#app/utils/issues";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createMunicipality, createUser } from "#tests/factories";
import { residentWithTransition } from "#tests/factories/housing";
import {
  call,
  getRequest,
  loadRoute,
  openAppDb,
  postRequest,
  signIn,
  tableDigests,
  changedTables,
  type RouteModule,
} from "#tests/support/route-harness";

const NOW = new Date("2026-11-30T10:00:00Z");

const muniInput = (o: Partial<MunicipalityInput> = {}): MunicipalityInput => ({
  country: "PL",
  name: "Gmina Wieliczka",
  kind: "gmina",
  region: "małopolskie",
  ...o,
});
const instInput = (municipalityId: number, o: Partial<InstitutionInput> = {}): InstitutionInput => ({
  name: "DPS im. św. Brata Alberta w Wieliczce",
  country: "PL",
  kind: "residential_care_home",
  municipalityId,
  timeZone: "Europe/Warsaw",
  address: "ul. Szpitalna 1, Wieliczka",
  places: 120,
  ...o,
});

function auditOf(db: Db, action: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.action, action)).all();
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

const count = (db: Db, table: typeof institutions | typeof municipalities) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .get()!.n;

async function setup() {
  const db = freshDb();
  const admin = await createUser(db, { role: "admin", email: "admin@x.pl" });
  return { db, admin: contextFor(db, admin.id, NOW) };
}

describe("the forms' schemas (the same in the browser and the action)", () => {
  const posted = {
    name: "DPS",
    country: "PL",
    kind: "residential_care_home",
    municipalityId: "3",
    timeZone: "Europe/Warsaw",
    address: "",
    places: "",
  };

  it("places: empty is not known (null); otherwise a whole number from 0 to 9999", () => {
    expect(institutionSchema.parse(posted)).toMatchObject({ municipalityId: 3, address: null, places: null });
    expect(institutionSchema.parse({ ...posted, places: "0" }).places).toBe(0);
    expect(institutionSchema.parse({ ...posted, places: " 250 " }).places).toBe(250);
    for (const places of ["-1", "1.5", "1e3", "10000", "abc", "١٢"]) {
      const r = institutionSchema.safeParse({ ...posted, places });
      expect(flattenIssues(r.error!.issues), places).toEqual({ places: { key: "validation.wholeNumberOrZero" } });
    }
  });

  it("the time zone must be one of the country's; the plan area is required", () => {
    const r = institutionSchema.safeParse({ ...posted, country: "BG", municipalityId: "" });
    expect(flattenIssues(r.error!.issues)).toEqual({
      municipalityId: { key: "validation.required" },
      timeZone: { key: "institutions.errors.timeZoneWrongCountry" },
    });
    expect(institutionSchema.safeParse({ ...posted, country: "BG", timeZone: "Europe/Sofia" }).success).toBe(true);
    expect(
      flattenIssues(institutionSchema.safeParse({ ...posted, timeZone: "Europe/Berlin", name: " " }).error!.issues),
    ).toEqual({
      name: { key: "validation.required" },
      timeZone: { key: "validation.invalidChoice" },
    });
    expect(institutionUpdateSchema.safeParse({ ...posted, version: "" }).success).toBe(false);
  });

  it("a plan area's kind must be one of its country's", () => {
    const base = { country: "BG", name: "Община Тутракан", kind: "obshtina", region: "" };
    expect(municipalitySchema.parse(base)).toEqual({ ...base, region: null });
    expect(flattenIssues(municipalitySchema.safeParse({ ...base, kind: "gmina" }).error!.issues)).toEqual({
      kind: { key: "municipalities.errors.kindWrongCountry" },
    });
    expect(flattenIssues(municipalitySchema.safeParse({ ...base, kind: "voivodeship" }).error!.issues)).toEqual({
      kind: { key: "validation.invalidChoice" },
    });
    expect(municipalityUpdateSchema.parse({ ...base, version: "2" }).version).toBe(2);
  });
});

describe("plan areas (municipalities)", () => {
  it("an administrator creates one: written and audited with its values", async () => {
    const { db, admin } = await setup();
    const id = svc.createMunicipality(admin, muniInput());
    expect(db.select().from(municipalities).where(eq(municipalities.id, id)).get()).toMatchObject({
      ...muniInput(),
      version: 1,
    });
    const [audit] = auditOf(db, "municipality.created");
    expect(audit).toMatchObject({
      entityType: "municipality",
      entityId: String(id),
      actorUserId: admin.actor.id,
      at: NOW.toISOString(),
    });
    expect(audit!.after).toEqual(muniInput());
    expect(svc.listMunicipalities(admin)).toEqual([
      expect.objectContaining({ id, name: "Gmina Wieliczka", institutionCount: 0 }),
    ]);
  });

  it("a second one of the same name in the same country is refused (whatever the case); in another country it is not", async () => {
    const { db, admin } = await setup();
    svc.createMunicipality(admin, muniInput());
    expect(caught(() => svc.createMunicipality(admin, muniInput({ name: "GMINA WIELICZKA" })))).toMatchObject({
      label: "validation",
      messageKey: "municipalities.errors.nameTaken",
    });
    svc.createMunicipality(admin, muniInput({ country: "BG", kind: "obshtina" }));
    svc.createMunicipality(admin, muniInput({ country: "BG", kind: "obshtina", name: "Община Тутракан" }));
    expect(
      caught(() =>
        svc.createMunicipality(admin, muniInput({ country: "BG", kind: "obshtina", name: "ОБЩИНА тутракан" })),
      ),
    ).toMatchObject({ messageKey: "municipalities.errors.nameTaken" });
    expect(count(db, municipalities)).toBe(3);
  });

  it("editing: the version the user saw, before/after of what changed; a stale version is told and writes nothing", async () => {
    const { db, admin } = await setup();
    const id = svc.createMunicipality(admin, muniInput());
    svc.updateMunicipality(admin, id, { ...muniInput({ kind: "powiat", name: "Powiat wielicki" }), version: 1 });
    const [audit] = auditOf(db, "municipality.updated");
    expect(audit).toMatchObject({
      before: { name: "Gmina Wieliczka", kind: "gmina" },
      after: { name: "Powiat wielicki", kind: "powiat" },
    });

    const err = caught(() => svc.updateMunicipality(admin, id, { ...muniInput({ region: "śląskie" }), version: 1 }));
    expect(err).toMatchObject({ label: "conflict", messageKey: "errors.conflict" });
    expect(svc.getMunicipality(admin, id)).toMatchObject({
      name: "Powiat wielicki",
      region: "małopolskie",
      version: 2,
    });
    expect(auditOf(db, "municipality.updated")).toHaveLength(1);
    expect(caught(() => svc.getMunicipality(admin, 999))).toMatchObject({ label: "not_found" });
  });

  it("its country stays once an institution belongs to it", async () => {
    const { db, admin } = await setup();
    const id = svc.createMunicipality(admin, muniInput());
    svc.updateMunicipality(admin, id, {
      ...muniInput({ country: "BG", kind: "obshtina", name: "Община Тутракан" }),
      version: 1,
    });
    svc.updateMunicipality(admin, id, { ...muniInput(), version: 2 });
    createInstitution(db, { municipalityId: id });
    const err = caught(() =>
      svc.updateMunicipality(admin, id, { ...muniInput({ country: "BG", kind: "obshtina" }), version: 3 }),
    );
    expect(err).toMatchObject({ label: "validation", messageKey: "municipalities.errors.countryInUse" });
    expect(svc.getMunicipality(admin, id)).toMatchObject({ country: "PL", version: 3 });
  });
});

describe("institutions", () => {
  it("an administrator creates one in a plan area of its country: written, audited in the same transaction, in their scope at once", async () => {
    const { db, admin } = await setup();
    const m = createMunicipality(db, { name: "Gmina Wieliczka" });
    const id = svc.createInstitution(admin, instInput(m.id));
    const row = db.select().from(institutions).where(eq(institutions.id, id)).get()!;
    expect(row).toMatchObject({ ...instInput(m.id), version: 1 });
    const [audit] = auditOf(db, "institution.created");
    expect(audit).toMatchObject({
      entityType: "institution",
      entityId: String(id),
      institutionId: id,
      actorUserId: admin.actor.id,
    });
    expect(audit!.after).toEqual(instInput(m.id));

    // Administrators see every institution (decision 005): no grant is needed, not even a new context.
    expect(svc.listInstitutions(admin).map((i) => i.id)).toEqual([id]);
    expect(svc.getInstitution(contextFor(db, admin.actor.id), id)).toMatchObject({
      name: instInput(m.id).name,
      places: 120,
      municipalityName: "Gmina Wieliczka",
    });
    expect(svc.listAllInstitutionsForAdmin(admin)).toEqual([{ id, name: instInput(m.id).name, country: "PL" }]);
  });

  it("the plan area must exist and be of the same country; the name must be new in its plan area", async () => {
    const { db, admin } = await setup();
    const pl = createMunicipality(db);
    const bg = createMunicipality(db, { country: "BG", kind: "obshtina", name: "Община Тутракан" });
    expect(caught(() => svc.createInstitution(admin, instInput(bg.id)))).toMatchObject({
      label: "validation",
      messageKey: "institutions.errors.municipalityWrongCountry",
    });
    expect(caught(() => svc.createInstitution(admin, instInput(9999)))).toMatchObject({
      label: "validation",
      messageKey: "institutions.errors.unknownMunicipality",
    });
    svc.createInstitution(admin, instInput(pl.id));
    expect(
      caught(() => svc.createInstitution(admin, instInput(pl.id, { name: instInput(pl.id).name.toUpperCase() }))),
    ).toMatchObject({ messageKey: "institutions.errors.nameTaken" });
    svc.createInstitution(admin, instInput(bg.id, { country: "BG", timeZone: "Europe/Sofia", name: "ДСХ Тутракан" }));
    expect(count(db, institutions)).toBe(2);
    expect(auditOf(db, "institution.created")).toHaveLength(2);
  });

  it("editing: every field, version bumped, before/after of what changed only", async () => {
    const { db, admin } = await setup();
    const m = createMunicipality(db);
    const m2 = createMunicipality(db, { name: "Powiat wielicki", kind: "powiat" });
    const id = svc.createInstitution(admin, instInput(m.id));
    svc.updateInstitution(admin, id, {
      ...instInput(m2.id, { places: 0, address: null, kind: "community_service_unit" }),
      version: 1,
    });
    expect(svc.getInstitution(admin, id)).toMatchObject({
      municipalityId: m2.id,
      places: 0,
      address: null,
      kind: "community_service_unit",
      version: 2,
    });
    const [audit] = auditOf(db, "institution.updated");
    expect(audit).toMatchObject({ institutionId: id, actorUserId: admin.actor.id });
    expect(audit!.before).toEqual({
      municipalityId: m.id,
      places: 120,
      address: "ul. Szpitalna 1, Wieliczka",
      kind: "residential_care_home",
    });
    expect(audit!.after).toEqual({ municipalityId: m2.id, places: 0, address: null, kind: "community_service_unit" });
  });

  it("two administrators edit at once: the second is told (409), nothing of theirs is written, and the current state is what they read next", async () => {
    const { db, admin } = await setup();
    const other = contextFor(db, (await createUser(db, { role: "admin" })).id, NOW);
    const m = createMunicipality(db);
    const id = svc.createInstitution(admin, instInput(m.id));
    const seen = svc.getInstitution(other, id).version; // both opened version 1
    svc.updateInstitution(admin, id, { ...instInput(m.id, { places: 90 }), version: seen });
    const err = caught(() =>
      svc.updateInstitution(other, id, { ...instInput(m.id, { places: 150, name: "DPS Wieliczka" }), version: seen }),
    );
    expect(err).toMatchObject({ label: "conflict", messageKey: "errors.conflict" });
    expect(svc.getInstitution(other, id)).toMatchObject({ places: 90, name: instInput(m.id).name, version: 2 });
    expect(auditOf(db, "institution.updated").map((a) => a.actorUserId)).toEqual([admin.actor.id]);
  });

  it("country and time zone stay once it has residents; before that they may change (with a plan area of the new country)", async () => {
    const { db, admin } = await setup();
    const pl = createMunicipality(db);
    const bg = createMunicipality(db, { country: "BG", kind: "obshtina" });
    const id = svc.createInstitution(admin, instInput(pl.id));
    const toBg = instInput(bg.id, { country: "BG", timeZone: "Europe/Sofia" });
    svc.updateInstitution(admin, id, { ...toBg, version: 1 });
    expect(svc.getInstitution(admin, id)).toMatchObject({ country: "BG", timeZone: "Europe/Sofia" });
    svc.updateInstitution(admin, id, { ...instInput(pl.id), version: 2 });

    const worker = await createUser(db, { role: "case_worker", institutionIds: [id] });
    residentWithTransition(contextFor(db, worker.id, NOW), id);
    expect(caught(() => svc.updateInstitution(admin, id, { ...toBg, version: 3 }))).toMatchObject({
      label: "validation",
      messageKey: "institutions.errors.countryInUse",
    });
    expect(caught(() => svc.updateInstitution(admin, id, { ...instInput(bg.id), version: 3 }))).toMatchObject({
      messageKey: "institutions.errors.municipalityWrongCountry",
    });
    // Other fields still change.
    svc.updateInstitution(admin, id, { ...instInput(pl.id, { places: 80 }), version: 3 });
    expect(svc.getInstitution(admin, id)).toMatchObject({ country: "PL", places: 80, version: 4 });
  });

  it("a user of another institution: the institution is a 404 to them (audited), and the edit too", async () => {
    const { db, admin } = await setup();
    const m = createMunicipality(db);
    const mine = createInstitution(db, { municipalityId: m.id });
    const id = svc.createInstitution(admin, instInput(m.id));
    const worker = contextFor(db, (await createUser(db, { role: "case_worker", institutionIds: [mine.id] })).id, NOW);
    expect(svc.listInstitutions(worker).map((i) => i.id)).toEqual([mine.id]);
    expect(caught(() => svc.getInstitution(worker, id))).toMatchObject({ label: "not_found" });
    expect(
      caught(() => svc.updateInstitution(worker, id, { ...instInput(m.id, { places: 1 }), version: 1 })),
    ).toMatchObject({ label: "not_found" });
    expect(svc.getInstitution(admin, id).places).toBe(120);
    expect(auditOf(db, "access.denied").map((a) => [a.entityType, a.entityId])).toEqual([
      ["institution", String(id)],
      ["institution", String(id)],
    ]);
  });

  it("granting it to a user (Users) works at once: the user's scope then holds it", async () => {
    const { db, admin } = await setup();
    const m = createMunicipality(db);
    const id = svc.createInstitution(admin, instInput(m.id));
    const userId = await createUserInApp(admin, {
      email: "ewa@x.pl",
      name: "Ewa Nowak",
      role: "case_worker",
      password: "a long enough passphrase",
      institutionIds: [id],
    });
    const ewa = contextFor(db, userId, NOW);
    expect(ewa.scope).toEqual({ all: false, institutionIds: [id] });
    expect(svc.getInstitution(ewa, id).id).toBe(id);
    // A second institution, granted by an edit of the user.
    const second = svc.createInstitution(admin, instInput(m.id, { name: "DPS Niepołomice" }));
    updateUser(admin, userId, { version: 1, name: "Ewa Nowak", role: "case_worker", institutionIds: [id, second] });
    expect(contextFor(db, userId, NOW).scope).toEqual({ all: false, institutionIds: [id, second] });
  });
});

describe("routes: administrators set up, the other roles read", () => {
  let db: Db;
  const mod: Record<string, RouteModule> = {};
  const cookies: Record<string, string> = {};
  let muni: number;
  let own: number;

  beforeAll(async () => {
    db = await openAppDb();
    for (const f of [
      "_app.institutions._index.tsx",
      "_app.institutions.new.tsx",
      "_app.institutions.$institutionId.tsx",
      "_app.municipalities.new.tsx",
      "_app.municipalities.$municipalityId.tsx",
      "_app.admin.users.new.tsx",
    ]) {
      mod[f] = await loadRoute(f);
    }
    muni = createMunicipality(db, { name: "Miasto Zielona Góra" }).id;
    own = createInstitution(db, { municipalityId: muni, name: "DPS Zielona Góra" }).id;
    await createUser(db, { role: "admin", email: "admin@routes.test" });
    for (const role of ["case_worker", "working_group", "grant_manager"] as const)
      await createUser(db, { role, email: `${role}@routes.test`, institutionIds: [own] });
    for (const who of ["admin", "case_worker", "working_group", "grant_manager"])
      cookies[who] = await signIn(`${who}@routes.test`);
  });

  const institutionForm = (o: Record<string, string> = {}) => ({
    name: "DPS Kraków",
    country: "PL",
    kind: "residential_care_home",
    municipalityId: String(muni),
    timeZone: "Europe/Warsaw",
    address: "ul. Krakowska 1",
    places: "85",
    ...o,
  });

  it("an administrator creates a plan area and an institution, sees it listed, edits it; a stale version gets the form-level conflict and the page then shows the current state", async () => {
    const c = cookies.admin;
    const m = await call(
      mod["_app.municipalities.new.tsx"]!.action!,
      postRequest(
        "/municipalities/new",
        { country: "PL", name: "Gmina Kraków", kind: "gmina", region: "małopolskie" },
        { cookie: c },
      ),
    );
    expect([m.status, m.location]).toEqual([302, "/institutions"]);
    const krakow = db.select().from(municipalities).where(eq(municipalities.name, "Gmina Kraków")).get()!.id;

    const created = await call(
      mod["_app.institutions.new.tsx"]!.action!,
      postRequest("/institutions/new", institutionForm({ municipalityId: String(krakow) }), { cookie: c }),
    );
    expect(created.status).toBe(302);
    const id = Number(created.location!.split("/").pop());
    const list = await call(mod["_app.institutions._index.tsx"]!.loader!, getRequest("/institutions", c));
    const data = list.data as {
      institutions: { id: number; places: number }[];
      municipalities: { id: number; institutionCount: number }[];
    };
    expect(data.institutions.find((i) => i.id === id)).toMatchObject({ places: 85 });
    expect(data.municipalities.find((x) => x.id === krakow)).toMatchObject({ institutionCount: 1 });
    // The users form lists it for granting.
    const usersForm = await call(mod["_app.admin.users.new.tsx"]!.loader!, getRequest("/admin/users/new", c));
    expect((usersForm.data as { institutions: { id: number }[] }).institutions.map((i) => i.id)).toContain(id);

    const page = mod["_app.institutions.$institutionId.tsx"]!;
    const params = { institutionId: String(id) };
    const ok = await call(
      page.action!,
      postRequest(
        `/institutions/${id}`,
        { ...institutionForm({ municipalityId: String(krakow), places: "90" }), version: "1" },
        { cookie: c },
      ),
      params,
    );
    expect([ok.status, ok.location]).toEqual([302, `/institutions/${id}`]);
    const stale = await call(
      page.action!,
      postRequest(
        `/institutions/${id}`,
        { ...institutionForm({ municipalityId: String(krakow), places: "70" }), version: "1" },
        { cookie: c },
      ),
      params,
    );
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ formError: { key: "errors.conflict" }, values: { places: "70" } });
    const now = await call(page.loader!, getRequest(`/institutions/${id}`, c), params);
    expect((now.data as { institution: unknown }).institution).toMatchObject({ places: 90, version: 2 });

    const bad = await call(
      page.action!,
      postRequest(
        `/institutions/${id}`,
        { ...institutionForm({ places: "-3", timeZone: "Europe/Sofia" }), version: "2" },
        { cookie: c },
      ),
      params,
    );
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({
      fieldErrors: {
        places: { key: "validation.wholeNumberOrZero" },
        timeZone: { key: "institutions.errors.timeZoneWrongCountry" },
      },
    });

    const mp = mod["_app.municipalities.$municipalityId.tsx"]!;
    const edited = await call(
      mp.action!,
      postRequest(
        `/municipalities/${krakow}`,
        { country: "PL", name: "Miasto Kraków", kind: "gmina", region: "", version: "1" },
        { cookie: c },
      ),
      { municipalityId: String(krakow) },
    );
    expect(edited.status).toBe(302);
    expect(db.select().from(municipalities).where(eq(municipalities.id, krakow)).get()).toMatchObject({
      name: "Miasto Kraków",
      region: null,
      version: 2,
    });
    const areaPage = await call(mp.loader!, getRequest(`/municipalities/${krakow}`, c), {
      municipalityId: String(krakow),
    });
    expect(areaPage.data).toMatchObject({ municipality: { id: krakow }, institutions: [{ id, name: "DPS Kraków" }] });
  });

  it("the other roles read institutions as before but get no set-up data, and every set-up route and action is 403 (audited), writing nothing", async () => {
    for (const role of ["case_worker", "working_group", "grant_manager"]) {
      const c = cookies[role]!;
      const list = await call(mod["_app.institutions._index.tsx"]!.loader!, getRequest("/institutions", c));
      expect(list.data).toMatchObject({ institutions: [expect.objectContaining({ id: own })], municipalities: [] });
      const page = await call(
        mod["_app.institutions.$institutionId.tsx"]!.loader!,
        getRequest(`/institutions/${own}`, c),
        { institutionId: String(own) },
      );
      expect(page.data).toMatchObject({ institution: { id: own }, municipalities: [] });

      const before = tableDigests(db);
      const deniedRoutes = () =>
        db
          .select({ n: sql<number>`count(*)` })
          .from(auditEvents)
          .where(and(eq(auditEvents.action, "access.denied"), eq(auditEvents.entityType, "route")))
          .get()!.n;
      const denied = deniedRoutes();
      const attempts = [
        await call(mod["_app.institutions.new.tsx"]!.loader!, getRequest("/institutions/new", c)),
        await call(
          mod["_app.institutions.new.tsx"]!.action!,
          postRequest("/institutions/new", institutionForm({ name: `DPS ${role}` }), { cookie: c }),
        ),
        await call(
          mod["_app.institutions.$institutionId.tsx"]!.action!,
          postRequest(`/institutions/${own}`, { ...institutionForm({ places: "1" }), version: "1" }, { cookie: c }),
          { institutionId: String(own) },
        ),
        await call(mod["_app.municipalities.new.tsx"]!.loader!, getRequest("/municipalities/new", c)),
        await call(
          mod["_app.municipalities.new.tsx"]!.action!,
          postRequest(
            "/municipalities/new",
            { country: "PL", name: `Gmina ${role}`, kind: "gmina", region: "" },
            { cookie: c },
          ),
        ),
        await call(mod["_app.municipalities.$municipalityId.tsx"]!.loader!, getRequest(`/municipalities/${muni}`, c), {
          municipalityId: String(muni),
        }),
        await call(
          mod["_app.municipalities.$municipalityId.tsx"]!.action!,
          postRequest(
            `/municipalities/${muni}`,
            { country: "BG", name: "x", kind: "obshtina", region: "", version: "1" },
            { cookie: c },
          ),
          { municipalityId: String(muni) },
        ),
      ];
      expect(
        attempts.map((a) => a.status),
        role,
      ).toEqual(Array(7).fill(403));
      expect(changedTables(before, tableDigests(db)), role).toEqual([]);
      expect(deniedRoutes() - denied, role).toBe(7);
    }
  });
});
