import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import {
  addComment,
  closeConsultation,
  createPlan,
  editPlan,
  getPlanVersion,
  planEvent,
} from "#app/modules/plans/service.server";
import { localDate } from "#app/utils/dates";
import { contextFor, createInstitution, createMunicipality, createUser } from "#tests/factories";
import {
  call,
  getRequest,
  loadRoute,
  openAppDb,
  postRequest,
  signIn,
  type RouteModule,
} from "#tests/support/route-harness";

/**
 * The plan page's forms posted as the browser posts them (the fields its <Form>s really have),
 * on a real database: issue #14's defects of the plan page.
 */
let db: Db;
let page: RouteModule;
let actionsXlsx: RouteModule;
let compare: RouteModule;
let cookie: string;
let wg: number;
let areaId: number;

const today = () => localDate(new Date(), "Europe/Warsaw");
const ctx = () => contextFor(db, wg);
const version = (planId: number) => getPlanVersion(ctx(), planId).version.version;

/** A plan taken through consultation to adoption, with the services (dates up to today). */
function adoptedPlan(title: string): number {
  const id = createPlan(ctx(), { municipalityId: areaId, title });
  editPlan(ctx(), id, version(id), "general_updated", (c) => ({
    ...c,
    periodFrom: "2026-01-01",
    periodTo: "2027-12-31",
    goals: [{ id: "g-move", title: "Przeprowadzki", description: "" }],
    actions: [
      {
        id: "a-flat",
        goalId: "g-move",
        title: "Mieszkanie",
        owner: "MOPS",
        start: "2026-02-01",
        deadline: "2026-06-30",
        budget: 1000,
        currency: "PLN",
        fundingSource: "EFS+",
        status: "planned",
      },
    ],
    milestones: [{ id: "m-1", date: "2026-06-30", title: "Pierwsze przeprowadzki", targets: { RES_MOVED: 2 } }],
  }));
  planEvent(ctx(), id, { type: "START_CONSULTATION", version: version(id), on: null });
  addComment(ctx(), id, {
    receivedFrom: "NGO",
    receivedOn: localDate(ctx().now, "Europe/Warsaw"),
    section: "general",
    comment: "Więcej mieszkań",
    response: "Dodano",
  });
  closeConsultation(ctx(), id, { version: version(id), closedOn: localDate(ctx().now, "Europe/Warsaw"), summary: "" });
  planEvent(ctx(), id, {
    type: "ADOPT",
    version: version(id),
    on: null,
    adoptingBody: "Rada Miasta",
    resolutionNumber: "I/1/26",
  });
  return id;
}

beforeAll(async () => {
  db = await openAppDb();
  page = await loadRoute("_app.plans.$planId._index.tsx");
  actionsXlsx = await loadRoute("_app.plans.$planId.actions[.]xlsx.ts");
  compare = await loadRoute("_app.plans.$planId.compare.tsx");
  areaId = createMunicipality(db, { name: "Miasto Zielona Góra" }).id;
  const inst = createInstitution(db, { municipalityId: areaId }).id;
  wg = (await createUser(db, { role: "working_group", email: "grupa@plan.test", institutionIds: [inst] })).id;
  cookie = await signIn("grupa@plan.test");
});

describe("what a version allows comes with the page's data (decision 049: no xstate in the browser)", () => {
  it("read from the plan machine on the server: the adopted version is revisable, its draft revision editable", async () => {
    const id = adoptedPlan("Plan z uprawnieniami");
    const adopted = await call(page.loader!, getRequest(`/plans/${id}`, cookie), { planId: String(id) });
    expect(adopted.status).toBe(200);
    expect((adopted.data as { allows: unknown }).allows).toEqual({
      edit: false,
      comments: false,
      revise: true,
      nextEvent: "START_IMPLEMENTATION",
    });
    await call(
      page.action!,
      postRequest(`/plans/${id}`, { intent: "revise", version: String(version(id)) }, { cookie }),
      {
        planId: String(id),
      },
    );
    const draft = await call(page.loader!, getRequest(`/plans/${id}?version=2`, cookie), { planId: String(id) });
    expect((draft.data as { allows: unknown }).allows).toEqual({
      edit: true,
      comments: false,
      revise: false,
      nextEvent: "START_CONSULTATION",
    });
  });
});

describe("revision of an adopted plan", () => {
  it("the page's revise form (intent and version only) makes version 2, a draft, and shows it", async () => {
    const id = adoptedPlan("Plan do rewizji");
    expect(today() >= "2026-01-01").toBe(true);
    const o = await call(
      page.action!,
      postRequest(`/plans/${id}`, { intent: "revise", version: String(version(id)) }, { cookie }),
      { planId: String(id) },
    );
    expect(o.status, o.body).toBe(302);
    expect(o.location).toBe(`/plans/${id}?version=2`);
    expect(getPlanVersion(ctx(), id)).toMatchObject({ version: { number: 2, state: "drafting" } });
    expect(getPlanVersion(ctx(), id, 1).version.state).toBe("adopted");
  });

  it("a refused revision (a stale page) says why in a message the page shows", async () => {
    const id = adoptedPlan("Plan nieaktualny");
    const o = await call(
      page.action!,
      postRequest(`/plans/${id}`, { intent: "revise", version: String(version(id) - 1) }, { cookie }),
      { planId: String(id) },
    );
    expect(o.status).toBe(409);
    expect(o.data).toMatchObject({ formError: { key: "errors.conflict" }, values: { intent: "revise" } });
  });
});

async function xlsxActions(path: string, planId: number) {
  const res = (await actionsXlsx.loader!({
    request: getRequest(path, cookie),
    params: { planId: String(planId) },
    context: {},
  })) as Response;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const titles: unknown[] = [];
  wb.worksheets[0]!.eachRow((row, n) => n > 1 && titles.push(row.getCell(2).value));
  return { fileName: res.headers.get("Content-Disposition"), titles };
}

describe("actions as XLSX", () => {
  it("of the version viewed (?version=1), not of the latest draft", async () => {
    const id = adoptedPlan("Plan z wersjami");
    await call(
      page.action!,
      postRequest(`/plans/${id}`, { intent: "revise", version: String(version(id)) }, { cookie }),
      { planId: String(id) },
    );
    editPlan(ctx(), id, version(id), "action_updated", (c) => ({
      ...c,
      actions: c.actions.map((a) => ({ ...a, title: "Dwa mieszkania" })),
    }));

    expect(await xlsxActions(`/plans/${id}/actions.xlsx?version=1`, id)).toEqual({
      fileName: `attachment; filename="plan-${id}-v1-actions.xlsx"`,
      titles: ["Mieszkanie"],
    });
    expect(await xlsxActions(`/plans/${id}/actions.xlsx`, id)).toEqual({
      fileName: `attachment; filename="plan-${id}-v2-actions.xlsx"`,
      titles: ["Dwa mieszkania"],
    });
  });
});

describe("comparing versions", () => {
  it("names each change by its label and the item by its title, with typed values: no field paths, no JSON", async () => {
    const id = adoptedPlan("Plan porównywany");
    await call(
      page.action!,
      postRequest(`/plans/${id}`, { intent: "revise", version: String(version(id)) }, { cookie }),
      { planId: String(id) },
    );
    editPlan(ctx(), id, version(id), "general_updated", (c) => ({
      ...c,
      diagnosis: { ...c.diagnosis, waitingList: 25 },
      goals: [...c.goals, { id: "g-staff", title: "Kadra", description: "" }],
      actions: c.actions.map((a) => ({ ...a, goalId: "g-staff" })),
    }));
    const o = await call(compare.loader!, getRequest(`/plans/${id}/compare?a=1&b=2`, cookie), { planId: String(id) });
    expect(o.status).toBe(200);
    const { changes } = o.data as { changes: unknown[] };
    expect(changes).toContainEqual({
      section: "diagnosis",
      change: "changed",
      item: null,
      field: { key: "plans.figures.waitingList" },
      before: { kind: "number", n: 0 },
      after: { kind: "number", n: 25 },
    });
    expect(changes).toContainEqual({
      section: "actions",
      change: "changed",
      item: "Mieszkanie",
      field: { key: "plans.goal" },
      before: { kind: "text", text: "Przeprowadzki" },
      after: { kind: "text", text: "Kadra" },
    });
    expect(JSON.stringify(changes)).not.toMatch(/diagnosis\.|goalId|g-staff/);
  });
});
