import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, planConsultationComments, wgActionItems, wgMeetings, wgMembers } from "#db/schema";
import {
  addComment,
  answerComment,
  closeConsultation,
  createPlan,
  editPlan,
  getPlanVersion,
  planEvent,
} from "#app/modules/plans/service.server";
import { planDashboard } from "#app/modules/plans/dashboard.server";
import { planPage } from "#app/modules/plans/page.server";
import {
  addActionItem,
  addMember,
  lateActionItems,
  meetingDetails,
  recordMeetingHeld,
  removeActionItem,
  removeMeeting,
  removeMember,
  scheduleMeeting,
  updateActionItem,
  updateMeeting,
  updateMember,
  workingGroup,
} from "#app/modules/plans/working-group.server";
import { uploadMeetingDocument } from "#app/modules/documents/service.server";
import { freshDb } from "#tests/support/db";
import { pdfText } from "#tests/support/pdf-text";
import { contextFor, createInstitution, createMunicipality, createUser } from "#tests/factories";

/** The working group's meetings, members, action items (decision 037) and the consultation report (038). */

const day = (d: string) => new Date(`${d}T10:00:00Z`);

async function world() {
  const db = freshDb();
  const area = createMunicipality(db, { name: "Miasto Zielona Góra" });
  const inst = createInstitution(db, { municipalityId: area.id });
  const otherArea = createMunicipality(db);
  const otherInst = createInstitution(db, { municipalityId: otherArea.id });
  const wg = (await createUser(db, { role: "working_group", institutionIds: [inst.id] })).id;
  const outsider = (await createUser(db, { role: "working_group", institutionIds: [otherInst.id] })).id;
  const ctx = (d = "2026-03-10") => contextFor(db, wg, day(d));
  const out = () => contextFor(db, outsider, day("2026-03-10"));
  const planId = createPlan(ctx(), { municipalityId: area.id, title: "Plan" });
  addMember(ctx(), planId, { name: "Anna Nowak", organisation: "MOPS", roleInGroup: "przewodnicząca", contact: "" });
  addMember(ctx(), planId, { name: "Jan Kowal", organisation: "DPS", roleInGroup: "członek", contact: "" });
  addMember(ctx(), planId, { name: "Ewa Lis", organisation: "NGO", roleInGroup: "członkini", contact: "" });
  const g = () => workingGroup(ctx(), planId);
  const [anna, ewa, jan] = g().members; // by name
  return { db, ctx, out, planId, g, anna: anna!, jan: jan!, ewa: ewa! };
}

const audits = (db: ReturnType<typeof freshDb>, action: string) =>
  db.select().from(auditEvents).where(eq(auditEvents.action, action)).all();

describe("members", () => {
  it("are edited (versioned: a stale page is told) and removed unless the records name them; out of scope refused", async () => {
    const w = await world();
    updateMember(w.ctx(), w.planId, {
      memberId: w.anna.id,
      version: 1,
      name: "Anna Nowak-Lis",
      organisation: "MOPS",
      roleInGroup: "przewodnicząca",
      contact: "anna@mops.pl",
    });
    expect(w.g().members.find((m) => m.id === w.anna.id)).toMatchObject({ name: "Anna Nowak-Lis", version: 2 });
    expect(audits(w.db, "working_group.member_updated")).toHaveLength(1);
    expect(() =>
      updateMember(w.ctx(), w.planId, {
        memberId: w.anna.id,
        version: 1,
        name: "Stale",
        organisation: "x",
        roleInGroup: "x",
        contact: "",
      }),
    ).toThrowError(/errors.conflict/);
    expect(() =>
      updateMember(w.out(), w.planId, {
        memberId: w.anna.id,
        version: 2,
        name: "x",
        organisation: "x",
        roleInGroup: "x",
        contact: "",
      }),
    ).toThrowError(/notFound/);
    expect(() => removeMember(w.out(), w.planId, { memberId: w.anna.id, version: 2 })).toThrowError(/notFound/);
    expect(() => removeMember(w.ctx(), w.planId, { memberId: w.anna.id, version: 1 })).toThrowError(/errors.conflict/);

    // Owning an item keeps a member; so does attending.
    addActionItem(w.ctx(), w.planId, {
      title: "Lokal",
      ownerMemberId: w.jan.id,
      dueOn: "2026-04-01",
      planActionId: "",
    });
    expect(() => removeMember(w.ctx(), w.planId, { memberId: w.jan.id, version: 1 })).toThrowError(/memberInUse/);
    removeMember(w.ctx(), w.planId, { memberId: w.anna.id, version: 2 });
    expect(w.g().members.map((m) => m.name)).toEqual(["Ewa Lis", "Jan Kowal"]);
    expect(audits(w.db, "working_group.member_removed")[0]).toMatchObject({ entityId: String(w.anna.id) });
  });
});

describe("meetings", () => {
  it("are scheduled ahead with invitations, then recorded as held (not before their day) with minutes and a file", async () => {
    const w = await world();
    expect(() =>
      scheduleMeeting(w.ctx(), w.planId, { heldOn: "2026-04-01", place: "x", agenda: "", inviteeIds: [999] }),
    ).toThrowError(/notMember/);
    expect(() =>
      scheduleMeeting(w.out(), w.planId, { heldOn: "2026-04-01", place: "x", agenda: "", inviteeIds: [] }),
    ).toThrowError(/notFound/);
    const id = scheduleMeeting(w.ctx(), w.planId, {
      heldOn: "2026-04-01",
      place: "Urząd Miasta, sala 105",
      agenda: "1. Harmonogram",
      inviteeIds: [w.anna.id, w.jan.id],
    });
    let m = meetingDetails(w.ctx(), w.planId, id).meeting;
    expect(m).toMatchObject({ held: false, place: "Urząd Miasta, sala 105", version: 1 });
    expect(m.inviteeIds.sort()).toEqual([w.anna.id, w.jan.id].sort());
    expect(audits(w.db, "working_group.meeting_scheduled")).toHaveLength(1);

    // Moved and one more member invited; a stale page is told.
    updateMeeting(w.ctx(), w.planId, {
      meetingId: id,
      version: 1,
      heldOn: "2026-04-08",
      place: "DPS",
      agenda: "1. Harmonogram\n2. Szkolenia",
      inviteeIds: [w.anna.id, w.jan.id, w.ewa.id],
    });
    expect(() =>
      updateMeeting(w.ctx(), w.planId, {
        meetingId: id,
        version: 1,
        heldOn: "2026-04-09",
        place: "",
        agenda: "",
        inviteeIds: [],
      }),
    ).toThrowError(/errors.conflict/);
    m = meetingDetails(w.ctx(), w.planId, id).meeting;
    expect(m).toMatchObject({ heldOn: "2026-04-08", version: 2 });
    expect(m.inviteeIds).toHaveLength(3);

    // No minutes before the meeting: it cannot have been held on a day still ahead; no file either.
    const held = {
      meetingId: id,
      version: 2,
      heldOn: "2026-04-08",
      memberIds: [w.anna.id],
      minutes: "Omówiono",
      decisions: "",
    };
    expect(() => recordMeetingHeld(w.ctx(), w.planId, held)).toThrowError(/notYetHeld/);
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const file = new File([pdf], "protokol.pdf", { type: "application/pdf" });
    await expect(
      uploadMeetingDocument(
        w.ctx("2026-04-09"),
        w.planId,
        id,
        { kind: "meeting_minutes", documentOn: "2026-04-09" },
        file,
      ),
    ).rejects.toThrowError(/meetingNotHeld/);
    expect(() => recordMeetingHeld(w.ctx("2026-04-09"), w.planId, { ...held, memberIds: [] })).toThrowError(
      /chooseOne/,
    );
    recordMeetingHeld(w.ctx("2026-04-09"), w.planId, {
      ...held,
      memberIds: [w.anna.id, w.ewa.id],
      decisions: "Przyjęto",
    });
    expect(() => recordMeetingHeld(w.ctx("2026-04-09"), w.planId, held)).toThrowError(/errors.conflict/);
    expect(() => recordMeetingHeld(w.out(), w.planId, { ...held, version: 3 })).toThrowError(/notFound/);
    m = meetingDetails(w.ctx(), w.planId, id).meeting;
    expect(m).toMatchObject({ held: true, minutes: "Omówiono", decisions: "Przyjęto", version: 3 });
    expect(m.memberIds.sort()).toEqual([w.anna.id, w.ewa.id].sort());
    await uploadMeetingDocument(
      w.ctx("2026-04-09"),
      w.planId,
      id,
      { kind: "meeting_minutes", documentOn: "2026-04-09" },
      file,
    );
    expect(w.g().meetings[0]!.documents).toBe(1);
    // A held meeting's date stays not in the future when it is edited.
    expect(() =>
      updateMeeting(w.ctx("2026-04-09"), w.planId, {
        meetingId: id,
        version: 3,
        heldOn: "2026-05-01",
        place: "",
        agenda: "",
        inviteeIds: [],
      }),
    ).toThrowError(/notYetHeld/);
    // With its minutes attached it stays; the audit kept each step.
    expect(() => removeMeeting(w.ctx(), w.planId, { meetingId: id, version: 3 })).toThrowError(/meetingHasDocuments/);
    expect(audits(w.db, "working_group.meeting_held")[0]!.before).toMatchObject({ held: false });
  });

  it("are removed (confirmed by the route), their items kept unlinked; stale or out of scope refused", async () => {
    const w = await world();
    const id = scheduleMeeting(w.ctx(), w.planId, {
      heldOn: "2026-05-01",
      place: "",
      agenda: "",
      inviteeIds: [w.jan.id],
    });
    addActionItem(w.ctx(), w.planId, {
      title: "Sala",
      ownerMemberId: w.jan.id,
      dueOn: "2026-04-20",
      planActionId: "",
      meetingId: id,
    });
    expect(() => removeMeeting(w.out(), w.planId, { meetingId: id, version: 1 })).toThrowError(/notFound/);
    expect(() => removeMeeting(w.ctx(), w.planId, { meetingId: id, version: 7 })).toThrowError(/errors.conflict/);
    removeMeeting(w.ctx(), w.planId, { meetingId: id, version: 1 });
    expect(w.db.select().from(wgMeetings).all()).toHaveLength(0);
    expect(w.g().items[0]).toMatchObject({ title: "Sala", meetingId: null });
    expect(audits(w.db, "working_group.meeting_removed")[0]!.before).toMatchObject({ inviteeIds: [w.jan.id] });
  });
});

describe("action items", () => {
  it("need an owner of the group; are edited (state, done date) and removed; late ones reach the plan page and dashboard", async () => {
    const w = await world();
    expect(() =>
      addActionItem(w.ctx(), w.planId, { title: "x", ownerMemberId: 999, dueOn: "2026-03-01", planActionId: "" }),
    ).toThrowError(/notMember/);
    const { actionItemSchema } = await import("#app/modules/plans/schemas");
    const noOwner = actionItemSchema.safeParse({
      intent: "item",
      title: "x",
      ownerMemberId: "",
      dueOn: "2026-03-01",
      planActionId: "",
      meetingId: "",
    });
    expect(noOwner.success).toBe(false);
    expect(JSON.stringify(noOwner.error)).toMatch(/ownerRequired/);
    expect(() =>
      addActionItem(w.out(), w.planId, { title: "x", ownerMemberId: w.jan.id, dueOn: "2026-03-01", planActionId: "" }),
    ).toThrowError(/notFound/);
    addActionItem(w.ctx(), w.planId, {
      title: "Zaległe",
      ownerMemberId: w.jan.id,
      dueOn: "2026-03-01",
      planActionId: "",
    });
    addActionItem(w.ctx(), w.planId, {
      title: "Na później",
      ownerMemberId: w.anna.id,
      dueOn: "2026-05-01",
      planActionId: "",
    });
    const [late, later] = w.g().items;
    expect(late).toMatchObject({ state: "open", overdue: true });
    expect(later).toMatchObject({ overdue: false });
    expect(lateActionItems(w.ctx(), w.planId)).toEqual([
      { id: late!.id, title: "Zaległe", dueOn: "2026-03-01", owner: "Jan Kowal" },
    ]);
    expect(planPage(w.ctx(), w.planId).lateItems.map((i) => i.title)).toEqual(["Zaległe"]);
    expect(planDashboard(w.ctx(), w.planId).lateItems.map((i) => i.title)).toEqual(["Zaległe"]);

    const edit = {
      itemId: late!.id,
      version: 1,
      title: "Zaległe (w toku)",
      ownerMemberId: w.anna.id,
      dueOn: "2026-03-01",
      planActionId: "",
      meetingId: null,
      state: "in_progress" as const,
      doneOn: null,
    };
    expect(() => updateActionItem(w.ctx(), w.planId, { ...edit, state: "done" })).toThrowError(/required/);
    expect(() => updateActionItem(w.ctx(), w.planId, { ...edit, state: "done", doneOn: "2026-03-11" })).toThrowError(
      /notInFuture/,
    );
    updateActionItem(w.ctx(), w.planId, edit);
    expect(w.g().items[0]).toMatchObject({
      title: "Zaległe (w toku)",
      ownerMemberId: w.anna.id,
      state: "in_progress",
      overdue: true,
    });
    expect(() => updateActionItem(w.ctx(), w.planId, edit)).toThrowError(/errors.conflict/);
    expect(() => updateActionItem(w.out(), w.planId, { ...edit, version: 2 })).toThrowError(/notFound/);
    updateActionItem(w.ctx(), w.planId, { ...edit, version: 2, state: "done", doneOn: "2026-03-09" });
    expect(lateActionItems(w.ctx(), w.planId)).toEqual([]);
    expect(audits(w.db, "working_group.item_updated")).toHaveLength(2);

    expect(() => removeActionItem(w.ctx(), w.planId, { itemId: later!.id, version: 2 })).toThrowError(
      /errors.conflict/,
    );
    expect(() => removeActionItem(w.out(), w.planId, { itemId: later!.id, version: 1 })).toThrowError(/notFound/);
    removeActionItem(w.ctx(), w.planId, { itemId: later!.id, version: 1 });
    expect(w.db.select().from(wgActionItems).where(eq(wgActionItems.id, later!.id)).get()).toBeUndefined();
    expect(audits(w.db, "working_group.item_removed")[0]!.before).toMatchObject({ title: "Na później" });
    expect(
      w.db
        .select()
        .from(wgMembers)
        .where(and(eq(wgMembers.planId, w.planId)))
        .all(),
    ).toHaveLength(3);
  });
});

describe("consultation", () => {
  async function inConsultation() {
    const w = await world();
    const ver = () => getPlanVersion(w.ctx(), w.planId).version.version;
    editPlan(w.ctx(), w.planId, ver(), "general_updated", (c) => ({
      ...c,
      periodFrom: "2026-01-01",
      periodTo: "2027-12-31",
      goals: [{ id: "g1", title: "Cel", description: "" }],
      actions: [
        {
          id: "a1",
          goalId: "g1",
          title: "Działanie",
          owner: "MOPS",
          start: "2026-02-01",
          deadline: "2026-06-30",
          budget: 0,
          currency: "PLN",
          fundingSource: "",
          status: "planned",
        },
      ],
      milestones: [{ id: "m1", date: "2026-06-30", title: "M", targets: { RES_MOVED: 1 } }],
    }));
    planEvent(w.ctx(), w.planId, { type: "START_CONSULTATION", version: ver(), on: "2026-03-02" });
    return { ...w, ver };
  }
  const comment = {
    receivedFrom: "Stowarzyszenie Rodzin",
    receivedOn: "2026-03-05",
    section: "diagnosis" as const,
    comment: "Brak listy oczekujących",
    response: "",
  };

  it("records who, when, which part and what; answers each; the report closes it; adoption needs both", async () => {
    const w = await inConsultation();
    expect(() => addComment(w.ctx(), w.planId, { ...comment, receivedOn: "2026-03-11" })).toThrowError(/notInFuture/);
    expect(() => addComment(w.ctx(), w.planId, { ...comment, receivedOn: "2026-03-01" })).toThrowError(
      /commentBeforeConsultation/,
    );
    expect(() => addComment(w.out(), w.planId, comment)).toThrowError(/notFound/);
    addComment(w.ctx(), w.planId, comment);
    const [c] = getPlanVersion(w.ctx(), w.planId).comments;
    expect(c).toMatchObject({ receivedFrom: "Stowarzyszenie Rodzin", receivedOn: "2026-03-05", section: "diagnosis" });

    const adopt = (on = "2026-03-10") =>
      planEvent(w.ctx(), w.planId, {
        type: "ADOPT",
        version: w.ver(),
        on,
        adoptingBody: "Rada",
        resolutionNumber: "I/1/26",
      });
    expect(() => adopt()).toThrowError(/allCommentsAnswered/);
    expect(() =>
      closeConsultation(w.ctx(), w.planId, { version: w.ver(), closedOn: "2026-03-09", summary: "" }),
    ).toThrowError(/unansweredComments/);
    // An answer to a comment that does not exist (here: of no version of this plan) is refused in words.
    expect(() => answerComment(w.ctx(), w.planId, { commentId: 9999, version: 1, response: "?" })).toThrowError(
      /unknownComment/,
    );
    expect(() => answerComment(w.out(), w.planId, { commentId: c!.id, version: 1, response: "?" })).toThrowError(
      /notFound/,
    );
    answerComment(w.ctx(), w.planId, { commentId: c!.id, version: c!.version, response: "Uzupełniono diagnozę" });
    expect(() =>
      answerComment(w.ctx(), w.planId, { commentId: c!.id, version: c!.version, response: "Stale" }),
    ).toThrowError(/errors.conflict/);
    expect(() => adopt()).toThrowError(/consultationReportRecorded/);

    expect(() =>
      closeConsultation(w.ctx(), w.planId, { version: w.ver(), closedOn: "2026-03-04", summary: "" }),
    ).toThrowError(/closedBeforeComment/);
    expect(() =>
      closeConsultation(w.ctx(), w.planId, { version: w.ver() - 1, closedOn: "2026-03-09", summary: "" }),
    ).toThrowError(/errors.conflict/);
    expect(() =>
      closeConsultation(w.out(), w.planId, { version: w.ver(), closedOn: "2026-03-09", summary: "" }),
    ).toThrowError(/notFound/);
    closeConsultation(w.ctx(), w.planId, { version: w.ver(), closedOn: "2026-03-09", summary: "Jedna uwaga." });
    expect(getPlanVersion(w.ctx(), w.planId).report).toMatchObject({ closedOn: "2026-03-09", summary: "Jedna uwaga." });
    expect(audits(w.db, "plan.consultation_closed")).toHaveLength(1);
    // Closed: nothing more comes in or changes.
    expect(() => addComment(w.ctx(), w.planId, comment)).toThrowError(/consultationClosed/);
    expect(() => answerComment(w.ctx(), w.planId, { commentId: c!.id, version: 2, response: "x" })).toThrowError(
      /consultationClosed/,
    );
    expect(() =>
      closeConsultation(w.ctx(), w.planId, { version: w.ver(), closedOn: "2026-03-09", summary: "" }),
    ).toThrowError(/consultationClosed/);
    // Adoption not before the report.
    expect(() => adopt("2026-03-08")).toThrowError(/consultationReportRecorded/);
    adopt();
    expect(getPlanVersion(w.ctx(), w.planId).version.state).toBe("adopted");
    expect(w.db.select().from(planConsultationComments).all()).toHaveLength(1);
  });

  it("goes into the plan's PDF with each comment and its answer", async () => {
    const w = await inConsultation();
    addComment(w.ctx(), w.planId, { ...comment, response: "Uzupełniono diagnozę o listę oczekujących" });
    closeConsultation(w.ctx(), w.planId, { version: w.ver(), closedOn: "2026-03-09", summary: "Jedna uwaga." });
    const { planPdf } = await import("#app/modules/plans/pdf.server");
    const { getFixedT } = await import("#app/i18next.server");
    const d = getPlanVersion(w.ctx(), w.planId);
    const t = await getFixedT("pl");
    const pdf = await planPdf(t, "pl", {
      title: d.plan.title,
      area: d.municipalityName,
      versionNumber: 1,
      state: "x",
      adoption: null,
      content: d.version.content,
      statuses: {},
      milestones: [],
      consultation: { comments: d.comments, closedOn: d.report!.closedOn, summary: d.report!.summary },
    });
    const text = pdfText(pdf).replace(/\s+/g, " ");
    expect(text).toContain(t("plans.consultationReport"));
    expect(text).toContain("Stowarzyszenie Rodzin");
    expect(text).toContain(t("plans.sections.diagnosis"));
    expect(text).toContain("Uzupełniono diagnozę o listę oczekujących");
    expect(text).toContain("Jedna uwaga.");
  });
});
