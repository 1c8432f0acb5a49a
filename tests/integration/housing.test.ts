import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, housingUnits } from "#db/schema";
import { housingUnitSchema, housingUnitUpdateSchema, type HousingUnitInput } from "#app/modules/housing/schemas";
import {
  createHousingUnit,
  freePlaces,
  getHousingUnit,
  listHousingUnits,
  updateHousingUnit,
} from "#app/modules/housing/service.server";
import { AppError } from "#app/utils/errors";
import { freshDb, freshDbFile } from "#tests/support/db";
import { contextFor, createInstitution, createUser, DEFAULT_PASSWORD } from "#tests/factories";
import { insertHousingUnit, insertPlacement, residentWithTransition } from "#tests/factories/housing";

const NOW = new Date("2025-02-10T10:00:00Z");

function unitInput(institutionId: number, overrides: Partial<HousingUnitInput> = {}): HousingUnitInput {
  return {
    institutionId,
    housingType: "pl_training_flat",
    name: "Mieszkanie treningowe Słoneczna",
    address: "ul. Słoneczna 4/2, Wieliczka",
    operatorName: "Gmina Wieliczka",
    operatorKind: "municipality",
    capacity: 4,
    maxFundedUsers: null,
    openedOn: "2024-03-01",
    status: "open",
    onInstitutionPremises: false,
    ...overrides,
  };
}

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

/** Two institutions (PL and BG), a case worker of the PL one, a unit there with placements. */
async function setup() {
  const db = freshDb();
  const pl = createInstitution(db, { name: "DPS Wieliczka" });
  const bg = createInstitution(db, { name: "ДСХ Тутракан", country: "BG", timeZone: "Europe/Sofia" });
  const worker = await createUser(db, { role: "case_worker", institutionIds: [pl.id] });
  const ctx = contextFor(db, worker.id, NOW);
  return { db, pl, bg, worker, ctx };
}

describe("occupancy", () => {
  it("counts reserved and active placements per unit; free never goes below zero; one query", async () => {
    const { db, pl, bg, ctx } = await setup();
    const a = insertHousingUnit(db, pl.id, { name: "A", capacity: 4 });
    const b = insertHousingUnit(db, pl.id, { name: "B", capacity: 1 });
    const c = insertHousingUnit(db, pl.id, { name: "C", capacity: 3, status: "planned", openedOn: null });
    insertHousingUnit(db, bg.id, { name: "Other", housingType: "bg_protected_housing" });
    const people = Array.from({ length: 6 }, () => residentWithTransition(ctx, pl.id));
    insertPlacement(db, people[0]!.transitionId, a.id, "reserved");
    insertPlacement(db, people[1]!.transitionId, a.id, "active");
    insertPlacement(db, people[2]!.transitionId, a.id, "active");
    insertPlacement(db, people[3]!.transitionId, a.id, "ended");
    insertPlacement(db, people[4]!.transitionId, a.id, "cancelled");
    // More taken than places (data from before a capacity cut): free is 0, not negative.
    insertPlacement(db, people[4]!.transitionId, b.id, "active");
    insertPlacement(db, people[5]!.transitionId, b.id, "reserved");

    const prepare = vi.spyOn(db.$client, "prepare");
    const units = listHousingUnits(ctx);
    expect(prepare).toHaveBeenCalledTimes(1);
    prepare.mockRestore();

    expect(units.map((u) => [u.name, u.capacity, u.reserved, u.occupied, u.free])).toEqual([
      ["A", 4, 1, 2, 1],
      ["B", 1, 1, 1, 0],
      ["C", 3, 0, 0, 3],
    ]);
    expect(freePlaces(db, a.id)).toBe(1);
    expect(freePlaces(db, b.id)).toBe(0);
    expect(freePlaces(db, c.id)).toBe(3);
    expect(() => freePlaces(db, 9999)).toThrowError(AppError);
  });

  it("a unit's page lists current placements with code and name; pseudonymous roles see codes only", async () => {
    const { db, pl, ctx } = await setup();
    const unit = insertHousingUnit(db, pl.id);
    const anna = residentWithTransition(ctx, pl.id, { firstName: "Anna", lastName: "Nowak" });
    const piotr = residentWithTransition(ctx, pl.id, { firstName: "Piotr", lastName: "Zieliński" });
    const gone = residentWithTransition(ctx, pl.id);
    const p1 = insertPlacement(db, anna.transitionId, unit.id, "active");
    const p2 = insertPlacement(db, piotr.transitionId, unit.id, "reserved", { plannedMoveOn: "2025-03-01" });
    insertPlacement(db, gone.transitionId, unit.id, "ended");

    const seen = getHousingUnit(ctx, unit.id);
    expect(seen).toMatchObject({
      id: unit.id,
      institutionName: "DPS Wieliczka",
      country: "PL",
      reserved: 1,
      occupied: 1,
      free: 2,
    });
    expect(seen.placements).toEqual([
      {
        id: p1.id,
        status: "active",
        reservedOn: "2024-04-01",
        plannedMoveOn: "2024-05-01",
        movedInOn: "2024-05-02",
        expiresOn: null,
        expired: false,
        residentCode: anna.code,
        residentName: "Anna Nowak",
      },
      {
        id: p2.id,
        status: "reserved",
        reservedOn: "2024-04-01",
        plannedMoveOn: "2025-03-01",
        movedInOn: null,
        expiresOn: null,
        expired: false,
        residentCode: piotr.code,
        residentName: "Piotr Zieliński",
      },
    ]);

    const grantManager = await createUser(db, { role: "grant_manager", institutionIds: [pl.id] });
    const pseudonymous = getHousingUnit(contextFor(db, grantManager.id, NOW), unit.id);
    expect(pseudonymous.placements.map((p) => [p.residentCode, p.residentName])).toEqual([
      [anna.code, null],
      [piotr.code, null],
    ]);
    expect(JSON.stringify(pseudonymous)).not.toContain("Nowak");
  });
});

describe("institution scope", () => {
  it("another institution's unit: not found, audited, and left out of the list", async () => {
    const { db, bg, worker, ctx } = await setup();
    const other = insertHousingUnit(db, bg.id, { housingType: "bg_protected_housing", name: "Защитено жилище" });
    expect(listHousingUnits(ctx)).toEqual([]);

    expect(caught(() => getHousingUnit(ctx, other.id))).toMatchObject({
      label: "not_found",
      messageKey: "errors.notFound.body",
    });
    expect(caught(() => getHousingUnit(ctx, 9999))).toMatchObject({ label: "not_found" });
    const err = caught(() =>
      updateHousingUnit(ctx, other.id, {
        ...unitInput(bg.id, { housingType: "bg_protected_housing" }),
        name: "Mine now",
        version: 1,
      }),
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ label: "not_found" });

    const denied = auditOf(db, "access.denied");
    expect(denied.map((e) => [e.actorUserId, e.entityType, e.entityId])).toEqual([
      [worker.id, "housing_unit", String(other.id)],
      [worker.id, "housing_unit", "9999"],
      [worker.id, "housing_unit", String(other.id)],
    ]);
    expect(db.select().from(housingUnits).where(eq(housingUnits.id, other.id)).get()).toMatchObject({
      name: "Защитено жилище",
      version: 1,
    });
    // An administrator sees every institution's units.
    const admin = await createUser(db, { role: "admin" });
    expect(listHousingUnits(contextFor(db, admin.id, NOW)).map((u) => u.id)).toEqual([other.id]);
  });

  it("creating a unit for an institution outside the scope is refused and writes nothing", async () => {
    const { db, bg, ctx } = await setup();
    expect(
      caught(() => createHousingUnit(ctx, unitInput(bg.id, { housingType: "bg_protected_housing" }))),
    ).toMatchObject({
      label: "validation",
      messageKey: "errors.institutionOutOfScope",
    });
    expect(caught(() => createHousingUnit(ctx, unitInput(9999)))).toMatchObject({
      messageKey: "errors.institutionOutOfScope",
    });
    expect(db.select().from(housingUnits).all()).toEqual([]);
    expect(db.select().from(auditEvents).where(eq(auditEvents.entityType, "housing_unit")).all()).toEqual([]);
  });
});

describe("create and update", () => {
  it("creates a unit and audits it in the same transaction", async () => {
    const { db, pl, bg, worker, ctx } = await setup();
    const id = createHousingUnit(ctx, unitInput(pl.id, { onInstitutionPremises: true }));
    expect(getHousingUnit(ctx, id)).toMatchObject({
      housingType: "pl_training_flat",
      capacity: 4,
      status: "open",
      openedOn: "2024-03-01",
      onInstitutionPremises: true,
      version: 1,
      free: 4,
      placements: [],
    });
    const [ev] = auditOf(db, "housing_unit.created");
    expect(ev).toMatchObject({ actorUserId: worker.id, entityId: String(id), institutionId: pl.id, before: null });
    expect(ev!.after).toMatchObject({
      name: "Mieszkanie treningowe Słoneczna",
      capacity: 4,
      onInstitutionPremises: true,
    });

    // A Bulgarian unit records the national map's "maximum funded users".
    const bgWorker = await createUser(db, { institutionIds: [bg.id] });
    const bgId = createHousingUnit(
      contextFor(db, bgWorker.id, NOW),
      unitInput(bg.id, {
        housingType: "bg_supervised_housing",
        operatorKind: "ngo",
        maxFundedUsers: 8,
        capacity: 6,
        openedOn: "2021-01-15",
      }),
    );
    expect(db.select().from(housingUnits).where(eq(housingUnits.id, bgId)).get()).toMatchObject({
      maxFundedUsers: 8,
      capacity: 6,
    });
  });

  it("refuses a type of another country, a type not in force on the opening date, and other inconsistent units", async () => {
    const { db, pl, ctx } = await setup();
    const refused = (input: HousingUnitInput) => caught(() => createHousingUnit(ctx, input));
    expect(refused(unitInput(pl.id, { housingType: "bg_protected_housing" }))).toMatchObject({
      label: "validation",
      messageKey: "housing.errors.typeWrongCountry",
    });
    expect(refused(unitInput(pl.id, { housingType: "no_such_type" as never }))).toMatchObject({
      messageKey: "housing.errors.typeWrongCountry",
    });
    // mieszkanie treningowe exists since 1.11.2023; mieszkanie chronione treningowe until 31.10.2023.
    expect(refused(unitInput(pl.id, { openedOn: "2023-10-31" }))).toMatchObject({
      messageKey: "housing.errors.typeNotValidOnDate",
    });
    expect(
      refused(unitInput(pl.id, { housingType: "pl_protected_training_flat", openedOn: "2023-11-01" })),
    ).toMatchObject({
      messageKey: "housing.errors.typeNotValidOnDate",
    });
    // A planned unit without a date cannot be of a type no longer in force.
    expect(
      refused(unitInput(pl.id, { housingType: "pl_protected_supported_flat", status: "planned", openedOn: null })),
    ).toMatchObject({
      messageKey: "housing.errors.typeNotValidOnDate",
    });
    expect(refused(unitInput(pl.id, { status: "open", openedOn: null }))).toMatchObject({
      messageKey: "housing.errors.openedOnRequired",
    });
    expect(refused(unitInput(pl.id, { maxFundedUsers: 5 }))).toMatchObject({
      messageKey: "housing.errors.maxFundedOnlyBg",
    });
    expect(db.select().from(housingUnits).all()).toEqual([]);

    // The 2022 flats of the old kind are accepted with their own date.
    const old = createHousingUnit(
      ctx,
      unitInput(pl.id, { housingType: "pl_protected_training_flat", openedOn: "2022-09-01" }),
    );
    expect(old).toBeGreaterThan(0);
    expect(createHousingUnit(ctx, unitInput(pl.id, { status: "planned", openedOn: null }))).toBeGreaterThan(old);
  });

  it("capacity cannot go below the places reserved and taken; nothing is written", async () => {
    const { db, pl, ctx } = await setup();
    const unit = insertHousingUnit(db, pl.id, { capacity: 4 });
    const [x, y, z] = [0, 1, 2].map(() => residentWithTransition(ctx, pl.id));
    insertPlacement(db, x!.transitionId, unit.id, "active");
    insertPlacement(db, y!.transitionId, unit.id, "active");
    insertPlacement(db, z!.transitionId, unit.id, "reserved");

    const err = caught(() => updateHousingUnit(ctx, unit.id, { ...unitInput(pl.id), capacity: 2, version: 1 }));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      label: "validation",
      messageKey: "housing.errors.capacityBelowOccupancy",
      values: { taken: 3 },
    });
    expect(db.select().from(housingUnits).where(eq(housingUnits.id, unit.id)).get()).toMatchObject({
      capacity: 4,
      version: 1,
    });
    expect(auditOf(db, "housing_unit.updated")).toEqual([]);

    // Closing it or moving it to another institution while people live there is refused too.
    const other = createInstitution(db);
    const worker2 = await createUser(db, { institutionIds: [pl.id, other.id] });
    const ctx2 = contextFor(db, worker2.id, NOW);
    expect(
      caught(() => updateHousingUnit(ctx2, unit.id, { ...unitInput(pl.id), status: "closed", version: 1 })),
    ).toMatchObject({
      messageKey: "housing.errors.closeWithPlacements",
    });
    expect(caught(() => updateHousingUnit(ctx2, unit.id, { ...unitInput(other.id), version: 1 }))).toMatchObject({
      messageKey: "housing.errors.institutionChangeWithPlacements",
    });

    // Down to exactly the places taken is fine.
    updateHousingUnit(ctx, unit.id, { ...unitInput(pl.id), capacity: 3, version: 1 });
    expect(freePlaces(db, unit.id)).toBe(0);
  });

  it("the second of two concurrent editors gets a conflict, and nothing of theirs is written", async () => {
    const { db, pl, worker, ctx } = await setup();
    const id = createHousingUnit(ctx, unitInput(pl.id, { name: "Before", capacity: 4 }));
    const seen = getHousingUnit(ctx, id).version;
    updateHousingUnit(ctx, id, { ...unitInput(pl.id), name: "First", capacity: 5, version: seen });
    const err = caught(() =>
      updateHousingUnit(ctx, id, { ...unitInput(pl.id), name: "Second", capacity: 6, version: seen }),
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ label: "conflict", messageKey: "errors.conflict" });
    expect(getHousingUnit(ctx, id)).toMatchObject({ name: "First", capacity: 5, version: 2 });

    const updates = auditOf(db, "housing_unit.updated");
    expect(updates).toHaveLength(1);
    // Only what changed, before and after.
    expect(updates[0]).toMatchObject({
      actorUserId: worker.id,
      entityType: "housing_unit",
      entityId: String(id),
      institutionId: pl.id,
      before: { name: "Before", capacity: 4 },
      after: { name: "First", capacity: 5 },
    });
  });
});

describe("form schema", () => {
  const posted = {
    institutionId: "3",
    housingType: "bg_transitional_housing",
    name: " Преходно жилище ",
    address: "ул. Дунав 1",
    operatorName: "Община Тутракан",
    operatorKind: "municipality",
    capacity: "8",
    maxFundedUsers: "",
    openedOn: "",
    status: "planned",
  };

  it("turns the posted strings into a unit; an unticked checkbox is false", () => {
    expect(housingUnitSchema.parse(posted)).toEqual({
      ...posted,
      institutionId: 3,
      name: "Преходно жилище",
      capacity: 8,
      maxFundedUsers: null,
      openedOn: null,
      onInstitutionPremises: false,
    });
    const ticked = housingUnitUpdateSchema.parse({
      ...posted,
      onInstitutionPremises: "true",
      maxFundedUsers: "12",
      version: "2",
    });
    expect(ticked).toMatchObject({ onInstitutionPremises: true, maxFundedUsers: 12, version: 2 });
    // The field is not shown for Polish institutions, so it may be missing.
    const { maxFundedUsers: _, ...withoutFunded } = posted;
    expect(housingUnitSchema.parse(withoutFunded).maxFundedUsers).toBeNull();
  });

  it("answers translation keys for bad fields", () => {
    const r = housingUnitSchema.safeParse({
      ...posted,
      capacity: "201",
      housingType: "",
      status: "open",
      openedOn: "2024-02-30",
      maxFundedUsers: "-1",
    });
    expect(r.success).toBe(false);
    const keys = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(keys).toMatchObject({
      capacity: "validation.invalid",
      housingType: "validation.invalidChoice",
      openedOn: "validation.date",
      maxFundedUsers: "validation.invalid",
    });
    for (const capacity of ["0", "2.5", "abc", ""]) {
      expect(housingUnitSchema.safeParse({ ...posted, capacity }).success).toBe(false);
    }
    const open = housingUnitSchema.safeParse({ ...posted, status: "open", openedOn: "" });
    expect(open.error?.issues).toEqual([
      expect.objectContaining({ path: ["openedOn"], message: "validation.required" }),
    ]);
  });
});

describe("routes", () => {
  const ORIGIN = "http://localhost:3000";
  type Args = { request: Request; params: Record<string, string>; context: Record<string, never> };
  type Handler = (args: Args) => Promise<unknown>;
  let db: Db;
  let login: { action: Handler };
  let list: { loader: Handler };
  let create: { loader: Handler; action: Handler };
  let unitPage: { loader: Handler; action: Handler };
  let inst: number;

  beforeAll(async () => {
    process.env.DATABASE_PATH = freshDbFile();
    const { getDb } = await import("#app/utils/db.server");
    db = getDb();
    login = (await import("#app/routes/login")) as never;
    list = (await import("#app/routes/_app.housing._index")) as never;
    create = (await import("#app/routes/_app.housing.new")) as never;
    unitPage = (await import("#app/routes/_app.housing.$unitId")) as never;
    inst = createInstitution(db).id;
    await createUser(db, { email: "cw@x.pl", role: "case_worker", institutionIds: [inst] });
    await createUser(db, { email: "gm@x.pl", role: "grant_manager", institutionIds: [inst] });
  });

  const args = (request: Request, params: Record<string, string> = {}): Args => ({ request, params, context: {} });
  const post = (path: string, body: Record<string, string>, cookie: string) =>
    new Request(ORIGIN + path, {
      method: "POST",
      body: new URLSearchParams(body).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, Cookie: cookie },
    });
  const get = (path: string, cookie: string) => new Request(ORIGIN + path, { headers: { Cookie: cookie } });
  async function signIn(email: string) {
    const res = (await login.action(args(post("/login", { email, password: DEFAULT_PASSWORD }, "")))) as Response;
    expect(res.status).toBe(302);
    return res.headers.get("Set-Cookie")!.split(";")[0]!;
  }
  async function thrown(p: Promise<unknown>) {
    try {
      await p;
    } catch (e) {
      return e;
    }
    throw new Error("expected the handler to throw");
  }
  const statusOf = (v: unknown) =>
    v instanceof Response ? v.status : (v as { init?: { status?: number } }).init?.status;
  const form = (o: Record<string, string> = {}) => ({
    institutionId: String(inst),
    housingType: "pl_assisted_flat",
    name: "Mieszkanie wspomagane Lipowa",
    address: "ul. Lipowa 7",
    operatorName: "Powiat wielicki",
    operatorKind: "county",
    capacity: "3",
    maxFundedUsers: "",
    openedOn: "2024-06-01",
    status: "open",
    onInstitutionPremises: "true",
    ...o,
  });

  it("a case worker creates and edits a unit; a stale version gets a form-level conflict", async () => {
    const cookie = await signIn("cw@x.pl");
    const res = (await create.action(args(post("/housing/new", form(), cookie)))) as Response;
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("Location")!.split("/").pop());
    expect(db.select().from(housingUnits).where(eq(housingUnits.id, id)).get()).toMatchObject({
      operatorKind: "county",
      onInstitutionPremises: true,
    });

    const page = (await unitPage.loader(args(get(`/housing/${id}`, cookie), { unitId: String(id) }))) as {
      unit: { version: number };
    };
    expect(page.unit.version).toBe(1);
    const ok = (await unitPage.action(
      args(post(`/housing/${id}`, form({ version: "1", capacity: "5" }), cookie), { unitId: String(id) }),
    )) as Response;
    expect(ok.status).toBe(302);
    // No onInstitutionPremises field: the box was unticked.
    const stale = await unitPage.action(
      args(post(`/housing/${id}`, form({ version: "1", onInstitutionPremises: "" }), cookie), { unitId: String(id) }),
    );
    expect(statusOf(stale)).toBe(409);
    expect((stale as { data: { formError: { key: string } } }).data.formError.key).toBe("errors.conflict");
    expect(db.select().from(housingUnits).where(eq(housingUnits.id, id)).get()).toMatchObject({
      capacity: 5,
      version: 2,
      onInstitutionPremises: true,
    });

    const wrongType = await create.action(
      args(post("/housing/new", form({ housingType: "bg_protected_housing" }), cookie)),
    );
    expect(statusOf(wrongType)).toBe(400);
    expect((wrongType as { data: { formError: { key: string } } }).data.formError.key).toBe(
      "housing.errors.typeWrongCountry",
    );
  });

  it("a grant manager may read the occupancy but not create or edit (403, audited)", async () => {
    const cookie = await signIn("gm@x.pl");
    const listed = (await list.loader(args(get("/housing", cookie)))) as { units: unknown[] };
    expect(Array.isArray(listed.units)).toBe(true);
    const before = db
      .select({ n: sql<number>`count(*)` })
      .from(housingUnits)
      .get()!.n;
    expect(statusOf(await thrown(create.loader(args(get("/housing/new", cookie)))))).toBe(403);
    expect(statusOf(await thrown(create.action(args(post("/housing/new", form(), cookie)))))).toBe(403);
    expect(
      db
        .select({ n: sql<number>`count(*)` })
        .from(housingUnits)
        .get()!.n,
    ).toBe(before);
    const refusals = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "access.denied"), eq(auditEvents.entityType, "route")))
      .all();
    expect(refusals.map((r) => r.entityId)).toEqual(["/housing/new", "/housing/new"]);
  });
});
