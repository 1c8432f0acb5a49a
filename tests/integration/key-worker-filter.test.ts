import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { transitions } from "#db/schema";
import { listResidents } from "#app/modules/residents/service.server";
import { residentFiltersSchema } from "#app/modules/residents/schemas";
import { assignKeyWorker } from "#app/modules/caseload/service.server";
import { contextFor, createInstitution, createUser } from "#tests/factories";
import { residentWithTransition } from "#tests/factories/housing";
import { args, call, getRequest, loadRoute, openAppDb, signIn, type RouteModule } from "#tests/support/route-harness";

/**
 * Issue #15 item 7 (left from stop 22): the resident list filtered by key worker, in the URL,
 * together with the stage and institution filters, and carried into the XLSX export (decision 046).
 */
let db: Db;
let home: number;
let other: number;
let anna: number;
let piotr: number;
let admin: number;
let listRoute: RouteModule;
let exportRoute: RouteModule;
const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await openAppDb();
  listRoute = await loadRoute("_app.residents._index.tsx");
  exportRoute = await loadRoute("_app.residents.export[.]xlsx.ts");
  home = createInstitution(db, { name: "DPS Kwidzyn" }).id;
  other = createInstitution(db, { name: "DPS Malbork" }).id;
  anna = (
    await createUser(db, {
      email: "anna@kw.test",
      name: "Anna Wiśniewska",
      role: "case_worker",
      institutionIds: [home, other],
    })
  ).id;
  piotr = (
    await createUser(db, {
      email: "piotr@kw.test",
      name: "Piotr Zieliński",
      role: "case_worker",
      institutionIds: [home],
    })
  ).id;
  admin = (await createUser(db, { email: "admin@kw.test", role: "admin", institutionIds: [] })).id;
  await createUser(db, { email: "gm@kw.test", role: "grant_manager", institutionIds: [home] });
  // A case worker who registers a resident becomes the key worker; an administrator's stay without one.
  ids.Adamska = residentWithTransition(contextFor(db, anna), home, { lastName: "Adamska" }).residentId;
  ids.Bielecki = residentWithTransition(contextFor(db, anna), other, { lastName: "Bielecki" }).residentId;
  ids.Czarnecka = residentWithTransition(contextFor(db, piotr), home, { lastName: "Czarnecka" }).residentId;
  ids.Dudek = residentWithTransition(contextFor(db, admin), home, { lastName: "Dudek" }).residentId;
  ids.Ewert = residentWithTransition(contextFor(db, admin), home, { lastName: "Ewert" }).residentId;
  assignKeyWorker(contextFor(db, admin), ids.Ewert, { workerId: piotr, version: 1 });
  db.update(transitions).set({ state: "planning" }).where(eq(transitions.residentId, ids.Czarnecka)).run();
});

const names = (rows: { lastName: string }[]) => rows.map((r) => r.lastName);

describe("the key-worker filter", () => {
  it("lists a worker's cases, or those without a key worker", () => {
    const ctx = contextFor(db, admin);
    expect(names(listResidents(ctx, { keyWorker: anna }).rows)).toEqual(["Adamska", "Bielecki"]);
    expect(names(listResidents(ctx, { keyWorker: piotr }).rows)).toEqual(["Czarnecka", "Ewert"]);
    expect(names(listResidents(ctx, { keyWorker: "none" }).rows)).toEqual(["Dudek"]);
    expect(names(listResidents(ctx, {}).rows)).toHaveLength(5);
  });

  it("combines with the stage and institution filters; the scope still applies", () => {
    const ctx = contextFor(db, admin);
    expect(names(listResidents(ctx, { keyWorker: piotr, state: "planning" }).rows)).toEqual(["Czarnecka"]);
    expect(names(listResidents(ctx, { keyWorker: anna, institutionId: other }).rows)).toEqual(["Bielecki"]);
    expect(names(listResidents(ctx, { keyWorker: anna, institutionId: other, state: "planning" }).rows)).toEqual([]);
    // Piotr holds only Kwidzyn: Anna's Malbork case stays out of his list whatever the filter.
    expect(names(listResidents(contextFor(db, piotr), { keyWorker: anna }).rows)).toEqual(["Adamska"]);
  });

  it("is read from the URL: a worker's id or 'none'; anything else is ignored", () => {
    expect(residentFiltersSchema.parse({ keyWorker: String(anna) }).keyWorker).toBe(anna);
    expect(residentFiltersSchema.parse({ keyWorker: "none" }).keyWorker).toBe("none");
    expect(residentFiltersSchema.parse({ keyWorker: "x' or 1=1" }).keyWorker).toBeUndefined();
    expect(residentFiltersSchema.parse({ keyWorker: "-3" }).keyWorker).toBeUndefined();
  });

  it("the page's loader filters by it and offers the case workers of the user's institutions", async () => {
    const o = await call(
      listRoute.loader!,
      getRequest(`/residents?keyWorker=${piotr}&state=planning`, await signIn("admin@kw.test")),
    );
    expect(o.status).toBe(200);
    const data = o.data as {
      rows: { lastName: string; keyWorkerName?: string | null }[];
      keyWorkers: { id: number; name: string }[];
    };
    expect(data.rows.map((r) => r.lastName)).toEqual(["Czarnecka"]);
    // The page shows no key-worker column, so its rows do not look the name up (decision 050); the export names it (below).
    expect(data.rows[0]).not.toHaveProperty("keyWorkerName");
    expect(data.keyWorkers.map((w) => w.name)).toEqual(["Anna Wiśniewska", "Piotr Zieliński"]);
  });

  it("the XLSX export carries the same filter and names each case's key worker", async () => {
    const res = (await exportRoute.loader!(
      args(
        getRequest(`/residents/export.xlsx?keyWorker=${piotr}&institutionId=${home}`, await signIn("admin@kw.test")),
      ),
    )) as Response;
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = header.indexOf("Key worker");
    expect(col).toBeGreaterThan(0);
    const rows = ws
      .getSheetValues()
      .slice(2)
      .map((r) => (r as unknown[]).slice(1));
    expect(rows.map((r) => [r[1], r[col]])).toEqual([
      ["Czarnecka", "Piotr Zieliński"],
      ["Ewert", "Piotr Zieliński"],
    ]);
    const none = (await exportRoute.loader!(
      args(getRequest(`/residents/export.xlsx?keyWorker=none`, await signIn("admin@kw.test"))),
    )) as Response;
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load((await none.arrayBuffer()) as never);
    expect(
      wb2.worksheets[0]!.getSheetValues()
        .slice(2)
        .map((r) => (r as unknown[])[2]),
    ).toEqual(["Dudek"]);
  });
});
