import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, userInstitutions, userMonitoringAreas } from "#db/schema";
import en from "#app/locales/en.json";
import { HIDDEN_MARK } from "#app/modules/grants/breakdowns";
import { summariseTotals } from "#app/modules/indicators/engine.server";
import { getPeriodReport, submitReport } from "#app/modules/grants/reports.server";
import { createGrant, getGrant } from "#app/modules/grants/service.server";
import { ALL_REGIONS } from "#app/modules/monitoring/regions";
import {
  LISTED_AT_ONCE,
  monitoringArea,
  monitoringInstitution,
  monitoringOverview,
  monitoredAreas,
} from "#app/modules/monitoring/service.server";
import { createPlan, editPlan, getPlanVersion } from "#app/modules/plans/service.server";
import { createUser as createUserService, getUser, updateUser } from "#app/modules/users/service.server";
import { contextFor, createInstitution, createMunicipality, createUser } from "#tests/factories";
import { grantForm, registerResident, type GrantWorld } from "#tests/factories/grants";
import { call, getRequest, loadRoute, openAppDb, signIn, type RouteModule } from "#tests/support/route-harness";

/**
 * The monitoring role (issue #18 item 1, decision 033): a coordinator granted plan areas or a
 * whole country sees plans, milestones and grant indicators of those areas only, by area and
 * institution, never a person; breakdowns protected exactly as for the grant manager.
 */

let db: Db;
let w: GrantWorld;
const ids = {} as Record<"north" | "south" | "sofia" | "instN" | "instS" | "instG", number>;
const users = {} as Record<"admin" | "monN" | "monS" | "monPL" | "monBG" | "managerN", number>;
const grantIds = {} as Record<"north" | "south", number>;
/** Every resident's code and last name: none may reach a monitoring user. */
const persons: string[] = [];
const routes = new Map<string, RouteModule>();

beforeAll(async () => {
  db = await openAppDb();
  ids.north = createMunicipality(db, { name: "Gmina Północna", region: "lubuskie" }).id;
  ids.south = createMunicipality(db, { name: "Gmina Południowa", region: "dolnośląskie" }).id;
  ids.sofia = createMunicipality(db, { name: "Община Средец", country: "BG", kind: "obshtina" }).id;
  ids.instN = createInstitution(db, { municipalityId: ids.north, name: "DPS Północ" }).id;
  ids.instS = createInstitution(db, { municipalityId: ids.south, name: "DPS Południe" }).id;
  ids.instG = createInstitution(db, {
    municipalityId: ids.sofia,
    name: "ДСХ Средец",
    country: "BG",
    timeZone: "Europe/Sofia",
  }).id;
  users.admin = (await createUser(db, { role: "admin", email: "admin@mon.test" })).id;
  users.managerN = (await createUser(db, { role: "grant_manager", institutionIds: [ids.instN] })).id;
  const managerS = (await createUser(db, { role: "grant_manager", institutionIds: [ids.instS] })).id;
  const worker = (await createUser(db, { role: "case_worker", institutionIds: [ids.instN, ids.instS] })).id;
  users.monN = (await createUser(db, { role: "monitoring", email: "mon-n@mon.test", municipalityIds: [ids.north] })).id;
  users.monS = (await createUser(db, { role: "monitoring", email: "mon-s@mon.test", municipalityIds: [ids.south] })).id;
  users.monPL = (await createUser(db, { role: "monitoring", email: "mon-pl@mon.test", countries: ["PL"] })).id;
  users.monBG = (await createUser(db, { role: "monitoring", email: "mon-bg@mon.test", countries: ["BG"] })).id;
  w = { db, instA: ids.instN, instB: ids.instS, manager: users.managerN, otherManager: managerS, worker };

  // North: five covered persons in the last quarter, two men (a small cell) and three women.
  for (const [on, sex] of [
    ["2026-10-05", "male"],
    ["2026-10-06", "male"],
    ["2026-10-07", "female"],
    ["2026-10-08", "female"],
    ["2026-10-09", "female"],
  ] as const) {
    const r = registerResident(w, ids.instN, on, { sex });
    persons.push(r.code);
  }
  const south = registerResident(w, ids.instS, "2026-10-10");
  persons.push(south.code);
  persons.push(...db.$client.prepare("select last_name from residents").pluck().all().map(String));

  grantIds.north = createGrant(
    contextFor(db, users.managerN),
    grantForm(w, { contractNumber: "POWR.NORTH-0001", institutionIds: [String(ids.instN)] }),
  );
  grantIds.south = createGrant(
    contextFor(db, managerS),
    grantForm(w, { contractNumber: "POWR.SOUTH-0002", institutionIds: [String(ids.instS)] }),
  );
  for (const f of [
    "_app.monitoring._index.tsx",
    "_app.monitoring.municipalities.$municipalityId.tsx",
    "_app.monitoring.institutions.$institutionId.tsx",
    "_app.monitoring.overview[.]xlsx.ts",
    "_app.residents.$residentId._index.tsx",
  ])
    routes.set(f, await loadRoute(f));
}, 60_000);

const ctx = (who: keyof typeof users) => contextFor(db, users[who]);

describe("scope: a coordinator of one region sees nothing of another", () => {
  it("the areas are those granted (a plan area, or every area of a country), and their institutions only", () => {
    expect(monitoredAreas(ctx("monN")).map((a) => a.name)).toEqual(["Gmina Północna"]);
    expect(monitoredAreas(ctx("monPL")).map((a) => a.name)).toEqual(["Gmina Południowa", "Gmina Północna"]);
    expect(monitoredAreas(ctx("monBG")).map((a) => a.name)).toEqual(["Община Средец"]);
    expect(monitoredAreas(ctx("admin"))).toHaveLength(3);
    expect(ctx("monN").scope).toEqual({ all: false, institutionIds: [ids.instN] });
    expect(ctx("monBG").scope).toEqual({ all: false, institutionIds: [ids.instG] });
  });

  it("the overview of North names nothing of South: no area, institution, grant or figure", () => {
    const o = monitoringOverview(ctx("monN"));
    expect(o.areas.map((a) => a.id)).toEqual([ids.north]);
    expect(o.grants.map((g) => g.contractNumber)).toEqual(["POWR.NORTH-0001"]);
    const text = JSON.stringify(o);
    for (const s of ["Gmina Południowa", "DPS Południe", "POWR.SOUTH-0002", "Община Средец"])
      expect(text).not.toContain(s);
    const south = monitoringOverview(ctx("monS"));
    expect(south.grants.map((g) => g.contractNumber)).toEqual(["POWR.SOUTH-0002"]);
    expect(JSON.stringify(south)).not.toContain("POWR.NORTH-0001");
  });

  it("another region's plan area or institution is a 404, audited, the same as one that does not exist", () => {
    const before = db.select().from(auditEvents).where(eq(auditEvents.action, "access.denied")).all().length;
    expect(() => monitoringArea(ctx("monN"), ids.south)).toThrow(expect.objectContaining({ label: "not_found" }));
    expect(() => monitoringArea(ctx("monN"), 99_999)).toThrow(expect.objectContaining({ label: "not_found" }));
    expect(() => monitoringInstitution(ctx("monN"), ids.instS)).toThrow(
      expect.objectContaining({ label: "not_found" }),
    );
    expect(() => monitoringInstitution(ctx("monBG"), ids.instN)).toThrow(
      expect.objectContaining({ label: "not_found" }),
    );
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "access.denied")).all().length).toBe(before + 4);
  });

  it("the routes answer 404 with nothing of the other area, and 403 to roles without the permission", async () => {
    const mon = await signIn("mon-n@mon.test");
    const area = routes.get("_app.monitoring.municipalities.$municipalityId.tsx")!.loader!;
    const inst = routes.get("_app.monitoring.institutions.$institutionId.tsx")!.loader!;
    const other = await call(area, getRequest(`/monitoring/municipalities/${ids.south}`, mon), {
      municipalityId: String(ids.south),
    });
    expect(other.status).toBe(404);
    expect(other.body).not.toContain("Gmina Południowa");
    const otherInst = await call(inst, getRequest(`/monitoring/institutions/${ids.instS}`, mon), {
      institutionId: String(ids.instS),
    });
    expect(otherInst.status).toBe(404);
    expect(otherInst.body).not.toContain("DPS Południe");
    const own = await call(area, getRequest(`/monitoring/municipalities/${ids.north}`, mon), {
      municipalityId: String(ids.north),
    });
    expect(own.status).toBe(200);
  });

  it("a granted plan area without an institution shows its plan with the burn-up chart (targets against 0)", async () => {
    const empty = createMunicipality(db, { name: "Gmina Bez Domów", region: "lubuskie" }).id;
    const monE = (await createUser(db, { role: "monitoring", email: "mon-e@mon.test", municipalityIds: [empty] })).id;
    const admin = contextFor(db, users.admin);
    const planId = createPlan(admin, { municipalityId: empty, title: "Plan DI Bez Domów" });
    const version = getPlanVersion(admin, planId).version.version;
    editPlan(admin, planId, version, "milestone_added", (c) => ({
      ...c,
      periodFrom: "2026-01-01",
      periodTo: "2027-12-31",
      milestones: [{ id: "m-1", date: "2027-06-30", title: "Pierwsze przeprowadzki", targets: { RES_MOVED: 4 } }],
    }));
    const mon = contextFor(db, monE);
    expect(mon.scope).toEqual({ all: false, institutionIds: [] });
    const area = monitoringArea(mon, empty);
    expect(area.institutions).toEqual([]);
    expect(area.plans.map((p) => p.title)).toEqual(["Plan DI Bez Domów"]);
    const [chart] = area.plans[0]!.charts;
    expect(chart).toMatchObject({ code: "RES_MOVED", finalTarget: 4, actual: 0 });
    expect(chart!.series.at(-1)!.target).toBe(4);
    // Another coordinator's plan stays out of reach: the plan area is not theirs.
    expect(() => monitoringArea(ctx("monN"), empty)).toThrow(expect.objectContaining({ label: "not_found" }));
  });

  it("an institution added later to a granted area (or country) is in scope at once", () => {
    const added = createInstitution(db, { municipalityId: ids.north, name: "DPS Północ 2" }).id;
    expect(ctx("monN").scope).toEqual({ all: false, institutionIds: [ids.instN, added] });
    expect(monitoringOverview(ctx("monN")).areas[0]!.institutions).toBe(2);
    expect(ctx("monPL").scope).toEqual({
      all: false,
      institutionIds: [ids.instN, ids.instS, added].sort((a, b) => a - b),
    });
  });
});

describe("no person-level data in any loader output or export", () => {
  async function loaderBodies(email: string) {
    const cookie = await signIn(email);
    const get = async (file: string, url: string, params: Record<string, string> = {}) => {
      const o = await call(routes.get(file)!.loader!, getRequest(url, cookie), params);
      expect(o.status, url).toBe(200);
      return o.body;
    };
    return [
      await get("_app.monitoring._index.tsx", "/monitoring"),
      await get("_app.monitoring.municipalities.$municipalityId.tsx", `/monitoring/municipalities/${ids.north}`, {
        municipalityId: String(ids.north),
      }),
      await get("_app.monitoring.institutions.$institutionId.tsx", `/monitoring/institutions/${ids.instN}`, {
        institutionId: String(ids.instN),
      }),
    ];
  }

  async function workbookText(email: string) {
    const cookie = await signIn(email);
    const res = (await routes.get("_app.monitoring.overview[.]xlsx.ts")!.loader!({
      request: getRequest("/monitoring/overview.xlsx", cookie),
      params: {},
      context: {},
    })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const cells: string[] = [];
    const sheets: Record<string, string[][]> = {};
    wb.eachSheet((ws) => {
      sheets[ws.name] = [];
      ws.eachRow((row) => {
        const values = (row.values as unknown[])
          .slice(1)
          .map((v) => (v instanceof Date ? v.toISOString() : String(v ?? "")));
        sheets[ws.name]!.push(values);
        cells.push(...values);
      });
    });
    return { text: cells.join("\n"), sheets };
  }

  it("the pages' data hold the area's figures but no code or name of a person", async () => {
    const bodies = await loaderBodies("mon-n@mon.test");
    const all = bodies.join("\n");
    expect(all).toContain("POWR.NORTH-0001");
    expect(all).toContain("DPS Północ");
    for (const p of persons) expect(all, p).not.toContain(p);
    // None of the reports' person lists travels: no drill-down items, left-out lists or late-correction codes.
    expect(all).not.toMatch(/"(items|excluded|frozen|diffs|carried|added|removed|firstName|lastName)"/);
  });

  it("the XLSX holds the area's plans, institutions and indicators, no person, and nothing of another region", async () => {
    const { text, sheets } = await workbookText("mon-n@mon.test");
    expect(text).toContain("POWR.NORTH-0001");
    expect(text).toContain("DPS Północ");
    for (const p of persons) expect(text, p).not.toContain(p);
    for (const s of ["POWR.SOUTH-0002", "DPS Południe", "Gmina Południowa"]) expect(text).not.toContain(s);
    // The covered persons in the period: five, of a target of ten (50 %).
    const row = sheets["Grant indicators"]!.find((r) => r[4] === "RES_COVERED")!;
    expect(row.slice(6)).toEqual(["0", "10", "5", "5", "50"]);
    const audited = db.select().from(auditEvents).where(eq(auditEvents.action, "monitoring_overview.exported")).all();
    expect(audited.length).toBeGreaterThan(0);
  });

  it("a resident's page is refused to a monitoring user (403), and says nothing of the person", async () => {
    const cookie = await signIn("mon-n@mon.test");
    const residentId = db.$client.prepare("select min(id) from residents").pluck().get() as number;
    const o = await call(
      routes.get("_app.residents.$residentId._index.tsx")!.loader!,
      getRequest(`/residents/${residentId}`, cookie),
      { residentId: String(residentId) },
    );
    expect(o.status).toBe(403);
    for (const p of persons) expect(o.body).not.toContain(p);
  });
});

describe("breakdowns: small counts suppressed exactly as for the grant manager (decision 022)", () => {
  it("the monitoring view's breakdowns are the protected report's cells; the administrator's are exact", () => {
    const g = getGrant(ctx("monN"), grantIds.north);
    const period = g.periods.find((p) => p.startsOn === "2026-10-01")!;
    const manager = getPeriodReport(contextFor(db, users.managerN), grantIds.north, period.id);
    const mine = monitoringArea(ctx("monN"), ids.north).grants[0]!;
    const covered = (rows: { code: string; breakdowns: Record<string, unknown> }[]) =>
      rows.find((r) => r.code === "RES_COVERED")!.breakdowns;
    expect(covered(mine.breakdowns)).toEqual(covered(manager.rows));
    // Two men: a small cell, hidden with its complement.
    const sex = covered(mine.breakdowns).sex as Record<string, { inPeriod: number | null }>;
    expect(sex.male!.inPeriod).toBeNull();
    expect(mine.disclosure).toEqual({ hidden: true, threshold: 3 });
    const exact = monitoringArea(ctx("admin"), ids.north).grants.find((x) => x.id === grantIds.north)!;
    expect((covered(exact.breakdowns).sex as Record<string, { inPeriod: number }>).male!.inPeriod).toBe(2);
  });

  it("the XLSX's breakdown sheet carries the hidden mark and the note", async () => {
    const cookie = await signIn("mon-n@mon.test");
    const res = (await routes.get("_app.monitoring.overview[.]xlsx.ts")!.loader!({
      request: getRequest("/monitoring/overview.xlsx", cookie),
      params: {},
      context: {},
    })) as Response;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet("Breakdowns")!;
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
    const male = rows.find(
      (r) => r[0] === "POWR.NORTH-0001" && r[1] === en.indicators.RES_COVERED && r[3] === en.residents.sexes.male,
    );
    expect(male?.slice(4)).toEqual([HIDDEN_MARK, HIDDEN_MARK]);
    expect(rows.some((r) => r[0]!.includes(HIDDEN_MARK) && r[0]!.includes("3"))).toBe(true);
  });
});

describe("the administrator grants plan areas and countries on the users pages", () => {
  it("a monitoring user keeps areas and countries, never institutions; another role keeps neither", async () => {
    const admin = ctx("admin");
    const id = await createUserService(admin, {
      email: "rops@mon.test",
      name: "ROPS",
      role: "monitoring",
      password: "a long enough password",
      institutionIds: [ids.instS],
      municipalityIds: [ids.north, ids.north],
      countries: ["BG"],
    });
    const u = getUser(admin, id);
    expect(u).toMatchObject({ institutionIds: [], municipalityIds: [ids.north], countries: ["BG"] });
    const scope = contextFor(db, id).scope as { institutionIds: readonly number[] };
    expect(scope.institutionIds).toEqual(expect.arrayContaining([ids.instN, ids.instG]));
    expect(scope.institutionIds).not.toContain(ids.instS);
    updateUser(admin, id, {
      version: u.version,
      name: "ROPS",
      role: "case_worker",
      institutionIds: [ids.instS],
      municipalityIds: [ids.north],
      countries: ["PL"],
    });
    expect(db.select().from(userMonitoringAreas).where(eq(userMonitoringAreas.userId, id)).all()).toEqual([]);
    expect(db.select().from(userInstitutions).where(eq(userInstitutions.userId, id)).all()).toHaveLength(1);
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, "user.updated")).all().at(-1)!;
    expect(audit.before).toMatchObject({ municipalityIds: [ids.north], countries: ["BG"] });
  });

  it("an unknown plan area is refused", async () => {
    await expect(
      createUserService(ctx("admin"), {
        email: "nobody@mon.test",
        name: "Nobody",
        role: "monitoring",
        password: "a long enough password",
        institutionIds: [],
        municipalityIds: [99_999],
        countries: [],
      }),
    ).rejects.toMatchObject({ label: "validation", messageKey: "users.errors.unknownMunicipality" });
  });
});

describe("the overview's figures are each grant's report, read for every grant at once (periodTotals)", () => {
  /** The overview's indicators of a grant as its report page shows them for this reader. */
  const fromReport = (who: keyof typeof users, grantId: number, seq: number) => {
    const g = getGrant(ctx(who), grantId);
    return getPeriodReport(ctx(who), grantId, g.periods.find((p) => p.seq === seq)!.id)
      .rows.filter((r) => r.target !== null)
      .map((r) => ({
        code: r.code,
        unit: r.unit,
        inPeriod: r.inPeriod,
        cumulative: r.cumulative,
        baseline: r.baseline,
        target: r.target,
        percentOfTarget: r.percentOfTarget,
      }));
  };

  it("live: the current period's totals of every grant equal its report's rows, for the administrator and a coordinator", () => {
    for (const who of ["admin", "monN", "monPL"] as const) {
      const o = monitoringOverview(ctx(who));
      expect(o.grants.length).toBeGreaterThan(0);
      for (const g of o.grants)
        expect(g.indicators, `${who} ${g.contractNumber}`).toEqual(fromReport(who, g.id, g.period!.seq));
    }
    const north = monitoringOverview(ctx("monN")).grants.find((g) => g.contractNumber === "POWR.NORTH-0001")!;
    expect(north.indicators.find((i) => i.code === "RES_COVERED")).toMatchObject({ inPeriod: 5, cumulative: 5 });
  });

  it("submitted: the frozen figures, not a late correction's live ones", () => {
    const manager = contextFor(db, users.managerN);
    const id = createGrant(
      manager,
      grantForm(w, {
        contractNumber: "POWR.NORTH-0003",
        startsOn: "2026-10-01",
        endsOn: "2026-11-30",
        firstPeriodStart: "2026-10-01",
        periodMonths: "2",
        institutionIds: [String(ids.instN)],
      }),
    );
    const period = getGrant(manager, id).periods[0]!;
    submitReport(manager, id, period.id, { version: 0, problems: "—", plannedProgress: "—" });
    registerResident(w, ids.instN, "2026-10-20"); // a late entry into the submitted period
    const row = monitoringOverview(ctx("monN")).grants.find((g) => g.id === id)!;
    expect(row.period).toMatchObject({ seq: 1, submitted: true });
    expect(row.indicators).toEqual(fromReport("monN", id, 1));
    expect(row.indicators.find((i) => i.code === "RES_COVERED")).toMatchObject({ inPeriod: 5, cumulative: 5 });
    const live = getGrant(manager, id);
    const [liveTotals] = summariseTotals(db, [
      {
        institutionIds: [ids.instN],
        grantStart: live.grant.startsOn,
        periodStart: period.startsOn,
        periodEnd: period.endsOn,
        ageScheme: live.grant.ageScheme,
      },
    ]);
    expect(liveTotals!.find((t) => t.code === "RES_COVERED")!.cumulative).toBe(6);
  });
});

describe("live: the next read after a write counts it, with no refresh in between (issue #18 item 2)", () => {
  it("a person registered in North is in the overview, the area's grants and the institution's page at once", () => {
    const read = () => {
      const grant = monitoringOverview(ctx("monN")).grants.find((g) => g.contractNumber === "POWR.NORTH-0001")!;
      const area = monitoringArea(ctx("monN"), ids.north).grants.find((g) => g.contractNumber === "POWR.NORTH-0001")!;
      const inst = monitoringInstitution(ctx("monN"), ids.instN).grants.find((g) => g.id === grantIds.north)!;
      return {
        overview: grant.indicators.find((i) => i.code === "RES_COVERED")!,
        area: area.progress.find((i) => i.code === "RES_COVERED")!.points.at(-1)!.live,
        institution: inst.indicators.find((i) => i.code === "RES_COVERED")!,
      };
    };
    const before = read();
    registerResident(w, ids.instN, "2026-11-20"); // in the grant's current (last) quarter
    const after = read();
    expect(after.overview.inPeriod).toBe(before.overview.inPeriod + 1);
    expect(after.overview.cumulative).toBe(before.overview.cumulative + 1);
    expect(after.institution.inPeriod).toBe(before.institution.inPeriod + 1);
    expect(after.institution.cumulative).toBe(before.institution.cumulative + 1);
    expect(after.area).toBe((before.area ?? 0) + 1);
  });
});

// Last in the file: it adds plan areas that every coordinator of Poland then sees.
describe("regions (decision 058): a scope of several regions opens with them; a large one lists a region at a time", () => {
  const denied = () => db.select().from(auditEvents).where(eq(auditEvents.action, "access.denied")).all().length;

  it("a few areas in several regions: the regions' totals above the whole list", () => {
    const o = monitoringOverview(ctx("admin"));
    expect(o.listed).toBe(true);
    expect(o.region).toBeNull();
    // By now lubuskie also holds "Gmina Bez Domów" (with a plan), "DPS Północ 2" and POWR.NORTH-0003.
    expect(o.regions!.map((r) => [r.key, r.areas, r.plans, r.institutions, r.grants])).toEqual([
      ["BG:", 1, 0, 1, 0],
      ["PL:dolnośląskie", 1, 0, 1, 1],
      ["PL:lubuskie", 2, 1, 2, 2],
    ]);
    expect(o.areas.map((a) => a.name).sort()).toEqual([
      "Gmina Bez Domów",
      "Gmina Południowa",
      "Gmina Północna",
      "Община Средец",
    ]);
    expect(o.grants.map((g) => g.contractNumber).sort()).toEqual([
      "POWR.NORTH-0001",
      "POWR.NORTH-0003",
      "POWR.SOUTH-0002",
    ]);
    // One region: no regions' table.
    expect(monitoringOverview(ctx("monN")).regions).toBeNull();
  });

  it("a region asked for lists its areas and grants only, with the same figures; another's is an audited 404", () => {
    const whole = monitoringOverview(ctx("monPL"));
    const north = monitoringOverview(ctx("monPL"), "PL:lubuskie");
    expect(north.region).toBe("PL:lubuskie");
    expect(north.areas.map((a) => a.name)).toEqual(["Gmina Bez Domów", "Gmina Północna"]);
    expect(north.grants.map((g) => g.contractNumber).sort()).toEqual(["POWR.NORTH-0001", "POWR.NORTH-0003"]);
    expect(north.grants.find((g) => g.id === grantIds.north)!.indicators).toEqual(
      whole.grants.find((g) => g.id === grantIds.north)!.indicators,
    );
    expect(north.regions).toEqual(whole.regions);
    const before = denied();
    expect(() => monitoringOverview(ctx("monN"), "PL:dolnośląskie")).toThrow(
      expect.objectContaining({ label: "not_found" }),
    );
    expect(() => monitoringOverview(ctx("monPL"), "BG:")).toThrow(expect.objectContaining({ label: "not_found" }));
    expect(() => monitoringOverview(ctx("monPL"), "PL:nowhere")).toThrow(
      expect.objectContaining({ label: "not_found" }),
    );
    expect(denied()).toBe(before + 3);
  });

  it(`more than ${LISTED_AT_ONCE.areas} areas: the regions only, until one region or all of them are asked for`, async () => {
    const extra = LISTED_AT_ONCE.areas;
    for (let i = 0; i < extra; i++) createMunicipality(db, { name: `Gmina Opolska ${i + 1}`, region: "opolskie" });
    const o = monitoringOverview(ctx("monPL"));
    expect(o.listed).toBe(false);
    expect(o.areas).toEqual([]);
    expect(o.grants).toEqual([]);
    expect(o.totals).toEqual({ areas: extra + 3, grants: 3 });
    expect(o.regions!.map((r) => [r.key, r.areas])).toEqual([
      ["PL:dolnośląskie", 1],
      ["PL:lubuskie", 2],
      ["PL:opolskie", extra],
    ]);
    const south = monitoringOverview(ctx("monPL"), "PL:dolnośląskie");
    expect(south.listed).toBe(true);
    expect(south.areas.map((a) => a.name)).toEqual(["Gmina Południowa"]);
    expect(south.grants.map((g) => g.contractNumber)).toEqual(["POWR.SOUTH-0002"]);
    const all = monitoringOverview(ctx("monPL"), ALL_REGIONS);
    expect(all.listed).toBe(true);
    expect(all.areas).toHaveLength(extra + 3);
    expect(all.grants).toHaveLength(3);
    // The Bulgarian coordinator's country has one area: everything, no regions.
    expect(monitoringOverview(ctx("monBG")).regions).toBeNull();
    expect(monitoringOverview(ctx("monBG")).listed).toBe(true);

    // Through the route: the region in the query; one that is not theirs is a 404 naming nothing.
    const mon = await signIn("mon-pl@mon.test");
    const overview = routes.get("_app.monitoring._index.tsx")!.loader!;
    const regions = await call(overview, getRequest("/monitoring", mon), {});
    expect(regions.status).toBe(200);
    expect(regions.body).toContain("opolskie");
    expect(regions.body).not.toContain("Gmina Opolska 1");
    expect(regions.body).not.toContain("POWR.NORTH-0001");
    const one = await call(overview, getRequest(`/monitoring?region=${encodeURIComponent("PL:opolskie")}`, mon), {});
    expect(one.status).toBe(200);
    expect(one.body).toContain("Gmina Opolska 1");
    expect(one.body).not.toContain("Gmina Północna");
    expect(one.body).not.toContain("POWR.NORTH-0001");
    const empty = await call(overview, getRequest("/monitoring?region=", mon), {});
    expect(empty.status).toBe(200);
    expect(empty.body).not.toContain("Gmina Opolska 1");
    const other = await call(overview, getRequest(`/monitoring?region=${encodeURIComponent("BG:")}`, mon), {});
    expect(other.status).toBe(404);
    expect(other.body).not.toContain("Средец");
  });
});
