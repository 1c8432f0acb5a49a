import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { periodReports, transitionEvents, transitions } from "#db/schema";
import { addComment, closeConsultation, editPlan, getPlanVersion, planEvent } from "#app/modules/plans/service.server";
import { contextFor } from "#tests/factories";
import { residentWithTransition } from "#tests/factories/housing";
import { buildWorld, daysAgo, type World } from "#tests/factories/world";
import {
  call,
  loadRoute,
  openAppDb,
  postRequest,
  signIn,
  tableDigests,
  type RouteModule,
} from "#tests/support/route-harness";

/**
 * Irreversible or heavy steps are confirmed first (decision 017): without `confirmed=yes` the
 * action does nothing and answers 428 "confirm first" with the posted values (the page then shows
 * the confirmation step); with it, the step is done. Other steps are not asked about.
 */
let w: World;
let residentPage: RouteModule;
let planPage: RouteModule;
let periodPage: RouteModule;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  const db = await openAppDb();
  w = await buildWorld(db);
  residentPage = await loadRoute("_app.residents.$residentId._index.tsx");
  planPage = await loadRoute("_app.plans.$planId._index.tsx");
  periodPage = await loadRoute("_app.grants.$grantId.periods.$periodId._index.tsx");
  for (const role of ["case_worker", "working_group", "grant_manager"] as const)
    cookies[role] = await signIn(w.emails[role]);
}, 60_000);

const version = (residentId: number) =>
  w.db.select().from(transitions).where(eq(transitions.residentId, residentId)).get()!;

async function event(residentId: number, type: string, extra: Record<string, string> = {}) {
  const fields = {
    intent: "event",
    type,
    on: daysAgo(0),
    note: "",
    version: String(version(residentId).version),
    ...extra,
  };
  return call(residentPage.action!, postRequest(`/residents/${residentId}`, fields, { cookie: cookies.case_worker }), {
    residentId: String(residentId),
  });
}

describe("confirmation before irreversible or heavy steps", () => {
  it("recording a death or a withdrawal: unconfirmed, nothing is written and the step is asked; confirmed, it is recorded", async () => {
    for (const [type, state] of [
      ["RECORD_DEATH", "deceased"],
      ["WITHDRAW", "withdrawn"],
    ] as const) {
      const { residentId, transitionId } = residentWithTransition(
        contextFor(w.db, w.userIds.case_worker),
        w.a.institutionId,
      );
      const before = tableDigests(w.db);
      const asked = await event(residentId, type, { note: "Zgłoszone przez rodzinę" });
      expect(asked.status, type).toBe(428);
      expect(asked.data).toMatchObject({ ok: false, confirm: true, values: { type, note: "Zgłoszone przez rodzinę" } });
      expect(tableDigests(w.db)).toEqual(before);
      const done = await event(residentId, type, { confirmed: "yes" });
      expect(done.status, done.body).toBe(302);
      expect(version(residentId).state).toBe(state);
      expect(
        w.db
          .select()
          .from(transitionEvents)
          .where(eq(transitionEvents.transitionId, transitionId))
          .all()
          .map((e) => e.type),
      ).toEqual([type]);
    }
  });

  it("the normal next step is not asked about", async () => {
    const { residentId } = residentWithTransition(contextFor(w.db, w.userIds.case_worker), w.a.institutionId);
    expect((await event(residentId, "START_ASSESSMENT")).status).toBe(302);
    expect(version(residentId).state).toBe("assessment");
  });

  it("adopting a plan: asked first; confirmed, adopted", async () => {
    const ctx = contextFor(w.db, w.userIds.working_group);
    const planId = w.a.planId;
    const ver = () => getPlanVersion(ctx, planId).version.version;
    editPlan(ctx, planId, ver(), "general_updated", (c) => ({
      ...c,
      periodFrom: daysAgo(30),
      periodTo: daysAgo(-300),
      goals: [{ id: "g", title: "Przeprowadzki", description: "" }],
      actions: [
        {
          id: "a",
          goalId: "g",
          title: "Mieszkanie",
          owner: "",
          start: daysAgo(20),
          deadline: daysAgo(-20),
          budget: 0,
          currency: "PLN",
          fundingSource: "",
          status: "planned",
        },
      ],
      milestones: [{ id: "m", date: daysAgo(-100), title: "Pierwsze", targets: { RES_MOVED: 1 } }],
    }));
    planEvent(ctx, planId, { type: "START_CONSULTATION", version: ver(), on: null });
    addComment(ctx, planId, {
      receivedFrom: "NGO",
      receivedOn: daysAgo(0),
      section: "general",
      comment: "Więcej mieszkań",
      response: "Tak",
    });
    closeConsultation(ctx, planId, { version: ver(), closedOn: daysAgo(0), summary: "" });
    const adopt = (extra: Record<string, string>) =>
      call(
        planPage.action!,
        postRequest(
          `/plans/${planId}`,
          {
            intent: "ADOPT",
            version: String(ver()),
            on: daysAgo(0),
            adoptingBody: "Rada Gminy A",
            resolutionNumber: "I/1/26",
            ...extra,
          },
          { cookie: cookies.working_group },
        ),
        { planId: String(planId) },
      );
    const asked = await adopt({});
    expect(asked.status).toBe(428);
    expect(asked.data).toMatchObject({ confirm: true, values: { intent: "ADOPT", adoptingBody: "Rada Gminy A" } });
    expect(getPlanVersion(ctx, planId).version.state).toBe("consultation");
    expect((await adopt({ confirmed: "yes" })).status).toBe(302);
    expect(getPlanVersion(ctx, planId).version).toMatchObject({ state: "adopted", resolutionNumber: "I/1/26" });
  });

  it("submitting a period report: asked first (the narrative is kept); saving it is not asked; confirmed, submitted and frozen", async () => {
    const url = `/grants/${w.a.grantId}/periods/${w.a.periodId}`;
    const params = { grantId: String(w.a.grantId), periodId: String(w.a.periodId) };
    const report = () => w.db.select().from(periodReports).where(eq(periodReports.periodId, w.a.periodId)).get();
    const post = (fields: Record<string, string>) =>
      call(
        periodPage.action!,
        postRequest(url, { version: String(report()?.version ?? 0), ...fields }, { cookie: cookies.grant_manager }),
        params,
      );
    const narrative = { problems: "Brak problemów.", plannedProgress: "Kolejne przeprowadzki." };
    expect((await post({ intent: "save", ...narrative })).status).toBe(302);
    const asked = await post({ intent: "submit", ...narrative });
    expect(asked.status).toBe(428);
    expect(asked.data).toMatchObject({ confirm: true, values: { intent: "submit", problems: "Brak problemów." } });
    expect(report()!.state).toBe("draft");
    expect((await post({ intent: "submit", ...narrative, confirmed: "yes" })).status).toBe(302);
    expect(report()!.state).toBe("submitted");
  });

  it("removing a working group's action item or meeting: asked first, nothing removed; confirmed, removed (decision 037)", async () => {
    const { addActionItem, scheduleMeeting, workingGroup } = await import("#app/modules/plans/working-group.server");
    const groupPage = await loadRoute("_app.plans.$planId.group.tsx");
    const meetingPage = await loadRoute("_app.plans.$planId.group_.meetings.$meetingId.tsx");
    const ctx = contextFor(w.db, w.userIds.working_group);
    const planId = w.a.planId;
    addActionItem(ctx, planId, {
      title: "Do usunięcia",
      ownerMemberId: w.a.memberId,
      dueOn: daysAgo(-5),
      planActionId: "",
    });
    const item = workingGroup(ctx, planId).items.find((i) => i.title === "Do usunięcia")!;
    const removeItem = (extra: Record<string, string>) =>
      call(
        groupPage.action!,
        postRequest(
          `/plans/${planId}/group`,
          { intent: "itemRemove", itemId: String(item.id), version: String(item.version), ...extra },
          { cookie: cookies.working_group },
        ),
        { planId: String(planId) },
      );
    expect((await removeItem({})).status).toBe(428);
    expect(workingGroup(ctx, planId).items.some((i) => i.id === item.id)).toBe(true);
    expect((await removeItem({ confirmed: "yes" })).status).toBe(302);
    expect(workingGroup(ctx, planId).items.some((i) => i.id === item.id)).toBe(false);

    const meetingId = scheduleMeeting(ctx, planId, { heldOn: daysAgo(-10), place: "", agenda: "", inviteeIds: [] });
    const removeMeeting = (extra: Record<string, string>) =>
      call(
        meetingPage.action!,
        postRequest(
          `/plans/${planId}/group/meetings/${meetingId}`,
          { intent: "meetingRemove", version: "1", ...extra },
          { cookie: cookies.working_group },
        ),
        { planId: String(planId), meetingId: String(meetingId) },
      );
    expect((await removeMeeting({})).status).toBe(428);
    expect(workingGroup(ctx, planId).meetings.some((m) => m.id === meetingId)).toBe(true);
    const done = await removeMeeting({ confirmed: "yes" });
    expect(done.status).toBe(302);
    expect(workingGroup(ctx, planId).meetings.some((m) => m.id === meetingId)).toBe(false);
  });
});
