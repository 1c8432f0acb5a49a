import ExcelJS from "exceljs";
import Database from "better-sqlite3";
import { desc, eq } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { MIGRATIONS_FOLDER, runMigrations } from "#db/migrate";
import { auditEvents, residents, transitions } from "#db/schema";
import { searchFold } from "#db/search-fold";
import { exportResidents, listResidents, updateResident } from "#app/modules/residents/service.server";
import { contextFor, createInstitution, createMunicipality, createUser } from "#tests/factories";
import { residentWithTransition } from "#tests/factories/housing";
import { args, call, getRequest, loadRoute, openAppDb, signIn, type RouteModule } from "#tests/support/route-harness";

/** Issue #15 item 7: search that finds people, sorting, filters and the XLSX export. */
let db: Db;
let plId: number;
let bgId: number;
let plWorker: number;
let bgWorker: number;
let both: number;
let exportRoute: RouteModule;
const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await openAppDb();
  exportRoute = await loadRoute("_app.residents.export[.]xlsx.ts");
  plId = createInstitution(db, { name: "DPS Zielona Góra" }).id;
  const bgMunicipality = createMunicipality(db, { country: "BG", name: "Община Тутракан", kind: "obshtina" }).id;
  bgId = createInstitution(db, {
    municipalityId: bgMunicipality,
    country: "BG",
    kind: "community_service_unit",
    timeZone: "Europe/Sofia",
    name: "Звено – Тутракан",
  }).id;
  plWorker = (await createUser(db, { email: "pl@search.test", role: "case_worker", institutionIds: [plId] })).id;
  bgWorker = (await createUser(db, { email: "bg@search.test", role: "case_worker", institutionIds: [bgId] })).id;
  both = (await createUser(db, { email: "both@search.test", role: "case_worker", institutionIds: [plId, bgId] })).id;
  await createUser(db, { email: "gm@search.test", role: "grant_manager", institutionIds: [plId] });
  const pl = contextFor(db, plWorker);
  const bg = contextFor(db, bgWorker);
  for (const [firstName, lastName] of [
    ["Łucja", "Żółkiewska"],
    ["Anna", "Gąsiorowska"],
    ["Jan", "Nowak"],
    ["Zofia", "Łukasik"],
    ["Adam", "Kowalski"],
    ["Ewa", "Zawadzka"],
  ] as const) {
    ids[lastName] = residentWithTransition(pl, plId, { firstName, lastName }).residentId;
  }
  ids["Иванова"] = residentWithTransition(bg, bgId, { firstName: "Мария", lastName: "Иванова" }).residentId;
  ids["Стоянов"] = residentWithTransition(bg, bgId, { firstName: "Йордан", lastName: "Стоянов" }).residentId;
  // Two residents further along, for the stage filter and sort.
  db.update(transitions).set({ state: "planning" }).where(eq(transitions.residentId, ids["Nowak"]!)).run();
  db.update(transitions).set({ state: "in_community" }).where(eq(transitions.residentId, ids["Kowalski"]!)).run();
});

const names = (rows: { lastName: string }[]) => rows.map((r) => r.lastName);
const search = (userId: number, q: string) => names(listResidents(contextFor(db, userId), { q }).rows);

describe("the search form of a name", () => {
  it("folds case and accents, ł, and transliterates Cyrillic", () => {
    expect(searchFold("Żółkiewska Łucja")).toBe("zolkiewska lucja");
    expect(searchFold("ĄĘŚĆŃ")).toBe("aescn");
    expect(searchFold("Иванова Йордана")).toBe("иванова иордана ivanova yordana");
  });
});

describe("resident search", () => {
  it("finds Polish names whatever the case and accents typed", () => {
    expect(search(both, "żółkiewska")).toEqual(["Żółkiewska"]);
    expect(search(both, "ŁUCJA")).toEqual(["Żółkiewska"]);
    expect(search(both, "zolkiewska")).toEqual(["Żółkiewska"]);
    expect(search(both, "gasiorowska")).toEqual(["Gąsiorowska"]);
    expect(search(both, "GĄSIOROWSKA")).toEqual(["Gąsiorowska"]);
    expect(search(both, "lukasik")).toEqual(["Łukasik"]);
  });

  it("finds Bulgarian names in Cyrillic, any case, and in Latin letters", () => {
    expect(search(both, "иванова")).toEqual(["Иванова"]);
    expect(search(both, "ИВАНОВА")).toEqual(["Иванова"]);
    expect(search(both, "ivanova")).toEqual(["Иванова"]);
    expect(search(both, "йордан")).toEqual(["Стоянов"]);
  });

  it("matches every word in any order, and the code", () => {
    expect(search(both, "lucja zolkiewska")).toEqual(["Żółkiewska"]);
    expect(search(both, "żółkiewska łucja")).toEqual(["Żółkiewska"]);
    expect(search(both, "anna nowak")).toEqual([]);
    const code = db.select({ code: residents.code }).from(residents).where(eq(residents.id, ids["Nowak"]!)).get()!.code;
    expect(search(both, code.toLowerCase())).toEqual(["Nowak"]);
  });

  it("treats % and _ as letters, not wildcards", () => {
    expect(search(both, "%")).toEqual([]);
    expect(search(both, "_")).toEqual([]);
  });

  it("stays within the user's institutions", () => {
    expect(search(plWorker, "иванова")).toEqual([]);
    expect(search(bgWorker, "żółkiewska")).toEqual([]);
  });

  it("a renamed resident is found by the new name, not the old (the column follows every update)", () => {
    const id = ids["Zawadzka"]!;
    const r = db.select().from(residents).where(eq(residents.id, id)).get()!;
    updateResident(contextFor(db, plWorker), id, {
      institutionId: r.institutionId,
      firstName: "Ewa",
      lastName: "Wróblewska",
      sex: null,
      dateOfBirth: null,
      targetGroup: r.targetGroup,
      disability: r.disability,
      legalCapacity: r.legalCapacity,
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: null,
      supportNeeds: "",
      version: r.version,
    });
    expect(search(plWorker, "wroblewska")).toEqual(["Wróblewska"]);
    expect(search(plWorker, "zawadzka")).toEqual([]);
    ids["Wróblewska"] = id;
  });
});

describe("sorting and filters", () => {
  const list = (filters: Parameters<typeof listResidents>[1]) =>
    names(listResidents(contextFor(db, plWorker), filters).rows);

  it("sorts by name in alphabet order with Ł beside L and Ż beside Z, both directions", () => {
    expect(list({})).toEqual(["Gąsiorowska", "Kowalski", "Łukasik", "Nowak", "Wróblewska", "Żółkiewska"]);
    expect(list({ sort: "name", dir: "desc" })).toEqual([
      "Żółkiewska",
      "Wróblewska",
      "Nowak",
      "Łukasik",
      "Kowalski",
      "Gąsiorowska",
    ]);
  });

  it("sorts by stage in the workflow's order", () => {
    expect(list({ sort: "state", dir: "desc" }).slice(0, 2)).toEqual(["Kowalski", "Nowak"]);
  });

  it("filters by stage and by institution", () => {
    expect(list({ state: "planning" })).toEqual(["Nowak"]);
    expect(names(listResidents(contextFor(db, both), { institutionId: bgId }).rows)).toEqual(["Иванова", "Стоянов"]);
  });
});

describe("the XLSX export", () => {
  async function download(query: string, email: string) {
    return (await exportRoute.loader!(
      args(getRequest(`/residents/export.xlsx${query}`, await signIn(email))),
    )) as Response;
  }
  async function sheetRows(res: Response) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    return ws
      .getSheetValues()
      .slice(2)
      .map((r) => (r as unknown[]).slice(1));
  }

  it("carries the filtered, sorted list, is never cached, and is audited", async () => {
    const before = db.select().from(auditEvents).where(eq(auditEvents.action, "resident_list.exported")).all().length;
    const res = await download("?q=ska&sort=name&dir=desc&page=3", "pl@search.test");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const rows = await sheetRows(res);
    // Every page, not the third: the names with "ska", last name first.
    expect(rows.map((r) => r[1])).toEqual(["Żółkiewska", "Wróblewska", "Gąsiorowska"]);
    const audit = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "resident_list.exported"))
      .orderBy(desc(auditEvents.id))
      .all();
    expect(audit.length).toBe(before + 1);
    expect(audit[0]!.after).toMatchObject({ rows: 3, filters: { q: "ska", sort: "name", dir: "desc" } });
  });

  it("holds only the residents of the user's institutions", async () => {
    const rows = await sheetRows(await download("", "bg@search.test"));
    expect(rows.map((r) => r[1])).toEqual(["Иванова", "Стоянов"]);
    expect(exportResidents(contextFor(db, bgWorker), { institutionId: plId })).toEqual([]);
  });

  it("is refused to a role that may not see residents' names", async () => {
    const o = await call(exportRoute.loader!, getRequest("/residents/export.xlsx", await signIn("gm@search.test")));
    expect(o.status).toBe(403);
  });
});

describe("migration 0015 (resident search)", () => {
  it("backfills the search column of residents written before it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-mig-"));
    const before = path.join(dir, "migrations");
    fs.cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
    const journalFile = path.join(before, "meta/_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === "0015_resident_search");
    expect(at).toBeGreaterThan(0);
    fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
    const file = path.join(dir, "old.db");
    runMigrations(file, before);
    const old = new Database(file);
    old.exec(`insert into municipalities (country, name, kind) values ('PL', 'Gmina', 'gmina')`);
    const mun = (old.prepare("select id from municipalities").get() as { id: number }).id;
    old.exec(
      `insert into institutions (municipality_id, name, kind, country, time_zone) values (${mun}, 'DPS', 'dps', 'PL', 'Europe/Warsaw')`,
    );
    const inst = (old.prepare("select id from institutions").get() as { id: number }).id;
    old.exec(
      `insert into residents (institution_id, code, first_name, last_name, target_group) values (${inst}, 'R-OLD1', 'Łucja', 'Żółkiewska', 'older_person')`,
    );
    old.close();
    runMigrations(file);
    const migrated = new Database(file, { readonly: true });
    expect(migrated.prepare("select search_key from residents").get()).toEqual({
      search_key: "zolkiewska lucja r-old1",
    });
    expect(
      migrated.prepare("select name from sqlite_master where type = 'index' and name = 'residents_search_idx'").get(),
    ).toBeTruthy();
    migrated.close();
  });
});

describe("the list's prepared queries (decision 050)", () => {
  it("are reused for the same filters and still see new residents; another scope or day gets its own", () => {
    const pl = contextFor(db, plWorker);
    const before = listResidents(pl, { q: "prepared" });
    expect(before.total).toBe(0);
    const id = residentWithTransition(pl, plId, { firstName: "Ola", lastName: "Prepared" }).residentId;
    const after = listResidents(pl, { q: "prepared" });
    expect(after.total).toBe(1);
    expect(after.rows.map((r) => r.id)).toEqual([id]);
    // The same filters for a worker of another institution: none of PL's residents.
    expect(listResidents(contextFor(db, bgWorker), { q: "prepared" }).total).toBe(0);
    // Pages are a placeholder: page 2 of the same query is empty, page 1 again has the row.
    expect(listResidents(pl, { q: "prepared", page: 2 }).rows).toEqual([]);
    expect(listResidents(pl, { q: "prepared", page: 1 }).rows.map((r) => r.id)).toEqual([id]);
    // Another day (the overdue flag is judged against each institution's today).
    const later = contextFor(db, plWorker, new Date(Date.now() + 40 * 86_400_000));
    expect(listResidents(later, { q: "prepared" }).rows.map((r) => r.id)).toEqual([id]);
  });
});
