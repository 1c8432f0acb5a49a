import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, planVersions } from "#db/schema";
import {
  addComment,
  answerComment,
  closeConsultation,
  createPlan,
  editPlan,
  getPlanVersion,
  listPlans,
  milestoneStatuses,
  planEvent,
  revisePlan,
} from "#app/modules/plans/service.server";
import { describeChanges } from "#app/modules/plans/compare";
import { createResident } from "#app/modules/residents/service.server";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createMunicipality, createUser } from "#tests/factories";

const day = (d: string) => new Date(`${d}T10:00:00Z`);

async function world() {
  const db = freshDb();
  const area = createMunicipality(db, { name: "Miasto Zielona Góra" });
  const inst = createInstitution(db, { municipalityId: area.id });
  const otherArea = createMunicipality(db);
  createInstitution(db, { municipalityId: otherArea.id });
  const wg = (await createUser(db, { role: "working_group", institutionIds: [inst.id] })).id;
  const ctx = (d = "2026-03-10") => contextFor(db, wg, day(d));
  return { db, area, otherArea, inst, wg, ctx };
}

function fill(w: Awaited<ReturnType<typeof world>>, planId: number) {
  let v = getPlanVersion(w.ctx(), planId).version.version;
  const next = () => (v = getPlanVersion(w.ctx(), planId).version.version);
  editPlan(w.ctx(), planId, v, "general_updated", (c) => ({ ...c, periodFrom: "2026-01-01", periodTo: "2027-12-31" }));
  next();
  editPlan(w.ctx(), planId, v, "goal_added", (c) => ({
    ...c,
    goals: [...c.goals, { id: "g1", title: "Move 30 residents", description: "" }],
  }));
  next();
  editPlan(w.ctx(), planId, v, "action_added", (c) => ({
    ...c,
    actions: [
      ...c.actions,
      {
        id: "a1",
        goalId: "g1",
        title: "Open two flats",
        owner: "MOPS",
        start: "2026-02-01",
        deadline: "2026-06-30",
        budget: 100000,
        currency: "PLN",
        fundingSource: "EFS+",
        status: "planned",
      },
    ],
  }));
  next();
  editPlan(w.ctx(), planId, v, "milestone_added", (c) => ({
    ...c,
    milestones: [...c.milestones, { id: "m1", date: "2026-06-30", title: "First moves", targets: { RES_COVERED: 2 } }],
  }));
}

describe("local DI plan", () => {
  it("is visible only to users with an institution in the plan area", async () => {
    const w = await world();
    createPlan(w.ctx(), { municipalityId: w.area.id, title: "Plan DI Zielona Góra" });
    expect(() => createPlan(w.ctx(), { municipalityId: w.otherArea.id, title: "x" })).toThrowError(/areaOutOfScope/);
    const outsider = (await createUser(w.db, { role: "working_group" })).id;
    expect(listPlans(contextFor(w.db, outsider))).toEqual([]);
    expect(listPlans(w.ctx()).map((p) => p.title)).toEqual(["Plan DI Zielona Góra"]);
  });

  it("drafting → consultation → adopted needs a complete document, a consultation report and the resolution", async () => {
    const w = await world();
    const id = createPlan(w.ctx(), { municipalityId: w.area.id, title: "Plan" });
    const ver = () => getPlanVersion(w.ctx(), id).version.version;
    expect(() => planEvent(w.ctx(), id, { type: "START_CONSULTATION", version: ver(), on: null })).toThrowError(
      /contentComplete/,
    );
    fill(w, id);
    planEvent(w.ctx(), id, { type: "START_CONSULTATION", version: ver(), on: "2026-03-01" });
    expect(() =>
      planEvent(w.ctx(), id, {
        type: "ADOPT",
        version: ver(),
        on: "2026-03-09",
        adoptingBody: "Rada Miasta",
        resolutionNumber: "X/1/26",
      }),
    ).toThrowError(/consultationReportRecorded/);
    addComment(w.ctx(), id, {
      receivedFrom: "Stowarzyszenie",
      receivedOn: "2026-03-02",
      section: "actions",
      comment: "More flats",
      response: "",
    });
    expect(() =>
      planEvent(w.ctx(), id, {
        type: "ADOPT",
        version: ver(),
        on: "2026-03-09",
        adoptingBody: "Rada Miasta",
        resolutionNumber: "X/1/26",
      }),
    ).toThrowError(/allCommentsAnswered/);
    // The report cannot be recorded while a comment waits for its answer.
    expect(() => closeConsultation(w.ctx(), id, { version: ver(), closedOn: "2026-03-08", summary: "" })).toThrowError(
      /unansweredComments/,
    );
    const comment = getPlanVersion(w.ctx(), id).comments[0]!;
    answerComment(w.ctx(), id, { commentId: comment.id, version: comment.version, response: "Added to action a1" });
    expect(() =>
      planEvent(w.ctx(), id, {
        type: "ADOPT",
        version: ver(),
        on: "2026-03-09",
        adoptingBody: "Rada Miasta",
        resolutionNumber: "X/1/26",
      }),
    ).toThrowError(/consultationReportRecorded/);
    closeConsultation(w.ctx(), id, { version: ver(), closedOn: "2026-03-08", summary: "One comment, answered." });
    expect(() =>
      planEvent(w.ctx(), id, {
        type: "ADOPT",
        version: ver(),
        on: "2026-03-09",
        adoptingBody: "Rada Miasta",
        resolutionNumber: "",
      }),
    ).toThrowError(/adoptionRecorded/);
    planEvent(w.ctx(), id, {
      type: "ADOPT",
      version: ver(),
      on: "2026-03-09",
      adoptingBody: "Rada Miasta",
      resolutionNumber: "X/1/26",
    });
    expect(getPlanVersion(w.ctx(), id).version).toMatchObject({
      state: "adopted",
      adoptingBody: "Rada Miasta",
      resolutionNumber: "X/1/26",
      adoptedOn: "2026-03-09",
    });
  });

  it("an adopted version is read-only; a revision makes version 2 and keeps version 1 unchanged; compare shows the change", async () => {
    const w = await world();
    const id = createPlan(w.ctx(), { municipalityId: w.area.id, title: "Plan" });
    fill(w, id);
    const ver = () => getPlanVersion(w.ctx(), id).version.version;
    planEvent(w.ctx(), id, { type: "START_CONSULTATION", version: ver(), on: "2026-03-01" });
    addComment(w.ctx(), id, {
      receivedFrom: "NGO",
      receivedOn: "2026-03-02",
      section: "general",
      comment: "ok",
      response: "thanks",
    });
    closeConsultation(w.ctx(), id, { version: ver(), closedOn: "2026-03-08", summary: "" });
    planEvent(w.ctx(), id, {
      type: "ADOPT",
      version: ver(),
      on: "2026-03-09",
      adoptingBody: "Rada",
      resolutionNumber: "1",
    });
    expect(() => editPlan(w.ctx(), id, ver(), "goal_added", (c) => c)).toThrowError(/notEditable/);
    const adopted = getPlanVersion(w.ctx(), id).version;
    expect(revisePlan(w.ctx(), id, ver())).toBe(2);
    editPlan(w.ctx(), id, ver(), "milestone_updated", (c) => ({
      ...c,
      milestones: c.milestones.map((m) => ({ ...m, targets: { RES_COVERED: 5 } })),
    }));
    const v1 = getPlanVersion(w.ctx(), id, 1).version;
    const v2 = getPlanVersion(w.ctx(), id, 2).version;
    expect(v1.content).toEqual(adopted.content);
    expect(v1.state).toBe("adopted");
    expect(v2.state).toBe("drafting");
    expect(describeChanges(v1.content, v2.content)).toEqual([
      {
        section: "milestones",
        change: "changed",
        item: "First moves",
        field: { key: "indicators.RES_COVERED" },
        before: { kind: "number", n: 2 },
        after: { kind: "number", n: 5 },
      },
    ]);
    expect(w.db.select().from(planVersions).all()).toHaveLength(2);
  });

  it("a stale page is told, and the whole document is validated (a deadline before its start is refused)", async () => {
    const w = await world();
    const id = createPlan(w.ctx(), { municipalityId: w.area.id, title: "Plan" });
    const v = getPlanVersion(w.ctx(), id).version.version;
    editPlan(w.ctx(), id, v, "general_updated", (c) => ({ ...c, monitoring: "quarterly" }));
    expect(() => editPlan(w.ctx(), id, v, "general_updated", (c) => ({ ...c, monitoring: "monthly" }))).toThrowError(
      /conflict/,
    );
    expect(() =>
      editPlan(w.ctx(), id, v + 1, "action_added", (c) => ({
        ...c,
        actions: [
          {
            id: "a",
            goalId: "g",
            title: "x",
            owner: "",
            start: "2026-02-01",
            deadline: "2026-02-31",
            budget: -1,
            currency: "PLN",
            fundingSource: "",
            status: "planned",
          },
        ],
      })),
    ).toThrowError();
    expect(getPlanVersion(w.ctx(), id).version.content.monitoring).toBe("quarterly");
    expect(w.db.select().from(auditEvents).where(eq(auditEvents.action, "plan.general_updated")).all()).toHaveLength(1);
  });

  it("milestone status follows live data: a resident registered in the area changes it", async () => {
    const w = await world();
    const id = createPlan(w.ctx(), { municipalityId: w.area.id, title: "Plan" });
    fill(w, id);
    const status = () => {
      const { version } = getPlanVersion(w.ctx("2026-03-10"), id);
      return milestoneStatuses(w.ctx("2026-03-10"), w.area.id, "PL", version.content)[0]!;
    };
    // 2 covered by 30 June; on 10 March (68 of 180 days) 0.76 expected, 0 done → at risk.
    expect(status()).toMatchObject({ status: "at_risk", actual: { RES_COVERED: 0 } });
    const worker = (await createUser(w.db, { institutionIds: [w.inst.id] })).id;
    const resident = {
      institutionId: w.inst.id,
      firstName: "Jan",
      lastName: "Nowak",
      sex: "male" as const,
      dateOfBirth: "1950-01-01",
      targetGroup: "older_person" as const,
      disability: "yes" as const,
      legalCapacity: "full" as const,
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: null,
      supportNeeds: "",
    };
    createResident(contextFor(w.db, worker, day("2026-03-05")), resident);
    expect(status()).toMatchObject({ status: "on_track", actual: { RES_COVERED: 1 } });
    createResident(contextFor(w.db, worker, day("2026-03-06")), { ...resident, lastName: "Kowal" });
    expect(status()).toMatchObject({ status: "achieved", actual: { RES_COVERED: 2 } });
  });
});

describe("milestones and the dashboard count up to the plan's end", () => {
  it("facts after the plan period are not counted, even for a milestone dated after it or on a later day", async () => {
    const { planDashboard } = await import("#app/modules/plans/dashboard.server");
    const w = await world();
    const id = createPlan(w.ctx(), { municipalityId: w.area.id, title: "Plan" });
    fill(w, id);
    // A second milestone after the plan's end (the period was shortened after it was added).
    editPlan(w.ctx(), id, getPlanVersion(w.ctx(), id).version.version, "milestone_added", (c) => ({
      ...c,
      periodTo: "2026-06-30",
      milestones: [...c.milestones, { id: "m2", date: "2026-09-30", title: "Late", targets: { RES_COVERED: 3 } }],
    }));
    const worker = (await createUser(w.db, { institutionIds: [w.inst.id] })).id;
    const resident = {
      institutionId: w.inst.id,
      firstName: "Jan",
      lastName: "Nowak",
      sex: "male" as const,
      dateOfBirth: "1950-01-01",
      targetGroup: "older_person" as const,
      disability: "yes" as const,
      legalCapacity: "full" as const,
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: null,
      supportNeeds: "",
    };
    createResident(contextFor(w.db, worker, day("2026-03-05")), resident);
    createResident(contextFor(w.db, worker, day("2026-06-30")), { ...resident, lastName: "Kowal" });
    // After the plan's end: not the plan's.
    createResident(contextFor(w.db, worker, day("2026-07-01")), { ...resident, lastName: "Później" });
    createResident(contextFor(w.db, worker, day("2026-08-15")), { ...resident, lastName: "Jeszcze później" });

    const later = contextFor(w.db, w.wg, day("2026-10-15"));
    const { version } = getPlanVersion(later, id);
    const [m1, m2] = milestoneStatuses(later, w.area.id, "PL", version.content);
    expect(m1).toMatchObject({ actual: { RES_COVERED: 2 }, status: "achieved" });
    expect(m2).toMatchObject({ actual: { RES_COVERED: 2 }, status: "missed" });

    const dash = planDashboard(later, id);
    const chart = dash.charts.find((c) => c.code === "RES_COVERED")!;
    expect(chart).toMatchObject({ actual: 2, finalTarget: 3, reached: false, reachOn: null });
    expect(chart.series.at(-1)!.date).toBe("2026-06-30");
    expect(Math.max(...chart.series.map((p) => p.actual ?? 0))).toBe(2);
    expect(chart.series.every((p) => p.forecast === null)).toBe(true);
  });
});

describe("working group", () => {
  it("members, a meeting of members only, action items with overdue flag", async () => {
    const { addActionItem, addMeeting, addMember, markItemDone, workingGroup } =
      await import("#app/modules/plans/working-group.server");
    const w = await world();
    const id = createPlan(w.ctx(), { municipalityId: w.area.id, title: "Plan" });
    fill(w, id);
    addMember(w.ctx(), id, { name: "Anna Nowak", organisation: "MOPS", roleInGroup: "przewodnicząca", contact: "" });
    addMember(w.ctx(), id, { name: "Jan Kowal", organisation: "DPS", roleInGroup: "członek", contact: "" });
    const other = createPlan(w.ctx(), { municipalityId: w.area.id, title: "Other" });
    addMember(w.ctx(), other, { name: "Obcy", organisation: "X", roleInGroup: "x", contact: "" });
    const g = () => workingGroup(w.ctx("2026-03-10"), id);
    const [anna, jan] = g().members;
    const stranger = workingGroup(w.ctx(), other).members[0]!;
    expect(() =>
      addMeeting(w.ctx(), id, {
        heldOn: "2026-03-01",
        agenda: "",
        minutes: "",
        decisions: "",
        memberIds: [anna!.id, stranger.id],
      }),
    ).toThrowError(/notMember/);
    expect(() =>
      addMeeting(w.ctx(), id, { heldOn: "2026-03-11", agenda: "", minutes: "", decisions: "", memberIds: [anna!.id] }),
    ).toThrowError(/notYetHeld/);
    addMeeting(w.ctx(), id, {
      heldOn: "2026-03-01",
      agenda: "Plan",
      minutes: "Omówiono",
      decisions: "Przyjęto",
      memberIds: [anna!.id, jan!.id],
    });
    expect(g().meetings).toHaveLength(1);
    expect(g().meetings[0]!.memberIds.sort()).toEqual([anna!.id, jan!.id].sort());
    expect(() =>
      addActionItem(w.ctx(), id, { title: "x", ownerMemberId: jan!.id, dueOn: "2026-03-05", planActionId: "nope" }),
    ).toThrowError(/unknownAction/);
    addActionItem(w.ctx(), id, {
      title: "Przygotować lokal",
      ownerMemberId: jan!.id,
      dueOn: "2026-03-05",
      planActionId: "a1",
    });
    expect(g().items[0]).toMatchObject({ overdue: true, planActionId: "a1" });
    markItemDone(w.ctx(), id, { itemId: g().items[0]!.id, version: 1, doneOn: "2026-03-09" });
    expect(g().items[0]).toMatchObject({ overdue: false, doneOn: "2026-03-09" });
  });
});

describe("plan exports", () => {
  it("the PDF is a real A4 document with an embedded font for Polish and Cyrillic; the XLSX reads back", async () => {
    const { planPdf } = await import("#app/modules/plans/pdf.server");
    const { actionsWorkbook } = await import("#app/modules/plans/export.server");
    const { getFixedT } = await import("#app/i18next.server");
    const ExcelJS = (await import("exceljs")).default;
    const w = await world();
    const id = createPlan(w.ctx(), {
      municipalityId: w.area.id,
      title: "План за деинституционализация — Zielona Góra",
    });
    fill(w, id);
    const { version } = getPlanVersion(w.ctx(), id);
    const t = await getFixedT("bg");
    const pdf = await planPdf(t, "bg", {
      title: "План — Zielona Góra",
      area: "Тутракан",
      versionNumber: 1,
      state: "Изготвяне",
      adoption: null,
      content: version.content,
      statuses: {},
      milestones: [],
    });
    const text = pdf.toString("latin1");
    expect(text.startsWith("%PDF-1.")).toBe(true);
    expect(text.trimEnd().endsWith("%%EOF")).toBe(true);
    expect(text).toMatch(/DejaVuSans/);
    expect(text).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const xlsx = await actionsWorkbook(await getFixedT("pl"), "Plan", version.content);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(2).value).toBe("Działanie");
    expect(ws.getRow(2).getCell(6).value).toBe(100000);
  });
});

describe("action progress", () => {
  it("is tracked on an adopted (read-only) plan and clears it from the late actions", async () => {
    const { actionStatuses, setActionStatus } = await import("#app/modules/plans/service.server");
    const { planDashboard } = await import("#app/modules/plans/dashboard.server");
    const w = await world();
    const id = createPlan(w.ctx(), { municipalityId: w.area.id, title: "Plan" });
    fill(w, id);
    const ver = () => getPlanVersion(w.ctx(), id).version.version;
    planEvent(w.ctx(), id, { type: "START_CONSULTATION", version: ver(), on: "2026-03-01" });
    addComment(w.ctx(), id, {
      receivedFrom: "NGO",
      receivedOn: "2026-03-02",
      section: "general",
      comment: "ok",
      response: "thanks",
    });
    closeConsultation(w.ctx(), id, { version: ver(), closedOn: "2026-03-08", summary: "" });
    planEvent(w.ctx(), id, {
      type: "ADOPT",
      version: ver(),
      on: "2026-03-09",
      adoptingBody: "Rada",
      resolutionNumber: "1",
    });
    const later = contextFor(w.db, w.wg, day("2026-07-15"));
    expect(planDashboard(later, id).lateActions.map((a) => a.id)).toEqual(["a1"]);
    setActionStatus(later, id, { actionId: "a1", status: "done" });
    expect(actionStatuses(later, id, getPlanVersion(later, id).version.content)).toEqual({ a1: "done" });
    expect(planDashboard(later, id).lateActions).toEqual([]);
    expect(() => setActionStatus(later, id, { actionId: "nope", status: "done" })).toThrowError(/unknownAction/);
  });
});
