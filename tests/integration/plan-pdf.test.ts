import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { addCostLine } from "#app/modules/plans/costs.server";
import { draftDiagnosis } from "#app/modules/plans/diagnosis.server";
import { createPlan, editPlan, getPlanVersion } from "#app/modules/plans/service.server";
import type { PlanContent } from "#app/modules/plans/schemas";
import { localDate } from "#app/utils/dates";
import { residentWithTransition } from "#tests/factories/housing";
import { contextFor, createInstitution, createMunicipality, createUser } from "#tests/factories";
import { pdfText } from "#tests/support/pdf-text";
import plJson from "#app/locales/pl.json";

const pl = plJson.plans;
import { getRequest, loadRoute, openAppDb, signIn, type RouteModule } from "#tests/support/route-harness";

/**
 * The plan's PDF and XLSX as the browser downloads them (issue #20 items 4–6, decision 040), read
 * back: page numbers "page n of m" in the user's language on every page, the contents with the
 * page each section starts on, the version and its stage on every page, the budget table, the
 * burn-up chart drawn into it; the XLSX's budget sheet.
 */
let db: Db;
let pdfRoute: RouteModule;
let xlsxRoute: RouteModule;
let cookie: string;
let wg: number;
let planId: number;

const ctx = () => contextFor(db, wg);
const version = () => getPlanVersion(ctx(), planId).version.version;

async function download(route: RouteModule, path: string) {
  const res = (await route.loader!({
    request: getRequest(path, cookie),
    params: { planId: String(planId) },
    context: {},
  } as never)) as Response;
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

beforeAll(async () => {
  db = await openAppDb();
  pdfRoute = await loadRoute("_app.plans.$planId.plan[.]pdf.ts");
  xlsxRoute = await loadRoute("_app.plans.$planId.actions[.]xlsx.ts");
  const areaId = createMunicipality(db, { name: "Miasto Zielona Góra" }).id;
  const inst = createInstitution(db, { municipalityId: areaId }).id;
  wg = (await createUser(db, { role: "working_group", email: "pdf@plan.test", locale: "pl", institutionIds: [inst] }))
    .id;
  const worker = (await createUser(db, { role: "case_worker", institutionIds: [inst] })).id;
  for (let i = 0; i < 4; i++) residentWithTransition(contextFor(db, worker), inst);
  cookie = await signIn("pdf@plan.test");
  planId = createPlan(ctx(), { municipalityId: areaId, title: "Plan DI Zielona Góra 2026–2028" });
  const today = localDate(new Date(), "Europe/Warsaw");
  const year = Number(today.slice(0, 4));
  // Enough goals and actions for several pages.
  const goals = Array.from({ length: 8 }, (_, g) => ({
    id: `g${g}`,
    title: `Cel ${g + 1}`,
    description: "Opis celu. ".repeat(20),
  }));
  const actions: PlanContent["actions"] = goals.flatMap((g, k) =>
    Array.from({ length: 5 }, (_, a) => ({
      id: `a${k}-${a}`,
      goalId: g.id,
      title: `Działanie ${k + 1}.${a + 1}`,
      owner: "MOPS",
      start: `${year}-01-01`,
      deadline: `${year + 1}-06-30`,
      budget: 0,
      currency: "PLN" as const,
      fundingSource: "",
      status: "planned" as const,
    })),
  );
  editPlan(ctx(), planId, version(), "general_updated", (c) => ({
    ...c,
    periodFrom: `${year - 1}-01-01`,
    periodTo: `${year + 2}-12-31`,
    goals,
    actions,
    milestones: [
      { id: "m1", date: `${year + 1}-06-30`, title: "Pierwsze przeprowadzki", targets: { RES_COVERED: 20 } },
    ],
    monitoring: "Kwartalne sprawozdania.",
  }));
  addCostLine(ctx(), planId, {
    version: version(),
    actionId: "a0-0",
    year,
    amount: 120000.5,
    currency: "PLN",
    source: "EFS+",
  });
  addCostLine(ctx(), planId, {
    version: version(),
    actionId: "a0-0",
    year: year + 1,
    amount: 80000,
    currency: "PLN",
    source: "budżet gminy",
  });
  addCostLine(ctx(), planId, {
    version: version(),
    actionId: "a1-0",
    year,
    amount: 30000,
    currency: "PLN",
    source: "EFS+",
  });
  draftDiagnosis(ctx(), planId, { version: version(), asOf: today });
});

describe("the plan's PDF", () => {
  it("numbers its pages in the user's language and shows the version and stage on every page", async () => {
    const text = pdfText(await download(pdfRoute, `/plans/${planId}/plan.pdf`));
    const pages = [...text.matchAll(/Strona (\d+) z (\d+)/g)];
    const total = Number(pages[0]![2]);
    expect(total).toBeGreaterThanOrEqual(3);
    expect(pages.map((m) => Number(m[1]))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(pages.every((m) => Number(m[2]) === total)).toBe(true);
    const head = `Plan DI Zielona Góra 2026–2028 · Wersja 1 · ${pl.states.drafting}`;
    const heads = text.split("\n").filter((l) => l.trim() === head);
    expect(heads.length).toBe(total);
  });

  it("has a table of contents naming each section with the page it starts on", async () => {
    const text = pdfText(await download(pdfRoute, `/plans/${planId}/plan.pdf`));
    const lines = text.split("\n").map((l) => l.trim());
    const at = lines.indexOf("Spis treści");
    expect(at).toBeGreaterThan(0);
    const sections = [pl.diagnosis, pl.diagnosisFigures.title, pl.goals, pl.costs.title, pl.milestones, pl.monitoring];
    // Each heading of the contents is followed by its page number; the heading then appears on that page.
    const pageTexts = text.split(/Strona \d+ z \d+/);
    for (const s of sections) {
      const i = lines.indexOf(s, at);
      expect(i, s).toBeGreaterThan(at);
      const page = Number(lines[i + 1]);
      expect(Number.isInteger(page) && page >= 1, `${s}: ${lines[i + 1]}`).toBe(true);
      // The page's text (before its footer) holds the heading again, as the section's title.
      expect(pageTexts[page - 1]!.split("\n").filter((l) => l.trim() === s).length, s).toBeGreaterThanOrEqual(
        page === 1 ? 2 : 1,
      );
    }
  });

  it("carries the budget by year and source with its totals, the drafted figures and the burn-up chart", async () => {
    const text = pdfText(await download(pdfRoute, `/plans/${planId}/plan.pdf`)).replace(/\s+/g, " ");
    const year = Number(localDate(new Date(), "Europe/Warsaw").slice(0, 4));
    expect(text).toContain("Budżet według roku i źródła finansowania");
    expect(text).toMatch(new RegExp(`${year} 150 000,50 zł — 150 000,50 zł`));
    expect(text).toMatch(new RegExp(`${year + 1} — 80 000,00 zł 80 000,00 zł`));
    expect(text).toMatch(/Razem 150 000,50 zł 80 000,00 zł 230 000,50 zł/);
    expect(text).toContain("Pozycje kosztów według działań");
    expect(text).toMatch(/z rejestru, stan na \d{1,2} \S+ \d{4}/);
    // The chart's legend and axis are drawn into the page (svg-to-pdfkit writes their text).
    expect(text).toContain(`${pl.dashboard.planned} ${pl.dashboard.actual} ${pl.dashboard.forecast}`);
    expect(text).toMatch(/01\.\d{4} 01\.\d{4}/);
  });
});

describe("the plan's XLSX", () => {
  it("has the budget sheet with totals by year and source, as numbers", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(xlsxRoute, `/plans/${planId}/actions.xlsx`)) as never);
    const year = Number(localDate(new Date(), "Europe/Warsaw").slice(0, 4));
    const budget = wb.getWorksheet("Koszty i finansowanie")!;
    const rows = budget
      .getSheetValues()
      .filter(Boolean)
      .map((r) => (r as unknown[]).slice(1));
    expect(rows).toEqual([
      ["Rok", "EFS+", "budżet gminy", "Razem"],
      [year, 150000.5, 0, 150000.5],
      [year + 1, 0, 80000, 80000],
      ["Razem", 150000.5, 80000, 230000.5],
    ]);
    const lines = wb.getWorksheet("Pozycje kosztów")!;
    expect(lines.rowCount).toBe(4);
  });
});
